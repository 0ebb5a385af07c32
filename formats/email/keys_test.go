package email

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLoadKeysZone: $ORIGIN, "@", owner-less lines, parentheses and the
// escapes of RFC 1035 §5.1.
func TestLoadKeysZone(t *testing.T) {
	zone := `$TTL 3600
$ORIGIN example.org.
s1._domainkey   IN TXT "v=DKIM1\; k=rsa; " "p=AB" ; a comment
s2._domainkey.other.net. 300 IN TXT "v=DKIM1; p=\"CD\"\059"
@ TXT "v=spf1 -all"
        IN TXT "second"
$ORIGIN _domainkey
s3 IN TXT ( "v=DKIM1; "
            "p=EF" )
s4 TXT v=DKIM1\;\032p=GH
`
	keys, err := LoadKeys(strings.NewReader(zone))
	require.NoError(t, err)
	assert.Equal(t, map[string]string{
		"s1._domainkey.example.org": "v=DKIM1; k=rsa; p=AB",
		"s2._domainkey.other.net":   `v=DKIM1; p="CD";`,
		"example.org":               "second",
		"s3._domainkey.example.org": "v=DKIM1; p=EF",
		"s4._domainkey.example.org": "v=DKIM1; p=GH",
	}, keys)

	for _, bad := range []string{
		`@ IN TXT "x"`,       // @ without $ORIGIN
		`a. IN TXT "x`,       // unterminated
		`a. IN TXT ( "x"`,    // ( not closed
		`a. IN TXT "x" )`,    // ) without (
		`a. IN TXT "\256"`,   // escape past a byte
		"a. IN TXT \"x\" \\", // \ at the end
	} {
		_, err := LoadKeys(strings.NewReader(bad))
		assert.Error(t, err, bad)
	}
	// without $ORIGIN, names are taken as written
	keys, err = LoadKeys(strings.NewReader("s1._domainkey.example.org\tIN\tTXT\t\"v=DKIM1; p=AB\"\n"))
	require.NoError(t, err)
	assert.Equal(t, "v=DKIM1; p=AB", keys["s1._domainkey.example.org"])
}

// FuzzLoadKeys: any key file gives keys or an error, never a panic.
func FuzzLoadKeys(f *testing.F) {
	f.Add([]byte("$ORIGIN example.org.\ns1._domainkey IN TXT ( \"v=DKIM1\\; \" \"p=\\065\" )\n"))
	f.Add([]byte("@ TXT \"x\\"))
	f.Add([]byte("\tIN TXT x\\0"))
	f.Add([]byte(`{"a":"b"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = LoadKeys(strings.NewReader(string(data)))
	})
}
