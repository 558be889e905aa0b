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
