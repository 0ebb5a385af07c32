package ooxml

// A namespaceRelease ties an XML namespace that Microsoft Office added to
// OOXML after the 2006 standard to the first Office release that writes it.
// A file that uses a namespace cannot have been written before that release
// (betas aside), so a document claiming 2009 that declares w15 is an
// anachronism: the trace that exposed backdated files in COPA v Wright.
//
// Dates are general-availability dates of the Office release (Office 2010:
// 2010-06-15; Office 2013: 2013-01-29; Office 2016: 2015-09-22) or, for
// namespaces Microsoft 365 introduced between versions, the month of the
// [MS-DOCX]/[MS-XLSX]/[MS-PPTX] revision or Office build that first
// documented them: those are approximate to a few months and marked so.
// The year in a namespace URI is when Microsoft minted it, usually a year or
// more before a release wrote it.
type namespaceRelease struct {
	Prefix  string // the prefix Office uses
	URI     string
	Release string // "Office 2010", "Microsoft 365"
	Date    string // YYYY-MM-DD, or YYYY-MM when approximate
}

// namespaceReleases lists the namespaces docprov dates, oldest release
// first within each application.
var namespaceReleases = []namespaceRelease{
	// Office 2010.
	{"w14", "http://schemas.microsoft.com/office/word/2010/wordml", "Office 2010", "2010-06-15"},
	{"wp14", "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing", "Office 2010", "2010-06-15"},
	{"wps", "http://schemas.microsoft.com/office/word/2010/wordprocessingShape", "Office 2010", "2010-06-15"},
	{"wpg", "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup", "Office 2010", "2010-06-15"},
	{"wpc", "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas", "Office 2010", "2010-06-15"},
	{"wpi", "http://schemas.microsoft.com/office/word/2010/wordprocessingInk", "Office 2010", "2010-06-15"},
	{"x14ac", "http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac", "Office 2010", "2010-06-15"},
	{"x14", "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main", "Office 2010", "2010-06-15"},
	{"p14", "http://schemas.microsoft.com/office/powerpoint/2010/main", "Office 2010", "2010-06-15"},
	{"a14", "http://schemas.microsoft.com/office/drawing/2010/main", "Office 2010", "2010-06-15"},
	{"c14", "http://schemas.microsoft.com/office/drawing/2007/8/2/chart", "Office 2010", "2010-06-15"},
	// Office 2013.
	{"w15", "http://schemas.microsoft.com/office/word/2012/wordml", "Office 2013", "2013-01-29"},
	{"x15", "http://schemas.microsoft.com/office/spreadsheetml/2010/11/main", "Office 2013", "2013-01-29"},
	{"x15ac", "http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac", "Office 2013", "2013-01-29"},
	{"p15", "http://schemas.microsoft.com/office/powerpoint/2012/main", "Office 2013", "2013-01-29"},
	{"a15", "http://schemas.microsoft.com/office/drawing/2012/main", "Office 2013", "2013-01-29"},
	{"thm15", "http://schemas.microsoft.com/office/thememl/2012/main", "Office 2013", "2013-01-29"},
	{"c15", "http://schemas.microsoft.com/office/drawing/2012/chart", "Office 2013", "2013-01-29"},
	// Office 2016.
	{"w16se", "http://schemas.microsoft.com/office/word/2015/wordml/symex", "Office 2016", "2015-09-22"},
	{"a16", "http://schemas.microsoft.com/office/drawing/2014/main", "Office 2016", "2015-09-22"},
	{"c16", "http://schemas.microsoft.com/office/drawing/2014/chart", "Office 2016", "2015-09-22"},
	{"x16r2", "http://schemas.microsoft.com/office/spreadsheetml/2015/02/main", "Office 2016", "2015-09-22"},
	{"xr", "http://schemas.microsoft.com/office/spreadsheetml/2014/revision", "Office 2016", "2015-09-22"},
	{"xr2", "http://schemas.microsoft.com/office/spreadsheetml/2015/revision2", "Office 2016", "2015-09-22"},
	{"xr3", "http://schemas.microsoft.com/office/spreadsheetml/2016/revision3", "Microsoft 365", "2016-09"},
	{"xr6", "http://schemas.microsoft.com/office/spreadsheetml/2016/revision6", "Microsoft 365", "2017-01"},
	{"xr10", "http://schemas.microsoft.com/office/spreadsheetml/2016/revision10", "Microsoft 365", "2017-01"},
	{"p16", "http://schemas.microsoft.com/office/powerpoint/2015/main", "Office 2016", "2015-09-22"},
	// Microsoft 365 (approximate: first documented or first written).
	{"w16cid", "http://schemas.microsoft.com/office/word/2016/wordml/cid", "Microsoft 365", "2019-06"},
	{"w16", "http://schemas.microsoft.com/office/word/2018/wordml", "Microsoft 365", "2019-06"},
	{"w16cex", "http://schemas.microsoft.com/office/word/2018/wordml/cex", "Microsoft 365", "2019-06"},
	{"w16sdtdh", "http://schemas.microsoft.com/office/word/2020/wordml/sdtdatahash", "Microsoft 365", "2020-10"},
	{"w16du", "http://schemas.microsoft.com/office/word/2023/wordml/word16du", "Microsoft 365", "2023-06"},
	{"w16sdtfl", "http://schemas.microsoft.com/office/word/2024/wordml/sdtformatlock", "Microsoft 365", "2024-06"},
	{"aink", "http://schemas.microsoft.com/office/drawing/2016/ink", "Microsoft 365", "2016-09"},
	{"am3d", "http://schemas.microsoft.com/office/drawing/2017/model3d", "Microsoft 365", "2017-07"},
	{"a16svg", "http://schemas.microsoft.com/office/drawing/2016/SVG/main", "Microsoft 365", "2017-02"},
	{"p188", "http://schemas.microsoft.com/office/powerpoint/2018/8/main", "Microsoft 365", "2020-01"},
	{"p223", "http://schemas.microsoft.com/office/powerpoint/2022/03/main", "Microsoft 365", "2022-06"},
	{"xcalcf", "http://schemas.microsoft.com/office/spreadsheetml/2018/calcfeatures", "Microsoft 365", "2019-06"},
	{"xpdl", "http://schemas.microsoft.com/office/spreadsheetml/2016/pivotdefaultlayout", "Microsoft 365", "2017-01"},
	{"xda", "http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray", "Microsoft 365", "2019-09"},
	{"xlrd2", "http://schemas.microsoft.com/office/spreadsheetml/2017/richdata2", "Microsoft 365", "2019-09"},
}

// releaseOf returns the release entry of a namespace URI.
func releaseOf(uri string) (namespaceRelease, bool) {
	for _, r := range namespaceReleases {
		if r.URI == uri {
			return r, true
		}
	}
	return namespaceRelease{}, false
}
