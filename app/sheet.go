package app

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"qlhoi/data"
	"qlhoi/data/sheet"
	"qlhoi/data/store"
)

// Spreadsheets in and out: "Xuất Excel" on a list, and the import wizard (file → sheet
// → column mapping → preview → apply) over data/sheet.

// exportButton is the "Xuất Excel" button of the association list: the list as
// filtered now.
func (s *associations) exportButton() *widget.Button {
	u := s.u
	return u.returnsFocus(widget.NewButtonWithIcon(u.T("sheet.export"), theme.DocumentSaveIcon(), func() {
		u.exportSheet("DS-hoi-"+u.today().ISO()+".xlsx", func(path string) (int, error) {
			return sheet.ExportAssociations(u.ctx, u.store, s.filter, path)
		})
	}))
}

// exportButton is the "Xuất Excel" button of the task list, as filtered now.
func (t *tasks) exportButton() *widget.Button {
	u := t.u
	return u.returnsFocus(widget.NewButtonWithIcon(u.T("sheet.export"), theme.DocumentSaveIcon(), func() {
		u.exportSheet("DS-nhiem-vu-"+u.today().ISO()+".xlsx", func(path string) (int, error) {
			return sheet.ExportTasks(u.ctx, u.store, t.filter, path)
		})
	}))
}

// exportButton is the "Xuất Excel" button of the issued-documents register.
func (r *reportsScreen) exportButton() *widget.Button {
	u := r.u
	return u.returnsFocus(widget.NewButtonWithIcon(u.T("sheet.export"), theme.DocumentSaveIcon(), func() {
		u.exportSheet("So-van-ban-di-"+u.today().ISO()+".xlsx", func(path string) (int, error) {
			return sheet.ExportRegister(u.ctx, u.store, path)
		})
	}))
}

// statsButton is the "Xuất thống kê năm (Excel)" button of the Reports screen: the
// associations' information and the statistics of a year, as one workbook.
func (r *reportsScreen) statsButton() *widget.Button {
	u := r.u
	return u.returnsFocus(widget.NewButtonWithIcon(u.T("sheet.stats"), theme.DocumentSaveIcon(), func() { u.askStatsYear() }))
}

// statsYear is the open dialog that asks the year of the statistics workbook.
type statsYear struct {
	d    *dialog.CustomDialog
	year *Entry
	msg  *canvas.Text
}

// askStatsYear asks which year's statistics to export (by default the year that
// sheet.StatisticsYear picks), then where to save the workbook. Enter goes on, Esc
// cancels.
func (u *UI) askStatsYear() *statsYear {
	def, err := sheet.StatisticsYear(u.ctx, u.store)
	if err != nil {
		u.showError(err)
		return nil
	}
	s := &statsYear{year: u.newEntryOf(KindNumber), msg: errorLabel()}
	s.year.SetText(strconv.Itoa(def))
	next := func() {
		y, err := sheet.ParseYear(strings.TrimSpace(s.year.Text), 0)
		if err != nil || y == 0 {
			s.msg.Text = u.T("sheet.stats.year_invalid")
			s.msg.Refresh()
			u.focus(s.year)
			return
		}
		s.d.Hide()
		u.exportStats(y)
	}
	s.year.OnSubmitted = func(string) { next() }
	body := container.NewVBox(wrappedFixed(u.T("sheet.stats.intro"), 440),
		formGrid(widget.NewLabel(u.T("sheet.stats.year")), s.year), s.msg)
	s.d = dialog.NewCustomWithoutButtons(u.T("sheet.stats.title"), body, u.win)
	ok := widget.NewButtonWithIcon(u.T("sheet.stats.next"), theme.DocumentSaveIcon(), next)
	ok.Importance = widget.HighImportance
	cancel := widget.NewButtonWithIcon(u.T("action.cancel"), theme.CancelIcon(), s.d.Hide)
	s.d.SetButtons([]fyne.CanvasObject{cancel, ok})
	u.pushDialog(s.d, map[fyne.KeyName]func(){fyne.KeyS: next}, next)
	s.d.Show()
	u.focus(s.year)
	s.year.TypedShortcut(&fyne.ShortcutSelectAll{}) // typing a year replaces the default
	return s
}

// exportStats asks where to save the statistics workbook of the year, then writes it.
func (u *UI) exportStats(year int) {
	u.saveSheet(fmt.Sprintf("Thong-ke-hoi-%d.xlsx", year), func(path string) (string, error) {
		n, err := sheet.ExportStatistics(u.ctx, u.store, year, path)
		return u.T("sheet.stats.exported", year, data.FormatInt(int64(n)), filepath.Base(path)), err
	})
}

// exportButton is the "Xuất Excel" button of the conflicts list.
func (e *exchangeScreen) exportButton() *widget.Button {
	u := e.u
	return u.returnsFocus(widget.NewButtonWithIcon(u.T("sheet.export"), theme.DocumentSaveIcon(), func() {
		u.exportSheet("Xung-dot-"+u.today().ISO()+".xlsx", func(path string) (int, error) {
			return sheet.ExportConflicts(u.ctx, u.store, path)
		})
	}))
}

// importButton opens the import wizard for associations; the list reloads after.
func (s *associations) importButton() *widget.Button {
	u := s.u
	return u.returnsFocus(widget.NewButtonWithIcon(u.T("sheet.import"), theme.UploadIcon(), func() {
		u.pickSheetImport(sheet.KindHoi, s.reload)
	}))
}

// exportSheet asks where to save, then writes the list with write.
func (u *UI) exportSheet(name string, write func(path string) (int, error)) {
	u.saveSheet(name, func(path string) (string, error) {
		n, err := write(path)
		return u.T("sheet.exported", data.FormatInt(int64(n)), filepath.Base(path)), err
	})
}

// saveSheet asks where to save a spreadsheet (name by default), then writes it with
// write, which says what it wrote for the status line. A file that cannot be made
// there is a message, as a failed write is.
func (u *UI) saveSheet(name string, write func(path string) (string, error)) {
	u.askSave(u.T("sheet.export"), name, []string{".xlsx"}, func(path string) {
		done, err := write(path)
		if err != nil {
			u.showError(err)
			return
		}
		u.notify(done)
	})
}

// pickSheetImport asks for the spreadsheet, then opens the wizard on it.
func (u *UI) pickSheetImport(kind string, done func()) {
	u.askOpen(u.T("sheet.title"), []string{".xlsx", ".xlsm", ".csv", ".xls"}, func(path string) { u.openSheetImport(kind, path, done) })
}

// sheetImport is the import wizard on one file.
type sheetImport struct {
	u      *UI
	opts   sheet.Options
	path   string
	fields []sheet.Field
	p      *sheet.Preview
	done   func()

	sheets *widget.Select
	// year is the year of the member counts (hoi lists), yearFrom where it came from.
	year     *Entry
	yearFrom *widget.Label
	mapping  *fyne.Container
	rows     *widget.List
	counts   *widget.Label
	apply    *widget.Button
	d        dialog.Dialog
}

// openSheetImport reads the file and shows the wizard, or the reason it cannot.
func (u *UI) openSheetImport(kind, path string, done func()) *sheetImport {
	fields, err := sheet.Fields(kind)
	if err != nil {
		u.showError(err)
		return nil
	}
	w := &sheetImport{u: u, opts: sheet.Options{Kind: kind, Map: map[string]string{}, Decisions: map[int]string{}}, path: path, fields: fields, done: done}
	if err := w.preview(); err != nil {
		u.showError(err)
		return nil
	}
	w.build()
	return w
}

func (w *sheetImport) preview() error {
	p, err := sheet.PreviewFile(w.u.ctx, w.u.store, w.path, w.opts)
	if err != nil {
		return err
	}
	w.p = p
	return nil
}

func (w *sheetImport) build() {
	u := w.u
	var names []string
	for _, s := range w.p.Sheets {
		names = append(names, s.Name)
	}
	if len(names) == 0 {
		names = []string{w.p.Sheet} // a CSV file is its one sheet
	}
	w.sheets = widget.NewSelect(names, nil)
	w.sheets.SetSelected(w.p.Sheet)
	w.sheets.OnChanged = func(name string) {
		w.opts.Sheet, w.opts.Map = name, map[string]string{}
		w.refresh()
	}
	w.mapping = container.NewVBox()
	w.rows = widget.NewList(func() int { return len(w.p.Rows) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(w.rowText(w.p.Rows[i])) })
	w.rows.OnSelected = func(i widget.ListItemID) {
		w.rows.UnselectAll()
		w.decide(w.p.Rows[i])
	}
	w.counts = widget.NewLabel("")
	w.apply = widget.NewButtonWithIcon(u.T("sheet.apply"), theme.ConfirmIcon(), w.onApply)
	w.apply.Importance = widget.HighImportance
	undo := widget.NewButtonWithIcon(u.T("sheet.undo"), theme.ContentUndoIcon(), w.onUndo)
	top := container.NewVBox(widget.NewLabelWithStyle(filepath.Base(w.path), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		border(nil, nil, widget.NewLabel(u.T("sheet.sheet")), nil, w.sheets))
	if w.opts.Kind == sheet.KindHoi {
		// The year of the member counts is asked, not taken silently: the title's
		// year, or this year, until the clerk says otherwise.
		w.year = u.newEntryOf(KindNumber)
		w.year.SetText(strconv.Itoa(w.p.Year))
		w.yearFrom = widget.NewLabel("")
		w.year.OnChanged = func(text string) {
			if y, err := strconv.Atoi(strings.TrimSpace(text)); err == nil && y >= 1950 && y <= 2100 && y != w.p.Year {
				w.opts.Year = y
				w.refresh()
			}
		}
		top.Add(border(nil, nil, widget.NewLabel(u.T("sheet.year")), w.yearFrom, container.NewGridWrap(fyne.NewSize(90, w.year.MinSize().Height), w.year)))
	}
	// The mapping scrolls both ways, so the divider moves freely and the preview gets
	// its share (a wide mapping left it 240 px).
	left := border(widget.NewLabelWithStyle(u.T("sheet.mapping"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, container.NewScroll(w.mapping))
	right := border(widget.NewLabelWithStyle(u.T("sheet.preview"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, w.rows)
	split := container.NewHSplit(left, right)
	split.Offset = 0.36
	bottom := border(nil, nil, nil, container.NewHBox(undo, w.apply), w.counts)
	w.d = dialog.NewCustom(u.T("sheet.title"), u.T("action.close"), border(top, bottom, nil, nil, split), u.win)
	w.show()
	w.d.Resize(u.dialogSize(fyne.NewSize(1100, 680)))
	// Keyboard: the focus starts on the sheet choice, Tab goes through the mapping to
	// the buttons, Ctrl+S writes (after the confirmation), Esc closes.
	u.pushDialog(w.d, map[fyne.KeyName]func(){fyne.KeyS: w.onApply}, nil)
	w.d.Show()
	u.focus(w.sheets)
}

// show puts the current preview on screen.
func (w *sheetImport) show() {
	u := w.u
	options := []string{u.T("sheet.skip")}
	keyOf := map[string]string{u.T("sheet.skip"): sheet.SkipField}
	labelOf := map[string]string{sheet.SkipField: u.T("sheet.skip")}
	for _, f := range w.fields {
		options = append(options, f.Label)
		keyOf[f.Label], labelOf[f.Key] = f.Key, f.Label
	}
	w.mapping.RemoveAll()
	for _, c := range w.p.Columns {
		if c.Header == "" {
			continue
		}
		sel := widget.NewSelect(options, nil)
		sel.PlaceHolder = u.T("sheet.skip") // one wording for "not imported"
		if c.Guess != "" {
			// An unsure mapping is a question: chosen by the clerk, never silently.
			sel.PlaceHolder = u.T("sheet.guess", c.GuessLabel)
		}
		if l, ok := labelOf[c.Field]; ok {
			sel.SetSelected(l)
		}
		letter := c.Letter
		sel.OnChanged = func(label string) {
			key := "Cột " + letter
			prev, had := w.opts.Map[key]
			w.opts.Map[key] = keyOf[label]
			if !w.refresh() {
				// A mapping the preview refused is taken back.
				if delete(w.opts.Map, key); had {
					w.opts.Map[key] = prev
				}
				w.refresh()
			}
		}
		w.mapping.Add(container.NewGridWithColumns(2, widget.NewLabel(u.T("sheet.column", letter, c.Header)), sel))
	}
	c := w.p.Counts
	text := u.T("sheet.counts", c[sheet.Create], c[sheet.Update], c[sheet.Skip], c[sheet.Fail])
	for _, n := range w.p.NewAgencies {
		text += "\n" + u.T("sheet.new_agency", n)
	}
	w.counts.SetText(text)
	if w.yearFrom != nil {
		w.yearFrom.SetText(u.T("sheet.year_from." + w.p.YearFrom))
	}
	if c[sheet.Create]+c[sheet.Update] == 0 {
		w.apply.Disable()
	} else {
		w.apply.Enable()
	}
	w.sizeRows()
	w.rows.Refresh()
}

// sizeRows gives each preview row the height of its lines (the row and its messages).
func (w *sheetImport) sizeRows() {
	heights := map[int]float32{}
	for i, r := range w.p.Rows {
		n := 1 + len(r.Changed) + len(r.Messages)
		if _, ok := heights[n]; !ok {
			heights[n] = widget.NewLabel(strings.Repeat("x\n", n-1) + "x").MinSize().Height
		}
		w.rows.SetItemHeight(i, heights[n])
	}
}

// refresh previews again after the clerk changed the sheet or the mapping; it reports
// whether the preview could be made.
func (w *sheetImport) refresh() bool {
	if err := w.preview(); err != nil {
		w.u.showError(err)
		return false
	}
	w.show()
	return true
}

// rowText is one row of the preview: "Dòng 8 · thêm mới · Hội … (đã chuyển mã …)",
// then each change and each message on a line of its own (on one line, the changes
// of an update ran past the window's edge).
func (w *sheetImport) rowText(r sheet.Row) string {
	line := w.u.T("sheet.row", r.Line, w.u.T("sheet.action."+string(r.Action)), r.Name)
	if note := r.Note(); note != "" {
		line += " (" + note + ")"
	}
	for _, m := range append(append([]string(nil), r.Changed...), r.Messages...) {
		line += "\n   " + m
	}
	return line
}

// decide asks the clerk about a row whose name nearly matches existing associations:
// add it as a new one, or update the one it is about.
func (w *sheetImport) decide(r sheet.Row) {
	if len(r.NearIDs) == 0 {
		return
	}
	u := w.u
	var d dialog.Dialog
	choose := func(decision string) func() {
		return func() {
			w.opts.Decisions[r.Line] = decision
			d.Hide()
			w.refresh()
		}
	}
	buttons := []fyne.CanvasObject{widget.NewButton(u.T("sheet.near.new"), choose(sheet.DecideNew))}
	for i, id := range r.NearIDs {
		buttons = append(buttons, widget.NewButton(u.T("sheet.near.update", r.Near[i]), choose(id)))
	}
	body := container.NewVBox(append([]fyne.CanvasObject{wrappedFixed(u.T("sheet.near.question", r.Line, r.Name), 460)}, buttons...)...)
	d = dialog.NewCustom(u.T("sheet.near.title"), u.T("action.cancel"), body, u.win)
	d.Show()
}

func (w *sheetImport) onApply() {
	u := w.u
	c := w.p.Counts
	u.confirm(u.T("sheet.title"), u.T("sheet.confirm", c[sheet.Create], c[sheet.Update]), u.T("sheet.apply"), func() {
		imp, err := w.p.Apply(u.ctx, u.store)
		if err != nil {
			u.showError(err)
			w.refresh() // nothing was written; preview again against the records as they are now
			return
		}
		w.d.Hide()
		u.notify(u.T("sheet.applied", imp.File, c[sheet.Create], c[sheet.Update]))
		if w.done != nil {
			w.done()
		}
	})
}

func (w *sheetImport) onUndo() {
	w.u.undoSheetImport(func() {
		w.refresh()
		if w.done != nil {
			w.done()
		}
	})
}

// undoSheetImport says which import the undo takes back (file, day and hour, what it
// wrote), asks, undoes it and says so; then runs done. With none to undo it says that.
func (u *UI) undoSheetImport(done func()) {
	last, _, err := u.store.LastSheetImport(u.ctx)
	if err != nil {
		u.showError(err)
		return
	}
	at := last.At
	if t, err := time.Parse(time.RFC3339Nano, last.At); err == nil {
		at = data.InVietnam(t).Format("15:04 02/01/2006")
	}
	msg := u.T("sheet.undo.confirm", last.File, at, last.Counts[string(sheet.Create)], last.Counts[string(sheet.Update)])
	u.confirm(u.T("sheet.undo"), msg, u.T("sheet.undo"), func() {
		imp, err := u.store.UndoLastSheetImport(u.ctx)
		if err != nil {
			u.showError(err)
			return
		}
		u.notify(u.T("sheet.undone", imp.File))
		if done != nil {
			done()
		}
	})
}

// opLabel names a history entry's operation; a spreadsheet import names its file.
func (u *UI) opLabel(c store.Change) string {
	if file, ok := strings.CutPrefix(c.Op, store.OpImportSheet+":"); ok {
		return u.T("history.op.import_sheet", file)
	}
	if c.Op == "undo-import-sheet" {
		return u.T("history.op.undo_import_sheet")
	}
	return u.T("history.op." + c.Op)
}
