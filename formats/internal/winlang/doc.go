// Package winlang holds the Windows language and code page tables that
// more than one format reads: LCIDs (Word's lid, property sets' Locale,
// RTF's \lang and \deflang) to BCP 47 tags, and Windows code pages
// (property sets' CodePage, RTF's \ansicpg) to decoders. They live here
// once so that a doc and an rtf of one machine name its language alike.
package winlang
