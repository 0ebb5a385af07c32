package main

import "fmt"

// countNoun is n with the noun in the number it takes: "1 document",
// "2 documents". many is the plural, since English plurals are not all
// one + "s" ("copy", "copies").
func countNoun(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
