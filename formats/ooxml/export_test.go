package ooxml

// FullRead is a Format that walks every token of every part, for the tests
// that check skimming changes nothing.
var FullRead = Format{fullRead: true}
