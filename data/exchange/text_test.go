package exchange

import (
	"bytes"
	"context"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"

	"qlhoi/data"
	"qlhoi/data/store"
)

// Received text goes through the same cleaning as local input: NFC, no control or
// invisible format characters; invalid UTF-8 is refused.
func TestReceivedTextCleaned(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	hostile := "Ho\u0302\u0323i\x00\x07\x1b[31m đỏ\r\nX\u202Eevil\u200bZ  "
	x := forge(assoc(hostile), "QT-A", "QT-A")
	x.(*data.Association).Phone = "\t0233\x1b[0m"
	bad := forge(assoc("Hội PLACEHOLDER"), "QT-A", "QT-A")
	badLine := bytes.Replace(recordLine(t, bad), []byte("PLACEHOLDER"), []byte{0xff, 0xfe}, 1)
	res := receive(t, w.p, craft(t, w.a, w.p, []rawEntry{{"records/000001.jsonl", append(recordLine(t, x), badLine...)}}, nil, nil))
	assert.Equal(t, 1, res.Counts[data.KindAssociation][store.Added])
	require.Equal(t, 1, res.Counts[data.KindAssociation][store.Refused])
	for _, o := range res.Outcomes {
		if o.Class == store.Refused {
			assert.Contains(t, o.Reason, "UTF-8")
			assert.Equal(t, data.MetaOf(bad).ID, o.ID)
		}
	}
	got, err := store.Get[data.Association](ctx, w.p, data.MetaOf(x).ID)
	require.NoError(t, err)
	assert.Equal(t, data.Clean(hostile), got.Name)
	assert.True(t, norm.NFC.IsNormalString(got.Name))
	assert.Contains(t, got.Name, "Hội")
	for _, r := range got.Name + got.Phone {
		assert.False(t, unicode.IsControl(r) || unicode.Is(unicode.Cf, r), "%U stored", r)
	}
	// The cleaned version is the one in history, under the sender's clock reading.
	h, err := w.p.History(ctx, got.ID)
	require.NoError(t, err)
	assert.Equal(t, data.MetaOf(x).HLC, got.HLC)
	assert.NotEmpty(t, h)
}
