package app

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// After a report is made, the message says how to print it: A4 at "Actual size" (a
// viewer's "Fit" shrinks the page and breaks the official margins and type sizes).
func TestReportMadeSaysPrintActualSize(t *testing.T) {
	u, w := newTestUI(t, true)
	u.openFile = func(string) {}
	r, i := screenOf[*reportsScreen](u)
	u.show(i)
	r.kinds.Select(0)
	r.onCreate()
	require.Empty(t, r.msg.Text)
	top := w.Canvas().Overlays().Top()
	require.NotNil(t, top)
	shown := strings.Join(texts(top), " ")
	assert.Contains(t, shown, "khổ A4")
	assert.Contains(t, shown, "“Kích thước thực” (Actual size)")
	assert.Contains(t, shown, "không chọn “Vừa trang” (Fit)")
}
