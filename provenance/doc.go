// Package provenance is docprov's model of a document's provenance: the
// Record every format extractor fills, and (later) the baseline, checks and
// findings that read it. It knows nothing of file formats and depends on the
// standard library only.
package provenance
