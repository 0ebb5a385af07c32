// Package casedb keeps a docprov case in a SQLite database: every
// questioned document's Record, its raw fields, software and identifiers,
// the findings and groups of the last scan, the baseline it was compared
// with and the parameters of every run. The schema is documented below;
// it is what analysts query.
package casedb
