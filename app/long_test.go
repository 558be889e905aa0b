package app

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
)

// Long work shows a moving bar and a Cancel button; Cancel stops the work through its
// context and the clerk reads ErrCancelled's sentence, not a database fault.
func TestLongWorkCancel(t *testing.T) {
	u, w := newTestUI(t, false)
	var got error
	var bar float64
	u.runLong("Đang tạo báo cáo", func(ctx context.Context, progress func(float64)) error {
		progress(0.4)
		top := w.Canvas().Overlays().Top()
		require.NotNil(t, top, "the progress dialog is open")
		bar = progressOf(t, top)
		stop := button(top, u.T("action.cancel"))
		require.NotNil(t, stop, "the dialog has a Cancel button: %v", texts(top))
		test.Tap(stop)
		<-ctx.Done() // work that checks its context stops
		return ctx.Err()
	}, func(err error) { got = err })
	assert.InDelta(t, 0.4, bar, 1e-9, "the bar moves with the work")
	require.True(t, data.HasCode(got, "ErrCancelled"), "got %v", got)
	assert.Equal(t, "Đã dừng theo yêu cầu. Hãy làm lại khi cần.", u.message(got))

	// Work that ends by itself is not "cancelled".
	u.runLong("x", func(context.Context, func(float64)) error { return nil }, func(err error) { got = err })
	assert.NoError(t, got)
}

// progressOf is the value of the first progress bar under o.
func progressOf(t *testing.T, o fyne.CanvasObject) float64 {
	t.Helper()
	var bar *widget.ProgressBar
	walk(o, func(c fyne.CanvasObject) {
		if b, ok := c.(*widget.ProgressBar); ok && bar == nil {
			bar = b
		}
	})
	require.NotNil(t, bar, "a progress bar is shown")
	return bar.Value
}
