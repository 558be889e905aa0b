package app

import (
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
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
	// pending is a cursor offset that Fyne's rows cannot show (see setCursorOffset).
	pending *pendingCursor
	// undo and redo are the entry's own history (Ctrl+Z, Ctrl+Y): a typed word is one
	// step, however many edits its marks took (see userEdit).
	undo, redo []entryState
	// last is the class of the last edit and where it left the cursor (for merging).
	last   editClass
	lastAt int
	// selectOnTap: the focus came with a tap on a number field, which selects its
	// value once the tap has placed the cursor.
	selectOnTap bool
	// typedRun counts the letters typed since the cursor last moved by other means
	// (a click, an arrow, Home/End): the end of the word before the cursor that the
	// clerk is typing now; what is before it was there already.
	typedRun int
}

// entryState is the text and cursor offset before an edit.
type entryState struct {
	text string
	off  int
}

// editClass sorts edits for undo: consecutive edits of one class at the cursor they
// left merge into one step.
type editClass int

const (
	editOther  editClass = iota // a space, a new line, a paste: a step of its own
	editTyping                  // letters and marks of a word
	editDelete                  // Backspace, Delete
)

// pendingCursor is the offset the cursor stands for while the entry still holds text
// and shows the cursor where it was put.
type pendingCursor struct {
	text             string
	row, col         int // as Fyne shows it
	wantRow, wantCol int // the row and column that read as off until the next refresh
	off              int
}

// AcceptsTab is false even for multi-line entries: Tab moves to the next field, as in
// office forms; Enter makes a new line.
func (e *Entry) AcceptsTab() bool { return false }

// FocusGained lets the form bring the entry into view. A number or date field selects
// its value, so that typing replaces it (typing 45 into a progress of 30 gave 3045).
func (e *Entry) FocusGained() {
	e.typedRun = 0
	e.Entry.FocusGained()
	if e.kind == KindNumber && e.Text != "" && !e.MultiLine {
		e.Entry.TypedShortcut(&fyne.ShortcutSelectAll{})
		e.selectOnTap = true
	}
	if e.onFocus != nil {
		e.onFocus()
	}
}

// MouseUp ends a click as Fyne does; the click that brought the focus to a number
// field keeps its value selected (a click then 45 gave "3045"). It is done here, not
// in Tapped: Fyne delivers a tap only after the double-click time, after the first
// keys of a quick clerk.
func (e *Entry) MouseUp(m *desktop.MouseEvent) {
	e.Entry.MouseUp(m)
	if e.selectOnTap {
		e.selectOnTap = false
		e.Entry.TypedShortcut(&fyne.ShortcutSelectAll{})
	}
}

// FocusLost forgets a pending selection of the focusing tap.
func (e *Entry) FocusLost() {
	e.selectOnTap = false
	e.Entry.FocusLost()
}

// TypedKey closes the dialog on Esc; other keys go to the entry.
func (e *Entry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && e.escape != nil && e.escape() {
		return
	}
	switch {
	case (k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter) && e.MultiLine && e.OnSubmitted == nil:
		// Fyne's own Return puts the cursor on "the next row", which is wrong when the
		// words before the new line re-wrap onto the row above.
		e.userEdit(editOther, func() { e.edit(func() { e.Entry.TypedRune('\n') }, false) })
	case k.Name == fyne.KeyBackspace:
		e.userEdit(editDelete, func() { e.edit(func() { e.Entry.TypedKey(k) }, false) })
	case k.Name == fyne.KeyDelete:
		e.userEdit(editDelete, func() { e.edit(func() { e.Entry.TypedKey(k) }, true) })
	default:
		e.typedRun = 0 // the cursor moves: what is before it was there already
		e.Entry.TypedKey(k)
	}
}

// MouseDown places the cursor as Fyne does; what is before it was there already.
func (e *Entry) MouseDown(m *desktop.MouseEvent) {
	e.typedRun = 0
	e.Entry.MouseDown(m)
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
	class := editTyping
	if unicode.IsSpace(r) {
		class = editOther // a space ends the word: the next word is a new undo step
	}
	e.userEdit(class, func() { e.typeRune(r) })
	e.typedRun++
}

func (e *Entry) typeRune(r rune) {
	eng := e.typing.Engine()
	if e.kind == KindDocCode && eng.Method != typing.Off && e.SelectedText() == "" && e.typedD(r, eng.Method) {
		return
	}
	if !e.kind.Vietnamese() || eng.Method == typing.Off || e.SelectedText() != "" || e.Password || e.Disabled() {
		e.edit(func() { e.Entry.TypedRune(r) }, false)
		return
	}
	text := []rune(e.Text)
	pos := min(e.cursorOffset(), len(text))
	start := pos
	for start > 0 && unicode.IsLetter(text[start-1]) {
		start--
	}
	word := string(text[start:pos])
	// Capitals right after a digit, "-" or "/" are a document symbol inside free text
	// (118-QĐ/TW, 59/2024/NĐ-CP): typed as in a code field (only Đ), so TW stays TW;
	// small letters there are words ("và/hoặc") and typed in Vietnamese.
	inSymbol := start > 0 && (text[start-1] == '-' || text[start-1] == '/' || unicode.IsDigit(text[start-1])) &&
		isCapitals(word+string(r))
	out := word + string(r)
	if !inSymbol {
		out = eng.Key(word, r)
		// A key never turns letters that were there before the clerk started typing
		// here back into keystrokes: typed on after "được" with no space, "tu72" gave
		// "d9u7o75ctu72". (The engine spells out the keys of the word being typed
		// when they stop making one: "ús" then "b" is "usb".)
		if utf8.RuneCountInString(word) > e.typedRun && utf8.RuneCountInString(out) > utf8.RuneCountInString(word)+1 {
			out = word + string(r)
		}
	}
	if out == word+string(r) {
		// A word the engine leaves alone may still be a symbol in capitals (HĐND, QĐ).
		if (inSymbol || utf8.RuneCountInString(word) > 1 && isCapitals(word)) && e.typedD(r, eng.Method) {
			return
		}
		e.edit(func() { e.Entry.TypedRune(r) }, false)
		return
	}
	e.replaceBeforeCursor(pos-start, out)
}

// isCapitals reports whether a word is capital letters only (a symbol: TW, QĐ, HĐND).
func isCapitals(word string) bool {
	for _, r := range word {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return len(word) > 0
}

// typedD types Đ in a document symbol, which is otherwise typed as it is: Party and
// State symbols hold it (12-CV/ĐU, 45/QĐ-UBND). Telex: a second d after d gives đ, a d
// after đ gives dd back, as Unikey does; VNI: 9 after d gives đ, 9 after đ gives d9. It
// reports whether it handled the key.
func (e *Entry) typedD(r rune, m typing.Method) bool {
	key := map[typing.Method]rune{typing.Telex: 'd', typing.VNI: '9'}[m]
	if key == 0 || unicode.ToLower(r) != key {
		return false
	}
	text := []rune(e.Text)
	pos := min(e.cursorOffset(), len(text))
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
	e.replaceBeforeCursor(1, out)
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
	if cs, ok := s.(*desktop.CustomShortcut); ok && cs.Modifier == fyne.KeyModifierShortcutDefault && (cs.KeyName == fyne.KeyHome || cs.KeyName == fyne.KeyEnd) {
		// Ctrl+Home and Ctrl+End go to the start and the end of the whole text, as in
		// every editor (Fyne's entry does nothing with them).
		end := 0
		if cs.KeyName == fyne.KeyEnd {
			end = utf8.RuneCountInString(e.Text)
		}
		e.Entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight}) // drops a selection
		e.setCursorOffset(end)
		e.Refresh()
		return
	}
	if _, ok := s.(*desktop.CustomShortcut); ok && e.shortcut != nil && e.shortcut(s) {
		return
	}
	switch s.(type) {
	case *fyne.ShortcutPaste:
		e.userEdit(editOther, func() { e.edit(func() { e.Entry.TypedShortcut(s) }, false) })
	case *fyne.ShortcutCut:
		e.userEdit(editOther, func() { e.Entry.TypedShortcut(s) })
	case *fyne.ShortcutUndo:
		e.step(&e.undo, &e.redo)
	case *fyne.ShortcutRedo:
		e.step(&e.redo, &e.undo)
	default:
		e.Entry.TypedShortcut(s)
	}
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

// replaceBeforeCursor replaces the n runes before the cursor with out, through Fyne's own
// Backspace and typed runes so that undo keeps working; the common prefix is kept, so a
// tone mark rewrites only the word's tail. OnChanged runs once, with the finished text.
func (e *Entry) replaceBeforeCursor(n int, out string) {
	text := []rune(e.Text)
	pos := min(e.cursorOffset(), len(text))
	n = min(n, pos)
	old, repl := text[pos-n:pos], []rune(out)
	keep := 0
	for keep < len(old) && keep < len(repl) && old[keep] == repl[keep] {
		keep++
	}
	want := string(text[:pos-n]) + out + string(text[pos:])
	cb := e.OnChanged
	e.OnChanged = nil
	for range n - keep {
		e.edit(func() { e.Entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace}) }, false)
	}
	for _, r := range repl[keep:] {
		e.edit(func() { e.Entry.TypedRune(r) }, false)
	}
	e.OnChanged = cb
	if e.Text != want { // never leave a half-made word: the text is what was asked
		e.Entry.SetText(want)
		e.setCursorOffset(pos - n + len(repl))
	}
	if cb != nil {
		cb(e.Text)
	}
}

// SetText shows a value (a record loaded, a field cleared): the entry's undo history
// starts again from it.
func (e *Entry) SetText(text string) {
	e.undo, e.redo, e.last, e.typedRun = nil, nil, editOther, 0
	e.Entry.SetText(text)
}

// userEdit runs an edit the clerk made and keeps the state before it for undo, unless
// it goes on the last edit (same class, at the cursor that edit left): so a typed word
// is undone whole, never to a half-made "trư" of "trước", and a run of Backspaces too.
func (e *Entry) userEdit(class editClass, f func()) {
	before := entryState{e.Text, e.cursorOffset()}
	f()
	if e.Text == before.text {
		return
	}
	if class == editOther || class != e.last || before.off != e.lastAt || len(e.undo) == 0 {
		e.undo = append(e.undo, before)
		if len(e.undo) > maxUndo {
			e.undo = e.undo[1:]
		}
	}
	e.redo = nil
	e.last, e.lastAt = class, e.cursorOffset()
}

// maxUndo bounds the steps an entry keeps (each holds the whole text).
const maxUndo = 100

// step undoes (from undo to redo) or redoes (from redo to undo) one step.
func (e *Entry) step(from, to *[]entryState) {
	n := len(*from)
	if n == 0 {
		return
	}
	s := (*from)[n-1]
	*from = (*from)[:n-1]
	*to = append(*to, entryState{e.Text, e.cursorOffset()})
	e.last = editOther
	e.Entry.SetText(s.text) // runs OnChanged
	e.setCursorOffset(s.off)
}

// edit runs one of Fyne's edits and then puts the cursor at the text offset the edit
// meant: after an insertion or a Backspace, just past the change; after Delete (stays),
// where it was. A multi-line entry keeps its cursor as a wrapped row and column, and
// Fyne's own mapping of an offset back to them is wrong where a line wraps (a space typed
// at the end of a full row left the cursor before it; Return, "the next row", after the
// words before it re-wrapped onto the row above): the next key then edited the wrong
// place. An edit over a selection is left to Fyne.
func (e *Entry) edit(f func(), stays bool) {
	if e.SelectedText() != "" {
		e.pending = nil
		f()
		return
	}
	pos, before := e.cursorOffset(), utf8.RuneCountInString(e.Text)
	if p := e.validPending(); p != nil {
		e.CursorRow, e.CursorColumn = p.wantRow, p.wantCol // read as p.off by the edit
	}
	f()
	grown := utf8.RuneCountInString(e.Text) - before
	if !stays {
		pos += grown
	}
	e.setCursorOffset(pos)
}

// cursorOffset is the rune offset of the cursor in the text.
func (e *Entry) cursorOffset() int {
	if p := e.validPending(); p != nil {
		return p.off
	}
	return e.CursorTextOffset()
}

func (e *Entry) validPending() *pendingCursor {
	p := e.pending
	if p == nil || p.row != e.CursorRow || p.col != e.CursorColumn || p.text != e.Text {
		return nil
	}
	return p
}

// setCursorOffset puts the cursor at a rune offset of the text, on the wrapped row where
// the entry itself would show that offset. Fyne offers only the other direction
// (CursorTextOffset = the row's first offset + column), so the rows' first offsets are
// read through it, by a binary search over the rows. One offset has no row and column
// that survive a refresh: just after a space that ends the text where the row wraps (the
// wrap swallows the space and there is no next row yet). The cursor is then shown before
// that space and the offset kept as pending, for the next key.
func (e *Entry) setCursorOffset(off int) {
	e.pending = nil
	n := utf8.RuneCountInString(e.Text)
	off = max(0, min(off, n))
	begin := func(r int) int {
		e.CursorRow, e.CursorColumn = r, 0
		return e.CursorTextOffset()
	}
	// Row r exists and starts at or before off: true for 0..R, false after. A row past
	// the last one reads as starting at 0.
	lo, hi := 0, n+1
	for lo < hi && e.MultiLine {
		mid := (lo + hi + 1) / 2
		if b := begin(mid); b > 0 && b <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	row, col := lo, off-begin(lo)
	e.CursorRow, e.CursorColumn = row, col
	e.Refresh()
	if e.CursorTextOffset() != off {
		e.pending = &pendingCursor{text: e.Text, row: e.CursorRow, col: e.CursorColumn,
			wantRow: row, wantCol: col, off: off}
	}
}

// DateField is a date typed as dd/mm/yyyy, with a calendar to pick it.
type DateField struct {
	*Entry
	button *calendarButton
	box    *fyne.Container
}

// calendarButton opens a date field's calendar with the mouse. It takes no keyboard
// focus: Tab goes from the date to the next field, where the clerk goes on typing (a
// Space on the button opened the calendar, which swallowed what was typed next).
type calendarButton struct {
	widget.BaseWidget
	tapped func()
}

func newCalendarButton(tapped func()) *calendarButton {
	b := &calendarButton{tapped: tapped}
	b.ExtendBaseWidget(b)
	return b
}

func (b *calendarButton) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameButton))
	bg.CornerRadius = theme.InputRadiusSize()
	pad := theme.InnerPadding()
	return widget.NewSimpleRenderer(container.NewStack(bg,
		container.New(layout.NewCustomPaddedLayout(pad, pad, pad, pad), widget.NewIcon(theme.CalendarIcon()))))
}

// Tapped opens the calendar.
func (b *calendarButton) Tapped(*fyne.PointEvent) { b.tapped() }

// Cursor is the hand, as over a button.
func (b *calendarButton) Cursor() desktop.Cursor { return desktop.PointerCursor }

func (u *UI) newDateField() *DateField {
	d := &DateField{Entry: u.newEntryOf(KindNumber)}
	d.SetPlaceHolder("dd/mm/yyyy")
	d.button = newCalendarButton(func() {
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
