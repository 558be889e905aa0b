package app

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"qlhoi/data"
	"qlhoi/data/store"
	"qlhoi/reports"
)

// reportsScreen (Báo cáo): pick a report, set its parameters, create it (a draft or an
// issued, numbered document), open it in the system PDF viewer; the register below.
type reportsScreen struct {
	u    *UI
	root *fyne.Container

	kinds                     *widget.List
	kind                      int
	profile                   *widget.RadioGroup
	date, from, to            *DateField
	scope, status             *widget.Select
	field                     *Entry
	association               string // the association of the "ho-so-hoi" report
	pickForm                  *form
	directive, agency         *widget.Select
	months                    *Entry
	signer, signerTitle, auth *Entry
	recipients                *Entry
	sections                  map[string]*Entry
	issue                     *widget.Check
	form                      *fyne.Container
	// actions are the issue box, the create button and the message, under the form
	// and always in view however long the form.
	actions    *fyne.Container
	register   *fyne.Container
	directives []*data.Directive
	agencies   []*data.Agency
	msg        *canvas.Text
	// last is the path of the last report made.
	last string
	// tabs are "make a report" and the register.
	tabs *container.AppTabs
	// confirmIssue is the open confirmation of a number to issue.
	confirmIssue dialog.Dialog
}

func newReports(u *UI) *reportsScreen {
	r := &reportsScreen{u: u, root: container.NewStack()}
	r.kinds = widget.NewList(
		func() int { return len(reports.Catalogue) },
		func() fyne.CanvasObject { return widget.NewLabel("Báo cáo thống kê hội xx") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(u.T("report.kind." + reports.Catalogue[id].Name))
		})
	r.kinds.OnSelected = func(id widget.ListItemID) {
		r.kind = id
		r.buildForm()
	}
	r.form = container.NewVBox()
	r.actions = container.NewVBox()
	r.register = container.NewVBox()
	r.msg = errorLabel()
	// The yearly statistics workbook sits under the reports, where a clerk looks for
	// the year's figures.
	left := border(bold(u.T("report.kinds")), r.statsButton(), nil, nil, r.kinds)
	// The register has a tab of its own, so it is never squeezed under the form.
	r.tabs = container.NewAppTabs(
		container.NewTabItem(u.T("report.make"), border(nil, container.NewPadded(r.actions), nil, nil, container.NewVScroll(container.NewPadded(r.form)))),
		container.NewTabItem(u.T("report.register"), border(border(nil, nil, nil, r.exportButton()), nil, nil, nil,
			container.NewScroll(container.NewPadded(r.register)))),
	)
	right := r.tabs
	split := container.NewHSplit(left, right)
	split.Offset = 0.25
	r.root.Objects = []fyne.CanvasObject{border(u.tabbedHeading(u.T("nav.reports")), nil, nil, nil, split)}
	return r
}

func (r *reportsScreen) title() string           { return r.u.T("nav.reports") }
func (r *reportsScreen) icon() fyne.Resource     { return theme.DocumentPrintIcon() }
func (r *reportsScreen) view() fyne.CanvasObject { return r.root }
func (r *reportsScreen) leave(func()) bool       { return true }

func (r *reportsScreen) refresh() {
	u := r.u
	var err error
	if r.directives, err = u.store.Directives(u.ctx); err != nil {
		u.showError(err)
	}
	if r.agencies, err = u.store.Agencies(u.ctx); err != nil {
		u.showError(err)
	}
	u.onShortcut(fyne.KeyS, r.onCreate)
	// Ctrl+PageDown / Ctrl+PageUp switch between making a report and the register.
	u.tabKeys(func() *container.AppTabs { return r.tabs })
	r.kinds.Select(r.kind)
	r.buildForm()
	r.showRegister()
}

// buildForm shows the parameters the chosen report takes, with their defaults.
func (r *reportsScreen) buildForm() {
	u := r.u
	k := reports.Catalogue[r.kind]
	get := func(key string) string { v, _ := u.store.Setting(u.ctx, key); return v }
	r.profile = widget.NewRadioGroup([]string{u.T("settings.profile.state"), u.T("settings.profile.party")}, nil)
	r.profile.SetSelected(u.T("settings.profile.state"))
	if get(store.SettingProfile) == "party" {
		r.profile.SetSelected(u.T("settings.profile.party"))
	}
	picker := r.buildFilters()
	r.signer, r.signerTitle, r.auth = u.newEntry(), u.newEntry(), u.newEntry()
	r.signer.SetText(get(store.SettingSigner))
	r.signerTitle.SetText(get(store.SettingSignerTitle))
	r.auth.SetText(get(store.SettingAuthority))
	r.auth.SetPlaceHolder(u.T("report.authority.hint"))
	r.recipients = u.newMultiLineEntry()
	r.recipients.SetPlaceHolder(u.T("report.recipients.hint"))
	r.issue = widget.NewCheck(u.T("report.issue"), nil)
	r.sections = map[string]*Entry{}

	rows := []fyne.CanvasObject{widget.NewLabel(u.T("settings.profile")), r.profile, widget.NewLabel(u.T("report.date")), r.date.box}
	add := func(key string, o fyne.CanvasObject) { rows = append(rows, widget.NewLabel(u.T(key)), o) }
	switch k.Name {
	case "danh-sach-hoi":
		add("field.scope", r.scope)
		add("field.field", r.field)
		add("field.status", r.status)
	case "thong-ke-hoi":
		add("report.from", r.from.box)
		add("report.to", r.to.box)
		add("field.scope", r.scope)
	case "ho-so-hoi":
		add("report.association", container.NewVBox(picker.search, picker.pick, r.pickForm.fields[0].msg))
	case "ket-qua-thuc-hien":
		add("report.directive", r.directive)
	case "cong-van-don-doc":
		add("report.agency", r.agency)
	case "het-nhiem-ky":
		add("report.months", r.months)
		add("field.scope", r.scope)
	}
	keys := reports.SectionKeys(k.Name)
	names := make([]string, 0, len(keys))
	for key := range keys {
		names = append(names, key)
	}
	sort.Strings(names)
	for _, key := range names {
		e := u.newMultiLineEntry()
		e.SetText(keys[key])
		r.sections[key] = e
		add("report.section."+key, e)
	}
	add("settings.signer", r.signer)
	add("settings.signer_title", r.signerTitle)
	add("report.authority", r.auth)
	add("report.recipients", r.recipients)
	create := u.returnsFocus(widget.NewButtonWithIcon(u.T("report.create"), theme.DocumentCreateIcon(), r.onCreate))
	create.Importance = widget.HighImportance
	r.form.Objects = []fyne.CanvasObject{subheading(u.T("report.kind." + k.Name))}
	if get(store.SettingSymbol) == "" {
		// A fresh office prints with its code as the issuer code until it sets its own.
		if o, err := u.store.OwnOffice(u.ctx); err == nil {
			r.form.Objects = append(r.form.Objects, wrapLabel(u.T("report.symbol.unset", store.DefaultSymbol(o.Code))))
		}
	}
	r.form.Objects = append(r.form.Objects, formGrid(rows...))
	r.form.Refresh()
	r.actions.Objects = []fyne.CanvasObject{r.issue, container.NewHBox(create), r.msg}
	r.actions.Refresh()
}

// buildFilters makes the fields that choose what a report covers (dates, scope,
// status, field, association, directive, agency) with their defaults; it returns the
// association picker, shown only by the association file.
func (r *reportsScreen) buildFilters() *associationPicker {
	u := r.u
	r.date, r.from, r.to = u.newDateField(), u.newDateField(), u.newDateField()
	r.date.SetDate(u.today())
	r.from.SetDate(data.NewDate(u.today().Year(), 1, 1))
	r.to.SetDate(u.today())
	scopes := []string{u.T("filter.all_scopes")}
	for _, sc := range data.Scopes {
		scopes = append(scopes, u.T("level."+string(sc)))
	}
	r.scope = widget.NewSelect(scopes, nil)
	r.scope.SetSelectedIndex(0)
	statuses := []string{u.T("filter.all_statuses")}
	for _, st := range data.Statuses {
		statuses = append(statuses, st.Label())
	}
	r.status = widget.NewSelect(statuses, nil)
	r.status.SetSelectedIndex(0)
	r.field, r.months = u.newEntry(), u.newEntryOf(KindNumber)
	r.field.SetPlaceHolder(u.T("filter.all_fields"))
	r.pickForm = u.newForm()
	picker := u.pickAssociation(r.pickForm, "report.association", "association", &r.association, "")
	r.months.SetText(strconv.Itoa(u.store.IntSetting(u.ctx, store.SettingTermMonths, 6)))
	var dirs []string
	for _, d := range r.directives {
		dirs = append(dirs, d.Number+" – "+d.Date.String()+" – "+d.Summary)
	}
	r.directive = widget.NewSelect(dirs, nil)
	if len(dirs) > 0 {
		r.directive.SetSelectedIndex(0)
	}
	ags := []string{u.T("task.all_agencies")}
	for _, a := range r.agencies {
		ags = append(ags, a.Name)
	}
	r.agency = widget.NewSelect(ags, nil)
	r.agency.SetSelectedIndex(0)
	return picker
}

// params reads the form; a wrong date or number is shown under the form.
func (r *reportsScreen) params() (reports.Params, error) {
	var p reports.Params
	if r.profile.Selected == r.u.T("settings.profile.party") {
		p.Profile = "party"
	}
	var err error
	for _, d := range []struct {
		f   *DateField
		dst *data.Date
	}{{r.date, &p.Date}, {r.from, &p.From}, {r.to, &p.To}} {
		if *d.dst, err = d.f.Date(); err != nil {
			return p, err
		}
	}
	if i := r.scope.SelectedIndex(); i > 0 {
		p.Scope = data.Scopes[i-1]
	}
	if i := r.status.SelectedIndex(); i > 0 {
		p.Status = data.Statuses[i-1]
	}
	p.Field = strings.TrimSpace(r.field.Text)
	if reports.Catalogue[r.kind].Name == "ho-so-hoi" {
		if problems := r.pickForm.read(); len(problems) > 0 {
			return p, &data.Error{Code: "ErrNotFound", Field: "association", Message: problems["association"]}
		}
		p.Association = r.association
	}
	if i := r.directive.SelectedIndex(); i >= 0 && i < len(r.directives) {
		p.Directive = r.directives[i].ID
	}
	if i := r.agency.SelectedIndex(); i > 0 && i <= len(r.agencies) {
		p.Agency = r.agencies[i-1].ID
	}
	if m, err := strconv.Atoi(strings.TrimSpace(r.months.Text)); err == nil {
		p.Months = m
	}
	p.Signer, p.SignerTitle, p.Authority = r.signer.Text, r.signerTitle.Text, r.auth.Text
	for _, line := range strings.Split(r.recipients.Text, "\n") {
		if line = strings.Trim(strings.TrimSpace(line), "-;. "); line != "" {
			p.Recipients = append(p.Recipients, line)
		}
	}
	p.Sections = map[string]string{}
	for k, e := range r.sections {
		p.Sections[k] = e.Text
	}
	p.Issue = r.issue.Checked
	return p, nil
}

func (r *reportsScreen) onCreate() {
	u := r.u
	r.msg.Text = ""
	r.msg.Refresh()
	p, err := r.params()
	if err != nil {
		r.fail(err)
		return
	}
	name := reports.Catalogue[r.kind].Name
	if !p.Issue {
		r.make(name, p)
		return
	}
	// Issuing is deliberate: the clerk sees the exact register entry first.
	m := &reports.Maker{Store: u.store, Now: u.store.Now}
	doc, err := m.Preview(u.ctx, name, p)
	if err != nil {
		r.fail(err)
		return
	}
	p.Expect = doc.Number
	msg := u.T("report.issue.confirm", doc.Symbol, doc.Date.String(), doc.DocType, doc.Subject)
	confirm := dialog.NewCustomConfirm(u.T("report.issue.title"), u.T("report.issue.yes"), u.T("action.cancel"), wrappedFixed(msg, 520), func(ok bool) {
		if ok {
			r.make(name, p)
		}
	}, u.win)
	r.confirmIssue = confirm
	u.pushDialog(confirm, nil, confirm.Confirm) // Enter gives the number
	r.confirmIssue.Show()
}

// fail shows why the report was not made.
func (r *reportsScreen) fail(err error) {
	r.msg.Text = r.u.message(err)
	r.msg.Refresh()
}

// make makes the report (numbered if p.Issue, after the clerk confirmed the number).
func (r *reportsScreen) make(name string, p reports.Params) {
	u := r.u
	var res *reports.Result
	dir := u.reportDir()
	u.runLong(u.T("report.making"), func(ctx context.Context, progress func(float64)) error {
		var err error
		m := &reports.Maker{Store: u.store, Now: u.store.Now}
		p.Progress = progress
		if res, err = m.Make(ctx, name, p); err != nil {
			return err
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return &data.Error{Code: "ErrWriteReport", Message: u.T("report.write_failed", dir), Err: err}
		}
		path := filepath.Join(dir, res.FileName)
		if err := os.WriteFile(path, res.PDF, 0o644); err != nil {
			return &data.Error{Code: "ErrWriteReport", Message: u.T("report.write_failed", dir), Err: err}
		}
		r.last = path
		return nil
	}, func(err error) {
		if err != nil {
			r.fail(err)
			return
		}
		// After issuing, the form is a draft again: a second Ctrl+S cannot take a
		// second number for the same text.
		r.issue.SetChecked(false)
		r.showRegister()
		number := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(res.Number, "Số:"), "Số"))
		if number == "" {
			number = u.T("report.draft")
		}
		info := u.T("report.done", r.last, number, res.Pages)
		if n := len(res.Replaced); n > 0 {
			info += "\n\n" + u.T("report.replaced", n) + "\n" + replacedList(res.Replaced)
		}
		d := dialog.NewCustomConfirm(u.T("report.created"), u.T("report.open"), u.T("action.close"), wrappedFixed(info, 520), func(open bool) {
			if open {
				u.openFile(r.last)
			}
		}, u.win)
		d.Show()
	})
}

// replacedList is the first characters a report printed as "?", one per line.
func replacedList(rs []reports.Replacement) string {
	var lines []string
	for _, r := range rs[:min(len(rs), 5)] {
		lines = append(lines, "• "+r.String())
	}
	return strings.Join(lines, "\n")
}

// wrappedFixed is a message that wraps at a width, so a long text never widens a
// dialog past the window.
func wrappedFixed(text string, width float32) fyne.CanvasObject {
	return container.NewGridWrap(fyne.NewSize(width, wrappedHeight(text, width)), wrapped(text))
}

// wrappedHeight estimates the height a wrapped text needs at a width.
func wrappedHeight(text string, width float32) float32 {
	l := wrapped(text)
	l.Resize(fyne.NewSize(width, 10))
	return l.MinSize().Height
}

func (r *reportsScreen) showRegister() {
	u := r.u
	docs, err := u.store.IssuedDocuments(u.ctx)
	if err != nil {
		u.showError(err)
		return
	}
	// Dates and names whole ("27/11/2…", "Nguyễn Văn …" were cut).
	weights := []float32{1.8, 1.2, 0.9, 2.4, 1.6, 1} // the number and symbol whole at 1024 ("02-BC/BD…")
	box := container.NewVBox(tableLine(weights, headerCells([]string{u.T("register.number"), u.T("register.date"), u.T("register.type"),
		u.T("register.subject"), u.T("register.signer"), u.T("register.note")}), registerActions(u, nil, nil)))
	for _, d := range docs {
		note := ""
		var action fyne.CanvasObject
		if d.Cancelled {
			note = u.T("register.cancelled")
		} else {
			action = registerActions(u, func() { r.onSign(d) }, func() { r.onCancelNumber(d) })
		}
		if len(d.Signatures) > 0 {
			note = u.T("register.signed", len(d.Signatures))
		}
		box.Add(tableLine(weights, textCells([]string{d.Symbol, d.Date.String(), d.DocType, d.Subject, d.Signer, note}), action))
		// Who signed and when, and why a number was cancelled, in full on a line of
		// their own: the column cut them to "đã ký s…".
		var more []string
		if d.Cancelled && d.CancelNote != "" {
			more = append(more, u.T("register.cancel_reason", d.CancelNote))
		}
		if s := signedNote(u, d); s != "" {
			// One signature a line: joined, they ran past the right edge.
			more = append(more, strings.Split(strings.TrimPrefix(s, " — "), "; ")...)
		}
		if len(more) > 0 {
			box.Add(container.NewPadded(widget.NewLabel(strings.Join(more, "\n"))))
		}
	}
	r.register.Objects = []fyne.CanvasObject{box}
	if len(docs) == 0 {
		r.register.Objects = []fyne.CanvasObject{widget.NewLabel(u.T("report.register.empty"))}
	}
	r.register.Refresh()
}

// registerActions are a register row's buttons (sign, cancel the number), or room of
// their width for the header and cancelled rows, so the columns line up.
func registerActions(u *UI, sign, cancel func()) fyne.CanvasObject {
	s := widget.NewButtonWithIcon(u.T("sign.short"), theme.ConfirmIcon(), sign)
	c := widget.NewButtonWithIcon("", theme.CancelIcon(), cancel)
	if sign == nil {
		return container.NewGridWrap(fyne.NewSize(s.MinSize().Width+c.MinSize().Width+theme.Padding(), 1))
	}
	return container.NewHBox(u.returnsFocus(s), u.returnsFocus(c))
}

// onCancelNumber cancels a wrongly issued number: it stays in the register marked
// "hủy" and is never given again.
func (r *reportsScreen) onCancelNumber(d *data.IssuedDocument) {
	u := r.u
	reason := u.newEntry()
	reason.SetPlaceHolder(u.T("register.cancel.reason"))
	intro := wrappedFixed(u.T("register.cancel.confirm", d.Symbol, d.Date.String(), d.Subject), 480)
	form := formGrid(widget.NewLabel(u.T("register.cancel.reason_label")), reason)
	dlg := dialog.NewCustomConfirm(u.T("register.cancel"), u.T("register.cancel"), u.T("action.close"), container.NewVBox(intro, form), func(ok bool) {
		if !ok {
			return
		}
		if _, err := u.store.CancelIssued(u.ctx, d.ID, reason.Text); err != nil {
			u.showError(err)
			return
		}
		r.showRegister()
		u.notify(u.T("register.cancelled.done", d.Symbol))
	}, u.win)
	u.pushDialog(dlg, map[fyne.KeyName]func(){fyne.KeyS: dlg.Confirm}, nil)
	dlg.Show()
	u.focus(reason)
}
