package odf

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestLangTag(t *testing.T) {
	for _, tc := range []struct{ language, country, script, rfc, want string }{
		{"fr", "FR", "", "", "fr-FR"},
		{"EN", "us", "", "", "en-US"},
		{"de", "", "", "", "de"},
		{"sr", "RS", "latn", "", "sr-Latn-RS"},
		{"es", "419", "", "", "es-419"},
		{"zxx", "none", "", "", ""},
		{"none", "none", "", "", ""},
		{"", "FR", "", "", ""},
		{"qlt", "ES", "", "ca-ES-valencia", "ca-ES-valencia"},
		{"Chinese", "", "", "", ""},
		{"fr", "<script>", "", "", "fr"},
	} {
		assert.Equal(t, tc.want, langTag(tc.language, tc.country, tc.script, tc.rfc), "%+v", tc)
	}
	assert.Equal(t, "en-GB-x-priv", cleanTag("en_gb-X-PRIV"))
	assert.Equal(t, "zh-Hant-TW", cleanTag("zh-hant-tw"))
	assert.Equal(t, "", cleanTag("English"))
}

func TestLangRanking(t *testing.T) {
	var lc langCounts
	lc.add("fr-FR", true, true)
	lc.add("de-DE", false, true)
	lc.add("en-US", false, true)
	lc.add("en-US", false, true)
	lc.add("zh-CN", true, true)
	lc.add("", false, true)
	assert.Equal(t, []string{"fr-FR", "zh-CN", "en-US", "de-DE"}, lc.ranked())
}
