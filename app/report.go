package app

import (
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
	field, association        *Entry
	directive, agency         *widget.Select
	months                    *Entry
	signer, signerTitle, auth *Entry
	recipients                *Entry
	sections                  map[string]*Entry
	issue                     *widget.Check
	form                      *fyne.Container
	register                  *fyne.Container
	directives                []*data.Directive
	agencies                  []*data.Agency
	msg                       *canvas.Text
	// last is the path of the last report made.
	last string
}

func newReports(u *UI) *reportsScreen {
	r := &reportsScreen{u: u, root: container.NewStack()}
	r.kinds = widget.NewList(
		func() int { return len(reports.Catalogue) },
		func() fyne.CanvasObject { return widget.NewLabel("Báo cáo thống kê hội xx") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(reports.Catalogue[id].Title)
		})
	r.kinds.OnSelected = func(id widget.ListItemID) {
		r.kind = id
		r.buildForm()
	}
	r.form = container.NewVBox()
	r.register = container.NewVBox()
	r.msg = errorLabel()
	left := container.NewBorder(bold(u.T("report.kinds")), nil, nil, nil, r.kinds)
	right := container.NewVScroll(container.NewPadded(container.NewVBox(r.form, widget.NewSeparator(), bold(u.T("report.register")), r.register)))
	split := container.NewHSplit(left, right)
	split.Offset = 0.25
	r.root.Objects = []fyne.CanvasObject{container.NewBorder(heading(u.T("nav.reports")), nil, nil, nil, split)}
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
	if get(data.SettingProfile) == "party" {
		r.profile.SetSelected(u.T("settings.profile.party"))
	}
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
	r.field, r.association, r.months = u.newEntry(), u.newEntry(), u.newEntry()
	r.field.SetPlaceHolder(u.T("filter.all_fields"))
	r.association.SetPlaceHolder(u.T("report.association.hint"))
	r.months.SetText(strconv.Itoa(u.store.IntSetting(u.ctx, data.SettingTermMonths, 6)))
	var dirs []string
	for _, d := range r.directives {
		dirs = append(dirs, d.Number+" – "+d.Date.String())
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
	r.signer, r.signerTitle, r.auth = u.newEntry(), u.newEntry(), u.newEntry()
	r.signer.SetText(get(data.SettingSigner))
	r.signerTitle.SetText(get(data.SettingSignerTitle))
	r.auth.SetText(get(data.SettingAuthority))
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
		add("report.association", r.association)
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
	create := widget.NewButtonWithIcon(u.T("report.create"), theme.DocumentCreateIcon(), r.onCreate)
	create.Importance = widget.HighImportance
	r.form.Objects = []fyne.CanvasObject{subheading(k.Title), formGrid(rows...), r.issue, container.NewHBox(create), r.msg}
	r.form.Refresh()
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
	if name := strings.TrimSpace(r.association.Text); name != "" {
		list, _, err := r.u.store.FindAssociations(r.u.ctx, data.AssociationFilter{Query: name, Limit: 1})
		if err != nil {
			return p, err
		}
		if len(list) == 0 {
			return p, &data.Error{Code: "ErrNotFound", Message: r.u.T("form.no_such_association")}
		}
		p.Association = list[0].ID
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
		r.msg.Text = data.Message(err)
		r.msg.Refresh()
		return
	}
	name := reports.Catalogue[r.kind].Name
	var res *reports.Result
	dir := filepath.Join(filepath.Dir(u.store.Path()), "bao-cao")
	u.runLong(u.T("report.making"), func(func(float64)) error {
		var err error
		m := &reports.Maker{Store: u.store, Now: u.store.Now}
		if res, err = m.Make(u.ctx, name, p); err != nil {
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
			r.msg.Text = data.Message(err)
			r.msg.Refresh()
			return
		}
		r.showRegister()
		info := u.T("report.done", r.last, strings.TrimSpace(res.Number), res.Pages, res.Font)
		d := dialog.NewCustomConfirm(u.T("report.created"), u.T("report.open"), u.T("action.close"), widget.NewLabel(info), func(open bool) {
			if open {
				u.openFile(r.last)
			}
		}, u.win)
		d.Show()
	})
}

func (r *reportsScreen) showRegister() {
	u := r.u
	docs, err := u.store.IssuedDocuments(u.ctx)
	if err != nil {
		u.showError(err)
		return
	}
	var rows [][]string
	for _, d := range docs {
		rows = append(rows, []string{d.Symbol, d.Date.String(), d.DocType, d.Subject, d.Signer, d.SHA256[:min(12, len(d.SHA256))]})
	}
	r.register.Objects = []fyne.CanvasObject{widget.NewLabel(u.T("report.register.empty"))}
	if len(rows) > 0 {
		r.register.Objects = []fyne.CanvasObject{weightedTable([]string{u.T("register.number"), u.T("register.date"), u.T("register.type"), u.T("register.subject"), u.T("register.signer"), "SHA-256"}, []float32{1.2, 1, 1, 3.5, 1.5, 1.3}, rows)}
	}
	r.register.Refresh()
}
