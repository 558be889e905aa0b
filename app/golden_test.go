package app

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

// Golden markup of the main screens with the demo data on a fixed day. A first run (or
// a changed screen) writes testdata/failed/<name>.xml: review it, then move it into
// testdata/.
func TestGoldenScreens(t *testing.T) {
	u, w := newTestUI(t, true)
	w.Content().Refresh()
	test.AssertRendersToMarkup(t, "overview.xml", w.Canvas())

	_, i := screenOf[*associations](u)
	u.show(i)
	test.AssertRendersToMarkup(t, "associations.xml", w.Canvas())

	_, i = screenOf[*tasks](u)
	u.show(i)
	test.AssertRendersToMarkup(t, "tasks.xml", w.Canvas())

	u2, w2 := newTestUI(t, false)
	_ = u2
	test.AssertRendersToMarkup(t, "wizard.xml", w2.Canvas())
}
