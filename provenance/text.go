package provenance

import (
	"fmt"
	"strings"
	"time"
)

// countNoun is n with the noun in the number it takes: "1 document",
// "2 documents". many is the plural, since English plurals are not all
// one + "s".
func countNoun(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// days is d in whole days, for messages: "1 day", "41 days".
func days(d time.Duration) string {
	return countNoun(int(d.Hours()/24), "day", "days")
}

// errorLine is how a report shows a file that could not be read: its path
// and the error, naming the path once. The error usually names the file
// already (the batch's errors do, "x.txt: content not recognised", "stat
// x.txt: no such file"), and prefixing the path again gave "x.txt: x.txt: …".
func (d DocReport) errorLine() string {
	if d.Path != "" && strings.Contains(d.Error, d.Path) {
		return d.Error
	}
	return d.Path + ": " + d.Error
}
