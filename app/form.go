package app

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"qlhoi/data"
	"qlhoi/data/logfile"
)

// form edits one record in place: each field is bound to a field of the record (a
// pointer), so what the form does not show is never touched and every field round-trips.
// read copies the widgets into the record and returns the typing problems by field
// (a date or number that cannot be read); the record's own rules come from data.Check.
type form struct {
	u      *UI
	rows   []fyne.CanvasObject
	fields []*formField
	scroll *container.Scroll
	// count says how many fields need attention after a failed save.
	count *canvas.Text
	// banner, if set, says whose the record is when it is another office's.
	banner fyne.CanvasObject
}

// formField is one labelled input: what to focus, where its message goes, and how to
// copy it into the record.
type formField struct {
	name  string // the record's JSON field name, as data errors name it
	focus fyne.Focusable
	obj   fyne.CanvasObject
	msg   *canvas.Text
	read  func() string // returns a typing problem, "" if none
	// changed are called on every change the user makes; the first clears the
	// field's message (a stale error goes once the field is edited).
	changed []func()
}

// fire runs after a change of the field's widget.
func (ff *formField) fire() {
	if ff.msg.Text != "" {
		ff.setMsg("")
	}
	for _, f := range ff.changed {
		f()
	}
}

func (u *UI) newForm() *form {
	f := &form{u: u, count: errorLabel()}
	return f
}

// recount keeps the line under the form true as the clerk corrects fields: how many
// still have a message, or nothing once none has.
func (f *form) recount() {
	if f.count.Text == "" {
		return
	}
	n := 0
	for _, ff := range f.fields {
		if ff.msg.Text != "" {
			n++
		}
	}
	f.count.Text = ""
	if n > 0 {
		f.count.Text = f.u.T("form.problems", n)
	}
	f.count.Refresh()
}

// add appends a labelled row.
func (f *form) add(label, name string, focus fyne.Focusable, obj fyne.CanvasObject, read func() string) *formField {
	ff := &formField{name: name, focus: focus, obj: obj, msg: errorLabel(), read: read}
	ff.msg.Hide() // an empty message takes no room
	ff.changed = append(ff.changed, f.recount)
	f.fields = append(f.fields, ff)
	l := widget.NewLabel(f.u.T(label))
	f.rows = append(f.rows, l, container.NewVBox(obj, ff.msg))
	if e, ok := focus.(*Entry); ok {
		e.onFocus = func() { f.reveal(ff.obj) }
	}
	return ff
}

// text binds a one-line entry for names and free text (typed in Vietnamese) to a
// string field.
func (f *form) text(label, name string, v *string) *Entry { return f.textOf(KindText, label, name, v) }

// textOf binds a one-line entry of a kind (a code, phone, e-mail…) to a string field.
func (f *form) textOf(kind FieldKind, label, name string, v *string) *Entry {
	e := f.u.newEntryOf(kind)
	e.SetText(*v)
	f.add(label, name, e, e, func() string { *v = e.Text; return "" }).watchEntry(e)
	return e
}

func (ff *formField) watchEntry(e *Entry) { e.OnChanged = func(string) { ff.fire() } }

// setMsg shows a message under the field, or hides the empty line.
func (ff *formField) setMsg(text string) {
	ff.msg.Text = text
	if text == "" {
		ff.msg.Hide()
	} else {
		ff.msg.Show()
	}
	ff.msg.Refresh()
}

// onChange calls cb whenever the user changes a field (after the form is filled).
func (f *form) onChange(cb func()) {
	for _, ff := range f.fields {
		ff.changed = append(ff.changed, cb)
	}
}

// multiline binds a multi-line entry to a string field.
func (f *form) multiline(label, name string, v *string) *Entry {
	e := f.u.newMultiLineEntry()
	e.SetText(*v)
	f.add(label, name, e, e, func() string { *v = e.Text; return "" }).watchEntry(e)
	return e
}

// date binds a dd/mm/yyyy field to a date.
func (f *form) date(label, name string, v *data.Date) *DateField {
	d := f.u.newDateField()
	d.SetDate(*v)
	f.add(label, name, d.Entry, d.box, func() string {
		day, err := d.Date()
		if err != nil {
			return f.u.message(err)
		}
		*v = day
		return ""
	}).watchEntry(d.Entry)
	return d
}

// integer binds a whole-number field (years and counts, shown without separators: a
// year reads 2025, not 2.025; dots typed as thousands separators are allowed).
func (f *form) integer(label, name string, v *int) *Entry {
	var n int64 = int64(*v)
	e := f.integer64(label, name, &n)
	e.SetText(itoaOrEmpty(*v))
	last := f.fields[len(f.fields)-1]
	read := last.read
	last.read = func() string {
		msg := read()
		*v = int(n)
		return msg
	}
	return e
}

// ordinal binds the number of a congress or a term, typed as offices write it: 4 or
// IV ("lần thứ IV").
func (f *form) ordinal(label, name string, v *int) *Entry {
	e := f.u.newEntryOf(KindNumber)
	e.SetText(itoaOrEmpty(*v))
	ff := f.add(label, name, e, e, func() string {
		n, ok := data.ParseOrdinal(e.Text)
		if !ok {
			return f.u.T("form.ordinal")
		}
		*v = n
		return ""
	})
	ff.watchEntry(e)
	return e
}

// integer64 binds a whole-number field to an int64 (sums of money in đồng).
func (f *form) integer64(label, name string, v *int64) *Entry {
	e := f.u.newEntryOf(KindNumber)
	if *v != 0 {
		e.SetText(data.FormatInt(*v))
	}
	ff := f.add(label, name, e, e, func() string {
		n, ok := readAmount(e.Text)
		if !ok {
			return f.u.T("form.number")
		}
		*v = n
		return ""
	})
	ff.watchEntry(e)
	return e
}

// readAmount reads a whole number as typed, "." thousands separators and spaces
// allowed; empty is 0.
func readAmount(text string) (int64, bool) {
	t := strings.ReplaceAll(strings.ReplaceAll(strings.TrimSpace(text), ".", ""), " ", "")
	if t == "" {
		return 0, true
	}
	n, err := strconv.ParseInt(t, 10, 64)
	return n, err == nil
}

// computed adds a labelled line that is not typed but worked out from other fields
// (a total), for the clerk to check as they type.
func (f *form) computed(label string) *widget.Label {
	l := widget.NewLabel("")
	f.rows = append(f.rows, widget.NewLabel(f.u.T(label)), l)
	return l
}

// check binds a check box to a flag.
func (f *form) check(label, name string, v *bool) *widget.Check {
	c := widget.NewCheck(f.u.T("common.yes"), nil)
	c.SetChecked(*v)
	ff := f.add(label, name, c, c, func() string { *v = c.Checked; return "" })
	c.OnChanged = func(bool) { ff.fire() }
	return c
}

// choice binds a drop-down to a value among values, shown by labels.
func choice[T comparable](f *form, label, name string, v *T, values []T, labels []string) *widget.Select {
	es := &escSelect{esc: f.u.closeDialog}
	es.Options = labels
	es.ExtendBaseWidget(es)
	s := &es.Select
	s.PlaceHolder = f.u.T("form.pick") // Fyne's own "(Select one)" is not translated
	for i, x := range values {
		if x == *v {
			s.SetSelectedIndex(i)
		}
	}
	ff := f.add(label, name, es, es, func() string {
		if i := s.SelectedIndex(); i >= 0 {
			*v = values[i]
		}
		return ""
	})
	s.OnChanged = func(string) { ff.fire() }
	return s
}

// many binds a list of check boxes to a list of ids; ids the list does not offer (a
// retired agency still named on an old task) are kept.
func (f *form) many(label, name string, v *[]string, ids, labels []string) *widget.CheckGroup {
	g := widget.NewCheckGroup(labels, nil)
	offered := map[string]string{}
	for i, id := range ids {
		offered[id] = labels[i]
	}
	var selected []string
	for _, id := range *v {
		if l, ok := offered[id]; ok {
			selected = append(selected, l)
		}
	}
	g.SetSelected(selected)
	box := container.NewGridWrap(fyne.NewSize(400, 130), container.NewVScroll(g))
	ff := f.add(label, name, nil, box, func() string {
		var out []string
		for _, id := range *v {
			if _, ok := offered[id]; !ok {
				out = append(out, id)
			}
		}
		for i, l := range labels {
			for _, s := range g.Selected {
				if s == l {
					out = append(out, ids[i])
				}
			}
		}
		*v = out
		return ""
	})
	g.OnChanged = func([]string) { ff.fire() }
	return g
}

// view is the form's content: the rows in a scroll, and the count of problems.
func (f *form) view() fyne.CanvasObject {
	f.scroll = container.NewVScroll(formGrid(f.rows...))
	return border(f.banner, f.count, nil, nil, f.scroll)
}

// read copies every field into the record and reports typing problems by field.
func (f *form) read() map[string]string {
	problems := map[string]string{}
	for _, ff := range f.fields {
		if msg := ff.read(); msg != "" {
			problems[ff.name] = msg
		}
	}
	return problems
}

// showProblems writes each message under its field, says how many fields need
// attention, and focuses and reveals the first of them. Messages about no field of
// the form are returned for the caller to show.
func (f *form) showProblems(p map[string]string) []string {
	var first *formField
	n := 0
	shown := map[string]bool{}
	for _, ff := range f.fields {
		ff.setMsg(p[ff.name])
		if ff.msg.Text != "" {
			shown[ff.name] = true
			n++
			if first == nil {
				first = ff
			}
		}
	}
	var rest []string
	for name, msg := range p {
		if !shown[name] {
			rest = append(rest, msg)
		}
	}
	f.count.Text = ""
	if n > 0 {
		f.count.Text = f.u.T("form.problems", n)
	}
	f.count.Refresh()
	if first != nil {
		if first.focus != nil {
			f.u.focus(first.focus)
		}
		f.reveal(first.obj)
	}
	return rest
}

// reveal scrolls the form so that obj is in view.
func (f *form) reveal(obj fyne.CanvasObject) {
	if f.scroll == nil || f.scroll.Content == nil {
		return
	}
	d := fyne.CurrentApp().Driver()
	top := d.AbsolutePositionForObject(obj).Y - d.AbsolutePositionForObject(f.scroll.Content).Y
	off := f.scroll.Offset
	view := f.scroll.Size().Height
	switch {
	case top < off.Y:
		off.Y = top
	case top+obj.Size().Height > off.Y+view:
		off.Y = top + obj.Size().Height - view
	default:
		return
	}
	f.scroll.ScrollToOffset(off)
}

// save checks the record the form edits and saves it: typing problems, then the
// record's rules, then write; every failure is shown at its field.
func (f *form) save(rec data.Record, write func() error) bool {
	if p := f.read(); len(p) > 0 {
		f.report(p)
		return false
	}
	if err := data.Check(rec); err != nil {
		logfile.Error(f.u.ctx, "form", err)
		f.report(data.FieldErrorsIn(err, f.u.tr.Lang))
		return false
	}
	if err := write(); err != nil {
		logfile.Error(f.u.ctx, "form", err)
		p := data.FieldErrorsIn(err, f.u.tr.Lang)
		if len(p) == 0 || p[""] != "" {
			f.u.showError(err)
		}
		f.report(p)
		return false
	}
	f.showProblems(nil)
	return true
}

func (f *form) report(p map[string]string) {
	if rest := f.showProblems(p); len(rest) > 0 {
		f.count.Text = strings.TrimSpace(f.count.Text + " " + strings.Join(rest, " "))
		f.count.Refresh()
	}
}

// first is the first field a user types in.
func (f *form) first() fyne.Focusable {
	for _, ff := range f.fields {
		if ff.focus != nil {
			return ff.focus
		}
	}
	return nil
}

// editDialog shows a form in a dialog with Save (also Ctrl+S) and Cancel (also Esc);
// the first field has the focus. save returns whether it saved; then the dialog
// closes and the window says so.
func (u *UI) editDialog(title string, f *form, size fyne.Size, save func() bool) *dialog.CustomDialog {
	d := dialog.NewCustomWithoutButtons(title, f.view(), u.win)
	onSave := func() {
		if save() {
			d.Hide()
			u.saved()
		}
	}
	ok := widget.NewButtonWithIcon(u.T("action.save"), theme.DocumentSaveIcon(), onSave)
	ok.Importance = widget.HighImportance
	// Cancel and Esc ask before typed changes are thrown away (Thêm nhiệm vụ dropped a
	// long text on Esc without a word).
	dirty := false
	f.onChange(func() { dirty = true })
	leave := func() {
		if !dirty {
			d.Hide()
			return
		}
		u.confirm(u.T("form.unsaved.title"), u.T("form.unsaved"), u.T("form.discard"), d.Hide)
	}
	cancel := widget.NewButtonWithIcon(u.T("action.cancel"), theme.CancelIcon(), leave)
	d.SetButtons([]fyne.CanvasObject{cancel, ok})
	u.pushDialogKeys(askingDialog{d, leave}, map[fyne.KeyName]func(){fyne.KeyS: onSave})
	d.Resize(u.dialogSize(size))
	d.Show()
	if first := f.first(); first != nil {
		u.focus(first)
	}
	return d
}

// escSelect is a drop-down that passes Esc to its dialog: Fyne gives a focused widget
// every key, and a drop-down kept Esc to itself, so the dialog did not close.
type escSelect struct {
	widget.Select
	esc func() bool
}

// TypedKey closes the dialog on Esc; other keys go to the drop-down.
func (s *escSelect) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && s.esc != nil && s.esc() {
		return
	}
	s.Select.TypedKey(k)
}

// askingDialog is a dialog whose dismissal (Esc) goes through leave, which may ask first.
type askingDialog struct {
	*dialog.CustomDialog
	leave func()
}

// Hide is what Esc does: leave.
func (a askingDialog) Hide() { a.leave() }

// dialogSize keeps a dialog inside the window.
func (u *UI) dialogSize(want fyne.Size) fyne.Size {
	win := u.win.Canvas().Size()
	if win.Width > 0 {
		want.Width = min(want.Width, win.Width-40)
	}
	if win.Height > 0 {
		want.Height = min(want.Height, win.Height-40)
	}
	return want
}

// returnsFocus makes b the place the keyboard focus goes back to when the dialog it
// opens closes: Fyne's Button gives up the focus when pressed (Space included), so
// without this a clerk at the keyboard was left on the navigation.
func (u *UI) returnsFocus(b *widget.Button) *widget.Button {
	tapped := b.OnTapped
	b.OnTapped = func() {
		u.opener = b
		tapped()
		u.opener = nil // not a dialog: forgotten
	}
	return b
}

// focus gives the keyboard focus to o.
func (u *UI) focus(o fyne.Focusable) { u.win.Canvas().Focus(o) }

// pushDialogKeys makes Ctrl+<key> act in dialog d while it is open (Ctrl+S saves the
// dialog, not the screen behind it).
func (u *UI) pushDialogKeys(d dialog.Dialog, keys map[fyne.KeyName]func()) {
	u.pushDialog(d, keys, nil)
}

// pushDialog registers an open dialog: its Ctrl+<key> shortcuts and what Enter does
// (nil: nothing) while it is on top.
func (u *UI) pushDialog(d dialog.Dialog, keys map[fyne.KeyName]func(), enter func()) {
	named := map[string]func(){}
	for k, f := range keys {
		sc := &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
		named[sc.ShortcutName()] = f
	}
	u.dialogKeys = append(u.dialogKeys, named)
	u.dialogs = append(u.dialogs, d)
	u.dialogEnter = append(u.dialogEnter, enter)
	// When the dialog closes, the keyboard focus goes back where it was, so a clerk
	// working with the keyboard is not left on the navigation.
	prev := u.win.Canvas().Focused()
	if prev == nil {
		prev = u.opener // Fyne's button drops the focus when pressed
	}
	u.opener = nil
	d.SetOnClosed(func() {
		if n := len(u.dialogKeys); n > 0 {
			u.dialogKeys = u.dialogKeys[:n-1]
		}
		if n := len(u.dialogs); n > 0 {
			u.dialogs, u.dialogEnter = u.dialogs[:n-1], u.dialogEnter[:n-1]
		}
		switch {
		case u.refocus != nil: // what had the focus is gone: the dialog's action said where to go
			u.focus(u.refocus)
			u.refocus = nil
		case prev != nil:
			u.focus(prev)
		}
	})
}

// field returns the form's field bound to a record field name (nil if none).
func (f *form) field(name string) *formField {
	for _, ff := range f.fields {
		if ff.name == name {
			return ff
		}
	}
	return nil
}
