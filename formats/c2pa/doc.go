// Package c2pa reads and validates C2PA Content Credentials.
package c2pa
