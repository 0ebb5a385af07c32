package odf

// FullRead is a Format that reads every token of every part, for the tests
// that check skipping changes nothing.
var FullRead = Format{fullRead: true}
