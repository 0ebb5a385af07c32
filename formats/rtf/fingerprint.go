package rtf

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/docprov/docprov/formats/internal/producer"
	"github.com/docprov/docprov/provenance"
)

// Producer families the structural fingerprint can name.
const (
	FamilyWord        = "Microsoft Word"
	FamilyWordPad     = "WordPad" // RichEdit (Riched20, Msftedit)
	FamilyLibreOffice = "LibreOffice"
	FamilyCocoa       = "Cocoa RTF" // TextEdit and other Cocoa apps
	FamilyPandoc      = "pandoc"
	FamilyAspose      = "Aspose.Words"
)

// minScore is the least evidence weight for naming a producer.
const minScore = 3

// ClaimedFamily maps a \*\generator string to the family it claims, or "".
func ClaimedFamily(generator string) string {
	g := strings.ToLower(strings.TrimSpace(generator))
	switch {
	case strings.HasPrefix(g, "microsoft word"):
		return FamilyWord
	case strings.HasPrefix(g, "riched20"), strings.HasPrefix(g, "msftedit"):
		return FamilyWordPad
	case strings.HasPrefix(g, "libreoffice"), strings.HasPrefix(g, "openoffice"), strings.HasPrefix(g, "staroffice"):
		return FamilyLibreOffice
	case strings.HasPrefix(g, "aspose.words"):
		return FamilyAspose
	}
	return ""
}

// wordRelease names the Word release of a \vern: Word 2000 to 2013 write
// (major-8)<<13 plus a build in the low bits; Word 97 writes a small
// number, and so does Word 2016 and later, where the 16 bits wrapped.
func wordRelease(vern int64, word2007Groups bool) string {
	if vern <= 0 || vern > 0xFFFF {
		return ""
	}
	major := 8 + vern>>13
	if major == 8 && word2007Groups {
		major = 16
	}
	names := map[int64]string{8: "Word 97", 9: "Word 2000", 10: "Word 2002", 11: "Word 2003",
		12: "Word 2007", 14: "Word 2010", 15: "Word 2013", 16: "Word 2016 or later"}
	if n, ok := names[major]; ok {
		return n
	}
	return "Word " + strconv.FormatInt(major, 10)
}

// fingerprint infers the producing family from the file's structure, as
// formats/ooxml does from a package's: rtf.fingerprint.producer (or
// "unknown"), .score[family], .evidence[i], .claimed and .agrees, and an
// inferred producer Software entry.
func fingerprint(rec *provenance.Record) {
	f := rec.Fields
	marks := map[string]bool{}
	for _, m := range strings.Split(f["rtf.structure"], "|") {
		marks[m] = true
	}
	type evidence struct {
		family, what string
		weight       int
	}
	var ev []evidence
	add := func(fam string, w int, what string) { ev = append(ev, evidence{fam, what, w}) }
	w2007 := marks["themedata"] || marks["xmlnstbl"] || marks["colorschememapping"] || marks["latentstyles"]
	comment := strings.ToLower(f["rtf.info.comment"])
	lo := marks["pgdsctbl"] || strings.Contains(comment, "starwriter") || strings.Contains(comment, "libreoffice") || strings.Contains(comment, "openoffice")

	if marks["rsidtbl"] {
		add(FamilyWord, 3, `\*\rsidtbl (revision-save IDs)`)
	}
	if marks["xmlnstbl"] {
		add(FamilyWord, 2, `\*\xmlnstbl`)
	}
	if marks["themedata"] || marks["colorschememapping"] {
		add(FamilyWord, 2, `\*\themedata or \*\colorschememapping`)
	}
	if marks["latentstyles"] {
		add(FamilyWord, 1, `\*\latentstyles`)
	}
	if v, err := strconv.ParseInt(f["rtf.info.vern"], 10, 64); err == nil && !lo {
		if r := wordRelease(v, w2007); r != "" && marks["info"] {
			add(FamilyWord, 3, fmt.Sprintf(`\vern%d (%s)`, v, r))
			f.Set("rtf.fingerprint.word_release", r)
		}
	}
	if marks["pgdsctbl"] {
		add(FamilyLibreOffice, 4, `\*\pgdsctbl (page styles)`)
	}
	if lo && !marks["pgdsctbl"] {
		add(FamilyLibreOffice, 4, `\comment names StarWriter/LibreOffice`)
	}
	if marks["nouicompat"] {
		add(FamilyWordPad, 3, `\nouicompat`)
	}
	if !marks["stylesheet"] && !marks["info"] && f["rtf.header.viewkind"] == "4" && f["rtf.header.uc"] == "1" {
		add(FamilyWordPad, 3, `\viewkind4\uc1 without a style sheet or \info`)
	}
	if f["rtf.header.cocoartf"] != "" {
		add(FamilyCocoa, 5, `\cocoartf`+f["rtf.header.cocoartf"])
	}
	if f["rtf.font[0]"] == "Helvetica" && f["rtf.font[1]"] == "Courier" && f["rtf.fonts"] == "2" &&
		!marks["info"] && !marks["generator"] && !marks["stylesheet"] && f["rtf.header.cocoartf"] == "" {
		add(FamilyPandoc, 4, `only the fonts Helvetica and Courier, no style sheet, \info or \generator (pandoc's template)`)
	}
	if f["rtf.info.nofpages"] != "" && f["rtf.info.creatim"] == "" && f["rtf.info.creatim.null"] == "" && !lo {
		// Word always writes \creatim beside its statistics; Aspose
		// writes the statistics of a document it never dated.
		add(FamilyAspose, 2, `\info statistics (\nofpages) without \creatim`)
	}
	if claimed := ClaimedFamily(f["rtf.generator"]); claimed == FamilyAspose {
		add(FamilyAspose, 3, `\*\generator Aspose.Words`)
	}

	score := map[string]int{}
	for _, e := range ev {
		score[e.family] += e.weight
	}
	fams := producer.Rank(score)
	for _, fam := range fams {
		f.Set(fmt.Sprintf("rtf.fingerprint.score[%s]", fam), strconv.Itoa(score[fam]))
	}
	for i, e := range ev {
		f.Set(fmt.Sprintf("rtf.fingerprint.evidence[%d]", i), fmt.Sprintf("%s: %s (+%d)", e.family, e.what, e.weight))
	}
	claimed := ClaimedFamily(f["rtf.generator"])
	if claimed == "" && f["rtf.header.cocoartf"] != "" {
		claimed = FamilyCocoa
	}
	f.Set("rtf.fingerprint.claimed", claimed)
	if len(fams) == 0 || score[fams[0]] < minScore {
		f.Set("rtf.fingerprint.producer", "unknown")
		return
	}
	best := fams[0]
	f.Set("rtf.fingerprint.producer", best)
	if claimed != "" {
		f.Set("rtf.fingerprint.agrees", strconv.FormatBool(claimed == best))
	}
	rec.AddSoftware(provenance.RoleProducer, best, "rtf.fingerprint.producer")
}
