package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
)

// The calendar opens on the store's today (the injected clock, in Vietnam), not the
// computer's: at 00:30 on 01/01/2031 in Vietnam it is still 2030 in UTC, and the
// calendar shows January 2031.
func TestCalendarOpensOnStoreToday(t *testing.T) {
	u, w := newTestUI(t, false)
	at := time.Date(2031, 1, 1, 0, 30, 0, 0, data.Vietnam).UTC()
	u.store.Now = func() time.Time { return at }
	d := u.newDateField()
	w.SetContent(d.box)
	test.Tap(d.button)
	top := w.Canvas().Overlays().Top()
	require.NotNil(t, top, "the calendar pops up")
	shown := strings.Join(texts(top), " ")
	assert.Contains(t, shown, "2031", "the calendar shows %q", shown)
	assert.NotContains(t, shown, "2030")
}

// Tab goes from a date to the next field, not to the calendar button: a Space there
// opened the calendar and what the clerk typed next was lost.
func TestTabSkipsCalendarButton(t *testing.T) {
	u, w := newTestUI(t, false)
	d := u.newDateField()
	next := u.newEntry()
	w.SetContent(container.NewVBox(d.box, next))
	w.Canvas().Focus(d.Entry)
	w.Canvas().FocusNext()
	assert.Equal(t, fyne.Focusable(next), w.Canvas().Focused())
}
