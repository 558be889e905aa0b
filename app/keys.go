// Package app is qlhoi's desktop interface: the Fyne screens a clerk works in. Each
// screen is one file and one struct; screens call data (and reports) for every rule and
// query, and hold no SQL. The package does not import Fyne's app package, so its tests
// run headless without cgo.
package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
)

// installKeys registers the window shortcuts and the Ctrl+Shift typing toggle.
func (u *UI) installKeys() {
	c := u.win.Canvas()
	for _, k := range []fyne.KeyName{fyne.KeyF, fyne.KeyN, fyne.KeyS, fyne.KeyD, fyne.KeyPageUp, fyne.KeyPageDown, fyne.KeyDelete} {
		sc := &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
		c.AddShortcut(sc, func(fyne.Shortcut) { u.typedShortcut(sc) })
	}
	// Esc closes the open dialog (Fyne's dialogs do not), without its action.
	c.SetOnTypedKey(func(e *fyne.KeyEvent) {
		switch e.Name {
		case fyne.KeyEscape:
			u.closeDialog()
		case fyne.KeyReturn, fyne.KeyEnter:
			// Enter answers a confirmation with its action, as on Windows.
			if n := len(u.dialogEnter); n > 0 && u.dialogEnter[n-1] != nil && u.win.Canvas().Overlays().Top() != nil && u.longStop == nil {
				u.dialogEnter[n-1]()
			}
		}
	})
	if dc, ok := c.(desktop.Canvas); ok {
		dc.SetOnKeyDown(func(e *fyne.KeyEvent) {
			u.typing.KeyDown(e.Name)
			// Esc reaches a dialog even when a drop-down or button has the focus (they
			// keep the key to themselves); an entry closes its dialog itself.
			if _, entry := c.Focused().(*Entry); e.Name == fyne.KeyEscape && !entry && c.Focused() != nil {
				u.closeDialog()
			}
		})
		dc.SetOnKeyUp(func(e *fyne.KeyEvent) { u.typing.KeyUp(e.Name) })
	}
}

// closeDialog hides the topmost dialog or pop-up, as if dismissed; during long work it
// asks the work to stop (its dialog closes when the work has ended).
func (u *UI) closeDialog() bool {
	if u.longStop != nil {
		u.longStop()
		return true
	}
	if n := len(u.dialogs); n > 0 && u.win.Canvas().Overlays().Top() != nil {
		u.dialogs[n-1].Hide() // a form dialog: closed as by its Cancel button
		return true
	}
	top := u.win.Canvas().Overlays().Top()
	if h, ok := top.(interface{ Hide() }); ok {
		h.Hide()
		return true
	}
	return false
}

// typedShortcut runs the handler the current screen registered for a window shortcut.
func (u *UI) typedShortcut(s fyne.Shortcut) bool {
	if u.longStop != nil {
		return true // long work owns the window: the key is spent, nothing acts
	}
	keys := u.shortcuts
	if n := len(u.dialogKeys); n > 0 {
		keys = u.dialogKeys[n-1]
	} else if u.win.Canvas().Overlays().Top() != nil {
		return false // a dialog is open: the screen behind it does not act
	}
	f, ok := keys[s.ShortcutName()]
	if ok && f != nil {
		f()
	}
	return ok && f != nil
}

// onShortcut sets what Ctrl+<key> does on the current screen.
func (u *UI) onShortcut(key fyne.KeyName, f func()) {
	sc := &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}
	u.shortcuts[sc.ShortcutName()] = f
}

// tabKeys lets Ctrl+PageDown and Ctrl+PageUp go through a screen's tabs, both ways
// round: Fyne's tab strip takes no keyboard focus. tabs gives the tabs shown now (nil
// when there are none).
func (u *UI) tabKeys(tabs func() *container.AppTabs) {
	step := func(d int) {
		if t := tabs(); t != nil && len(t.Items) > 0 {
			n := len(t.Items)
			t.SelectIndex((t.SelectedIndex() + d + n) % n)
		}
	}
	u.onShortcut(fyne.KeyPageDown, func() { step(1) })
	u.onShortcut(fyne.KeyPageUp, func() { step(-1) })
}
