package exchange

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
)

// The records decoded ahead of the merge all reach it, once each; when the merge fails
// midway (the reader blocked on a full queue), the reader stops and the merge's error
// is returned; a cancelled context stops the stream too.
func TestReceivedStreamStopsWithTheMerge(t *testing.T) {
	ctx := context.Background()
	p := office(t, "QT", "", data.LevelProvince)
	a := office(t, "QT-A", "QT", data.LevelDistrict)
	link(t, p, a)
	const n = 3 * receivedAhead
	recs := make([]data.Record, n)
	for i := range recs {
		recs[i] = assoc(fmt.Sprintf("Hội số %d", i))
	}
	require.NoError(t, a.CreateAll(ctx, recs, store.AllowNearDuplicate))
	res, err := Export(ctx, a, "QT", t.TempDir(), true)
	require.NoError(t, err)
	b, err := Open(ctx, p, res.Path, DefaultLimits)
	require.NoError(t, err)
	defer b.Close()

	all := 0
	require.NoError(t, b.received(ctx, func(*store.Received) error { all++; return nil }))
	lines := 0
	for _, c := range b.Manifest.Counts {
		lines += c
	}
	assert.Greater(t, lines, n)
	assert.Equal(t, lines, all, "every record once")

	stop := errors.New("merge failed")
	calls := 0
	err = b.received(ctx, func(*store.Received) error {
		calls++
		if calls == 10 {
			return stop
		}
		return nil
	})
	assert.ErrorIs(t, err, stop)
	assert.Equal(t, 10, calls, "nothing after the failure")

	cctx, cancel := context.WithCancel(ctx)
	calls = 0
	err = b.received(cctx, func(*store.Received) error {
		calls++
		if calls == 1 {
			cancel()
		}
		return nil
	})
	assert.ErrorIs(t, err, context.Canceled)
	assert.Less(t, calls, n, "the stream stopped")

	// The bundle still applies in full afterwards.
	out, err := b.Apply(ctx)
	require.NoError(t, err)
	assert.Equal(t, n, out.Counts[data.KindAssociation][store.Added])
}
