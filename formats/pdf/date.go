package pdf

import "github.com/docprov/docprov/provenance"

// ParseDate parses a PDF date string tolerantly; see
// provenance.ParsePDFDate for the forms accepted. A date without an offset
// stays without one.
func ParseDate(s string) (provenance.Timestamp, error) { return provenance.ParsePDFDate(s) }

// ParseXMPDate parses an XMP (ISO 8601) date; see provenance.ParseXMPDate.
func ParseXMPDate(s string) (provenance.Timestamp, bool) { return provenance.ParseXMPDate(s) }
