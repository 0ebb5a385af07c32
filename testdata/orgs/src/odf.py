"""Writers for LibreOffice flat ODF sources (.fodt, .fods, .fodp).

(Adapted from testdata/demo/src/odf.py: a font choice for spreadsheets, Asian
language attributes for Japanese documents, and presentations.)

The demo's genuine documents are authored as flat ODF XML with their document
properties (initial creator, last editor, dates, editing cycles and time,
language, template, custom "Company" property) written into <office:meta>,
then opened and saved by LibreOffice itself (lo_batch.py), so that every
output file (.odt, .docx, .ods, .xlsx, .pdf) is LibreOffice's own writing.
"""

from xml.sax.saxutils import escape, quoteattr

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" '
    'xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"'
)


def iso_duration(seconds):
    h, rem = divmod(int(seconds), 3600)
    m, s = divmod(rem, 60)
    return f"PT{h}H{m}M{s}S"


def meta_xml(d):
    """<office:meta> for a document spec (see corpus.py)."""
    out = ["<office:meta>"]
    if d.get("template"):
        t = d["template"]
        out.append(
            f'<meta:template xlink:type="simple" xlink:actuate="onRequest" '
            f'xlink:title={quoteattr(t["title"])} xlink:href={quoteattr(t["href"])} '
            f'meta:date="{t["date"]}"/>'
        )
    out.append(f"<meta:initial-creator>{escape(d['author_name'])}</meta:initial-creator>")
    out.append(f"<dc:creator>{escape(d['editor_name'])}</dc:creator>")
    out.append(f"<meta:creation-date>{d['created']}</meta:creation-date>")
    out.append(f"<dc:date>{d['modified']}</dc:date>")
    if d.get("printed"):
        out.append(f"<meta:print-date>{d['printed']}</meta:print-date>")
        out.append(f"<meta:printed-by>{escape(d['printed_by'])}</meta:printed-by>")
    if d.get("title"):
        out.append(f"<dc:title>{escape(d['title'])}</dc:title>")
    if d.get("subject"):
        out.append(f"<dc:subject>{escape(d['subject'])}</dc:subject>")
    for k in d.get("keywords", []):
        out.append(f"<meta:keyword>{escape(k)}</meta:keyword>")
    out.append(f"<meta:editing-cycles>{d['cycles']}</meta:editing-cycles>")
    out.append(f"<meta:editing-duration>{iso_duration(d['duration'])}</meta:editing-duration>")
    out.append(f"<dc:language>{d['language']}</dc:language>")
    if d.get("company"):
        out.append('<meta:user-defined meta:name="Company" meta:value-type="string">'
                   f"{escape(d['company'])}</meta:user-defined>")
    for name, value in d.get("custom", []):
        out.append(f'<meta:user-defined meta:name={quoteattr(name)} meta:value-type="string">'
                   f"{escape(value)}</meta:user-defined>")
    out.append("</office:meta>")
    return "\n".join(out)


def _lang(tag, font=None):
    lang, _, country = tag.partition("-")
    if lang in ("ja", "zh", "ko"):
        # an East Asian document: the western language stays en-US (the
        # default of such a LibreOffice), the Asian one carries the document's
        a = f'style:language-asian="{lang}" style:country-asian="{country}"'
        if font:
            a += f' style:font-name-asian="{font}"'
        return f'fo:language="en" fo:country="US" {a}'
    return f'fo:language="{lang}" fo:country="{country}"'


def fodt(d):
    """A Writer document. d["body"] is a list of blocks:
    ("title", text) ("h1", text) ("h2", text) ("p", text) ("small", text)
    ("list", [items]) ("table", [[cells]]) (first row is a header)."""
    font = d.get("font", "Liberation Serif")
    hfont = d.get("heading_font", "Liberation Sans")
    lang = _lang(d["language"], font)
    body = []
    for kind, val in d["body"]:
        if kind == "title":
            body.append(f'<text:p text:style-name="Title">{escape(val)}</text:p>')
        elif kind in ("h1", "h2"):
            lvl = kind[1]
            body.append(f'<text:h text:style-name="Heading_20_{lvl}" text:outline-level="{lvl}">'
                        f"{escape(val)}</text:h>")
        elif kind == "p":
            body.append(f'<text:p text:style-name="Text_20_body">{escape(val)}</text:p>')
        elif kind == "small":
            body.append(f'<text:p text:style-name="Small">{escape(val)}</text:p>')
        elif kind == "pb":
            body.append('<text:p text:style-name="PageBreak"/>')
        elif kind == "right":
            body.append(f'<text:p text:style-name="Right">{escape(val)}</text:p>')
        elif kind == "list":
            items = "".join(f'<text:list-item><text:p text:style-name="List_20_Contents">'
                            f"{escape(i)}</text:p></text:list-item>" for i in val)
            body.append(f'<text:list text:style-name="L1">{items}</text:list>')
        elif kind == "table":
            ncol = max(len(r) for r in val)
            rows = []
            for i, r in enumerate(val):
                cells = []
                for c in r:
                    st = "Table_20_Heading" if i == 0 else "Table_20_Contents"
                    cells.append(f'<table:table-cell table:style-name="Tc" office:value-type="string">'
                                 f'<text:p text:style-name="{st}">{escape(str(c))}</text:p></table:table-cell>')
                rows.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
            body.append(f'<table:table table:name="Tableau{len(body)}" table:style-name="Tt">'
                        f'<table:table-column table:number-columns-repeated="{ncol}"/>'
                        + "".join(rows) + "</table:table>")
        else:
            raise ValueError(kind)
    footer = ""
    if d.get("footer"):
        footer = (f'<style:footer><text:p text:style-name="Footer">{escape(d["footer"])}</text:p>'
                  f"</style:footer>")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document {NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
{meta_xml(d)}
<office:font-face-decls>
<style:font-face style:name="{font}" svg:font-family="&apos;{font}&apos;" style:font-family-generic="roman" style:font-pitch="variable"/>
<style:font-face style:name="{hfont}" svg:font-family="&apos;{hfont}&apos;" style:font-family-generic="swiss" style:font-pitch="variable"/>
</office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph">
<style:paragraph-properties fo:hyphenation-ladder-count="no-limit" style:writing-mode="page"/>
<style:text-properties style:font-name="{font}" fo:font-size="12pt" {lang} style:letter-kerning="true" fo:hyphenate="false"/>
</style:default-style>
<style:style style:name="Standard" style:family="paragraph" style:class="text"/>
<style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" style:parent-style-name="Standard" style:class="text">
<style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.247cm" fo:line-height="115%" fo:text-align="justify"/>
</style:style>
<style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Text_20_body" style:class="text">
<style:paragraph-properties fo:margin-top="0.423cm" fo:margin-bottom="0.212cm" fo:keep-with-next="always"/>
<style:text-properties style:font-name="{hfont}" fo:font-size="14pt"/>
</style:style>
<style:style style:name="Title" style:family="paragraph" style:parent-style-name="Heading" style:class="chapter">
<style:paragraph-properties fo:text-align="center"/>
<style:text-properties fo:font-size="18pt" fo:font-weight="bold"/>
</style:style>
<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:parent-style-name="Heading" style:default-outline-level="1" style:class="text">
<style:text-properties fo:font-size="15pt" fo:font-weight="bold"/>
</style:style>
<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:parent-style-name="Heading" style:default-outline-level="2" style:class="text">
<style:text-properties fo:font-size="13pt" fo:font-weight="bold"/>
</style:style>
<style:style style:name="PageBreak" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties fo:break-before="page"/>
</style:style>
<style:style style:name="Small" style:family="paragraph" style:parent-style-name="Standard">
<style:text-properties fo:font-size="9pt"/>
</style:style>
<style:style style:name="Right" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties fo:text-align="end"/>
</style:style>
<style:style style:name="List_20_Contents" style:display-name="List Contents" style:family="paragraph" style:parent-style-name="Text_20_body"/>
<style:style style:name="Table_20_Contents" style:display-name="Table Contents" style:family="paragraph" style:parent-style-name="Standard" style:class="extra"/>
<style:style style:name="Table_20_Heading" style:display-name="Table Heading" style:family="paragraph" style:parent-style-name="Table_20_Contents" style:class="extra">
<style:text-properties fo:font-weight="bold"/>
</style:style>
<style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
<style:paragraph-properties fo:text-align="center"/>
<style:text-properties style:font-name="{hfont}" fo:font-size="8pt"/>
</style:style>
<text:list-style style:name="L1">
<text:list-level-style-bullet text:level="1" text:bullet-char="•">
<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
<style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="1.27cm" fo:text-indent="-0.635cm" fo:margin-left="1.27cm"/>
</style:list-level-properties>
</text:list-level-style-bullet>
</text:list-style>
</office:styles>
<office:automatic-styles>
<style:style style:name="Tt" style:family="table"><style:table-properties style:width="17cm" table:align="margins"/></style:style>
<style:style style:name="Tc" style:family="table-cell"><style:table-cell-properties fo:padding="0.097cm" fo:border="0.5pt solid #000000"/></style:style>
<style:page-layout style:name="pm1">
<style:page-layout-properties fo:page-width="21.001cm" fo:page-height="29.7cm" style:print-orientation="portrait" fo:margin-top="2cm" fo:margin-bottom="1.5cm" fo:margin-left="2cm" fo:margin-right="2cm"/>
<style:footer-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.4cm"/></style:footer-style>
</style:page-layout>
</office:automatic-styles>
<office:master-styles>
<style:master-page style:name="Standard" style:page-layout-name="pm1">{footer}</style:master-page>
</office:master-styles>
<office:body><office:text>
{chr(10).join(body)}
</office:text></office:body>
</office:document>
"""


def _cell(c):
    """A spreadsheet cell: str, int/float, ("=", formula, cached), ("%", value), ("€", value)."""
    if c is None or c == "":
        return "<table:table-cell/>"
    if isinstance(c, bool):
        c = str(c)
    if isinstance(c, (int, float)):
        return (f'<table:table-cell office:value-type="float" office:value="{c}">'
                f"<text:p>{c}</text:p></table:table-cell>")
    if isinstance(c, tuple):
        tag = c[0]
        if tag == "=":
            _, f, cached = c
            return (f'<table:table-cell table:style-name="ceNum" table:formula={quoteattr("of:=" + f)} '
                    f'office:value-type="float" office:value="{cached}"><text:p>{cached}</text:p></table:table-cell>')
        if tag == "€":
            v = c[1]
            return (f'<table:table-cell table:style-name="ceNum" office:value-type="float" office:value="{v}">'
                    f"<text:p>{v}</text:p></table:table-cell>")
        if tag == "date":
            v = c[1]
            return (f'<table:table-cell table:style-name="ceDate" office:value-type="date" office:date-value="{v}">'
                    f"<text:p>{v}</text:p></table:table-cell>")
        raise ValueError(c)
    return (f'<table:table-cell office:value-type="string"><text:p>{escape(c)}</text:p>'
            f"</table:table-cell>")


def fods(d):
    """A Calc document. d["sheets"] is a list of (name, rows, col_widths_cm)."""
    font = d.get("font", "Liberation Sans")
    lang = _lang(d["language"], font)
    tables = []
    for name, rows, widths in d["sheets"]:
        cols = "".join(f'<table:table-column table:style-name="co{i}_{len(tables)}"/>' for i, _ in enumerate(widths))
        trs = []
        for r in rows:
            trs.append("<table:table-row>" + "".join(_cell(c) for c in r) + "</table:table-row>")
        tables.append(f'<table:table table:name={quoteattr(name)}>{cols}{"".join(trs)}</table:table>')
    colstyles = []
    for t, (_, _, widths) in enumerate(d["sheets"]):
        for i, w in enumerate(widths):
            colstyles.append(f'<style:style style:name="co{i}_{t}" style:family="table-column">'
                             f'<style:table-column-properties style:column-width="{w}cm"/></style:style>')
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document {NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
{meta_xml(d)}
<office:font-face-decls>
<style:font-face style:name="{font}" svg:font-family="&apos;{font}&apos;" style:font-family-generic="swiss" style:font-pitch="variable"/>
</office:font-face-decls>
<office:styles>
<number:number-style style:name="N2"><number:number number:decimal-places="2" number:min-decimal-places="2" number:min-integer-digits="1" number:grouping="true"/></number:number-style>
<number:date-style style:name="N37"><number:day number:style="long"/><number:text>/</number:text><number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/></number:date-style>
<style:default-style style:family="table-cell">
<style:text-properties style:font-name="{font}" fo:font-size="10pt" {lang}/>
</style:default-style>
<style:style style:name="Default" style:family="table-cell"/>
</office:styles>
<office:automatic-styles>
{"".join(colstyles)}
<style:style style:name="ceNum" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N2"/>
<style:style style:name="ceDate" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N37"/>
</office:automatic-styles>
<office:body><office:spreadsheet>
{"".join(tables)}
</office:spreadsheet></office:body>
</office:document>
"""


def fodp(d):
    """An Impress presentation. d["slides"] is a list of (title, [bullet lines])."""
    font = d.get("font", "Liberation Sans")
    lang = _lang(d["language"], font)
    pages = []
    for i, (title, lines) in enumerate(d["slides"], 1):
        items = "".join(f"<text:list-item><text:p>{escape(x)}</text:p></text:list-item>" for x in lines)
        pages.append(
            f'<draw:page draw:name="page{i}" draw:style-name="dp1" draw:master-page-name="Default">'
            f'<draw:frame presentation:style-name="prT" draw:layer="layout" svg:width="25.2cm" svg:height="3.5cm" '
            f'svg:x="1.4cm" svg:y="0.8cm" presentation:class="title"><draw:text-box>'
            f'<text:p>{escape(title)}</text:p></draw:text-box></draw:frame>'
            f'<draw:frame presentation:style-name="prO" draw:layer="layout" svg:width="25.2cm" svg:height="10.5cm" '
            f'svg:x="1.4cm" svg:y="4.6cm" presentation:class="outline"><draw:text-box>'
            f'<text:list>{items}</text:list></draw:text-box></draw:frame></draw:page>')
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document {NS} xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.presentation">
{meta_xml(d)}
<office:font-face-decls>
<style:font-face style:name="{font}" svg:font-family="&apos;{font}&apos;" style:font-family-generic="swiss" style:font-pitch="variable"/>
</office:font-face-decls>
<office:styles>
<style:default-style style:family="graphic">
<style:text-properties style:font-name="{font}" fo:font-size="18pt" {lang}/>
</style:default-style>
</office:styles>
<office:automatic-styles>
<style:page-layout style:name="PM1"><style:page-layout-properties fo:margin-top="0cm" fo:margin-bottom="0cm" fo:margin-left="0cm" fo:margin-right="0cm" fo:page-width="28cm" fo:page-height="15.75cm" style:print-orientation="landscape"/></style:page-layout>
<style:style style:name="dp1" style:family="drawing-page"/>
<style:style style:name="prT" style:family="presentation"><style:text-properties fo:font-size="32pt" fo:font-weight="bold" style:font-name="{font}"/></style:style>
<style:style style:name="prO" style:family="presentation"><style:text-properties fo:font-size="20pt" style:font-name="{font}"/></style:style>
</office:automatic-styles>
<office:master-styles>
<style:master-page style:name="Default" style:page-layout-name="PM1"/>
</office:master-styles>
<office:body><office:presentation>
{"".join(pages)}
</office:presentation></office:body>
</office:document>
"""
