package app

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"qlhoi/data"
	"qlhoi/data/exchange"
	"qlhoi/data/logfile"
	"qlhoi/data/store"
	"qlhoi/reports"
)

// exchangeScreen (Trao đổi dữ liệu): export a bundle for an office (to a USB stick),
// import one (verify → preview with differences → apply → receipt), trusted offices
// and their cards, conflicts.
type exchangeScreen struct {
	u    *UI
	root *fyne.Container
	tabs *container.AppTabs

	// export
	to      *widget.Select
	full    *widget.Check
	dest    *Entry
	expMsg  *canvas.Text
	trusted []store.TrustedOffice
	// import
	file    *Entry
	impBox  *fyne.Container
	bundle  *exchange.Bundle
	preview *exchange.Preview
	// trust and conflicts
	trustBox, conflictBox *fyne.Container
}

func newExchange(u *UI) *exchangeScreen {
	e := &exchangeScreen{u: u, root: container.NewStack()}
	e.to = widget.NewSelect(nil, nil)
	e.to.PlaceHolder = u.T("exchange.pick_office")
	e.full = widget.NewCheck(u.T("exchange.full"), nil)
	e.dest = u.newEntryOf(KindPath)
	e.dest.SetPlaceHolder(u.T("exchange.dest.hint"))
	e.expMsg = errorLabel()
	pickDest := u.returnsFocus(widget.NewButtonWithIcon("", theme.FolderOpenIcon(), func() {
		u.askFolder(u.T("exchange.dest"), func(path string) { e.dest.SetText(path) })
	}))
	exportBtn := widget.NewButtonWithIcon(u.T("exchange.export"), theme.MailSendIcon(), e.onExport)
	exportBtn.Importance = widget.HighImportance
	exportTab := container.NewVBox(
		wrapped(u.T("exchange.export.intro")),
		formGrid(widget.NewLabel(u.T("exchange.to")), e.to, widget.NewLabel(u.T("exchange.dest")), border(nil, nil, nil, pickDest, e.dest)),
		e.full, container.NewHBox(exportBtn), e.expMsg)

	e.file = u.newEntryOf(KindPath)
	e.file.SetPlaceHolder(u.T("exchange.file.hint"))
	e.file.OnSubmitted = func(string) { e.onVerify() } // Enter checks the file typed
	pickFile := u.returnsFocus(widget.NewButtonWithIcon("", theme.FolderOpenIcon(), func() {
		u.askOpen(u.T("exchange.tab.import"), []string{".qlb"}, func(path string) { e.file.SetText(path) })
	}))
	check := widget.NewButtonWithIcon(u.T("exchange.verify"), theme.ConfirmIcon(), e.onVerify)
	check.Importance = widget.HighImportance
	undo := widget.NewButtonWithIcon(u.T("exchange.undo"), theme.ContentUndoIcon(), e.onUndo)
	e.impBox = container.NewStack()
	importTab := border(container.NewVBox(
		widget.NewLabel(u.T("exchange.import.intro")),
		border(nil, nil, nil, container.NewHBox(pickFile, check), e.file)), container.NewHBox(undo), nil, nil,
		e.impBox)

	e.trustBox, e.conflictBox = container.NewVBox(), container.NewVBox()
	e.tabs = container.NewAppTabs(
		container.NewTabItem(u.T("exchange.tab.export"), container.NewPadded(exportTab)),
		container.NewTabItem(u.T("exchange.tab.import"), container.NewPadded(importTab)),
		container.NewTabItem(u.T("exchange.tab.trust"), container.NewVScroll(container.NewPadded(e.trustBox))),
		container.NewTabItem(u.T("exchange.tab.conflicts"), container.NewVScroll(container.NewPadded(e.conflictBox))),
	)
	e.root.Objects = []fyne.CanvasObject{border(u.tabbedHeading(u.T("nav.exchange")), nil, nil, nil, e.tabs)}
	return e
}

func (e *exchangeScreen) title() string           { return e.u.T("nav.exchange") }
func (e *exchangeScreen) icon() fyne.Resource     { return theme.MailSendIcon() }
func (e *exchangeScreen) view() fyne.CanvasObject { return e.root }
func (e *exchangeScreen) leave(func()) bool       { return true }

func (e *exchangeScreen) refresh() {
	u := e.u
	// Ctrl+PageDown / Ctrl+PageUp go through Gửi, Nhận, Tin cậy and Xung đột.
	u.tabKeys(func() *container.AppTabs { return e.tabs })
	list, err := u.store.Trusted(u.ctx)
	if err != nil {
		u.showError(err)
		return
	}
	e.trusted = e.trusted[:0]
	var names []string
	for _, t := range list {
		if !t.Revoked {
			e.trusted = append(e.trusted, t)
			names = append(names, t.Code+" – "+t.Name)
		}
	}
	e.to.Options = names
	if len(names) > 0 && e.to.SelectedIndex() < 0 {
		e.to.SetSelectedIndex(0)
	}
	e.to.Refresh()
	if e.dest.Text == "" {
		e.dest.SetText(defaultExportDir(u.store.Path()))
	}
	e.showTrust(list)
	e.showConflicts()
}

func (e *exchangeScreen) onExport() {
	u := e.u
	i := e.to.SelectedIndex()
	if i < 0 || i >= len(e.trusted) {
		e.expMsg.Text = u.T("exchange.no_recipient")
		e.expMsg.Refresh()
		return
	}
	to, dest, full := e.trusted[i].Code, strings.TrimSpace(e.dest.Text), e.full.Checked
	var res *exchange.ExportResult
	u.runLong(u.T("exchange.exporting"), func(ctx context.Context, _ func(float64)) error {
		var err error
		res, err = exchange.Export(ctx, u.store, to, dest, full)
		return err
	}, func(err error) {
		if err != nil {
			e.expMsg.Text = u.message(err)
			e.expMsg.Refresh()
			return
		}
		e.expMsg.Text = ""
		e.expMsg.Refresh()
		n := 0
		for _, c := range res.Manifest.Counts {
			n += c
		}
		info := widget.NewLabel(u.T("exchange.exported", res.Path, res.Manifest.Seq, data.FormatInt(int64(n)), res.Hash))
		info.Wrapping = fyne.TextWrapWord
		d := dialog.NewCustomConfirm(u.T("exchange.export"), u.T("exchange.slip"), u.T("action.close"), info, func(slip bool) {
			if slip {
				e.printSlip(res)
			}
		}, u.win)
		d.Resize(fyne.NewSize(640, 320))
		d.Show()
	})
}

// printSlip writes the handover slip beside the bundle and opens it.
func (e *exchangeScreen) printSlip(res *exchange.ExportResult) {
	u := e.u
	m := &reports.Maker{Store: u.store, Now: u.store.Now}
	pdf, err := m.HandoverSlip(u.ctx, "", res)
	if err != nil {
		u.showError(err)
		return
	}
	path := strings.TrimSuffix(res.Path, filepath.Ext(res.Path)) + "-phieu-gui.pdf"
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		u.showError(&data.Error{Message: u.T("report.write_failed", filepath.Dir(path))})
		return
	}
	u.openFile(path)
}

// onVerify checks the chosen bundle whole and shows what importing it would do.
func (e *exchangeScreen) onVerify() {
	u := e.u
	path := strings.TrimSpace(e.file.Text)
	e.closeBundle()
	u.runLong(u.T("exchange.verifying"), func(ctx context.Context, _ func(float64)) error {
		b, err := exchange.Open(ctx, u.store, path, exchange.DefaultLimits)
		if err != nil {
			return err
		}
		p, err := b.Preview(ctx)
		if err != nil {
			b.Close()
			return err
		}
		e.bundle, e.preview = b, p
		return nil
	}, func(err error) {
		if err != nil {
			e.importMessage(bold(u.T("exchange.refused")), wrapLabel(u.message(err)))
			return
		}
		e.showPreview()
		// The Windows test finds the bundle a double-click opened in the log.
		logfile.Info(u.ctx, "exchange", "bundle previewed", "sender", e.bundle.Manifest.Sender, "seq", e.bundle.Manifest.Seq)
	})
}

// closeBundle lets go of the verified bundle (its private copy of the records).
func (e *exchangeScreen) closeBundle() {
	if e.bundle != nil {
		if err := e.bundle.Close(); err != nil {
			fyne.LogError("close bundle", err)
		}
	}
	e.bundle, e.preview = nil, nil
}

func wrapLabel(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

var classKeys = []string{store.Added, store.Changed, store.Unchanged, store.Conflicted, store.Refused}

func (e *exchangeScreen) showPreview() {
	u := e.u
	b, p := e.bundle, e.preview
	objs := []fyne.CanvasObject{
		bold(u.T("exchange.verified", b.Manifest.Seq, b.Manifest.Sender, data.InVietnam(b.Manifest.Created).Format("15:04 02/01/2006"))),
	}
	// The notices scroll with the counts: above the list they squeezed it to nothing.
	notes := []fyne.CanvasObject{wrapLabel(u.T("exchange.hash", b.Hash))}
	if b.Repeat {
		notes = append(notes, wrapLabel(u.T("exchange.repeat")))
	}
	for _, n := range b.Missing {
		notes = append(notes, wrapLabel(u.T("exchange.missing", n, b.Manifest.Sender)))
	}
	if more := b.MissingCount - int64(len(b.Missing)); more > 0 {
		notes = append(notes, wrapLabel(u.T("exchange.missing.more", data.FormatInt(more), b.Manifest.Sender)))
	}
	if b.ChainBroken {
		notes = append(notes, wrapLabel(u.T("exchange.chain.broken", b.Manifest.Seq-1, b.Manifest.Sender)))
	}
	var kinds []string
	for k := range p.Counts {
		kinds = append(kinds, string(k))
	}
	sort.Strings(kinds)
	var rows [][]string
	for _, k := range kinds {
		row := []string{data.Kind(k).Label(u.tr.Lang)}
		for _, c := range classKeys {
			row = append(row, data.FormatInt(int64(p.Counts[data.Kind(k)][c])))
		}
		rows = append(rows, row)
	}
	header := []string{u.T("exchange.col.kind")}
	for _, c := range classKeys {
		header = append(header, u.T("exchange.class."+c))
	}
	counts := table(header, rows)
	// What the clerk cannot act on (a record of another office this one may not
	// receive) is counted in one line, its details a click away; the rest is listed in a
	// pane of its own, so the button to import stays in view above it.
	var listed, refused []store.Outcome
	for _, o := range p.Outcomes {
		switch o.Class {
		case store.Refused:
			refused = append(refused, o)
		case store.Unchanged:
		default:
			listed = append(listed, o)
		}
	}
	if len(refused) > 0 {
		more := widget.NewButton(u.T("exchange.refused.count", data.FormatInt(int64(len(refused)))), func() { e.showRefused(refused) })
		more.Alignment = widget.ButtonAlignLeading
		more.Importance = widget.LowImportance
		objs = append(objs, more)
	}
	if !b.Repeat {
		apply := widget.NewButtonWithIcon(u.T("exchange.apply"), theme.DownloadIcon(), e.onApply)
		apply.Importance = widget.HighImportance
		objs = append(objs, container.NewHBox(apply))
	}
	// The counts and the records share the rest of the tab, each scrolling in its own
	// pane: the window grew past the screen (1366×814) with the counts above the list.
	split := container.NewVSplit(container.NewVScroll(container.NewVBox(append(notes, counts)...)), e.outcomeList(listed))
	split.Offset = 0.5
	e.setImport(border(container.NewVBox(objs...), nil, nil, nil, split))
}

// setImport shows what the import tab says below the file: one object filling it.
func (e *exchangeScreen) setImport(o fyne.CanvasObject) {
	e.impBox.Objects = []fyne.CanvasObject{o}
	e.impBox.Refresh()
}

// importMessage shows lines of text in the import tab, scrolling if long.
func (e *exchangeScreen) importMessage(objs ...fyne.CanvasObject) {
	e.setImport(container.NewVScroll(container.NewVBox(objs...)))
}

// outcomeList lists merged records one line each, bounded (a long reason widened the
// window to 1808 px); a line opens the record's fields old → new.
func (e *exchangeScreen) outcomeList(outs []store.Outcome) fyne.CanvasObject {
	u := e.u
	name := e.outcomeNamer(outs)
	l := widget.NewList(func() int { return len(outs) },
		func() fyne.CanvasObject {
			lb := widget.NewLabel("")
			lb.Truncation = fyne.TextTruncateEllipsis
			return lb
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			out := outs[i]
			line := out.Kind.Label(u.tr.Lang) + " · " + u.T("exchange.class."+out.Class) + " · " + name(out)
			if out.Reason != "" {
				line += " — " + out.Reason
			}
			o.(*widget.Label).SetText(line)
		})
	l.OnSelected = func(i widget.ListItemID) {
		e.showDiff(outs[i])
		l.UnselectAll()
	}
	return l
}

// outcomeNamer names a merged record as a clerk knows it, with what it belongs to
// ("Năm 2025 — Hội Khuyến học xã") and, when it is another office's, whose it is
// ("Ủy ban nhân dân xã · của Đảng ủy xã Gio Mai (Xã)"). The parent is looked for in
// the bundle, then in this database.
func (e *exchangeScreen) outcomeNamer(outs []store.Outcome) func(store.Outcome) string {
	u := e.u
	inBundle := map[string]string{}
	for _, o := range outs {
		inBundle[string(o.Kind)+"/"+o.ID] = recordName(o)
	}
	return func(o store.Outcome) string {
		name := recordName(o)
		body := o.After
		if body == nil {
			body = o.Before
		}
		if k, id := data.ParentOf(o.Kind, body); id != "" {
			parent := inBundle[string(k)+"/"+id]
			if parent == "" {
				if r, err := u.store.Load(u.ctx, k, id); err == nil {
					parent = data.Title(r)
				}
			}
			if parent != "" {
				name += " — " + parent
			}
		}
		var meta data.Meta
		if json.Unmarshal(body, &meta) == nil && meta.Office != "" && meta.Office != u.store.Office() {
			name += " · " + u.T("owner.of", u.officeLabel(meta.Office))
		}
		return name
	}
}

// showRefused lists the records not received, with their reasons.
func (e *exchangeScreen) showRefused(outs []store.Outcome) {
	u := e.u
	var lines []string
	for _, o := range outs {
		lines = append(lines, "• "+o.Kind.Label(u.tr.Lang)+" · "+recordName(o)+" — "+o.Reason)
	}
	body := container.NewVBox(wrapped(u.T("exchange.refused.intro")), wrapped(strings.Join(lines, "\n")))
	d := dialog.NewCustom(u.T("exchange.refused.title"), u.T("action.close"), container.NewVScroll(body), u.win)
	d.Resize(u.dialogSize(fyne.NewSize(760, 480)))
	u.pushDialog(d, nil, nil)
	d.Show()
}

// recordName is what a clerk calls a merged record (data.TitleOf: name, number, day),
// never its id.
func recordName(o store.Outcome) string {
	body := o.After
	if body == nil {
		body = o.Before
	}
	if t := data.TitleOf(o.Kind, body); t != "" {
		return t
	}
	return "(" + o.Kind.Label("vi") + ")"
}

// conflictTitle names the record of a conflict by its current version's title.
func (e *exchangeScreen) conflictTitle(c store.Conflict) string {
	if r, err := e.u.store.Load(e.u.ctx, c.Kind, c.RecordID); err == nil {
		if t := data.Title(r); t != "" {
			return t
		}
	}
	return c.RecordID
}

// showDiff shows a record's fields old → new.
func (e *exchangeScreen) showDiff(o store.Outcome) {
	u := e.u
	var rows [][]string
	for _, f := range u.fieldChanges(o.Kind, o.Before, o.After) {
		rows = append(rows, []string{f.Field, f.Old, f.New})
	}
	var body fyne.CanvasObject = table([]string{u.T("exchange.diff.field"), u.T("exchange.diff.old"), u.T("exchange.diff.new")}, rows)
	if len(rows) == 0 {
		body = wrapped(u.T("exchange.diff.none"))
	}
	if o.Reason != "" {
		body = container.NewVBox(wrappedFixed(o.Reason, 700), body)
	}
	content := container.NewVScroll(body)
	d := dialog.NewCustom(recordName(o), u.T("action.close"), content, u.win)
	d.Resize(u.dialogSize(fyne.NewSize(760, 480)))
	d.Show()
}

func (e *exchangeScreen) onApply() {
	u := e.u
	b := e.bundle
	var res *exchange.Result
	u.runLong(u.T("exchange.applying"), func(ctx context.Context, _ func(float64)) error {
		var err error
		res, err = b.Apply(ctx)
		return err
	}, func(err error) {
		if err != nil {
			u.showError(err)
			return
		}
		e.closeBundle()
		done := u.T("exchange.applied", res.Receipt.Seq, res.Receipt.Sender)
		e.importMessage(bold(done), wrapLabel(u.T("exchange.backup", res.Receipt.Backup)))
		u.notify(done)
		e.showConflicts()
	})
}

func (e *exchangeScreen) onUndo() {
	u := e.u
	u.confirm(u.T("exchange.undo"), u.T("exchange.undo.confirm"), u.T("exchange.undo"), func() {
		r, err := u.store.UndoLastImport(u.ctx)
		if err != nil {
			e.importMessage(wrapLabel(u.message(err)))
			return
		}
		e.importMessage(bold(u.T("exchange.undone", r.Seq, r.Sender)))
		u.notify(u.T("exchange.undone", r.Seq, r.Sender))
	})
}

func (e *exchangeScreen) showTrust(list []store.TrustedOffice) {
	u := e.u
	card, err := u.store.OwnCard(u.ctx)
	objs := []fyne.CanvasObject{}
	if err == nil {
		objs = append(objs, bold(u.T("exchange.own_card")), wrapLabel(u.T("exchange.fingerprint", card.Code, card.Fingerprint)))
	}
	exportCard := widget.NewButtonWithIcon(u.T("exchange.card.export"), theme.DocumentSaveIcon(), e.onExportCard)
	importCard := widget.NewButtonWithIcon(u.T("exchange.card.import"), theme.ContentAddIcon(), e.onImportCard)
	objs = append(objs, container.NewHBox(exportCard, importCard), widget.NewSeparator(), bold(u.T("exchange.trusted")))
	if len(list) == 0 {
		objs = append(objs, widget.NewLabel(u.T("exchange.no_trusted")))
	}
	for _, t := range list {
		t := t
		line := t.Code + " – " + t.Name + " · " + t.Fingerprint
		if t.Revoked {
			objs = append(objs, widget.NewLabel(line+" · "+u.T("exchange.revoked")))
			continue
		}
		revoke := widget.NewButton(u.T("exchange.revoke"), func() {
			u.confirm(u.T("exchange.revoke"), u.T("exchange.revoke.confirm", t.Code), u.T("exchange.revoke"), func() {
				if err := u.store.Revoke(u.ctx, t.Code); err != nil {
					u.showError(err)
				}
				e.refresh()
			})
		})
		objs = append(objs, border(nil, nil, nil, revoke, widget.NewLabel(line)))
	}
	e.trustBox.Objects = objs
	e.trustBox.Refresh()
}

func (e *exchangeScreen) onExportCard() {
	u := e.u
	u.askSave(u.T("exchange.card.export"), "the-don-vi-"+u.store.Office()+".json", []string{".json"}, func(path string) {
		card, err := u.store.OwnCard(u.ctx)
		if err != nil {
			u.showError(err)
			return
		}
		b, _ := jsonMarshal(card)
		if err := data.WriteFileAtomic(path, b); err != nil {
			u.showError(&data.Error{Message: u.T("report.write_failed", path)})
			return
		}
		u.notify(u.T("exchange.card.written", path))
	})
}

func (e *exchangeScreen) onImportCard() {
	u := e.u
	u.askOpen(u.T("exchange.card.import"), []string{".json"}, func(path string) {
		f, err := os.Open(path)
		if err != nil {
			u.showError(store.ErrBadCard)
			return
		}
		b, err := readAllLimited(f)
		f.Close()
		if err != nil {
			u.showError(store.ErrBadCard)
			return
		}
		e.trustCard(b)
	})
}

// trustCard shows a card's fingerprint and asks to confirm it before trusting.
func (e *exchangeScreen) trustCard(b []byte) {
	u := e.u
	card, err := store.ReadCard(b)
	if err != nil {
		u.showError(err)
		return
	}
	u.confirm(u.T("exchange.card.import"), u.T("exchange.card.confirm", card.Code, card.Name, card.Fingerprint), u.T("exchange.card.trust"), func() {
		if err := u.store.Trust(u.ctx, card); err != nil {
			if data.HasCode(err, "ErrCardKeyChanged") {
				e.replaceKey(card, err)
				return
			}
			u.showError(err)
			return
		}
		e.refresh()
	})
}

// replaceKey explains that a trusted office's card now carries another key, and
// replaces the key only when the clerk types the fingerprint trusted so far.
func (e *exchangeScreen) replaceKey(card *store.Card, why error) {
	u := e.u
	old := u.newEntry()
	old.SetPlaceHolder("XXXX-XXXX-XXXX-XXXX-XXXX")
	msg := errorLabel()
	items := []*widget.FormItem{
		widget.NewFormItem("", wrapLabel(u.message(why))),
		widget.NewFormItem(u.T("exchange.card.old_fingerprint"), old),
		widget.NewFormItem("", msg),
	}
	var d dialog.Dialog
	d = dialog.NewForm(u.T("exchange.card.replace"), u.T("exchange.card.replace"), u.T("action.cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		if err := u.store.ReplaceTrust(u.ctx, card, old.Text); err != nil {
			msg.Text = u.message(err)
			msg.Refresh()
			d.Show()
			return
		}
		e.refresh()
	}, u.win)
	d.Resize(fyne.NewSize(620, 360))
	d.Show()
}

func (e *exchangeScreen) showConflicts() {
	u := e.u
	list, err := u.store.Conflicts(u.ctx)
	if err != nil {
		u.showError(err)
		return
	}
	objs := []fyne.CanvasObject{wrapLabel(u.T("exchange.conflicts.intro")), container.NewHBox(e.exportButton())}
	if len(list) == 0 {
		objs = append(objs, widget.NewLabel(u.T("exchange.no_conflicts")))
	}
	for _, c := range list {
		c := c
		objs = append(objs, bold(c.Kind.Label(u.tr.Lang)+" · "+e.conflictTitle(c)))
		for _, h := range c.Heads {
			h := h
			v, err := u.store.VersionByHLC(u.ctx, c.Kind, c.RecordID, h)
			if err != nil {
				continue
			}
			m := data.MetaOf(v)
			label := u.T("exchange.version", m.By, fmtTime(m.UpdatedAt))
			if h == c.Winner {
				label += " · " + u.T("exchange.shown")
				objs = append(objs, widget.NewLabel(label))
				continue
			}
			restore := widget.NewButton(u.T("exchange.keep"), func() { e.onKeep(c, v) })
			objs = append(objs, border(nil, nil, nil, restore, widget.NewLabel(label)))
		}
		objs = append(objs, widget.NewSeparator())
	}
	e.conflictBox.Objects = objs
	e.conflictBox.Refresh()
}

// onKeep makes a losing version current again (a new local version over all the
// competing ones, which resolves the conflict).
func (e *exchangeScreen) onKeep(c store.Conflict, v data.Record) {
	u := e.u
	if err := u.store.KeepVersion(u.ctx, c.Kind, c.RecordID, data.MetaOf(v).HLC); err != nil {
		u.showError(err)
		return
	}
	u.saved()
	e.showConflicts()
}

// OpenBundle shows the import preview of the bundle at path: what qlhoi.exe --import
// FILE opens on, and what a file handed over by a later start does in the open window.
func (u *UI) OpenBundle(path string) {
	e, i := screenOf[*exchangeScreen](u)
	if i < 0 { // the set-up wizard is showing: no office to import into yet
		u.showError(&data.Error{Message: u.T("exchange.open.setup_first", path)})
		return
	}
	e.tabs.SelectIndex(1)
	e.file.SetText(path)
	if u.current != i {
		// Asks first when a form has unsaved changes, like choosing the screen.
		u.nav.Select(i)
	}
	e.onVerify()
}
