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
	// "Apache FOP Version 2.7", "K10D Ver 1.30", "Foo build 1234", "IBM
	// Notes Release 9.0.1FP2".
	softwareKeywordRe = regexp.MustCompile(`^(?i:version|ver\.?|v|build|release|版本)$`)

	// softwareModelVersionRe is a model number glued to a version with a
	// "v": "E775v1.3u" (Nikon Coolpix firmware).
	softwareModelVersionRe = regexp.MustCompile(`^([A-Za-z0-9]+)[vV](\d+\.\d+.*)$`)

	// softwareUnderscoreVersionRe is "Name_version[_anything]", as WPS
	// Office writes it: "Office_11.1.0.10700_F1E327BC-269C-…".
	softwareUnderscoreVersionRe = regexp.MustCompile(`^(.*[A-Za-z])_(\d+(?:\.\d+)+)(?:_.*)?$`)

	// softwareMarksRe matches the ASCII spellings of ® and ™.
	softwareMarksRe = regexp.MustCompile(`(?i)\((?:r|tm)\)`)

	// softwareNoiseRe starts a copyright or licence notice, which ends the
	// product part: "©2000-2018 iText Group NV", "(c) 1T3XT BVBA", "cpdf
	// non-commercial use only. To buy: …", "… evaluation version",
	// "… unregistered".
	softwareNoiseRe = regexp.MustCompile(`©|\([cC]\)|(?i:\bcopyright\b|\bnon-?commercial\b|\bunregistered\b|\b(?:evaluation|trial|demo)\s+(?:version|copy|mode|only)\b)`)

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
//     BVBA") or a licence notice ("cpdf non-commercial use only. To buy:
//     http://coherentpdf.com/" → "cpdf"; "unregistered", "evaluation
//     version", "trial version") ends the product part; an introduction
//     ("Generated by", "produced by") is dropped.
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
//     number is dropped, and so is the letter of a Rapid Security Response
//     ("macOS Version 13.4.1 (c) (Build 22F82)" is 13.4.1, not a notice).
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
//   - " - " ends the name: what follows is a vendor, a URL or a document
//     title ("Foxit PDF Editor - Foxit Software Inc.", "Microsoft Word -
//     1st week"). The one exception is the window title that Office's
//     print-to-PDF path writes, "<title> - <program>"
//     ("NPCD_FREQUENCY_TABLES_00 - Microsoft Word" → "Microsoft Word"): the
//     right-hand side is the product when the left-hand side has no version,
//     the right-hand side names a product the release table (ReleaseOf)
//     knows and the left-hand side does not. Words cannot tell a title from
//     a program nobody has listed, so an unknown program on the right stays
//     unread rather than a title becoming a product name.
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
// "Ver.1.00u" → "1.00u", "IBM Notes Release 9.0.1FP2" → "IBM Notes",
// "9.0.1FP2"); after "Version" the next word is taken even when it is not a
// number, if it ends the string ("Apache FOP Version svn-trunk"). A colon
// that ends the name is punctuation ("Acme-software: 1.0.0.0" →
// "Acme-software", "1.0.0.0"); one inside it stays ("Microsoft: Print To
// PDF").
//
// Adobe's suite names "CS", "CS2"…"CS6" and "CC" are not part of the name
// (so "Adobe Photoshop CS5", "Adobe Photoshop CC 2019" and "Adobe Photoshop
// 22.1" are one product) and are the version only when no number follows
// them: "Adobe Photoshop CS5 Windows" → "CS5", "Adobe Photoshop CC
// (Macintosh)" → "CC". A number right after the suite name, bare or in
// parentheses, is the program's own release and is the version: "Adobe
// Photoshop CC 2019 (Windows)" → "2019" (the marketing year, as "Word 2016"
// is 2016; Photoshop 2020 and later write only their number), "Adobe
// InDesign CC 13.1 (Macintosh)" → "13.1", "Adobe InDesign CS (3.0)" →
// "3.0", "Adobe InDesign CS3 (5.0.2)" → "5.0.2", "Adobe Fireworks CS5
// 11.0.0.484" → "11.0.0.484". "CC" alone spans six years of releases, and
// a program that writes its number writes it in every release (InDesign:
// CS (3.0), CS3 (5.0.2), CC 13.1, then 15.0), so the number is the value
// that compares alike across one product's history. Corel "X6" and
// Chrome/Skia milestones ("Skia/PDF m80" → "Skia/PDF", "m80") are versions
// too.
//
// A number in parentheses is the version when there is no other
// ("dvipdfmx (20090506)" → "20090506"; "Nitro Pro 8 (8. 5. 3. 5)" → "8"),
// or when it is the full form of a bare major number before it ("VueScan 9
// x64 (9.6.01)" → "9.6.01"; "Foo 9 (10.1)" stays "9"). After "for <host>" a
// version that follows the host is the product's ("Outlook Connector for
// MDaemon 4.5.0" → "Outlook Connector", "4.5.0"; "Aspose.Words for .NET
// 15.9.0.0"): the product is "<name> for <host>" and the name keeps only
// "<name>", as for "Acrobat PDFMaker 8.1 for Word". "XeTeX output
// 2020.10.15:1414" is a TeX time stamp, not a version: "XeTeX", "".
//
// The platform is the text the string gives for it, as written: a
// parenthesised group naming an OS ("(Windows)", "(Macintosh)", "(Win32)",
// "(Mac OS)", "(PHP/Linux 2.2.16)", "(Windows 32bit Build 24.072.S)" →
// "Windows 32bit") or a bitness ("(64-bit)", and a bare "x64", "x86",
// "64-bit" anywhere after the first word: "Bluebeam Revu x64" → "Bluebeam
// Revu", platform "x64"); a bare "Windows",
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
	// Apple's Quartz form is read before a notice is looked for: a
	// Rapid Security Response writes its letter as "(c)" after the OS
	// version ("macOS Version 13.4.1 (c) (Build 22F82) Quartz
	// PDFContext"), which is not a copyright sign.
	if m := softwareQuartzRe.FindStringSubmatch(s); m != nil {
		return m[3], softwareNumberRe.FindString(softwareParenRe.ReplaceAllString(m[2], " ")), m[1]
	}
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
	if name == "" {
		name, version, platform = parseODFGenerator(s)
	}
	if name == "" {
		name, version, platform = parseSoftwareWords(s)
		if version == "" {
			if n, v, p, ok := parseTitleProgram(s, name); ok {
				name, version, platform = n, v, p
			}
		}
	}
	// A colon after the name separates it from the version ("Acme-software:
	// 1.0.0.0"); one inside the name ("Microsoft: Print To PDF") stays.
	name = strings.TrimRight(strings.TrimSpace(name), " -,;:")
	if name == "" {
		name = s
	}
	return name, strings.TrimSpace(version), strings.TrimSpace(platform)
}

// parseTitleProgram reads "<document title> - <program>", the window title
// that Word's and Excel's print-to-PDF path leaves in a PDF Creator
// ("NPCD_FREQUENCY_TABLES_00 - Microsoft Word"). The usual reading of
// " - " is "<program> - <vendor, URL or title>" ("Foxit PDF Editor - Foxit
// Software Inc.", "Microsoft Word - 1st week", as older Office wrote its
// title), and parseSoftwareWords stops there; leftName is the name it read.
// The right-hand side is taken instead only when it names a program the
// release table knows and the left-hand side does not: a title cannot be
// told from an unknown program by its words, and a known program on the
// right is what the window-title form puts there.
func parseTitleProgram(s, leftName string) (name, version, platform string, ok bool) {
	depth := 0
	for i := 0; i+3 <= len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth = max(depth-1, 0)
		}
		if depth > 0 || s[i:i+3] != " - " {
			continue
		}
		if isKnownSoftware(leftName) {
			return "", "", "", false
		}
		right := strings.TrimSpace(s[i+3:])
		if right == "" {
			return "", "", "", false
		}
		name, version, platform = parseSoftwareWords(right)
		name = strings.TrimRight(strings.TrimSpace(name), " -,;:")
		if name == "" || !isKnownSoftware(name) {
			return "", "", "", false
		}
		return name, version, platform, true
	}
	return "", "", "", false
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
	return isSoftwareBitnessWord(w)
}

// isSoftwareBitnessWord reports whether a bare word names the processor
// architecture or bitness of a build ("x64", "64-bit"): it says which build
// of the program was used, not which program, so it is a platform and never
// part of the name ("VueScan 9 x64 (9.6.01)").
func isSoftwareBitnessWord(w string) bool {
	switch strings.ToLower(w) {
	case "x64", "x86", "x86_64", "amd64", "arm64", "i386", "i686":
		return true
	}
	return softwareBitnessRe.MatchString(w)
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
	case platform == "":
		// "Outlook Connector for MDaemon 4.5.0", "Aspose.Words for .NET
		// 15.9.0.0", "Aspose.Cells for Java v7.1.0.0": the product is
		// "<name> for <host>", and the version after the host is its own.
		for _, w := range words[min(1, len(words)):] {
			w = strings.TrimRight(w, ".,;:")
			if m := softwareKeywordGluedRe.FindStringSubmatch(w); m != nil && isSoftwareVersion(m[1]) {
				w = m[1]
			}
			if isSoftwareVersion(w) {
				version = w
				break
			}
		}
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
		case hasName && (isAdobeSuiteVersion(w) || w == "CC"):
			// An Adobe suite name ("CS", "CS5", "CC") is the version
			// only when no number follows it; a number right after it,
			// bare or in parentheses, is the program's own release
			// ("CC 2019", "CC 13.1", "CS (3.0)", "CS3 (5.0.2)").
			version = w
			if i+1 < len(units) {
				if nu := units[i+1]; !nu.paren && isSoftwareVersion(next) {
					version = next
					i++
				} else if p, v := parseParenthesised(nu.text); nu.paren && v != "" {
					version = v
					setPlatform(p)
					i++
				}
			}
		case hasName && ((corel && isCorelVersion(w)) || (skia && isSkiaMilestone(w))):
			version = w
		case hasName && isSoftwareBitnessWord(w):
			setPlatform(w) // "Foo x64 2.0"
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
			p, v := parseParenthesised(u.text)
			setPlatform(p)
			if v != "" && softwareAllDigits(version) && strings.HasPrefix(v, version+".") {
				// A full version that extends a bare major number:
				// "VueScan 9 x64 (9.6.01)" is 9.6.01.
				version = v
			}
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
