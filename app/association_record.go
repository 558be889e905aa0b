package app

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"qlhoi/data"
)

// record is one association's view: its general data as a form, and tabs for
// leaders, yearly figures, inspections, events and history.
type record struct {
	s     *associations
	u     *UI
	a     *data.Association // nil for a new one
	dirty bool

	name, short, area, fieldE, assignedBy, foundNo, foundIssuer, charterNo *Entry
	managing, address, phone, email, congress, partyMembers, fullTime      *Entry
	contract, followedBy, mergedInto, note                                 *Entry
	foundDate, charterDate, termStart, termEnd, lastCongress, nextCong     *DateField
	scope, partyOrg, status                                                *widget.Select
	assigned                                                               *widget.Check
	errs                                                                   map[string]*canvas.Text
	saveBtn                                                                *widget.Button
}

var partyOrgs = []data.PartyOrg{data.PartyOrgNone, data.PartyOrgCell, data.PartyOrgCommitee}

func newRecord(s *associations, a *data.Association) *record {
	u := s.u
	r := &record{s: s, u: u, a: a, errs: map[string]*canvas.Text{}}
	for _, e := range []**Entry{&r.name, &r.short, &r.area, &r.fieldE, &r.assignedBy, &r.foundNo, &r.foundIssuer, &r.charterNo,
		&r.managing, &r.address, &r.phone, &r.email, &r.congress, &r.partyMembers, &r.fullTime, &r.contract, &r.followedBy, &r.mergedInto} {
		*e = u.newEntry()
	}
	r.note = u.newMultiLineEntry()
	for _, d := range []**DateField{&r.foundDate, &r.charterDate, &r.termStart, &r.termEnd, &r.lastCongress, &r.nextCong} {
		*d = u.newDateField()
	}
	var scopes, orgs, statuses []string
	for _, sc := range data.Scopes {
		scopes = append(scopes, u.T("level."+string(sc)))
	}
	for _, p := range partyOrgs {
		orgs = append(orgs, p.Label())
	}
	for _, st := range data.Statuses {
		statuses = append(statuses, st.Label())
	}
	r.scope = widget.NewSelect(scopes, nil)
	r.partyOrg = widget.NewSelect(orgs, nil)
	r.status = widget.NewSelect(statuses, nil)
	r.assigned = widget.NewCheck(u.T("field.assigned"), nil)
	if a != nil {
		r.fill(a)
	}
	// Any change marks the form dirty (after filling, so filling does not).
	mark := func(string) { r.dirty = true }
	for _, e := range r.entries() {
		e.OnChanged = mark
	}
	for _, sel := range []*widget.Select{r.scope, r.partyOrg, r.status} {
		sel.OnChanged = mark
	}
	r.assigned.OnChanged = func(bool) { r.dirty = true }
	return r
}

func (r *record) entries() []*Entry {
	out := []*Entry{r.name, r.short, r.area, r.fieldE, r.assignedBy, r.foundNo, r.foundIssuer, r.charterNo, r.managing, r.address,
		r.phone, r.email, r.congress, r.partyMembers, r.fullTime, r.contract, r.followedBy, r.mergedInto, r.note}
	for _, d := range []*DateField{r.foundDate, r.charterDate, r.termStart, r.termEnd, r.lastCongress, r.nextCong} {
		out = append(out, d.Entry)
	}
	return out
}

func itoaOrEmpty(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// fill shows an association in the form.
func (r *record) fill(a *data.Association) {
	r.name.SetText(a.Name)
	r.short.SetText(a.ShortName)
	r.area.SetText(a.Area)
	r.fieldE.SetText(a.Field)
	r.assigned.SetChecked(a.Assigned)
	r.assignedBy.SetText(a.AssignedBy)
	r.foundNo.SetText(a.Founding.Number)
	r.foundDate.SetDate(a.Founding.Date)
	r.foundIssuer.SetText(a.Founding.Issuer)
	r.charterNo.SetText(a.Charter.Number)
	r.charterDate.SetDate(a.Charter.Date)
	r.managing.SetText(a.ManagingBody)
	r.address.SetText(a.Address)
	r.phone.SetText(a.Phone)
	r.email.SetText(a.Email)
	r.congress.SetText(itoaOrEmpty(a.CongressNumber))
	r.termStart.SetDate(a.TermStart)
	r.termEnd.SetDate(a.TermEnd)
	r.lastCongress.SetDate(a.LastCongress)
	r.nextCong.SetDate(a.NextCongress)
	r.partyMembers.SetText(itoaOrEmpty(a.PartyMembers))
	r.fullTime.SetText(itoaOrEmpty(a.FullTimeStaff))
	r.contract.SetText(itoaOrEmpty(a.ContractStaff))
	r.followedBy.SetText(a.FollowedBy)
	r.note.SetText(a.Note)
	for i, sc := range data.Scopes {
		if sc == a.Scope {
			r.scope.SetSelectedIndex(i)
		}
	}
	for i, p := range partyOrgs {
		if p == a.PartyOrg {
			r.partyOrg.SetSelectedIndex(i)
		}
	}
	for i, st := range data.Statuses {
		if st == a.Status {
			r.status.SetSelectedIndex(i)
		}
	}
	r.mergedInto.SetText("")
	if a.MergedInto != "" {
		if into, err := data.Get[data.Association](r.u.ctx, r.u.store, a.MergedInto); err == nil {
			r.mergedInto.SetText(into.Name)
		}
	}
}

func (r *record) view() fyne.CanvasObject {
	u := r.u
	row := func(key, field string, obj fyne.CanvasObject) []fyne.CanvasObject {
		e := errorLabel()
		r.errs[field] = e
		return []fyne.CanvasObject{widget.NewLabel(u.T(key)), container.NewVBox(obj, e)}
	}
	var rows []fyne.CanvasObject
	add := func(key, field string, obj fyne.CanvasObject) { rows = append(rows, row(key, field, obj)...) }
	add("field.name", "name", r.name)
	add("field.short_name", "short_name", r.short)
	add("field.scope", "scope", r.scope)
	add("field.area", "area", r.area)
	add("field.field", "field", r.fieldE)
	add("field.status", "status", r.status)
	add("field.merged_into", "merged_into", r.mergedInto)
	add("field.assigned_label", "assigned", r.assigned)
	add("field.assigned_by", "assigned_by", r.assignedBy)
	add("field.founding_number", "founding.number", r.foundNo)
	add("field.founding_date", "founding.date", r.foundDate.box)
	add("field.founding_issuer", "founding.issuer", r.foundIssuer)
	add("field.charter_number", "charter.number", r.charterNo)
	add("field.charter_date", "charter.date", r.charterDate.box)
	add("field.congress_number", "congress_number", r.congress)
	add("field.term_start", "term_start", r.termStart.box)
	add("field.term_end", "term_end", r.termEnd.box)
	add("field.last_congress", "last_congress", r.lastCongress.box)
	add("field.next_congress", "next_congress", r.nextCong.box)
	add("field.party_org", "party_org", r.partyOrg)
	add("field.party_members", "party_members", r.partyMembers)
	add("field.full_time_staff", "full_time_staff", r.fullTime)
	add("field.contract_staff", "contract_staff", r.contract)
	add("field.followed_by", "followed_by", r.followedBy)
	add("field.managing_body", "managing_body", r.managing)
	add("field.address", "address", r.address)
	add("field.phone", "phone", r.phone)
	add("field.email", "email", r.email)
	add("field.note", "note", r.note)

	r.saveBtn = widget.NewButtonWithIcon(u.T("action.save"), theme.DocumentSaveIcon(), r.onSave)
	r.saveBtn.Importance = widget.HighImportance
	buttons := container.NewHBox(r.saveBtn)
	title := u.T("assoc.new")
	if r.a != nil {
		title = r.a.Name
		del := widget.NewButtonWithIcon(u.T("action.delete"), theme.DeleteIcon(), r.onDelete)
		del.Importance = widget.DangerImportance
		buttons.Add(layout.NewSpacer())
		buttons.Add(del)
	}
	form := container.NewBorder(nil, buttons, nil, nil, container.NewVScroll(formGrid(rows...)))
	if r.a == nil {
		return container.NewBorder(subheading(title), nil, nil, nil, form)
	}
	tabs := container.NewAppTabs(
		container.NewTabItem(u.T("tab.general"), form),
		container.NewTabItem(u.T("tab.leaders"), r.leadersTab()),
		container.NewTabItem(u.T("tab.figures"), r.figuresTab()),
		container.NewTabItem(u.T("tab.inspections"), r.inspectionsTab()),
		container.NewTabItem(u.T("tab.events"), r.eventsTab()),
		container.NewTabItem(u.T("tab.history"), r.historyTab()),
	)
	return container.NewBorder(subheading(title), nil, nil, nil, tabs)
}

func subheading(s string) fyne.CanvasObject {
	l := widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Wrapping = fyne.TextWrapWord
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

// read builds the association from the form; problems are typing errors (a date or
// number that cannot be read), by field.
func (r *record) read() (*data.Association, map[string]string) {
	a := &data.Association{}
	if r.a != nil {
		cp := *r.a
		a = &cp
	}
	problems := map[string]string{}
	date := func(d *DateField, field string) data.Date {
		v, err := d.Date()
		if err != nil {
			problems[field] = data.Message(err)
		}
		return v
	}
	num := func(e *Entry, field string) int {
		t := strings.ReplaceAll(strings.TrimSpace(e.Text), ".", "")
		if t == "" {
			return 0
		}
		n, err := strconv.Atoi(t)
		if err != nil {
			problems[field] = r.u.T("form.number")
		}
		return n
	}
	a.Name, a.ShortName, a.Area, a.Field = r.name.Text, r.short.Text, r.area.Text, r.fieldE.Text
	a.Assigned, a.AssignedBy = r.assigned.Checked, r.assignedBy.Text
	a.Founding = data.Decision{Number: r.foundNo.Text, Date: date(r.foundDate, "founding.date"), Issuer: r.foundIssuer.Text}
	a.Charter = data.Decision{Number: r.charterNo.Text, Date: date(r.charterDate, "charter.date")}
	a.ManagingBody, a.Address, a.Phone, a.Email = r.managing.Text, r.address.Text, r.phone.Text, r.email.Text
	a.CongressNumber = num(r.congress, "congress_number")
	a.TermStart, a.TermEnd = date(r.termStart, "term_start"), date(r.termEnd, "term_end")
	a.LastCongress, a.NextCongress = date(r.lastCongress, "last_congress"), date(r.nextCong, "next_congress")
	a.PartyMembers = num(r.partyMembers, "party_members")
	a.FullTimeStaff = num(r.fullTime, "full_time_staff")
	a.ContractStaff = num(r.contract, "contract_staff")
	a.FollowedBy, a.Note = r.followedBy.Text, r.note.Text
	if i := r.scope.SelectedIndex(); i >= 0 {
		a.Scope = data.Scopes[i]
	}
	if i := r.partyOrg.SelectedIndex(); i >= 0 {
		a.PartyOrg = partyOrgs[i]
	}
	if i := r.status.SelectedIndex(); i >= 0 {
		a.Status = data.Statuses[i]
	}
	a.MergedInto = ""
	if name := strings.TrimSpace(r.mergedInto.Text); name != "" {
		list, _, err := r.u.store.FindAssociations(r.u.ctx, data.AssociationFilter{Query: name, Limit: 20})
		if err == nil {
			for _, o := range list {
				if data.Fold(o.Name) == data.Fold(name) {
					a.MergedInto = o.ID
				}
			}
		}
		if a.MergedInto == "" {
			problems["merged_into"] = r.u.T("form.no_such_association")
		}
	}
	return a, problems
}

// showProblems writes each message under its field; it returns false if a message has
// no field to go to (so the caller shows it in a dialog).
func (r *record) showProblems(p map[string]string) bool {
	for _, e := range r.errs {
		e.Text = ""
		e.Refresh()
	}
	all := true
	for f, msg := range p {
		if e, ok := r.errs[f]; ok {
			e.Text = msg
			e.Refresh()
		} else {
			all = false
		}
	}
	return all
}

func (r *record) onSave() {
	a, problems := r.read()
	if len(problems) > 0 {
		r.showProblems(problems)
		return
	}
	if err := data.Check(a); err != nil {
		r.showProblems(data.FieldErrors(err))
		return
	}
	r.showProblems(nil)
	r.write(a)
}

func (r *record) write(a *data.Association, opts ...data.WriteOption) {
	var err error
	if r.a == nil {
		err = r.u.store.Create(r.u.ctx, a, opts...)
	} else {
		err = r.u.store.Update(r.u.ctx, a, opts...)
	}
	if data.HasCode(err, "ErrNameNearDuplicate") {
		r.u.confirm(r.u.T("assoc.duplicate.title"), data.Message(err), r.u.T("assoc.duplicate.save"), func() {
			r.write(a, data.AllowNearDuplicate)
		})
		return
	}
	if err != nil {
		if !r.showProblems(data.FieldErrors(err)) || len(data.FieldErrors(err)) == 0 {
			r.u.showError(err)
		}
		return
	}
	r.dirty = false
	r.s.saved(a)
}

func (r *record) onDelete() {
	a := r.a
	r.u.confirm(r.u.T("assoc.delete.title"), r.u.T("assoc.delete.confirm", a.Name), r.u.T("action.delete"), func() {
		if err := r.u.store.Delete(r.u.ctx, data.KindAssociation, a.ID); err != nil {
			r.u.showError(err)
			return
		}
		r.dirty = false
		r.s.saved(nil)
	})
}

// table lays out a header and rows of texts in equal columns.
func table(header []string, rows [][]string) fyne.CanvasObject {
	g := container.New(layout.NewGridLayoutWithColumns(len(header)))
	for _, h := range header {
		g.Add(bold(h))
	}
	for _, row := range rows {
		for _, c := range row {
			l := widget.NewLabel(c)
			l.Wrapping = fyne.TextWrapWord
			g.Add(l)
		}
	}
	return g
}

func yesNo(u *UI, b bool) string {
	if b {
		return u.T("common.yes")
	}
	return u.T("common.no")
}

func (r *record) leadersTab() fyne.CanvasObject {
	u := r.u
	leaders, err := data.List[data.Leader](u.ctx, u.store, "association", r.a.ID)
	if err != nil {
		return widget.NewLabel(data.Message(err))
	}
	sort.SliceStable(leaders, func(i, j int) bool { return leaders[i].Term > leaders[j].Term })
	var rows [][]string
	for _, l := range leaders {
		rows = append(rows, []string{strconv.Itoa(l.Term), l.Position, l.Name, itoaOrEmpty(l.BirthYear), l.Gender, yesNo(u, l.PartyMember), l.Phone})
	}
	add := widget.NewButtonWithIcon(u.T("leader.add"), theme.ContentAddIcon(), r.onAddLeader)
	return container.NewBorder(nil, container.NewHBox(add), nil, nil, container.NewScroll(table(
		[]string{u.T("leader.term"), u.T("leader.position"), u.T("leader.name"), u.T("leader.birth_year"), u.T("leader.gender"), u.T("leader.party"), u.T("field.phone")}, rows)))
}

func (r *record) onAddLeader() {
	u := r.u
	name, pos, year, phone := u.newEntry(), u.newEntry(), u.newEntry(), u.newEntry()
	gender := widget.NewSelect([]string{"Nam", "Nữ"}, nil)
	party := widget.NewCheck(u.T("leader.party"), nil)
	msg := errorLabel()
	items := []*widget.FormItem{
		widget.NewFormItem(u.T("leader.name"), name), widget.NewFormItem(u.T("leader.position"), pos),
		widget.NewFormItem(u.T("leader.birth_year"), year), widget.NewFormItem(u.T("leader.gender"), gender),
		widget.NewFormItem("", party), widget.NewFormItem(u.T("field.phone"), phone), widget.NewFormItem("", msg),
	}
	var d dialog.Dialog
	d = dialog.NewForm(u.T("leader.add"), u.T("action.save"), u.T("action.cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		by, _ := strconv.Atoi(strings.TrimSpace(year.Text))
		l := &data.Leader{Association: r.a.ID, Term: r.a.CongressNumber, Name: name.Text, Position: pos.Text, BirthYear: by,
			Gender: gender.Selected, PartyMember: party.Checked, Phone: phone.Text, From: r.a.TermStart}
		if err := u.store.Create(u.ctx, l); err != nil {
			msg.Text = data.Message(err)
			msg.Refresh()
			d.Show()
			return
		}
		r.s.showRecord(r.a)
	}, u.win)
	d.Resize(fyne.NewSize(520, 420))
	d.Show()
}

func (r *record) figuresTab() fyne.CanvasObject {
	u := r.u
	figs, err := data.List[data.YearlyFigure](u.ctx, u.store, "association", r.a.ID)
	if err != nil {
		return widget.NewLabel(data.Message(err))
	}
	sort.SliceStable(figs, func(i, j int) bool { return figs[i].Year > figs[j].Year })
	var rows [][]string
	for _, f := range figs {
		rows = append(rows, []string{strconv.Itoa(f.Year), data.FormatInt(int64(f.Members)), data.FormatInt(int64(f.NewMembers)),
			data.FormatInt(int64(f.PartyMembers)), data.FormatInt(int64(f.Branches)), data.FormatInt(f.Budget), f.Awards})
	}
	return container.NewScroll(table([]string{u.T("figure.year"), u.T("figure.members"), u.T("figure.new_members"), u.T("figure.party_members"),
		u.T("figure.branches"), u.T("figure.budget"), u.T("figure.awards")}, rows))
}

func (r *record) inspectionsTab() fyne.CanvasObject {
	u := r.u
	list, err := data.List[data.Inspection](u.ctx, u.store, "association", r.a.ID)
	if err != nil {
		return widget.NewLabel(data.Message(err))
	}
	var rows [][]string
	for _, i := range list {
		rows = append(rows, []string{i.Date.String(), i.Body, i.Content, i.Findings, i.Violations, i.FollowUp})
	}
	return container.NewScroll(table([]string{u.T("inspection.date"), u.T("inspection.body"), u.T("inspection.content"),
		u.T("inspection.findings"), u.T("inspection.violations"), u.T("inspection.follow_up")}, rows))
}

func (r *record) eventsTab() fyne.CanvasObject {
	u := r.u
	list, err := data.List[data.AssociationEvent](u.ctx, u.store, "association", r.a.ID)
	if err != nil {
		return widget.NewLabel(data.Message(err))
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].Date.Before(list[j].Date) })
	var rows [][]string
	for _, e := range list {
		var related []string
		for _, id := range e.Related {
			if o, err := data.Get[data.Association](u.ctx, u.store, id); err == nil {
				related = append(related, o.Name)
			}
		}
		rows = append(rows, []string{e.Date.String(), e.EventKind.Label(), e.Decision, strings.Join(related, "; "), e.Note})
	}
	return container.NewScroll(table([]string{u.T("event.date"), u.T("event.kind"), u.T("event.decision"), u.T("event.related"), u.T("field.note")}, rows))
}

// historyTab lists every version, who wrote it and when, what changed, with
// "restore this version".
func (r *record) historyTab() fyne.CanvasObject {
	u := r.u
	changes, err := u.store.History(u.ctx, r.a.ID)
	if err != nil {
		return widget.NewLabel(data.Message(err))
	}
	box := container.NewVBox()
	for i := len(changes) - 1; i >= 0; i-- {
		c := changes[i]
		head := bold(u.T("history.line", c.Version, c.OpLabel(), fmtTime(c.At), c.Actor, c.Office))
		diff := widget.NewLabel(r.describe(c))
		diff.Wrapping = fyne.TextWrapWord
		item := container.NewVBox(head, diff)
		if c.Version != r.a.Version {
			version := c.Version
			item.Add(container.NewHBox(widget.NewButtonWithIcon(u.T("history.restore"), theme.HistoryIcon(), func() { r.onRestore(version) })))
		}
		box.Add(item)
		box.Add(widget.NewSeparator())
	}
	return container.NewVScroll(box)
}

// describe lists the fields a change touched, old → new.
func (r *record) describe(c data.Change) string {
	if c.Before == nil {
		return r.u.T("history.created")
	}
	var lines []string
	for _, f := range data.Diff(c.Before, c.After) {
		lines = append(lines, fmt.Sprintf("%s: %s → %s", r.u.T("field."+f.Field), f.Old, f.New))
	}
	return strings.Join(lines, "\n")
}

func (r *record) onRestore(version int64) {
	u := r.u
	u.confirm(u.T("history.restore"), u.T("history.restore.confirm", version), u.T("history.restore"), func() {
		if err := u.store.Restore(u.ctx, data.KindAssociation, r.a.ID, version); err != nil {
			u.showError(err)
			return
		}
		a, err := data.Get[data.Association](u.ctx, u.store, r.a.ID)
		if err != nil {
			u.showError(err)
			return
		}
		r.dirty = false
		r.s.saved(a)
	})
}
