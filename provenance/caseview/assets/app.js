// docprov case view. Plain JavaScript, no framework, no build step: the
// served page and the self-contained file run this same script. Every
// value from a document reaches the page through textContent or
// setAttribute on attributes this script chooses (never innerHTML), and
// every link it makes is a hash route with a numeric id.
(function () {
  'use strict';

  var ROW_HEIGHT = 30;   // px; the list is virtualised: only visible rows exist
  var PAGE_SIZE = 200;   // rows per API request when served
  var HIGH_SCORE = 2;    // a score of 2: the evidence is 100 times likelier if forged

  // ---- Data: one interface, two sources --------------------------------
  // The served page asks the server's JSON API (paging in SQL); the
  // self-contained page reads the case embedded in it and filters here,
  // with the same rules as the server's Query.

  function apiSource() {
    var memo = {};
    function get(url) {
      return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(function (r) {
        if (!r.ok) { throw new Error(url + ': ' + r.status + ' ' + r.statusText); }
        return r.json();
      });
    }
    function once(key, url) { return memo[key] || (memo[key] = get(url)); }
    return {
      kind: 'server',
      caseInfo: function () { return once('case', 'api/case'); },
      timeline: function () { return once('timeline', 'api/timeline'); },
      docs: function (q, offset, limit) {
        var p = queryParams(q);
        p.set('offset', String(offset));
        p.set('limit', String(limit));
        return get('api/docs?' + p.toString());
      },
      doc: function (id) { return get('api/doc/' + encodeURIComponent(String(id))); },
      families: function () { return once('families', 'api/families'); },
      groups: function () { return once('groups', 'api/groups'); }
    };
  }

  function embeddedSource(bundle) {
    var last = { key: null, rows: null };
    return {
      kind: 'file',
      caseInfo: function () { return Promise.resolve(bundle.case); },
      timeline: function () { return Promise.resolve(bundle.case.timeline); },
      docs: function (q, offset, limit) {
        var key = queryParams(q).toString();
        if (last.key !== key) {
          last.key = key;
          last.rows = bundle.rows.filter(function (r) { return matches(r, q, bundle.features[r.id] || []); });
        }
        return Promise.resolve({ total: last.rows.length, offset: offset, rows: last.rows.slice(offset, offset + limit) });
      },
      doc: function (id) {
        // Parsed at the first document opened: most of the page's bytes.
        if (!bundle.docs) { bundle.docs = JSON.parse(document.getElementById('case-docs').textContent); }
        var d = bundle.docs[id];
        return d ? Promise.resolve(d) : Promise.reject(new Error('no document ' + id + ' in this page'));
      },
      families: function () { return Promise.resolve(bundle.families || []); },
      groups: function () { return Promise.resolve(bundle.groups || []); },
      omitted: bundle.omitted || 0
    };
  }

  // matches is the server's Query.where in JavaScript.
  function matches(r, q, features) {
    if (q.q) {
      var needle = q.q.toLowerCase();
      var hay = [r.path, r.title || '', (r.authors || []).join(' '), r.last_modified_by || '', r.company || ''].join('\n').toLowerCase();
      if (hay.indexOf(needle) < 0) { return false; }
    }
    if (q.min && !(r.score >= q.min)) { return false; }
    var checks = r.checks || [];
    for (var i = 0; i < q.check.length; i++) {
      if (checks.indexOf(q.check[i]) < 0) { return false; }
    }
    for (i = 0; i < q.f.length; i++) {
      if (features.indexOf(q.f[i]) < 0) { return false; }
    }
    if (q.from || q.to) {
      var to = q.to || Number.MAX_SAFE_INTEGER;
      var c = r.created_unix || 0, m = r.modified_unix || 0;
      var inC = c !== 0 && c >= q.from && c <= to, inM = m !== 0 && m >= q.from && m <= to;
      if (!inC && !inM) { return false; }
    }
    if (q.nodate && (r.error || r.created_unix || r.modified_unix)) { return false; }
    return true;
  }

  var embedded = document.getElementById('case-data');
  var source = embedded ? embeddedSource(JSON.parse(embedded.textContent)) : apiSource();

  // ---- The URL keeps the view and its filters ---------------------------
  // #/?q=…&min=…&check=…&f=feature:value&from=…&to=…&nodate=1   the list
  // #/doc/ID  #/facets  #/families  #/family/N

  function emptyQuery() { return { q: '', min: 0, check: [], f: [], from: 0, to: 0, nodate: false }; }

  function parseRoute() {
    var h = location.hash.replace(/^#/, '') || '/';
    var qi = h.indexOf('?');
    var path = qi < 0 ? h : h.slice(0, qi);
    var p = new URLSearchParams(qi < 0 ? '' : h.slice(qi + 1));
    var q = emptyQuery();
    q.q = p.get('q') || '';
    q.min = parseFloat(p.get('min')) || 0;
    q.check = p.getAll('check');
    q.f = p.getAll('f');
    q.from = parseInt(p.get('from'), 10) || 0;
    q.to = parseInt(p.get('to'), 10) || 0;
    q.nodate = p.get('nodate') === '1';
    return { path: path, q: q };
  }

  function queryParams(q) {
    var p = new URLSearchParams();
    if (q.q) { p.set('q', q.q); }
    if (q.min) { p.set('min', String(q.min)); }
    q.check.forEach(function (c) { p.append('check', c); });
    q.f.forEach(function (f) { p.append('f', f); });
    if (q.from) { p.set('from', String(q.from)); }
    if (q.to) { p.set('to', String(q.to)); }
    if (q.nodate) { p.set('nodate', '1'); }
    return p;
  }

  function listHref(q) {
    var s = queryParams(q).toString();
    return '#/' + (s ? '?' + s : '');
  }
  function docHref(id) { return '#/doc/' + Number(id); }
  function familyHref(i) { return '#/family/' + Number(i); }

  // ---- DOM helpers: text only ---------------------------------------------

  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) { return; }
        if (k === 'onclick' || k === 'oninput' || k === 'onchange' || k === 'onkeydown') { el.addEventListener(k.slice(2), v); }
        else { el.setAttribute(k, String(v)); }
      });
    }
    for (var i = 2; i < arguments.length; i++) { append(el, arguments[i]); }
    return el;
  }
  function append(el, c) {
    if (c === null || c === undefined || c === false) { return; }
    if (Array.isArray(c)) { c.forEach(function (x) { append(el, x); }); return; }
    el.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
  var SVG = 'http://www.w3.org/2000/svg';
  function s(tag, attrs) {
    var el = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, String(attrs[k])); });
    for (var i = 2; i < arguments.length; i++) { append(el, arguments[i]); }
    return el;
  }
  function clear(el) { while (el.firstChild) { el.removeChild(el.firstChild); } return el; }
  function fmtScore(x) { return (x || 0).toFixed(2); }
  function fmtWeight(x) { return (x >= 0 ? '+' : '') + (x || 0).toFixed(2); }
  function fmtDate(unix) { return unix ? new Date(unix * 1000).toISOString().slice(0, 16).replace('T', ' ') + 'Z' : ''; }
  function basename(p) { var i = p.lastIndexOf('/'); return i < 0 ? p : p.slice(i + 1); }
  function scoreClass(x) { return x >= HIGH_SCORE ? 'score high' : x > 0 ? 'score some' : 'score none'; }

  var main = document.getElementById('main');
  var caseInfo = null;

  function showError(err) {
    clear(main).appendChild(h('p', { class: 'error', role: 'alert' }, 'Could not show this view: ' + (err && err.message ? err.message : String(err))));
  }

  function setNav(view) {
    Array.prototype.forEach.call(document.querySelectorAll('#nav a'), function (a) {
      a.classList.toggle('current', a.getAttribute('data-view') === view);
    });
  }

  // ---- Router --------------------------------------------------------------

  var renderSeq = 0;
  function render() {
    var seq = ++renderSeq;
    var route = parseRoute();
    var m;
    if (listView && route.path === '/') {
      // Filters changed on the list: keep the list, refresh what it shows.
      listView.update(route.q);
      return;
    }
    listView = null;
    if (timelinePlot) { timelinePlot.destroy(); timelinePlot = null; }
    window.scrollTo(0, 0);
    var p;
    if (route.path === '/') { setNav('list'); p = renderList(route.q); }
    else if ((m = /^\/doc\/(\d+)$/.exec(route.path))) { setNav(''); p = renderDoc(Number(m[1]), seq); }
    else if (route.path === '/facets') { setNav('facets'); p = renderFacets(); }
    else if (route.path === '/families') { setNav('families'); p = renderFamilies(); }
    else if ((m = /^\/family\/(\d+)$/.exec(route.path))) { setNav('families'); p = renderFamily(Number(m[1])); }
    else { setNav(''); clear(main).appendChild(h('p', null, 'No such view. ', h('a', { href: '#/' }, 'Back to the list'))); }
    if (p && p.catch) { p.catch(showError); }
  }

  // ---- Ranked list with filters and timeline -------------------------------

  var listView = null;
  var timelinePlot = null;

  function renderList(q) {
    clear(main);
    var filters = h('section', { id: 'filters', 'aria-label': 'filters' });
    var chart = h('section', { id: 'timeline', 'aria-label': 'timeline' });
    var status = h('p', { id: 'list-status', class: 'meta', 'aria-live': 'polite' });
    var head = h('div', { class: 'row head', role: 'row' },
      h('span', { class: 'c-rank' }, '#'), h('span', { class: 'c-score' }, 'score'), h('span', { class: 'c-path' }, 'document'),
      h('span', { class: 'c-format' }, 'format'), h('span', { class: 'c-who' }, 'author · last saved by'),
      h('span', { class: 'c-date' }, 'modified'), h('span', { class: 'c-checks' }, 'checks'));
    var viewport = h('div', { id: 'list', role: 'table', tabindex: '0' });
    var spacer = h('div', { class: 'spacer' });
    viewport.appendChild(spacer);
    main.appendChild(filters);
    main.appendChild(chart);
    main.appendChild(status);
    main.appendChild(head);
    main.appendChild(viewport);

    var state = { q: q, key: null, total: 0, pages: {}, pending: {} };
    var view = {
      update: function (nq) {
        state.q = nq;
        drawFilters();
        reload();
      }
    };
    listView = view;

    function reload() {
      state.key = queryParams(state.q).toString();
      state.pages = {};
      state.pending = {};
      viewport.scrollTop = 0;
      fetchPage(0).then(function () { draw(); });
    }

    function fetchPage(n) {
      var key = state.key;
      if (state.pages[n]) { return Promise.resolve(); }
      if (state.pending[n]) { return state.pending[n]; }
      var p = source.docs(state.q, n * PAGE_SIZE, PAGE_SIZE).then(function (page) {
        if (key !== state.key) { return; }
        state.total = page.total;
        state.pages[n] = page.rows;
        delete state.pending[n];
      });
      state.pending[n] = p;
      return p;
    }

    function rowAt(i) {
      var page = state.pages[Math.floor(i / PAGE_SIZE)];
      return page ? page[i % PAGE_SIZE] : null;
    }

    var drawn = {};
    function draw() {
      var n = state.total;
      spacer.style.height = (n * ROW_HEIGHT) + 'px';
      var caseN = caseInfo ? caseInfo.paths : n;
      status.textContent = n === caseN ? n + ' documents, strongest evidence first' :
        n + ' of ' + caseN + ' documents match the filters';
      var first = Math.max(0, Math.floor(viewport.scrollTop / ROW_HEIGHT) - 10);
      var last = Math.min(n, Math.ceil((viewport.scrollTop + viewport.clientHeight) / ROW_HEIGHT) + 10);
      var want = {};
      var missing = {};
      for (var i = first; i < last; i++) {
        want[i] = true;
        var r = rowAt(i);
        if (!r) { missing[Math.floor(i / PAGE_SIZE)] = true; continue; }
        if (drawn[i] && drawn[i].id === r.id) { continue; }
        if (drawn[i]) { spacer.removeChild(drawn[i].el); }
        var el = rowElement(r);
        el.style.top = (i * ROW_HEIGHT) + 'px';
        spacer.appendChild(el);
        drawn[i] = { id: r.id, el: el };
      }
      Object.keys(drawn).forEach(function (k) {
        if (!want[k] || k >= n) { spacer.removeChild(drawn[k].el); delete drawn[k]; }
      });
      Object.keys(missing).forEach(function (p) { fetchPage(Number(p)).then(draw); });
    }
    var scheduled = false;
    viewport.addEventListener('scroll', function () {
      if (scheduled) { return; }
      scheduled = true;
      requestAnimationFrame(function () { scheduled = false; draw(); });
    });
    var oldReload = reload;
    reload = function () {
      Object.keys(drawn).forEach(function (k) { spacer.removeChild(drawn[k].el); });
      drawn = {};
      oldReload();
    };

    function setQuery(change) {
      var nq = JSON.parse(JSON.stringify(state.q));
      change(nq);
      location.hash = listHref(nq);
    }

    function drawFilters() {
      clear(filters);
      var q = state.q;
      var search = h('input', { type: 'search', id: 'search', placeholder: 'search paths, titles, people', value: q.q, 'aria-label': 'search' });
      search.addEventListener('change', function () { setQuery(function (nq) { nq.q = search.value.trim(); }); });
      var min = h('input', { type: 'number', id: 'min-score', step: '0.5', min: '0', value: q.min || '', placeholder: '0', 'aria-label': 'minimum score' });
      min.addEventListener('change', function () { setQuery(function (nq) { nq.min = parseFloat(min.value) || 0; }); });
      var check = h('select', { id: 'check-filter', 'aria-label': 'check' }, h('option', { value: '' }, 'any check'));
      (caseInfo ? caseInfo.checks : []).forEach(function (c) {
        check.appendChild(h('option', { value: c.value }, c.value + ' (' + c.n + ')'));
      });
      check.addEventListener('change', function () {
        if (!check.value) { return; }
        setQuery(function (nq) { if (nq.check.indexOf(check.value) < 0) { nq.check.push(check.value); } });
      });
      // Claimed between two days (UTC), the same filter as brushing the timeline.
      function day(unix) { return unix ? new Date(unix * 1000).toISOString().slice(0, 10) : ''; }
      var from = h('input', { type: 'date', id: 'date-from', value: day(q.from), 'aria-label': 'claimed from' });
      var to = h('input', { type: 'date', id: 'date-to', value: day(q.to), 'aria-label': 'claimed until' });
      function setDates() {
        setQuery(function (nq) {
          var f = Date.parse(from.value + 'T00:00:00Z'), t = Date.parse(to.value + 'T23:59:59Z');
          nq.from = isNaN(f) ? 0 : f / 1000;
          nq.to = isNaN(t) ? 0 : t / 1000;
          if (nq.from || nq.to) { nq.nodate = false; }
        });
      }
      from.addEventListener('change', setDates);
      to.addEventListener('change', setDates);
      filters.appendChild(h('div', { class: 'controls' },
        h('label', null, 'Search ', search), h('label', null, 'Score ≥ ', min), h('label', null, 'Check ', check),
        h('label', null, 'Claimed ', from, ' – ', to),
        h('a', { href: '#/facets', class: 'button' }, 'Filter by author, software, offset…')));
      var chips = h('div', { class: 'chips', id: 'active-filters' });
      function chip(label, drop) {
        chips.appendChild(h('span', { class: 'chip' }, label, h('button', { type: 'button', 'aria-label': 'remove filter ' + label, onclick: function () { setQuery(drop); } }, '×')));
      }
      if (q.q) { chip('text: ' + q.q, function (nq) { nq.q = ''; }); }
      if (q.min) { chip('score ≥ ' + q.min, function (nq) { nq.min = 0; }); }
      q.check.forEach(function (c) { chip('check: ' + c, function (nq) { nq.check = nq.check.filter(function (x) { return x !== c; }); }); });
      q.f.forEach(function (f) { chip(f.replace(':', ': '), function (nq) { nq.f = nq.f.filter(function (x) { return x !== f; }); }); });
      if (q.from || q.to) { chip('claimed ' + (fmtDate(q.from) || '…') + ' – ' + (fmtDate(q.to) || '…'), function (nq) { nq.from = 0; nq.to = 0; }); }
      if (q.nodate) { chip('claims no date', function (nq) { nq.nodate = false; }); }
      if (chips.firstChild) {
        chips.appendChild(h('a', { href: '#/', class: 'clear' }, 'clear all'));
        filters.appendChild(chips);
      }
    }

    return source.caseInfo().then(function (c) {
      caseInfo = c;
      drawFilters();
      reload();
      // The timeline comes after the list: at 100,000 documents its data
      // is the larger answer.
      chart.appendChild(h('p', { class: 'meta' }, 'Loading the timeline…'));
      return source.timeline().then(function (t) {
        if (listView !== view) { return; }
        drawTimeline(chart, t, function (from, to) { setQuery(function (nq) { nq.from = from; nq.to = to; nq.nodate = false; }); },
          function () { setQuery(function (nq) { nq.nodate = true; nq.from = 0; nq.to = 0; }); });
      });
    });
  }

  function rowElement(r) {
    var who = (r.authors || []).join(', ');
    if (r.last_modified_by && r.last_modified_by !== who) { who += (who ? ' · ' : '') + r.last_modified_by; }
    var a = h('a', { class: 'row', role: 'row', href: docHref(r.id), 'data-id': r.id },
      h('span', { class: 'c-rank' }, r.rank),
      h('span', { class: 'c-score' }, h('span', { class: scoreClass(r.score) }, fmtScore(r.score))),
      h('span', { class: 'c-path', title: r.path }, h('b', null, basename(r.path)), r.title ? h('span', { class: 'title' }, ' ' + r.title) : null),
      h('span', { class: 'c-format' }, r.error ? 'unreadable' : (r.format || '')),
      h('span', { class: 'c-who' }, who),
      h('span', { class: 'c-date', title: r.modified ? 'modified ' + r.modified : r.created ? 'created ' + r.created : 'claims no date' },
        r.modified ? r.modified.slice(0, 10) : r.created ? h('span', { class: 'meta' }, 'created ' + r.created.slice(0, 10)) : '—'),
      h('span', { class: 'c-checks' }, (r.checks || []).slice(0, 4).map(function (c) { return h('span', { class: 'tag' }, c); })));
    return a;
  }

  // drawTimeline plots every claimed creation and modification against the
  // document's score with uPlot: time on x (UTC), score on y, high scores in
  // red. Dragging across the plot selects a time range (onRange); the
  // documents claiming neither date have a mark of their own (onNoDate).
  function drawTimeline(el, t, onRange, onNoDate) {
    clear(el);
    // One point per series, pixel column and score step: at 100,000
    // documents most claims share a pixel with another, and drawing each
    // one costs seconds for no visible difference. Each kept point opens
    // the first document drawn there.
    var width = Math.max(320, (el.clientWidth || 900) - 200);
    var n = t.ids.length, nodate = 0, lo = Infinity, hi = -Infinity, i;
    for (i = 0; i < n; i++) {
      var c0 = t.created[i], m0 = t.modified[i];
      if (!c0 && !m0) { nodate++; continue; }
      if (c0) { lo = Math.min(lo, c0); hi = Math.max(hi, c0); }
      if (m0) { lo = Math.min(lo, m0); hi = Math.max(hi, m0); }
    }
    var step = Math.max(1, (hi - lo) / width);
    var cells = new Map();
    function put(time, kind, score, id) {
      var high = score >= HIGH_SCORE;
      var series = high ? 2 : kind;
      // A number, not a string: 200,000 string keys cost a noticeable
      // part of a second. Columns < 100,000, score steps < 10,000.
      var key = (series * 100000 + Math.floor((time - lo) / step)) * 10000 + Math.min(9999, Math.max(0, Math.round(score * 20) + 100));
      if (!cells.has(key)) { cells.set(key, [time, series, score, id]); }
    }
    for (i = 0; i < n; i++) {
      if (t.created[i]) { put(t.created[i], 0, t.scores[i], t.ids[i]); }
      if (t.modified[i]) { put(t.modified[i], 1, t.scores[i], t.ids[i]); }
    }
    var pts = Array.from(cells.values());
    pts.sort(function (a, b) { return a[0] - b[0]; });
    var xs = [], cr = [], mo = [], hs = [], ids = [];
    pts.forEach(function (p) {
      xs.push(p[0]);
      ids.push(p[3]);
      cr.push(p[1] === 0 ? p[2] : null);
      mo.push(p[1] === 1 ? p[2] : null);
      hs.push(p[1] === 2 ? p[2] : null);
    });
    var legend = h('p', { class: 'meta' },
      h('b', null, 'Timeline'), ': every claimed creation (blue) and last modification (orange), by score; score ≥ ' + HIGH_SCORE + ' in red. Drag across the plot to filter the list to a time range. ');
    var mark = h('button', { type: 'button', id: 'nodate', onclick: onNoDate, disabled: nodate === 0 ? 'disabled' : null },
      nodate + ' document' + (nodate === 1 ? '' : 's') + ' claim' + (nodate === 1 ? 's' : '') + ' no date');
    el.appendChild(legend);
    var plotBox = h('div', { id: 'plot' });
    el.appendChild(h('div', { class: 'plotrow' }, plotBox, mark));
    if (xs.length === 0 || typeof uPlot === 'undefined') {
      plotBox.appendChild(h('p', { class: 'meta' }, 'No document of this case claims a date.'));
      return;
    }
    var size = n > 20000 ? 5 : 7;
    var dot = function (color) {
      return { stroke: color, paths: function () { return null; }, points: { show: true, size: size, width: 1, stroke: color, fill: color } };
    };
    var opts = {
      width: width,
      height: 220,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'); },
      cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false } },
      legend: { show: false },
      scales: { x: { time: true }, y: { range: function (u, lo, hi) { return [Math.min(0, lo) - 0.3, Math.max(1, hi) + 0.3]; } } },
      axes: [
        { label: 'claimed time (UTC)', stroke: '#333', grid: { stroke: '#eee' } },
        { label: 'score', stroke: '#333', grid: { stroke: '#eee' }, size: 50 }
      ],
      series: [{}, Object.assign({ label: 'created' }, dot('rgba(40,100,200,0.75)')),
        Object.assign({ label: 'modified' }, dot('rgba(230,130,20,0.75)')),
        Object.assign({ label: 'high score' }, dot('rgba(200,20,20,0.9)'))],
      hooks: {
        setSelect: [function (u) {
          if (u.select.width < 3) { return; }
          var from = Math.floor(u.posToVal(u.select.left, 'x'));
          var to = Math.ceil(u.posToVal(u.select.left + u.select.width, 'x'));
          u.setSelect({ left: 0, width: 0, top: 0, height: 0 }, false);
          onRange(from, to);
        }]
      }
    };
    timelinePlot = new uPlot(opts, [xs, cr, mo, hs], plotBox);
    var downX = null;
    timelinePlot.over.addEventListener('mousedown', function (e) { downX = e.clientX; });
    timelinePlot.over.addEventListener('click', function (e) {
      // A click, not a drag, on a point opens its document.
      if (downX === null || Math.abs(e.clientX - downX) > 2) { return; }
      var u = timelinePlot, idx = u.cursor.idx;
      if (idx === null || idx === undefined) { return; }
      var y = [cr[idx], mo[idx], hs[idx]].filter(function (v) { return v !== null; })[0];
      var py = u.valToPos(y, 'y'), px = u.valToPos(xs[idx], 'x');
      if (Math.abs(py - u.cursor.top) < 8 && Math.abs(px - u.cursor.left) < 8) { location.hash = docHref(ids[idx]); }
    });
  }

  // ---- Facets: the questioned corpus beside the baseline ---------------------

  var FACET_NAMES = {
    format: 'Format', author: 'Author', last_modified_by: 'Last saved by (editor)', company: 'Company',
    template: 'Template', language: 'Language', utc_offset: 'UTC offset', camera: 'Camera',
    'software.creator': 'Software: creator', 'software.producer': 'Software: producer',
    'software.application': 'Software: application', 'software.editor': 'Software: editor', 'software.device': 'Software: device'
  };
  function facetName(f) { return FACET_NAMES[f] || f.replace(/^script\./, 'Writing system: ').replace(/_/g, ' '); }

  function renderFacets() {
    clear(main);
    return source.caseInfo().then(function (c) {
      caseInfo = c;
      var hasBaseline = c.baseline.kind !== 'none' && c.baseline.docs > 0;
      main.appendChild(h('h2', null, 'Facets'));
      main.appendChild(h('p', { class: 'meta' }, 'Documents per value in the questioned corpus, beside the ' +
        (hasBaseline ? c.baseline.docs + ' documents of the baseline (' + c.baseline.kind + ')' : 'baseline (none: this case was scanned without one)') +
        '. A value the baseline never shows is marked new. Click a value to filter the list.'));
      if (c.facets_missing) {
        main.appendChild(h('p', { class: 'error' }, 'This case was scanned by a docprov that did not keep features: scan it again to see its facets.'));
      }
      var grid = h('div', { class: 'facets' });
      main.appendChild(grid);
      grid.appendChild(facetTable('check', 'Checks with findings', c.checks.map(function (x) { return { value: x.value, n: x.n, baseline: null }; }), 0, false,
        function (v) { var q = emptyQuery(); q.check = [v]; return listHref(q); }));
      c.facets.forEach(function (f) {
        grid.appendChild(facetTable(f.feature, facetName(f.feature), f.values, f.more, hasBaseline,
          function (v) { var q = emptyQuery(); q.f = [f.feature + ':' + v]; return listHref(q); }));
      });
    });
  }

  function facetTable(id, title, values, more, hasBaseline, href) {
    var max = 1;
    values.forEach(function (v) { max = Math.max(max, v.n); });
    var tbody = h('tbody');
    values.forEach(function (v) {
      var isNew = hasBaseline && v.baseline === 0;
      tbody.appendChild(h('tr', { class: isNew ? 'new' : null },
        h('td', { class: 'v' }, h('a', { href: href(v.value), 'data-facet': id }, v.value), isNew ? h('span', { class: 'badge' }, 'new') : null),
        h('td', { class: 'n' }, v.n),
        h('td', { class: 'bar' }, h('span', { style: null, class: 'barfill', 'data-w': Math.round(100 * v.n / max) })),
        h('td', { class: 'n base' }, v.baseline === null || !hasBaseline ? '' : v.baseline)));
    });
    var table = h('table', { class: 'facet', id: 'facet-' + id },
      h('caption', null, title),
      h('thead', null, h('tr', null, h('th', null, 'value'), h('th', null, 'questioned'), h('th'), h('th', null, hasBaseline ? 'baseline' : ''))),
      tbody);
    // Widths through CSSOM, which the CSP allows (no style attributes).
    Array.prototype.forEach.call(table.querySelectorAll('.barfill'), function (b) { b.style.width = b.getAttribute('data-w') + '%'; });
    return h('div', { class: 'facetbox' }, table, more ? h('p', { class: 'meta' }, more + ' more values: search the list for them') : null);
  }

  // ---- Families: documents tied by what they share ---------------------------

  function renderFamilies() {
    clear(main);
    return Promise.all([source.families(), source.groups()]).then(function (res) {
      var fams = res[0];
      drawGroups(res[1]);
      main.appendChild(h('h2', null, 'Families'));
      main.appendChild(h('p', { class: 'meta' }, 'Documents tied by a shared identifier (trailer ID, DocumentID, rsidRoot, the same creation time), ' +
        'arrows from parent to copy; a genuine baseline parent is drawn as a green square. ' + fams.length + ' famil' + (fams.length === 1 ? 'y' : 'ies') + '.'));
      if (fams.length === 0) { main.appendChild(h('p', null, 'No documents of this case share an identifier.')); return; }
      var list = h('div', { class: 'families' });
      main.appendChild(list);
      fams.slice(0, 200).forEach(function (f, i) {
        list.appendChild(h('div', { class: 'family card' },
          h('h3', null, h('a', { href: familyHref(i), 'data-family': i }, 'Family ' + (i + 1)), ' ', h('span', { class: scoreClass(f.max_score) }, fmtScore(f.max_score)),
            h('span', { class: 'meta' }, ' ' + f.nodes.length + ' documents · ' + f.key)),
          familyGraph(f, 640)));
      });
      if (fams.length > 200) { main.appendChild(h('p', { class: 'meta' }, (fams.length - 200) + ' smaller families not drawn.')); }
    });
  }

  // drawGroups lists the corpus-wide checks' groups first: a burst of
  // edits, a cluster of one unusual toolchain, documents that stand apart
  // together.
  function drawGroups(groups) {
    if (!groups.length) { return; }
    main.appendChild(h('h2', null, 'Groups'));
    main.appendChild(h('p', { class: 'meta' }, 'What the corpus-wide checks found together: bursts of edits, clusters of one toolchain.'));
    var box = h('div', { class: 'groups', id: 'groups' });
    groups.forEach(function (g) {
      box.appendChild(h('div', { class: 'card group' },
        h('h3', null, h('span', { class: 'tag' }, g.kind), ' ', g.message),
        h('ul', { class: 'links' }, (g.members || []).map(function (l) {
          return h('li', null, l.id ? h('a', { href: docHref(l.id) }, l.path) : l.path, l.id ? h('span', { class: scoreClass(l.score) }, fmtScore(l.score)) : null);
        }))));
    });
    main.appendChild(box);
  }

  function renderFamily(i) {
    clear(main);
    return source.families().then(function (fams) {
      var f = fams[i];
      if (!f) { main.appendChild(h('p', null, 'No such family.')); return; }
      main.appendChild(h('h2', { id: 'family-page' }, 'Family ' + (i + 1), ' ', h('span', { class: scoreClass(f.max_score) }, fmtScore(f.max_score))));
      main.appendChild(h('p', { class: 'meta' }, 'Shared: ' + f.key));
      main.appendChild(familyGraph(f, 960));
      var tbody = h('tbody');
      f.nodes.forEach(function (n) {
        tbody.appendChild(h('tr', null, h('td', null, n.baseline ? h('span', null, n.path, h('span', { class: 'badge genuine' }, 'baseline')) : h('a', { href: docHref(n.id) }, n.path)),
          h('td', null, n.baseline ? '' : h('span', { class: scoreClass(n.score) }, fmtScore(n.score))), h('td', null, fmtDate(n.created))));
      });
      main.appendChild(h('table', { class: 'plain' }, h('thead', null, h('tr', null, h('th', null, 'member'), h('th', null, 'score'), h('th', null, 'claims created'))), tbody));
    });
  }

  // familyGraph lays a family out in columns by distance from its roots
  // (nodes no edge points to: the baseline parents, the first created) and
  // draws it as SVG: small enough to write here, and it needs no library.
  function familyGraph(f, width) {
    var n = f.nodes.length, depth = new Array(n).fill(-1), indeg = new Array(n).fill(0), out = [];
    for (var i = 0; i < n; i++) { out.push([]); }
    f.edges.forEach(function (e) { indeg[e.to]++; out[e.from].push(e.to); });
    var queue = [];
    for (i = 0; i < n; i++) { if (indeg[i] === 0) { depth[i] = 0; queue.push(i); } }
    if (queue.length === 0) { depth[0] = 0; queue.push(0); }
    while (queue.length) {
      var v = queue.shift();
      out[v].forEach(function (w) { if (depth[w] < 0) { depth[w] = depth[v] + 1; queue.push(w); } });
    }
    for (i = 0; i < n; i++) { if (depth[i] < 0) { depth[i] = 0; } }
    var cols = [];
    for (i = 0; i < n; i++) { (cols[depth[i]] = cols[depth[i]] || []).push(i); }
    var colW = Math.max(220, Math.floor(width / Math.max(1, cols.length))), rowH = 46;
    var rows = Math.max.apply(null, cols.map(function (c) { return c.length; }));
    var height = rows * rowH + 16;
    var pos = [];
    cols.forEach(function (c, ci) { c.forEach(function (node, ri) { pos[node] = { x: 12 + ci * colW, y: 30 + ri * rowH }; }); });
    var svg = s('svg', { width: Math.max(width, cols.length * colW), height: height, class: 'graph', role: 'img', 'aria-label': 'family graph' },
      s('defs', null, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: '10', refY: '5', markerWidth: '6', markerHeight: '6', orient: 'auto-start-reverse' },
        s('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#888' }))));
    f.edges.forEach(function (e) {
      var a = pos[e.from], b = pos[e.to];
      svg.appendChild(s('line', { x1: a.x + 8, y1: a.y, x2: b.x - 10, y2: b.y, stroke: '#999', 'marker-end': 'url(#arrow)' }, s('title', null, e.why)));
    });
    f.nodes.forEach(function (node, i) {
      var p = pos[i];
      // The folder and the name: a copy and its baseline parent often
      // share the name.
      var parts = node.path.split('/');
      var name = parts[parts.length - 1];
      if (name.length > 28) { name = name.slice(0, 27) + '…'; }
      var label = (parts.length > 1 ? parts[parts.length - 2] + '/' : '') + name;
      var shape = node.baseline ?
        s('rect', { x: p.x - 7, y: p.y - 7, width: 14, height: 14, class: 'node genuine' }) :
        s('circle', { cx: p.x, cy: p.y, r: 7, class: 'node ' + (node.score >= HIGH_SCORE ? 'high' : node.score > 0 ? 'some' : 'none') });
      // Labels sit above their node, clear of the edges between nodes.
      var g = s('g', null, shape, s('text', { x: p.x - 7, y: p.y - 12 }, label),
        s('title', null, node.path + (node.baseline ? ' (baseline: genuine)' : ' score ' + fmtScore(node.score))));
      if (!node.baseline && node.id) {
        var a = s('a', { href: docHref(node.id), class: 'graph-node', 'data-id': node.id }, g);
        svg.appendChild(a);
      } else { svg.appendChild(g); }
    });
    return h('div', { class: 'graphbox' }, svg);
  }

  // ---- The document page ---------------------------------------------------

  function renderDoc(id, seq) {
    clear(main).appendChild(h('p', { class: 'meta' }, 'Loading…'));
    return source.doc(id).then(function (d) {
      if (seq !== renderSeq) { return; }
      clear(main);
      var rec = d.record || {};
      main.appendChild(h('p', null, h('a', { href: '#/', id: 'back' }, '← ranked list')));
      main.appendChild(h('h2', { id: 'doc-path' }, d.path));
      main.appendChild(h('p', { class: 'summary' },
        h('span', { class: scoreClass(d.score), id: 'doc-score' }, fmtScore(d.score)), ' rank ' + d.rank + ' · ' + (d.error ? 'unreadable' : (d.format || '?')) +
        (rec.size ? ' · ' + rec.size + ' bytes' : '') + (d.sha256 ? ' · SHA-256 ' + d.sha256 : '')));
      if (d.error) { main.appendChild(h('p', { class: 'error' }, d.error)); }

      var claims = [['title', rec.title], ['authors', (rec.authors || []).join(', ')], ['last saved by', rec.last_modified_by],
        ['company', rec.company], ['template', rec.template], ['languages', (rec.languages || []).join(', ')],
        ['created', rec.created], ['modified', rec.modified], ['printed', rec.printed], ['metadata date', rec.metadata_date],
        ['revision', rec.revision], ['edit time (s)', rec.edit_time_s]];
      main.appendChild(section('Claims', kvTable(claims, 'claims')));

      var fbody = h('tbody');
      (d.findings || []).forEach(function (f) {
        var ev = h('div', { class: 'evidence' });
        if (f.observed) { ev.appendChild(h('div', null, h('span', { class: 'k' }, 'observed'), ' ', f.observed)); }
        if (f.expected) { ev.appendChild(h('div', null, h('span', { class: 'k' }, 'expected'), ' ', f.expected)); }
        if (f.compared) { ev.appendChild(h('div', null, h('span', { class: 'k' }, 'compared'), ' ', f.compared)); }
        if (f.counted_with) { ev.appendChild(h('div', null, h('span', { class: 'k' }, 'counted'), ' ' + fmtScore(f.weight) + ' of its ' + fmtScore(f.strength) + ': same ' + (f.fact || 'fact') + ' as ', f.counted_with)); }
        if (f.fields && f.fields.length) {
          ev.appendChild(h('div', null, h('span', { class: 'k' }, 'rests on'), ' ', f.fields.map(function (k) {
            var v = rec.fields && Object.prototype.hasOwnProperty.call(rec.fields, k) ? rec.fields[k] : null;
            return h('span', { class: 'field', title: v === null ? '' : v }, k + (v === null ? '' : ' = ' + clip(v, 80)));
          })));
        }
        if (f.related && f.related.length) {
          ev.appendChild(h('div', null, h('span', { class: 'k' }, 'related'), ' ', f.related.map(function (p) { return relatedLink(d, p); })));
        }
        fbody.appendChild(h('tr', { class: 'finding' }, h('td', { class: 'w' + (f.weight < 0 ? ' neg' : '') }, fmtWeight(f.weight)),
          h('td', { class: 'check' }, h('a', { href: listHref(Object.assign(emptyQuery(), { check: [f.check] })) }, f.check)),
          h('td', null, h('div', { class: 'message' }, f.message), ev)));
      });
      main.appendChild(section('Findings (' + (d.findings || []).length + ')', (d.findings || []).length ?
        h('table', { class: 'findings', id: 'findings' }, fbody) : h('p', null, 'No finding.')));

      if (rec.software && rec.software.length) {
        main.appendChild(section('Software', table(['role', 'name', 'version', 'platform', 'as written', 'from'],
          rec.software.map(function (x) { return [x.role, x.name, x.version, x.platform, x.raw, x.source]; }), 'software')));
      }
      if (rec.ids && rec.ids.length) {
        main.appendChild(section('Identifiers', table(['kind', 'value', 'from'], rec.ids.map(function (x) { return [x.kind, x.value, x.source]; }), 'identifiers')));
      }
      if (rec.parent || d.parent) {
        var par = rec.parent || {};
        main.appendChild(section('Parent message', h('div', null,
          h('p', null, 'Attachment of ', d.parent && d.parent.id ? h('a', { href: docHref(d.parent.id), id: 'parent-link' }, par.path) : par.path),
          kvTable([['path', par.path], ['DKIM verdict', par.dkim], ['date', par.date]], 'parent'))));
      }
      if (rec.dkim && rec.dkim.length) {
        main.appendChild(section('DKIM signatures', table(['domain', 'selector', 'algorithm', 'result', 'reason', 'signed at', 'headers'],
          rec.dkim.map(function (x) { return [x.domain, x.selector, x.algorithm, x.result, x.reason, x.signed_at, (x.headers || []).join(' ')]; }), 'dkim')));
      }
      if (rec.email) {
        var e = rec.email;
        main.appendChild(section('Message', kvTable([['from', e.from], ['sender', e.sender], ['to', (e.to || []).join(', ')], ['cc', (e.cc || []).join(', ')],
          ['subject', e.subject], ['date', e.date], ['message id', e.message_id], ['in reply to', e.in_reply_to],
          ['attachments', (e.attachments || []).map(function (a) { return a.name + ' (' + a.size + ' bytes)'; }).join(', ')]], 'email')));
      }
      var links = [];
      (d.related || []).forEach(function (l) { links.push([l.why, l]); });
      (d.copies || []).forEach(function (l) { links.push(['identical copy', l]); });
      (d.groups || []).forEach(function (g) {
        (g.members || []).forEach(function (l) { if (l.path !== d.path) { links.push([g.kind + ': ' + g.message, l]); } });
      });
      var rel = h('ul', { class: 'links', id: 'related' });
      links.forEach(function (x) {
        var l = x[1];
        rel.appendChild(h('li', null, l.id ? h('a', { href: docHref(l.id) }, l.path) : h('span', null, l.path, h('span', { class: 'badge genuine' }, 'baseline')),
          l.id ? h('span', { class: scoreClass(l.score) }, fmtScore(l.score)) : null, h('span', { class: 'meta' }, ' ' + x[0])));
      });
      if (d.family >= 0) { rel.appendChild(h('li', null, h('a', { href: familyHref(d.family), id: 'family-link' }, 'its family graph'))); }
      if (rel.firstChild) { main.appendChild(section('Related documents', rel)); }

      var keys = Object.keys(rec.fields || {}).sort();
      var filter = h('input', { type: 'search', placeholder: 'filter fields', 'aria-label': 'filter fields' });
      var ft = table(['key', 'value'], keys.map(function (k) { return [k, rec.fields[k]]; }), 'fields');
      filter.addEventListener('input', function () {
        var needle = filter.value.toLowerCase();
        Array.prototype.forEach.call(ft.querySelectorAll('tbody tr'), function (tr) { tr.hidden = needle !== '' && tr.textContent.toLowerCase().indexOf(needle) < 0; });
      });
      main.appendChild(section('Every raw field (' + keys.length + ')', h('div', null, filter, ft)));
      if (rec.problems && rec.problems.length) {
        main.appendChild(section('What could not be read', h('ul', null, rec.problems.map(function (p) { return h('li', null, p); }))));
      }
    });
  }

  function relatedLink(d, p) {
    var l = (d.related || []).filter(function (x) { return x.path === p; })[0];
    if (l && l.id) { return h('a', { href: docHref(l.id), class: 'rel' }, p); }
    return h('span', { class: 'rel' }, p, h('span', { class: 'badge genuine' }, 'baseline'));
  }
  function clip(v, n) { v = String(v); return v.length > n ? v.slice(0, n - 1) + '…' : v; }
  function section(title, body) { return h('section', { class: 'docsec' }, h('h3', null, title), body); }
  function kvTable(pairs, id) {
    var tb = h('tbody');
    pairs.forEach(function (p) {
      if (p[1] === undefined || p[1] === null || p[1] === '') { return; }
      tb.appendChild(h('tr', null, h('th', null, p[0]), h('td', null, String(p[1]))));
    });
    return h('table', { class: 'plain kv', id: id }, tb);
  }
  function table(head, rows, id) {
    return h('table', { class: 'plain', id: id }, h('thead', null, h('tr', null, head.map(function (x) { return h('th', null, x); }))),
      h('tbody', null, rows.map(function (r) { return h('tr', null, r.map(function (c) { return h('td', null, c === undefined || c === null ? '' : String(c)); })); })));
  }

  // ---- Start -----------------------------------------------------------------

  function summary(c) {
    var el = document.getElementById('case-summary');
    var base = c.baseline.kind === 'none' ? 'no baseline' : 'baseline of ' + c.baseline.docs + ' documents (' + c.baseline.kind + (c.baseline.source ? ': ' + c.baseline.source : '') + ')';
    el.textContent = c.paths + ' documents, ' + c.ranked + ' with findings' + (c.unreadable ? ', ' + c.unreadable + ' unreadable' : '') +
      ' · ' + base + (c.as_of ? ' · as of ' + c.as_of.slice(0, 10) : '') +
      (source.omitted ? ' · this page leaves out ' + source.omitted + ' documents (--top, --min-score)' : '') +
      ' · scores are sums of log10 likelihood ratios: +1 means ten times likelier if forged; no finding is proof.';
  }

  window.addEventListener('hashchange', render);
  source.caseInfo().then(function (c) { caseInfo = c; summary(c); render(); }).catch(showError);
})();
