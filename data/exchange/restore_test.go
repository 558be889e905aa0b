package exchange

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
)

// Restoring a backup keeps the exchange state consistent with the restored records:
// bundles imported after the backup can be imported again, the sequence of bundles
// sent goes on without reuse, trust stays, and acknowledgements are reset so that the
// next bundle carries everything.
func TestRestoreKeepsExchangeConsistent(t *testing.T) {
	ctx := context.Background()
	p := office(t, "QT", "", data.LevelProvince)
	a := office(t, "QT-A", "QT", data.LevelDistrict)
	link(t, p, a)
	x := assoc("Hội trước sao lưu")
	require.NoError(t, a.Create(ctx, x))
	receive(t, p, send(t, a, "QT"))
	receive(t, a, send(t, p, "QT-A"))
	receive(t, p, send(t, a, "QT")) // carries A's acknowledgement of P's bundle 1
	backup := filepath.Join(t.TempDir(), "sao-luu.db")
	require.NoError(t, p.Backup(ctx, backup))

	y := assoc("Hội sau sao lưu")
	require.NoError(t, a.Create(ctx, y))
	late := send(t, a, "QT")
	receive(t, p, late)
	// The province edits X after the backup and sends the edit down: the restore loses it.
	xp, err := store.Get[data.Association](ctx, p, x.ID)
	require.NoError(t, err)
	xp.Phone = "sửa sau sao lưu"
	require.NoError(t, p.Update(ctx, xp))
	receive(t, a, send(t, p, "QT-A"))
	_, err = p.RestoreFrom(ctx, backup)
	require.NoError(t, err)

	_, err = store.Get[data.Association](ctx, p, y.ID)
	require.True(t, data.HasCode(err, "ErrNotFound"), "the restored state predates Y")
	_, err = p.TrustedOffice(ctx, "QT-A")
	assert.NoError(t, err, "trust stays")
	st, err := p.StreamTo(ctx, "QT-A")
	require.NoError(t, err)
	assert.Equal(t, int64(2), st.Seq, "the outbox remembers every bundle sent")
	assert.Zero(t, st.Acked, "acknowledgements are reset: the next bundle carries everything")
	next := send(t, p, "QT-A")
	bun, err := Open(ctx, a, next, DefaultLimits)
	require.NoError(t, err, "the district accepts the next bundle: its number was not reused")
	defer bun.Close()
	assert.Equal(t, int64(3), bun.Manifest.Seq)
	assert.Positive(t, bun.Manifest.Counts[data.KindOffice], "it carries everything the district may see")

	again, err := Open(ctx, p, late, DefaultLimits)
	require.NoError(t, err)
	assert.False(t, again.Repeat, "the bundle imported after the backup can be imported again")
	again.Close()

	// The district learns the province has only its bundle 2 now, and re-sends Y.
	_, err = bun.Apply(ctx)
	require.NoError(t, err)
	res := receive(t, p, send(t, a, "QT"))
	assert.Equal(t, 1, res.Counts[data.KindAssociation][store.Added], "Y travels again")
	_, err = store.Get[data.Association](ctx, p, y.ID)
	assert.NoError(t, err)
	for _, o := range res.Outcomes {
		assert.NotEqual(t, store.Refused, o.Class, "%s", o.Reason)
	}
	back, err := store.Get[data.Association](ctx, p, x.ID)
	require.NoError(t, err)
	assert.Equal(t, "sửa sau sao lưu", back.Phone, "the province's own lost edit comes back as its own")
	assert.Equal(t, "QT", back.By)
}
