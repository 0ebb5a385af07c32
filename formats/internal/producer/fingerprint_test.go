package producer

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRankOrdersByScoreThenName(t *testing.T) {
	score := map[string]int{"pandoc": 1, "libreoffice": 5, "aspose": 1, "word": 9}
	assert.Equal(t, []string{"word", "libreoffice", "aspose", "pandoc"}, Rank(score))
	assert.Empty(t, Rank(nil))
}
