package ole_test

import (
	"encoding/json"
	"strings"
)

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// exifTime turns ExifTool's "2017:03:01 09:12:00" (UTC for FlashPix on a
// machine in UTC) into RFC 3339 with Z.
func exifTime(s string) string {
	if len(s) < 19 {
		return s
	}
	return strings.Replace(s[:10], ":", "-", 2) + "T" + s[11:19] + "Z"
}
