// Package app is qlhoi's desktop interface: the Fyne screens a clerk works in. Each
// screen is one file and one struct; screens call data (and reports) for every rule and
// query, and hold no SQL. The package does not import Fyne's app package, so its tests
// run headless without cgo.
package app

import (
	"context"
	"net/url"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"qlhoi/app/native"
	"qlhoi/app/typing"
	"qlhoi/data"
	"qlhoi/data/logfile"
	"qlhoi/data/store"
)

// Options configure the interface.
type Options struct {
	// Background runs long work; the default starts a goroutine. Tests run it inline.
	Background func(func())
	// OpenFile opens a made document in the system viewer; the default asks the OS.
	OpenFile func(path string)
	// Start names the screen to open first (for screenshots): overview, associations,
	// association (the first record), tasks, task (the first task), reports, exchange,
	// settings.
	Start string
	// SystemDialogs asks for files with the system's own dialogs where there are
	// (Windows); otherwise, and in tests, Fyne's.
	SystemDialogs bool
	// GiveBackMemory returns what the opening read to the system once the first screen
	// is up, and keeps the heap near its live size (the window; not tests, where each
	// of a hundred windows would collect twice more).
	GiveBackMemory bool
}

// UI is the main window's content and the state the screens share.
type UI struct {
	ctx    context.Context
	store  *store.Store
	win    fyne.Window
	tr     *Translator
	typing *Typing
	bg     func(func())
	// openFile opens a file in the system's viewer (a PDF in the PDF reader).
	openFile func(path string)

	screens   []screen
	current   int
	nav       *widget.List
	content   *fyne.Container
	badge     *widget.Button
	shortcuts map[string]func()
	// dialogKeys are the shortcuts of the open dialogs, topmost last; they win over
	// the screen's.
	dialogKeys []map[string]func()
	dialogs    []dialog.Dialog
	// dialogEnter is what Enter does in each open dialog (nil: nothing).
	dialogEnter []func()
	// refocus is where the keyboard focus goes when the open dialog closes, set by a
	// dialog action that removed what had the focus (a deleted or redrawn row).
	refocus fyne.Focusable
	// opener is the button whose press is opening a dialog (see returnsFocus).
	opener fyne.Focusable
	// longStop is the Cancel of the long work running now (nil when none): its progress
	// dialog owns the window until the work ends, so Esc means Cancel, and no key
	// reaches the screens or dialogs behind it.
	longStop func()
	// systemDialogs: file questions use the system's dialogs (askOpen).
	systemDialogs bool
	// giveBackMemory: see Options.GiveBackMemory.
	giveBackMemory bool
	// settle frees the memory of opening once (settled).
	settle sync.Once
	// status is the line at the bottom of the window that says what just happened
	// ("Đã lưu lúc 14:05").
	status *widget.Label
	// afterSave is said after the next "saved" message.
	afterSave string
	// lastFolder is where the last file dialog was used.
	lastFolder string
}

// screen is one entry of the navigation.
type screen interface {
	title() string
	icon() fyne.Resource
	view() fyne.CanvasObject
	// refresh reloads the screen's data from the store.
	refresh()
	// leave is asked before the user navigates away; false keeps the user here.
	leave(then func()) bool
}

// New builds the interface in w on store s. If the database has no office yet, the
// first-run wizard is shown; otherwise the overview.
func New(w fyne.Window, s *store.Store, opts Options) *UI {
	// The window's context: closing the window stops work still running (every store
	// call takes it).
	ctx, cancel := context.WithCancel(context.Background())
	w.SetOnClosed(cancel)
	u := &UI{ctx: ctx, store: s, win: w, bg: opts.Background, shortcuts: map[string]func(){}}
	if u.bg == nil {
		u.bg = func(f func()) { go f() }
	}
	u.openFile = opts.OpenFile
	u.systemDialogs = opts.SystemDialogs && native.Available()
	u.giveBackMemory = opts.GiveBackMemory
	if u.openFile == nil {
		u.openFile = func(path string) {
			if err := fyne.CurrentApp().OpenURL(fileURL(path)); err != nil {
				u.showError(&data.Error{Message: u.T("report.open_failed", path)})
			}
		}
	}
	lang, _ := s.Setting(ctx, store.SettingLanguage)
	u.tr = NewTranslator(lang)
	method, _ := s.Setting(ctx, store.SettingTyping)
	if method == "" {
		method = "telex"
	}
	style, _ := s.Setting(ctx, store.SettingToneStyle)
	u.typing = NewTyping(typing.ParseMethod(method), style == "new")
	u.installKeys()
	if s.Office() == "" {
		w.SetContent(container.New(cappedLayout{maxMin: windowMinCap}, u.wizard()))
		w.Canvas().FocusNext() // the office's name: the clerk starts typing at once
	} else {
		u.showMain()
		u.start(opts.Start)
	}
	return u
}

func (u *UI) start(name string) {
	switch name {
	case "associations", "association":
		a, i := screenOf[*associations](u)
		u.show(i)
		if name == "association" && a.rows.total > 0 {
			a.list.Select(0)
		}
	case "tasks", "task":
		t, i := screenOf[*tasks](u)
		u.show(i)
		if name == "task" && t.rows.total > 0 {
			t.list.Select(0)
		}
	case "agencies":
		_, i := screenOf[*agencies](u)
		u.show(i)
	case "reports":
		_, i := screenOf[*reportsScreen](u)
		u.show(i)
	case "exchange":
		_, i := screenOf[*exchangeScreen](u)
		u.show(i)
	case "settings":
		_, i := screenOf[*settings](u)
		u.show(i)
	}
}

// T translates a key in the interface language.
func (u *UI) T(key string, args ...any) string { return u.tr.T(key, args...) }

// today is the current day by the store's clock.
func (u *UI) today() data.Date { return u.store.Today() }

func (u *UI) showMain() {
	u.screens = []screen{
		newOverview(u), newAssociations(u), newTasks(u), newAgencies(u), newReports(u), newExchange(u), newSettings(u),
	}
	longest := ""
	for _, sc := range u.screens {
		if len([]rune(sc.title())) > len([]rune(longest)) {
			longest = sc.title()
		}
	}
	u.nav = widget.NewList(
		func() int { return len(u.screens) },
		func() fyne.CanvasObject {
			return container.NewHBox(widget.NewIcon(theme.HomeIcon()), widget.NewLabel(longest))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Icon).SetResource(u.screens[id].icon())
			box.Objects[1].(*widget.Label).SetText(u.screens[id].title())
		})
	u.nav.OnSelected = func(id widget.ListItemID) {
		if id == u.current {
			return
		}
		prev := u.current
		if prev >= 0 && !u.screens[prev].leave(func() { u.show(id) }) {
			u.nav.Select(prev)
			return
		}
		u.show(id)
	}
	u.newBadge()
	office, _ := u.store.OwnOffice(u.ctx)
	name := ""
	if office != nil {
		name = office.Name
	}
	header := widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	header.Wrapping = fyne.TextWrapWord
	side := border(
		container.NewVBox(header, widget.NewSeparator()),
		container.NewVBox(widget.NewSeparator(), border(nil, nil, nil, u.badge, wrapped(u.T("typing.label")))),
		nil, nil, u.nav)
	u.content = container.NewStack()
	u.status = widget.NewLabel("")
	u.status.Truncation = fyne.TextTruncateEllipsis
	split := container.NewHSplit(side, border(nil, u.status, nil, nil, u.content))
	split.Offset = 0 // the navigation as narrow as its names allow
	u.win.SetContent(container.New(cappedLayout{maxMin: windowMinCap}, split))
	u.current = -1
	u.nav.Select(0)
}

// windowMinCap is the most the window's content asks for: a 1024×768 screen less its
// title bar and taskbar. A long name or a wide form inside is laid out in the window
// (cut or scrolled there), never made to widen the window past the screen (it grew
// to 1046 px on a 1024 screen, its right edge off the screen until resized by hand).
var windowMinCap = fyne.NewSize(1000, 680)

// cappedLayout stacks its objects over the whole room, and asks for at most maxMin.
type cappedLayout struct{ maxMin fyne.Size }

func (l cappedLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l cappedLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objs {
		m = m.Max(o.MinSize())
	}
	return m.Min(l.maxMin)
}

// settled runs once the first screen is drawn with its data: opening reads much (the
// overview of every task) and keeps little, so what was read goes back to the system
// and an old PC's memory holds the window, not its start (bench/startup.sh compares
// the private memory with the bare Fyne window): at once, and again a second later,
// when the screen's last first work (the list's pages, its texts) is done. From then
// on the heap grows to half again its live size, not twice: a window's work is small,
// an old PC's memory too.
func (u *UI) settled() {
	u.settle.Do(func() {
		if !u.giveBackMemory {
			return
		}
		debug.SetGCPercent(settledGCPercent)
		go func() {
			debug.FreeOSMemory()
			time.Sleep(time.Second)
			debug.FreeOSMemory()
		}()
	})
}

// settledGCPercent is the garbage collector's target once the window is up.
const settledGCPercent = 50

// newBadge makes the V/E button that shows and toggles Vietnamese typing (also
// Ctrl+Shift); the window has one at a time.
func (u *UI) newBadge() *widget.Button {
	first := u.badge == nil
	u.badge = widget.NewButton("", func() { u.typing.Toggle() })
	if first {
		u.typing.OnChange(u.refreshBadge)
	}
	u.refreshBadge()
	return u.badge
}

func (u *UI) refreshBadge() {
	if u.badge == nil {
		return
	}
	if u.typing.Vietnamese() {
		u.badge.SetText("V")
		u.badge.Importance = widget.HighImportance
	} else {
		u.badge.SetText("E")
		u.badge.Importance = widget.MediumImportance
	}
	u.badge.Refresh()
}

// show makes screen i current.
func (u *UI) show(i int) {
	u.current = i
	s := u.screens[i]
	// Window shortcuts belong to the screen shown: each registers its own; the last
	// screen's message is not this one's.
	u.shortcuts = map[string]func(){}
	u.notify("")
	s.refresh()
	u.content.Objects = []fyne.CanvasObject{s.view()}
	u.content.Refresh()
	if u.nav != nil {
		u.nav.Select(i)
	}
}

// Screen returns the screen of a type, for navigation from one screen to another.
func screenOf[T screen](u *UI) (T, int) {
	var zero T
	for i, s := range u.screens {
		if t, ok := s.(T); ok {
			return t, i
		}
	}
	return zero, -1
}

// notify says on the status line what just happened.
func (u *UI) notify(msg string) {
	if u.status != nil {
		u.status.SetText(msg)
	}
}

// statusLabel is the name of a task status in the interface language.
func (u *UI) statusLabel(st data.TaskStatus) string { return u.T("status." + string(st)) }

// saved says that a save succeeded, and when, with what the save changed on screen
// (a filter relaxed to show the new record).
func (u *UI) saved() {
	msg := u.T("status.saved", data.InVietnam(u.store.Now()).Format("15:04"))
	if u.afterSave != "" {
		msg += " " + u.afterSave
		u.afterSave = ""
	}
	u.notify(msg)
}

// showError shows err as a sentence that says what to do, never a raw error; a long
// message wraps instead of widening the window.
func (u *UI) showError(err error) {
	d := dialog.NewCustom(u.T("error.title"), u.T("action.close"), wrappedFixed(u.message(err), 460), u.win)
	d.Show()
}

// message is the user's sentence for err in the interface language. Every error the
// window shows passes here, so here it is logged (code, cause; see logfile.Error).
func (u *UI) message(err error) string {
	logfile.Error(u.ctx, "window", err)
	return data.MessageIn(err, u.tr.Lang)
}

// confirm asks a yes/no question.
func (u *UI) confirm(title, msg, yes string, then func()) {
	d := dialog.NewCustomConfirm(title, yes, u.T("action.cancel"), wrappedFixed(msg, 460), func(ok bool) {
		if ok {
			then()
		}
	}, u.win)
	u.pushDialog(d, nil, d.Confirm)
	d.Show()
}

// runLong runs work off the UI thread with a progress dialog, then done on the UI thread.
// work gets a context that the dialog's Cancel button, Esc, or closing the window
// cancels, and a progress function (0 to 1) that moves the bar; work stopped by Cancel
// ends with ErrCancelled. The dialog stays until the work has ended — it cannot be
// dismissed while the work goes on — and done, which sets the screen's state, runs on
// the UI goroutine after it closes. Long work never runs twice at once: a second
// request while one runs is refused with ErrBusy's sentence.
func (u *UI) runLong(title string, work func(ctx context.Context, progress func(float64)) error, done func(error)) {
	if u.longStop != nil {
		done(&data.Error{Code: "ErrBusy", Message: data.Catalogue["ErrBusy"].Vi})
		return
	}
	ctx, cancel := context.WithCancel(u.ctx)
	u.notify("") // the last action's message is not this one's
	bar := widget.NewProgressBar()
	var stop *escButton
	u.longStop = func() {
		cancel()
		stop.Disable()
	}
	stop = newEscButton(u.T("action.cancel"), u.longStop)
	d := dialog.NewCustomWithoutButtons(title, container.NewVBox(widget.NewLabel(u.T("progress.wait")), bar, stop), u.win)
	d.Show()
	u.win.Canvas().Focus(stop)
	u.bg(func() {
		err := work(ctx, func(f float64) { fyne.Do(func() { bar.SetValue(f) }) })
		if err != nil && ctx.Err() != nil && u.ctx.Err() == nil {
			err = &data.Error{Code: "ErrCancelled", Message: data.Catalogue["ErrCancelled"].Vi, Err: err}
		}
		cancel()
		fyne.Do(func() {
			u.longStop = nil
			d.Hide()
			done(err)
		})
	})
}

// escButton is a button that Esc presses too: Fyne gives a focused button every key
// (Esc reached neither the window nor the dialog), and on a progress dialog Esc means
// Cancel.
type escButton struct{ widget.Button }

func newEscButton(label string, tapped func()) *escButton {
	b := &escButton{}
	b.Text, b.OnTapped = label, tapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey presses the button on Esc; other keys as a button takes them.
func (b *escButton) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && !b.Disabled() && b.OnTapped != nil {
		b.OnTapped()
		return
	}
	b.Button.TypedKey(k)
}

// heading is a screen title.
func heading(text string) fyne.CanvasObject {
	t := canvas.NewText(text, colorPrimary)
	t.TextSize = theme.Size(theme.SizeNameHeadingText)
	t.TextStyle.Bold = true
	return t
}

// tabKeysHint names the keys that switch tabs: Fyne's tab strip takes no keyboard
// focus, so a keyboard clerk is told where tabs are.
func (u *UI) tabKeysHint() *canvas.Text {
	keys := canvas.NewText(u.T("tabs.keys"), theme.Color(theme.ColorNamePlaceHolder))
	keys.TextSize = theme.Size(theme.SizeNameCaptionText)
	return keys
}

// tabbedHeading is the heading of a screen with tabs, with tabKeysHint on its right.
func (u *UI) tabbedHeading(text string) fyne.CanvasObject {
	return border(nil, nil, nil, container.NewPadded(container.NewCenter(u.tabKeysHint())), heading(text))
}

// errorLabel is the inline message under a form field.
func errorLabel() *canvas.Text {
	t := canvas.NewText("", colorErrorText)
	t.TextSize = theme.Size(theme.SizeNameCaptionText) + 1
	return t
}

// formGrid lays out label/field rows. Labels wrap within a column of at most
// labelWidth, so a long label (or its English translation) never widens the window.
func formGrid(rows ...fyne.CanvasObject) *fyne.Container {
	for i := 0; i < len(rows); i += 2 {
		if l, ok := rows[i].(*widget.Label); ok {
			l.Wrapping = fyne.TextWrapWord
		}
	}
	return container.New(formLayout{}, rows...)
}

// labelWidth is the widest the label column of a form gets.
const labelWidth = 190

// formLayout is Fyne's form layout with a bounded, wrapping label column.
type formLayout struct{}

// labelColumn is the width of the label column: the widest label on one line, at most
// labelWidth.
func (formLayout) labelColumn(objs []fyne.CanvasObject) float32 {
	var w float32
	for i := 0; i < len(objs); i += 2 {
		if !objs[i].Visible() {
			continue
		}
		if l, ok := objs[i].(*widget.Label); ok {
			w = max(w, fyne.MeasureText(l.Text, theme.TextSize(), l.TextStyle).Width+2*theme.InnerPadding())
		} else {
			w = max(w, objs[i].MinSize().Width)
		}
	}
	return min(w, labelWidth)
}

// rowHeight is the height of row i with the label column at width lw.
func (formLayout) rowHeight(objs []fyne.CanvasObject, i int, lw float32) float32 {
	h := objs[i].MinSize().Height
	if l, ok := objs[i].(*widget.Label); ok {
		l.Resize(fyne.NewSize(lw, l.Size().Height))
		h = l.MinSize().Height
	}
	if i+1 < len(objs) {
		h = max(h, objs[i+1].MinSize().Height)
	}
	return h
}

func (f formLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	lw := f.labelColumn(objs)
	var fw, h float32
	for i := 0; i < len(objs); i += 2 {
		if !objs[i].Visible() {
			continue
		}
		if i+1 < len(objs) {
			fw = max(fw, objs[i+1].MinSize().Width)
		}
		if h > 0 {
			h += theme.Padding()
		}
		h += f.rowHeight(objs, i, lw)
	}
	return fyne.NewSize(lw+theme.Padding()+fw, h)
}

func (f formLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	lw := f.labelColumn(objs)
	fx := lw + theme.Padding()
	y := float32(0)
	for i := 0; i < len(objs); i += 2 {
		if !objs[i].Visible() {
			continue
		}
		h := f.rowHeight(objs, i, lw)
		objs[i].Move(fyne.NewPos(0, y))
		objs[i].Resize(fyne.NewSize(lw, h))
		if i+1 < len(objs) {
			fh := objs[i+1].MinSize().Height
			objs[i+1].Move(fyne.NewPos(fx, y))
			objs[i+1].Resize(fyne.NewSize(size.Width-fx, fh))
		}
		y += h + theme.Padding()
	}
}

// fmtTime shows a UTC time in local time, dd/mm/yyyy hh:mm.
func fmtTime(t time.Time) string { return data.InVietnam(t).Format("02/01/2006 15:04") }

// fileURL is the file:// URL of a path, Windows drive letters included (file:///C:/…).
func fileURL(path string) *url.URL {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return &url.URL{Scheme: "file", Path: p}
}

// border is container.NewBorder with its children in reading order: top, left, the
// centre, right, bottom. Fyne's Tab follows the order of children, and NewBorder puts
// the centre first, so Tab reached a list before the search box above it.
func border(top, bottom, left, right fyne.CanvasObject, objects ...fyne.CanvasObject) *fyne.Container {
	var all []fyne.CanvasObject
	for _, o := range []fyne.CanvasObject{top, left} {
		if o != nil {
			all = append(all, o)
		}
	}
	all = append(all, objects...)
	for _, o := range []fyne.CanvasObject{right, bottom} {
		if o != nil {
			all = append(all, o)
		}
	}
	return container.New(layout.NewBorderLayout(top, bottom, left, right), all...)
}
