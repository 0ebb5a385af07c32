package provenance

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file turns the free-text software strings that documents carry (PDF
// Producer and Creator, XMP CreatorTool and history softwareAgent, OOXML
// Application, ODF meta:generator, OLE2 application name, EXIF Software) into
// a product name, a version and a platform.
//
// Checks compare name+version against a baseline of what an organisation
// uses and against release dates, so the one thing that matters is that the
// many spellings of one product give the same name and a comparable version:
// "Microsoft® Word 2016" and "Microsoft Word 2016", "QuarkXPress(R) 7.3" and
// "QuarkXPress 7.3", "Adobe Photoshop CS5 Windows" and "Adobe Photoshop CS5
// (Macintosh)", "Microsoft Macintosh Excel" and "Microsoft Excel",
// "IBM_Lotus_Symphony/3.0$Win32 …" and "IBM Lotus Symphony 3.0". The parser
// never invents text: the name is made of words of the input (in order), and
// the version is a piece of the input, so a finding can always point at the
// raw string it came from.

// Patterns are compiled once; they are never written to.
var (
	// softwareVersionRe is a stand-alone version token: a dotted number with
	// optional suffixes ("10.1.8", "0.8.8-SNAPSHOT", "9.0.7p3",
	// "1.0.570503588zd", "4.5.0.0.alpha0", "6.5.7-8") or a bare number
	// ("2016", "8", "20090506").
	softwareVersionRe = regexp.MustCompile(`^(?:\d+(?:\.\d+)+(?:[-+.]?[0-9A-Za-z]+)*|\d+)$`)

	// softwareDottedRe is a version that has at least one dot.
	softwareDottedRe = regexp.MustCompile(`^\d+(?:\.\d+)+`)

	// softwareKeywordGluedRe is a version keyword glued to its version:
	// "v1.60", "Ver.1.00", "Ver1.000", "V01.02.05", "版本12.5.1".
	softwareKeywordGluedRe = regexp.MustCompile(`^(?i:version|ver\.?|v|版本)(\d.*)$`)

	// softwareKeywordRe is a version keyword that stands before its version:
	// "Apache FOP Version 2.7", "K10D Ver 1.30", "Foo build 1234".
	softwareKeywordRe = regexp.MustCompile(`^(?i:version|ver\.?|v|build|版本)$`)

	// softwareModelVersionRe is a model number glued to a version with a
	// "v": "E775v1.3u" (Nikon Coolpix firmware).
	softwareModelVersionRe = regexp.MustCompile(`^([A-Za-z0-9]+)[vV](\d+\.\d+.*)$`)

	// softwareUnderscoreVersionRe is "Name_version[_anything]", as WPS
	// Office writes it: "Office_11.1.0.10700_F1E327BC-269C-…".
	softwareUnderscoreVersionRe = regexp.MustCompile(`^(.*[A-Za-z])_(\d+(?:\.\d+)+)(?:_.*)?$`)

	// softwareMarksRe matches the ASCII spellings of ® and ™.
	softwareMarksRe = regexp.MustCompile(`(?i)\((?:r|tm)\)`)

	// softwareNoiseRe starts a copyright notice, which ends the product part.
	softwareNoiseRe = regexp.MustCompile(`©|\([cC]\)|(?i:\bcopyright\b)`)

	// softwareLeadRe is an introductory phrase before the product name.
	softwareLeadRe = regexp.MustCompile(`^(?i:generated|produced|created|made|converted|modified|written)\s+(?i:by|with|using)\s+`)

	// softwareChainLeadRe introduces a later product in a chain.
	softwareChainLeadRe = regexp.MustCompile(`^(?i:modified|edited|processed)\s+(?i:using|with|by)\s+`)

	// softwareODFRe is the OpenOffice.org generator form
	// "Name/version[(build)][$Platform | /Platform] Project/build…":
	// "LibreOffice/7.4.7.2$Linux_X86_64 LibreOffice_project/…",
	// "Lotus Symphony/1.3.0_20090605.2002/Win32",
	// "MicrosoftOffice/15.0 MicrosoftWord".
	softwareODFRe = regexp.MustCompile(`^([^\s/$()][^/$()]*?)/(\d[^\s$/()]*)(?:\([^)]*\))?(?:\$([^\s$/]+)|/([^\s$/]+))?`)

	// softwareODFNotPlatformRe is a "$" field that is not a platform.
	softwareODFNotPlatformRe = regexp.MustCompile(`^(?i:build|cws)`)

	// softwareQuartzRe is Apple's "<OS> <OS version> [(build)] Quartz
	// PDFContext" in any of its localisations.
	softwareQuartzRe = regexp.MustCompile(`^(?i)(mac\s?os\s?x|mac\s?os|os\s?x|ios|ipados)\b(.*?)(quartz\s+pdfcontext)\b`)

	// softwareNumberRe is the first number (dotted or not) in a text.
	softwareNumberRe = regexp.MustCompile(`\d+(?:\.\d+)*`)

	// softwareParenRe is a parenthesised group, ASCII or full-width.
	softwareParenRe = regexp.MustCompile(`\([^)]*\)|（[^）]*）`)

	// softwareUAProductRe is a "Product/version" token of a user agent.
	softwareUAProductRe = regexp.MustCompile(`([A-Za-z][A-Za-z0-9]*)/(\d[^\s;()]*)`)

	// softwarePlatformRe finds a platform word inside a parenthesised group.
	softwarePlatformRe = regexp.MustCompile(`(?i)(?:^|[^a-z])(windows|win16|win32|win64|macintosh|mac\s?os\s?x?|macosx|os\s?x|linux|unix|solaris|freebsd|ios|ipados|android)(?:[^a-z]|$)`)

	// softwareBitnessRe is "(64-bit)", "(32bit)".
	softwareBitnessRe = regexp.MustCompile(`^(?i)\d{2}-?bit$`)

	// softwareBuildRe is "Build <version>" inside a parenthesised group.
	softwareBuildRe = regexp.MustCompile(`(?i)\bbuild\s+(\S+)`)
)

// ParseSoftware splits a software string into the product name, its version
// and the platform it names (if any). It never fails: an empty or blank
// string gives three empty strings, and any other string gives a non-empty
// name.
//
// The rules, in the order they apply:
//
//   - Normalisation. NULs, control characters and runs of white space
//     become one space; invalid UTF-8 counts as a space; ®, ™, ℠, "(R)" and
//     "(TM)" are dropped ("Microsoft® Excel® 2016" → "Microsoft Excel").
//     Case is kept: compare names with strings.EqualFold.
//   - Chains. A string naming several products ("GPL Ghostscript 9.07;
//     modified using iTextSharp 5.2.1", "dvips + GPL Ghostscript 9.27")
//     describes the first product that made the file; ParseSoftware parses
//     that one (see SplitSoftwareChain for all of them).
//   - Noise. A copyright notice ("©2000-2018 iText Group NV", "(c) 1T3XT
//     BVBA") ends the product part; an introduction ("Generated by",
//     "produced by") is dropped.
//   - Browsers. A user agent ("Mozilla/5.0 (X11; Linux x86_64) …
//     Chrome/116.0.0.0 Safari/537.36") names the browser that printed the
//     page: "Chrome", "116.0.0.0", "Linux x86_64". "Mozilla/5.0" is a
//     compatibility token, not the producer.
//   - Apple Quartz. "Mac OS X 10.15.7 Quartz PDFContext" and "macOS Version
//     12.5.1 (Build 21G83) Quartz PDFContext" (also localised: "macOS
//     版本12.5.1（版号21G83） Quartz PDFContext") give name "Quartz
//     PDFContext", version "10.15.7"/"12.5.1" and platform "Mac OS X"/"macOS".
//     The producing component is Quartz; it has no version of its own but
//     ships with the OS, so the OS version is the version of the code that
//     wrote the file, and the one release-date checks need. The OS build
//     number is dropped.
//   - OpenOffice.org generator form "Name/version$Platform Project/build"
//     (ODF meta:generator and relatives): "LibreOffice/7.4.7.2$Linux_X86_64
//     LibreOffice_project/…" → "LibreOffice", "7.4.7.2", "Linux_X86_64".
//     The version is everything up to "$", "/", "(" or a space, as written
//     ("0.8.8-SNAPSHOT", "9_Beta"). The name cannot hold a space in the
//     "$" form, so OpenOffice.org derivatives write spaces as underscores;
//     they are turned back into spaces ("IBM_Lotus_Symphony" → "IBM Lotus
//     Symphony", as the same program writes its name in a PDF Producer).
//     A "$Build-1" field is not a platform.
//   - Everything else is read word by word. The name is the words before
//     the first version; the version is the first version token; after the
//     version only a platform is looked for, everything else ("Combine
//     Files", "for Word", "Google Docs Renderer", "by 1T3XT", "Q16",
//     "release-keys") is a qualifier and is dropped.
//
// A version token is a dotted number with optional suffixes ("10.1.8",
// "6.5.7-8", "9.0.7p3", "0.8.8-SNAPSHOT", "1.0.570503588zd") or a whole
// number ("2016", "8", "95"). It may be glued to the name by a hyphen
// ("pdfTeX-1.40.21", "itext-paulo-155"; a bare number only when the name
// has no digits, so "V612P-75" stays a name), by an underscore ("WPS
// Office_11.2.0.9453_<GUID>", the GUID is dropped), or by a "v" after a model
// number ("E775v1.3u"). A version keyword ("Version", "version", "Ver",
// "Ver.", "v", "V", "Build") introduces the version and is not part of it
// ("Apache FOP Version 2.3" → "2.3", "Paint.NET v3.22" → "3.22",
// "Ver.1.00u" → "1.00u"); after "Version" the next word is taken even when it
// is not a number, if it ends the string ("Apache FOP Version svn-trunk").
// Marketing versions count as versions: Adobe "CS", "CS2"…"CS6", "CC" and
// "CC 2014" (name "Adobe Photoshop", version "CS5"; a later number such as
// "Adobe Fireworks CS5 11.0.0.484" or "Adobe InDesign CS3 (5.0.2)" is build
// detail and dropped, so CS versions compare alike), Corel "X6" and
// Chrome/Skia milestones ("Skia/PDF m80" → "Skia/PDF", "m80"). A number in
// parentheses is the version only when there is no other ("dvipdfmx
// (20090506)" → "20090506"; "Nitro Pro 8 (8. 5. 3. 5)" → "8"). "XeTeX output
// 2020.10.15:1414" is a TeX time stamp, not a version: "XeTeX", "".
//
// The platform is the text the string gives for it, as written: a
// parenthesised group naming an OS ("(Windows)", "(Macintosh)", "(Win32)",
// "(Mac OS)", "(PHP/Linux 2.2.16)", "(Windows 32bit Build 24.072.S)" →
// "Windows 32bit") or a bitness ("(64-bit)"); a bare "Windows",
// "Macintosh", "Win32"… after the version ("Adobe Photoshop CS5 Windows"), and
// Nikon's trailing "W"/"M" right after it ("Nikon Transfer 1.1 W"); "for
// <platform>" ("Adobe Photoshop for Macintosh", "Microsoft Word for Windows
// 95" → "Microsoft Word", "95", "Windows"); and the Mac Office spelling
// "Microsoft Macintosh Excel" → "Microsoft Excel", platform "Macintosh", so
// Mac and Windows Office have one name. A leading OS name is the product
// itself ("Mac OS X 10.5.7 (9J61)" → "Mac OS X", "10.5.7", ""; "iOS 14.2").
//
// "for" ends the name: "Microsoft® Word for Microsoft 365" → "Microsoft
// Word", version "365". Microsoft 365 (earlier Office 365) is the edition the
// program names instead of a version, just as "Word 2016" names 2016; it is
// kept because it dates the file (a "for Microsoft 365" producer cannot be
// older than the subscription product), and it does not compare with
// numbered versions such as "16.0".
//
// "Microsoft Office Word" stays "Microsoft Office Word": only spelling
// variants are folded here, product aliases belong in the baseline.
//
// A string that is only a version, as iPhones write EXIF Software ("14.2")
// or cameras their firmware ("Ver.1.00", "Version 1.0", "V01.02.05"), names no
// product: the name is then the whole (normalised) string and the version
// the version part ("Ver.1.00" → "Ver.1.00", "1.00"), so that the name is
// never empty; the device is in the Make and Model tags. Firmware build codes
// with no recognisable version ("G988BXXSFFVIB", "HD6.01.01.51.00") are a
// name with no version.
func ParseSoftware(raw string) (name, version, platform string) {
	chain := SplitSoftwareChain(raw)
	if len(chain) == 0 {
		return "", "", ""
	}
	return parseSoftwareProduct(chain[0])
}

// SplitSoftwareChain splits a software string that names several products
// into one string per product, in the order written, normalised as
// ParseSoftware does. Products are separated by ";" or " + " outside
// parentheses, and a later product's "modified using"/"modified with"
// introduction is dropped: "Adobe Acrobat Pro DC 20.12.20048; modified using
// iText® 5.5.13" → ["Adobe Acrobat Pro DC 20.12.20048", "iText 5.5.13"].
// It returns nil for an empty or blank string.
func SplitSoftwareChain(raw string) []string {
	s := normalizeSoftware(raw)
	if s == "" {
		return nil
	}
	var parts []string
	add := func(p string) {
		p = strings.TrimSpace(p)
		if q := softwareChainLeadRe.ReplaceAllString(p, ""); q != "" {
			p = q
		}
		if p != "" {
			parts = append(parts, p)
		}
	}
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '(':
			depth++
		case s[i] == ')':
			if depth > 0 {
				depth--
			}
		case depth > 0:
		case s[i] == ';':
			add(s[start:i])
			start = i + 1
		case s[i] == '+' && i > 0 && s[i-1] == ' ' && i+1 < len(s) && s[i+1] == ' ':
			add(s[start:i])
			start = i + 1
		}
	}
	add(s[start:])
	if len(parts) == 0 {
		// Only separators: keep the text so that the name is not empty.
		return []string{s}
	}
	return parts
}

// normalizeSoftware drops marks, control characters and invalid UTF-8 and
// folds white space.
func normalizeSoftware(raw string) string {
	if !utf8.ValidString(raw) {
		raw = strings.ToValidUTF8(raw, " ")
	}
	var b strings.Builder
	b.Grow(len(raw))
	for _, r := range raw {
		switch {
		case r == '®' || r == '™' || r == '℠':
		case unicode.IsSpace(r) || unicode.IsControl(r):
			b.WriteByte(' ')
		case unicode.Is(unicode.Cf, r):
			// zero-width spaces, BOMs, direction marks
		default:
			b.WriteRune(r)
		}
	}
	s := softwareMarksRe.ReplaceAllString(b.String(), "")
	return strings.Join(strings.Fields(s), " ")
}

// parseSoftwareProduct parses one normalised product string.
func parseSoftwareProduct(s string) (name, version, platform string) {
	if loc := softwareNoiseRe.FindStringIndex(s); loc != nil {
		if head := strings.TrimSpace(s[:loc[0]]); head != "" {
			s = head
		}
	}
	if rest := softwareLeadRe.ReplaceAllString(s, ""); rest != "" {
		s = rest
	}
	if strings.HasPrefix(s, "Mozilla/") {
		name, version, platform = parseUserAgent(s)
	}
	if m := softwareQuartzRe.FindStringSubmatch(s); name == "" && m != nil {
		name, platform = m[3], m[1]
		version = softwareNumberRe.FindString(softwareParenRe.ReplaceAllString(m[2], " "))
	}
	if name == "" {
		name, version, platform = parseODFGenerator(s)
	}
	if name == "" {
		name, version, platform = parseSoftwareWords(s)
	}
	name = strings.TrimRight(strings.TrimSpace(name), " -,;")
	if name == "" {
		name = s
	}
	return name, strings.TrimSpace(version), strings.TrimSpace(platform)
}

// parseODFGenerator parses "Name/version$Platform Project/build". It
// returns an empty name when s is not in that form, or when the part before
// the slash already holds a version ("Foo 1.0 bar/2.0" is not a generator).
func parseODFGenerator(s string) (name, version, platform string) {
	m := softwareODFRe.FindStringSubmatch(s)
	if m == nil {
		return "", "", ""
	}
	words := strings.Fields(strings.ReplaceAll(m[1], "_", " "))
	for _, w := range words {
		if isSoftwareVersion(w) {
			return "", "", ""
		}
	}
	name = strings.Join(words, " ")
	version = strings.TrimRight(m[2], ".,;:")
	switch {
	case m[3] != "" && !softwareODFNotPlatformRe.MatchString(m[3]):
		platform = m[3]
	case m[4] != "" && softwarePlatformRe.MatchString(m[4]):
		platform = m[4]
	}
	return name, version, platform
}

// parseUserAgent picks the browser out of a user-agent string.
func parseUserAgent(s string) (name, version, platform string) {
	if open := strings.IndexByte(s, '('); open >= 0 {
		inner := s[open+1:]
		if end := strings.IndexByte(inner, ')'); end >= 0 {
			inner = inner[:end]
		}
		for _, seg := range strings.Split(inner, ";") {
			if seg = strings.TrimSpace(seg); softwarePlatformRe.MatchString(seg) {
				platform = seg
				break
			}
		}
	}
	products := softwareUAProductRe.FindAllStringSubmatch(softwareParenRe.ReplaceAllString(s, " "), -1)
	// The products that name the program, most specific first (mail clients
	// built on Gecko say Mozilla and Gecko too; Edge and
	// Opera also say Chrome and Safari; Chrome also says Safari).
	priority := [...]string{"Thunderbird", "SeaMonkey", "Icedove", "Postbox", "Edg", "EdgA", "OPR", "SamsungBrowser", "HeadlessChrome", "Chrome", "CriOS", "Firefox", "FxiOS", "Version", "Safari"}
	for _, want := range priority {
		for _, p := range products {
			if p[1] != want {
				continue
			}
			if want == "Version" {
				// Safari writes its own version as "Version/x … Safari/y".
				for _, q := range products {
					if q[1] == "Safari" {
						return "Safari", p[2], platform
					}
				}
				continue
			}
			return p[1], p[2], platform
		}
	}
	return "", "", ""
}

// softwareUnit is a word, or a parenthesised group without its parentheses.
type softwareUnit struct {
	text  string
	paren bool
}

// splitSoftwareUnits splits s into words and parenthesised groups. An
// unclosed group runs to the end; a stray ")" separates words.
func splitSoftwareUnits(s string) []softwareUnit {
	var units []softwareUnit
	var word strings.Builder
	flush := func() {
		if word.Len() > 0 {
			units = append(units, softwareUnit{text: word.String()})
			word.Reset()
		}
	}
	runes := []rune(s)
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		switch r {
		case ' ', ')', '）':
			flush()
		case '(', '（':
			flush()
			depth, j := 1, i+1
			for ; j < len(runes); j++ {
				if runes[j] == '(' || runes[j] == '（' {
					depth++
				} else if runes[j] == ')' || runes[j] == '）' {
					depth--
					if depth == 0 {
						break
					}
				}
			}
			end := min(j, len(runes))
			units = append(units, softwareUnit{text: strings.TrimSpace(string(runes[i+1 : end])), paren: true})
			i = end
		default:
			word.WriteRune(r)
		}
	}
	flush()
	return units
}

// isSoftwareVersion reports whether w is a version token.
func isSoftwareVersion(w string) bool {
	return softwareVersionRe.MatchString(w)
}

// isSoftwarePlatformWord reports whether a bare word names a platform.
func isSoftwarePlatformWord(w string) bool {
	switch strings.ToLower(w) {
	case "windows", "win32", "win64", "macintosh", "mac", "macos", "macosx", "osx", "linux", "unix", "ios", "android":
		return true
	}
	return false
}

// splitGluedVersion splits a word that holds a name and a version:
// "pdfTeX-1.40.21", "itext-paulo-155", "Office_11.1.0.10700_<GUID>",
// "E775v1.3u". It returns ok false when w holds no glued version.
func splitGluedVersion(w string) (head, version string, ok bool) {
	headLetter, headDigit := false, false
	for i, r := range w {
		if r != '-' || i+1 >= len(w) || w[i+1] < '0' || w[i+1] > '9' {
			headLetter = headLetter || unicode.IsLetter(r)
			headDigit = headDigit || unicode.IsDigit(r)
			continue
		}
		head, tail := w[:i], w[i+1:]
		if headLetter && isSoftwareVersion(tail) && (!headDigit || softwareDottedRe.MatchString(tail)) {
			return head, tail, true
		}
	}
	if m := softwareUnderscoreVersionRe.FindStringSubmatch(w); m != nil {
		return m[1], m[2], true
	}
	if m := softwareModelVersionRe.FindStringSubmatch(w); m != nil && strings.ContainsFunc(m[1], unicode.IsDigit) && isSoftwareVersion(m[2]) {
		return m[1], m[2], true
	}
	return "", "", false
}

// dottedVersionAfter reports whether a later unit is a dotted version: then
// a number glued to a word before it ("DC-1000 Firmware 1.02") is a model
// number, not the version.
func dottedVersionAfter(units []softwareUnit) bool {
	for _, u := range units {
		w := strings.TrimRight(u.text, ".,;:")
		if !u.paren && isSoftwareVersion(w) && strings.Contains(w, ".") {
			return true
		}
	}
	return false
}

// parseParenthesised reads a parenthesised group: a platform, and a version
// to use when there is no other.
func parseParenthesised(c string) (platform, version string) {
	switch {
	case softwareBitnessRe.MatchString(c):
		return c, ""
	case softwarePlatformRe.MatchString(c):
		platform = c
		if loc := softwareBuildRe.FindStringSubmatchIndex(c); loc != nil {
			platform = strings.TrimSpace(c[:loc[0]])
			if b := strings.TrimRight(c[loc[2]:loc[3]], ".,;:"); isSoftwareVersion(b) {
				version = b
			}
		}
		return platform, version
	case isSoftwareVersion(c):
		return "", c
	}
	return "", ""
}

// softwareForClause reads the words after "for": a platform, and a version
// after it ("for Windows 95") or an edition ("for Microsoft 365").
func softwareForClause(units []softwareUnit) (platform, version string) {
	words := make([]string, 0, 4)
	for _, u := range units {
		if u.paren || len(words) == 4 {
			break
		}
		words = append(words, u.text)
	}
	rest := words
	for n := min(3, len(words)); n >= 1; n-- {
		p := strings.Join(words[:n], " ")
		if isSoftwarePlatformWord(p) || (n > 1 && softwarePlatformRe.MatchString(p) && strings.EqualFold(words[0], "mac")) {
			platform, rest = p, words[n:]
			break
		}
	}
	switch {
	case platform != "" && len(rest) > 0 && isSoftwareVersion(rest[0]):
		version = rest[0]
	case platform == "" && len(words) >= 2 && (words[0] == "Microsoft" || words[0] == "Office") && words[1] == "365":
		version = words[1]
	}
	return platform, version
}

// parseSoftwareWords reads a product string word by word.
func parseSoftwareWords(s string) (name, version, platform string) {
	units := splitSoftwareUnits(s)
	var nameWords []string
	parenVersion := ""
	setPlatform := func(p string) {
		if platform == "" {
			platform = p
		}
	}
	corel := strings.HasPrefix(strings.ToLower(s), "corel")
	skia := strings.Contains(strings.ToLower(s), "skia")

	i, stop := 0, false
	for ; i < len(units) && version == "" && !stop; i++ {
		u := units[i]
		if u.paren {
			p, v := parseParenthesised(u.text)
			setPlatform(p)
			if parenVersion == "" {
				parenVersion = v
			}
			continue
		}
		w := strings.TrimRight(u.text, ",;")
		if w == "" {
			continue
		}
		next := ""
		if i+1 < len(units) && !units[i+1].paren {
			next = strings.TrimRight(units[i+1].text, ".,;:")
		}
		hasName := len(nameWords) > 0
		switch {
		case hasName && (w == "-" || strings.Contains(w, "://") || strings.HasPrefix(strings.ToLower(w), "www.")):
			stop = true
		case hasName && strings.EqualFold(w, "for"):
			p, v := softwareForClause(units[i+1:])
			setPlatform(p)
			version = v
			stop = true
		case hasName && w == "output" && next != "" && next[0] >= '0' && next[0] <= '9':
			stop = true // TeX: "XeTeX output 2020.10.15:1414"
		case hasName && w == "Macintosh":
			setPlatform(w) // "Microsoft Macintosh Excel"
		case hasName && (isAdobeSuiteVersion(w) || (corel && isCorelVersion(w)) || (skia && isSkiaMilestone(w))):
			version = w
		case hasName && w == "CC":
			version = w
			if next != "" && len(next) == 4 && strings.HasPrefix(next, "20") && isSoftwareVersion(next) {
				version = w + " " + next
				i++
			}
		case softwareKeywordRe.MatchString(w) && next != "" &&
			(isSoftwareVersion(next) || (strings.EqualFold(w, "version") && i+2 == len(units))):
			version = next
			i++
		case softwareKeywordGluedRe.MatchString(w) && isSoftwareVersion(strings.TrimRight(softwareKeywordGluedRe.FindStringSubmatch(w)[1], ".,;:")):
			version = strings.TrimRight(softwareKeywordGluedRe.FindStringSubmatch(w)[1], ".,;:")
		case isSoftwareVersion(strings.TrimRight(w, ".:")):
			version = strings.TrimRight(w, ".:")
		default:
			if head, v, ok := splitGluedVersion(w); ok && (strings.Contains(v, ".") || !dottedVersionAfter(units[i+1:])) {
				nameWords = append(nameWords, head)
				version = v
			} else {
				nameWords = append(nameWords, w)
			}
		}
	}

	// After the version only a platform is of interest.
	versionEnd := i
	for ; i < len(units) && !stop; i++ {
		u := units[i]
		if u.paren {
			p, _ := parseParenthesised(u.text)
			setPlatform(p)
			continue
		}
		w := strings.TrimRight(u.text, ",;")
		switch {
		case w == "-":
			stop = true
		case strings.EqualFold(w, "for"):
			p, _ := softwareForClause(units[i+1:])
			setPlatform(p)
			stop = true
		case isSoftwarePlatformWord(w):
			setPlatform(w)
		case (w == "W" || w == "M") && i == versionEnd && i+1 == len(units):
			setPlatform(w) // Nikon: "Nikon Transfer 1.1 W"
		}
	}

	if version == "" {
		version = parenVersion
	}
	name = strings.Join(nameWords, " ")
	if name == "" {
		// Only a version ("14.2", "Ver.1.00"): the whole string is the name.
		name = s
	}
	return name, version, platform
}

// isAdobeSuiteVersion reports whether w is an Adobe Creative Suite version.
func isAdobeSuiteVersion(w string) bool {
	if !strings.HasPrefix(w, "CS") || len(w) > 4 {
		return false
	}
	for _, r := range w[2:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// isCorelVersion reports whether w is a Corel "X<n>" version.
func isCorelVersion(w string) bool {
	return len(w) >= 2 && len(w) <= 3 && w[0] == 'X' && softwareAllDigits(w[1:])
}

// isSkiaMilestone reports whether w is a Chrome milestone, "m80".
func isSkiaMilestone(w string) bool {
	return len(w) >= 2 && len(w) <= 5 && w[0] == 'm' && softwareAllDigits(w[1:])
}

// softwareAllDigits reports whether s is a non-empty run of ASCII digits.
func softwareAllDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
