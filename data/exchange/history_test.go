package exchange

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
)

// A record received, then received again changed, then changed here: the receiver's
// history holds each version with its own content (history keeps the current version as
// the row and fills it in before the row is written over, by a merge as by a local edit),
// and a bundle sent on carries all three.
func TestReceivedVersionsKeptWhenWrittenOver(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	a, err := store.Get[data.Association](ctx, w.a, w.aAssoc.ID)
	require.NoError(t, err)
	a.Phone = "0233 1"
	require.NoError(t, w.a.Update(ctx, a))
	receive(t, w.p, send(t, w.a, "QT"))

	h, err := w.p.History(ctx, a.ID)
	require.NoError(t, err)
	require.Len(t, h, 2)
	assert.NotContains(t, string(h[0].After), `"phone"`, "the first version as it was")
	assert.Contains(t, string(h[1].After), `"phone":"0233 1"`)

	// A second bundle with a newer version: the merge writes over the row.
	a.Phone = "0233 2"
	require.NoError(t, w.a.Update(ctx, a))
	receive(t, w.p, send(t, w.a, "QT"))
	h, err = w.p.History(ctx, a.ID)
	require.NoError(t, err)
	require.Len(t, h, 3)
	assert.Contains(t, string(h[1].After), `"phone":"0233 1"`, "kept when the merge wrote over it")
	assert.Contains(t, string(h[2].After), `"phone":"0233 2"`)
	got, err := store.Get[data.Association](ctx, w.p, a.ID)
	require.NoError(t, err)
	assert.Equal(t, "0233 2", got.Phone)

	var phones []string
	require.NoError(t, w.p.EachChanged(ctx, 0, 1<<62, func(kind data.Kind, owner string, versions []jsonRaw) error {
		for _, v := range versions {
			var x struct{ ID, Phone string }
			require.NoError(t, json.Unmarshal(v, &x))
			if kind == data.KindAssociation && x.ID == a.ID {
				phones = append(phones, x.Phone)
			}
		}
		return nil
	}))
	assert.Equal(t, []string{"", "0233 1", "0233 2"}, phones, "a bundle from the province carries every version")
}
