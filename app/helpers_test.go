package app

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/require"

	"qlhoi/data/demo"
	"qlhoi/data/store"
)

// testNow is the clock of every GUI test: 27/11/2026, 09:00 UTC.
var testNow = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

// newTestUI opens a fresh store (with the demo data if asked) and builds the interface
// in a 1366×768 test window, with background work run inline.
func newTestUI(t *testing.T, withDemo bool) (*UI, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	s, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "qlhoi.db"))
	require.NoError(t, err)
	s.Now = func() time.Time { return testNow }
	s.Actor = "chuyenvien"
	t.Cleanup(func() { s.Close() })
	if withDemo {
		require.NoError(t, demo.Load(t.Context(), s))
	}
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1366, 768))
	u := New(w, s, Options{Background: func(f func()) { f() }})
	return u, w
}

// children returns the objects directly inside o (containers and widget renderers).
func children(o fyne.CanvasObject) []fyne.CanvasObject {
	switch x := o.(type) {
	case *fyne.Container:
		return x.Objects
	case fyne.Widget:
		return test.WidgetRenderer(x).Objects()
	}
	return nil
}

// walk visits o and everything under it that is visible.
func walk(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	if o == nil || !o.Visible() {
		return
	}
	f(o)
	for _, c := range children(o) {
		walk(c, f)
	}
}

// texts collects every text shown under o.
func texts(o fyne.CanvasObject) []string {
	var out []string
	walk(o, func(c fyne.CanvasObject) {
		switch x := c.(type) {
		case *widget.Label:
			out = append(out, x.Text)
		case *canvas.Text:
			out = append(out, x.Text)
		case *widget.Button:
			out = append(out, x.Text)
		}
	})
	return out
}

// button finds the visible button with the given text under o (nil if none).
func button(o fyne.CanvasObject, text string) *widget.Button {
	var found *widget.Button
	walk(o, func(c fyne.CanvasObject) {
		b, ok := c.(*widget.Button)
		if e, isEsc := c.(*escButton); isEsc {
			b, ok = &e.Button, true
		}
		if ok && b.Text == text && found == nil {
			found = b
		}
	})
	return found
}

// tapInDialog taps a button of the topmost dialog.
func tapInDialog(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	require.NotNil(t, top, "a dialog is open")
	b := button(top, text)
	require.NotNil(t, b, "dialog has a %q button; it shows %v", text, texts(top))
	test.Tap(b)
}

// typeInto focuses an entry and types keys into it, as a user at the keyboard would.
func typeInto(w fyne.Window, e fyne.Focusable, keys string) {
	w.Canvas().Focus(e)
	test.Type(e, keys)
}

func TestMain(m *testing.M) {
	// Fyne reads the OS locale at start; a bare "C" locale only makes it log noise.
	os.Setenv("LANG", "vi_VN.UTF-8")
	os.Exit(m.Run())
}

// entryOf is the entry of a form's field (the text part of a date or picker).
func entryOf(t *testing.T, f *form, name string) *Entry {
	t.Helper()
	ff := f.field(name)
	require.NotNil(t, ff, "the form has a field %q", name)
	e, ok := ff.focus.(*Entry)
	require.True(t, ok, "field %q is typed in", name)
	return e
}

// msgOf is the message shown under a form's field.
func msgOf(t *testing.T, f *form, name string) string {
	t.Helper()
	ff := f.field(name)
	require.NotNil(t, ff, "the form has a field %q", name)
	return ff.msg.Text
}

// tapTarget finds the flat button under a tile or count whose texts include label.
func tapTarget(t *testing.T, o fyne.CanvasObject, label string) *widget.Button {
	t.Helper()
	var found *widget.Button
	walk(o, func(c fyne.CanvasObject) {
		st, ok := c.(*fyne.Container)
		if !ok || found != nil || len(st.Objects) != 2 {
			return
		}
		b, ok := st.Objects[0].(*widget.Button)
		if ok && b.Text == "" && slices.ContainsFunc(texts(st.Objects[1]), func(s string) bool { return strings.HasPrefix(s, label) }) {
			found = b
		}
	})
	require.NotNil(t, found, "a tile labelled %q", label)
	return found
}

// ctrl is the Ctrl+<key> window shortcut.
func ctrl(key string) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: fyne.KeyName(key), Modifier: fyne.KeyModifierShortcutDefault}
}
