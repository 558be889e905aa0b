package exchange

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
)

// A preview reads a snapshot: a save made while it runs (in the window or with qlhoictl)
// does not wait for it (it waited 15 s for the write lock and failed).
func TestSaveDuringPreviewDoesNotWait(t *testing.T) {
	ctx := context.Background()
	p := office(t, "QT", "", data.LevelProvince)
	a := office(t, "QT-A", "QT", data.LevelDistrict)
	link(t, p, a)
	require.NoError(t, a.Create(ctx, assoc("Hội Người mù huyện A")))
	path := send(t, a, "QT")
	bun, err := Open(ctx, p, path, DefaultLimits)
	require.NoError(t, err)
	defer bun.Close()

	var took time.Duration
	var saveErr error
	beforeMerge = func() {
		start := time.Now()
		sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		saveErr = p.Create(sctx, assoc("Hội Khuyến học tỉnh"))
		took = time.Since(start)
	}
	defer func() { beforeMerge = func() {} }()
	_, err = bun.Preview(ctx)
	require.NoError(t, err)
	require.NoError(t, saveErr, "the save went through during the preview")
	assert.Less(t, took, 2*time.Second)
}

// Apply refuses when the data changed after the preview, and says to preview again;
// after a new preview it applies.
func TestApplyAfterChangeAsksForNewPreview(t *testing.T) {
	ctx := context.Background()
	p := office(t, "QT", "", data.LevelProvince)
	a := office(t, "QT-A", "QT", data.LevelDistrict)
	link(t, p, a)
	require.NoError(t, a.Create(ctx, assoc("Hội Người mù huyện A")))
	path := send(t, a, "QT")
	bun, err := Open(ctx, p, path, DefaultLimits)
	require.NoError(t, err)
	defer bun.Close()
	_, err = bun.Preview(ctx)
	require.NoError(t, err)
	require.NoError(t, p.Create(ctx, assoc("Hội Khuyến học tỉnh")))
	before := records(t, p)
	_, err = bun.Apply(ctx)
	assert.True(t, data.HasCode(err, "ErrChangedSincePreview"), "ErrChangedSincePreview: %v", err)
	assert.Equal(t, before, records(t, p), "nothing imported")
	_, err = bun.Preview(ctx)
	require.NoError(t, err)
	res, err := bun.Apply(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Counts[data.KindAssociation][data.Added])
}
