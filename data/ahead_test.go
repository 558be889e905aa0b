package data_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
)

// Ahead gives each item with its work in order, stops at the first failure (the worker
// does not block forever on a full channel), and stops when the context is cancelled.
func TestAhead(t *testing.T) {
	ctx := context.Background()
	items := make([]int, 2000)
	for i := range items {
		items[i] = i
	}
	var got []int
	require.NoError(t, data.Ahead(ctx, items, func(i int) int { return i * 2 }, func(i, twice int) error {
		assert.Equal(t, i*2, twice)
		got = append(got, i)
		return nil
	}))
	assert.Equal(t, items, got, "in order, every one")

	boom := errors.New("boom")
	seen := 0
	err := data.Ahead(ctx, items, func(i int) int { return i }, func(i, _ int) error {
		seen++
		if i == 3 {
			return boom
		}
		return nil
	})
	assert.ErrorIs(t, err, boom)
	assert.Equal(t, 4, seen, "nothing after the failure")

	cctx, cancel := context.WithCancel(ctx)
	err = data.Ahead(cctx, items, func(i int) int { return i }, func(i, _ int) error {
		if i == 10 {
			cancel()
		}
		return nil
	})
	assert.ErrorIs(t, err, context.Canceled, "a cancelled import says so instead of passing for done")
}

// Pipeline's source may fail (a bundle's damaged line): the failure comes back after the
// items before it; work sees each item before the source moves on (it may copy a buffer
// the source reuses).
func TestPipelineSourceFails(t *testing.T) {
	bad := errors.New("dòng hỏng")
	buf := make([]byte, 1)
	src := func(yield func([]byte, error) bool) {
		for i := range 1000 {
			buf[0] = byte(i % 251)
			if !yield(buf, nil) {
				return
			}
		}
		yield(nil, bad)
	}
	n := 0
	err := data.Pipeline(t.Context(), src, 16, func(b []byte) byte { return b[0] }, func(_ []byte, v byte) error {
		assert.Equal(t, byte(n%251), v, "work read the buffer before it was reused")
		n++
		return nil
	})
	assert.ErrorIs(t, err, bad)
	assert.Equal(t, 1000, n)
}
