package app

import (
	"strings"
	"sync"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/unicode/norm"

	"qlhoi/app/typing"
	"qlhoi/data"
)

// Typing is the typing state shared by every entry of the window: the method, the tone
// style and the V/E switch (Vietnamese on or off), toggled by Ctrl+Shift as in Unikey.
type Typing struct {
	mu       sync.Mutex
	engine   typing.Engine
	on       bool
	onChange []func()
	// Ctrl+Shift detection: both pressed, then released with no other key between.
	ctrl, shift, other bool
}

// NewTyping returns the typing state for a method and style, switched on.
func NewTyping(m typing.Method, newStyle bool) *Typing {
	return &Typing{engine: typing.Engine{Method: m, NewStyle: newStyle}, on: m != typing.Off}
}

// Set changes method and style.
func (t *Typing) Set(m typing.Method, newStyle bool) {
	t.mu.Lock()
	t.engine = typing.Engine{Method: m, NewStyle: newStyle}
	t.on = m != typing.Off
	t.mu.Unlock()
	t.changed()
}

// Toggle switches between Vietnamese (V) and plain (E) typing.
func (t *Typing) Toggle() {
	t.mu.Lock()
	t.on = !t.on && t.engine.Method != typing.Off
	t.mu.Unlock()
	t.changed()
}

// Vietnamese reports whether keys are turned into Vietnamese now.
func (t *Typing) Vietnamese() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.on
}

// Engine returns the engine in effect.
func (t *Typing) Engine() typing.Engine {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.on {
		return typing.Engine{}
	}
	return t.engine
}

// OnChange registers a function called after every change (to refresh the V/E badge).
func (t *Typing) OnChange(f func()) { t.onChange = append(t.onChange, f) }

func (t *Typing) changed() {
	for _, f := range t.onChange {
		f()
	}
}

func isCtrl(k fyne.KeyName) bool  { return k == desktop.KeyControlLeft || k == desktop.KeyControlRight }
func isShift(k fyne.KeyName) bool { return k == desktop.KeyShiftLeft || k == desktop.KeyShiftRight }

// KeyDown and KeyUp watch for Ctrl+Shift pressed and released alone.
func (t *Typing) KeyDown(k fyne.KeyName) {
	switch {
	case isCtrl(k):
		t.ctrl = true
	case isShift(k):
		t.shift = true
	default:
		t.other = true
	}
}

// KeyUp completes the Ctrl+Shift toggle.
func (t *Typing) KeyUp(k fyne.KeyName) {
	if (isCtrl(k) || isShift(k)) && t.ctrl && t.shift && !t.other {
		t.ctrl, t.shift = false, false
		t.Toggle()
		return
	}
	if isCtrl(k) {
		t.ctrl = false
	}
	if isShift(k) {
		t.shift = false
	}
	if !t.ctrl && !t.shift {
		t.other = false
	}
}

// FieldKind is what a text field holds. It is declared once, where the form builds the
// field (u.newEntryOf(KindDocCode)), and decides whether keys go through the typing
// engine: names, titles and free text do; the raw kinds take keys as typed, whatever the
// V/E badge says, so that a path, an address or a code is never turned into Vietnamese
// (/tmp/usb, hoinongdan.qt@gmail.com, 45-KL/TW).
type FieldKind int

// Field kinds.
const (
	KindText       FieldKind = iota // names, titles, free text: typed in Vietnamese
	KindPath                        // file and folder paths
	KindEmail                       // e-mail addresses
	KindURL                         // web addresses
	KindPhone                       // phone and fax numbers
	KindNumber                      // counts, percentages, years, dates
	KindDocCode                     // document numbers and codes (số, ký hiệu): 45-KL/TW
	KindOfficeCode                  // office codes: QT-GL
	KindIdentifier                  // other identifiers: user names, keys
)

// Vietnamese reports whether keys typed into a field of the kind go through the typing
// engine.
func (k FieldKind) Vietnamese() bool { return k == KindText }

// Entry is a text entry that types Vietnamese with the window's Typing state (if its
// kind is text) and normalises pasted text to NFC. Every text field of qlhoi is one.
type Entry struct {
	widget.Entry
	typing *Typing
	kind   FieldKind
	// shortcut receives the window's own shortcuts (Ctrl+S, Ctrl+F, Ctrl+N), which
	// Fyne would otherwise give only to the focused entry.
	shortcut func(fyne.Shortcut) bool
	// escape closes the dialog the entry is in (Esc).
	escape func() bool
	// onFocus runs when the entry gets the focus (a form scrolls it into view).
	onFocus func()
}

// AcceptsTab is false even for multi-line entries: Tab moves to the next field, as in
// office forms; Enter makes a new line.
func (e *Entry) AcceptsTab() bool { return false }

// FocusGained lets the form bring the entry into view.
func (e *Entry) FocusGained() {
	e.Entry.FocusGained()
	if e.onFocus != nil {
		e.onFocus()
	}
}

// TypedKey closes the dialog on Esc; other keys go to the entry.
func (e *Entry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && e.escape != nil && e.escape() {
		return
	}
	e.Entry.TypedKey(k)
}

// newEntry returns an entry for names, titles and free text (typed in Vietnamese).
func (u *UI) newEntry() *Entry { return u.newEntryOf(KindText) }

// newEntryOf returns an entry for a field of the kind.
func (u *UI) newEntryOf(kind FieldKind) *Entry {
	e := &Entry{typing: u.typing, kind: kind, shortcut: u.typedShortcut, escape: u.closeDialog}
	e.ExtendBaseWidget(e)
	return e
}

// Kind is what the field holds.
func (e *Entry) Kind() FieldKind { return e.kind }

func (u *UI) newMultiLineEntry() *Entry {
	e := u.newEntry()
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.SetMinRowsVisible(3)
	return e
}

// TypedRune applies the typing method to the word before the cursor.
func (e *Entry) TypedRune(r rune) {
	// A value never starts with a space (Clean drops it), and the Space that pressed a
	// button arrives as a typed space in the field the dialog it opened focuses, where
	// it would have replaced a selected default (the year of the statistics).
	if r == ' ' && !e.Password && (e.Text == "" || e.SelectedText() == e.Text) {
		return
	}
	eng := e.typing.Engine()
	if e.kind == KindDocCode && eng.Method != typing.Off && e.SelectedText() == "" && e.typedD(r) {
		return
	}
	if !e.kind.Vietnamese() || eng.Method == typing.Off || e.SelectedText() != "" || e.Password || e.Disabled() {
		e.Entry.TypedRune(r)
		return
	}
	text := []rune(e.Text)
	pos := e.cursorOffset(text)
	start := pos
	for start > 0 && unicode.IsLetter(text[start-1]) {
		start--
	}
	word := string(text[start:pos])
	out := []rune(eng.Key(word, r))
	if string(out) == word+string(r) {
		e.Entry.TypedRune(r) // a plain letter: Fyne's own path keeps undo history
		return
	}
	e.SetText(string(text[:start]) + string(out) + string(text[pos:]))
	e.setCursorOffset(start + len(out))
}

// typedD types Đ in a document code, which is otherwise typed as it is: Party and
// State symbols hold it (12-CV/ĐU, 45/QĐ-UBND). A second d after d gives đ, a d after
// đ gives dd back, as Unikey does; it reports whether it handled the key.
func (e *Entry) typedD(r rune) bool {
	if r != 'd' && r != 'D' {
		return false
	}
	text := []rune(e.Text)
	pos := e.cursorOffset(text)
	if pos == 0 {
		return false
	}
	var out string
	switch prev := text[pos-1]; {
	case prev == 'd' || prev == 'D':
		out = map[rune]string{'d': "đ", 'D': "Đ"}[prev]
	case prev == 'đ' || prev == 'Đ':
		out = map[rune]string{'đ': "d", 'Đ': "D"}[prev] + string(r)
	default:
		return false
	}
	e.SetText(string(text[:pos-1]) + out + string(text[pos:]))
	e.setCursorOffset(pos - 1 + len([]rune(out)))
	return true
}

// nfcClipboard reads the clipboard as NFC, leaving the clipboard itself alone.
type nfcClipboard struct{ fyne.Clipboard }

func (c nfcClipboard) Content() string { return norm.NFC.String(c.Clipboard.Content()) }

// TypedShortcut passes window shortcuts on. Pasted text is inserted as it is, never
// through the typing engine, only normalised to NFC.
func (e *Entry) TypedShortcut(s fyne.Shortcut) {
	if p, ok := s.(*fyne.ShortcutPaste); ok && p.Clipboard != nil {
		s = &fyne.ShortcutPaste{Clipboard: nfcClipboard{p.Clipboard}}
	}
	if _, ok := s.(*desktop.CustomShortcut); ok && e.shortcut != nil && e.shortcut(s) {
		return
	}
	e.Entry.TypedShortcut(s)
}

// KeyDown watches for the Ctrl+Shift toggle.
func (e *Entry) KeyDown(k *fyne.KeyEvent) {
	e.typing.KeyDown(k.Name)
	e.Entry.KeyDown(k)
}

// KeyUp watches for the Ctrl+Shift toggle.
func (e *Entry) KeyUp(k *fyne.KeyEvent) {
	e.typing.KeyUp(k.Name)
	e.Entry.KeyUp(k)
}

func (e *Entry) cursorOffset(text []rune) int {
	off, row := 0, 0
	for off < len(text) && row < e.CursorRow {
		if text[off] == '\n' {
			row++
		}
		off++
	}
	return min(off+e.CursorColumn, len(text))
}

func (e *Entry) setCursorOffset(off int) {
	text := []rune(e.Text)
	row, col := 0, 0
	for i := 0; i < off && i < len(text); i++ {
		if text[i] == '\n' {
			row, col = row+1, 0
		} else {
			col++
		}
	}
	e.CursorRow, e.CursorColumn = row, col
	e.Refresh()
}

// DateField is a date typed as dd/mm/yyyy, with a calendar to pick it.
type DateField struct {
	*Entry
	button *widget.Button
	box    *fyne.Container
}

func (u *UI) newDateField() *DateField {
	d := &DateField{Entry: u.newEntryOf(KindNumber)}
	d.SetPlaceHolder("dd/mm/yyyy")
	d.button = widget.NewButtonWithIcon("", theme.CalendarIcon(), func() {
		start := data.DateOf(time.Now()).Time()
		if u.store != nil {
			start = u.store.Today().Time() // the store's clock: fixed in tests
		}
		if v, err := data.ParseDate(d.Text); err == nil && !v.IsZero() {
			start = v.Time()
		}
		var pop *widget.PopUp
		cal := widget.NewCalendar(start, func(t time.Time) {
			d.SetText(data.DayOf(t).String())
			pop.Hide()
		})
		c := fyne.CurrentApp().Driver().CanvasForObject(d.button)
		if c == nil {
			return
		}
		pop = widget.NewPopUp(cal, c)
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(d.button)
		pop.ShowAtPosition(pos.Add(fyne.NewPos(0, d.button.Size().Height)))
	})
	d.box = border(nil, nil, nil, d.button, d.Entry)
	return d
}

// Date parses the field; an empty field is the zero Date.
func (d *DateField) Date() (data.Date, error) { return data.ParseDate(d.Text) }

// SetDate shows a date (empty for the zero Date).
func (d *DateField) SetDate(v data.Date) { d.SetText(v.String()) }

// trimmed returns the entry's text cleaned as the store would clean it.
func trimmed(e *Entry) string { return strings.TrimSpace(e.Text) }
