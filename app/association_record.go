package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"qlhoi/data"
	"qlhoi/data/store"
)

// record is one association's view: its general data as a form, and tabs for
// leaders, yearly figures, inspections, events and history.
type record struct {
	s     *associations
	u     *UI
	a     *data.Association // the stored record; nil for a new one
	w     *data.Association // the copy the form edits
	dirty bool

	form        *form
	name, phone *Entry
	mergedInto  *associationPicker
	saveBtn     *widget.Button
	tabs        *container.AppTabs
	addButtons  map[string]*widget.Button // each row tab's add button, by its title
}

var partyOrgs = []data.PartyOrg{data.PartyOrgNone, data.PartyOrgCell, data.PartyOrgCommitee}

// newRecord builds the view of a stored association, or of a new one (stored nil)
// starting from fresh.
func newRecord(s *associations, stored, fresh *data.Association) *record {
	u := s.u
	r := &record{s: s, u: u, a: stored}
	w := fresh
	if stored != nil {
		cp := *stored
		w = &cp
	}
	r.w = w
	f := u.newForm()
	f.ownedBy(w.Office)
	r.form = f
	r.name = f.text("field.name", "name", &w.Name)
	f.text("field.short_name", "short_name", &w.ShortName)
	var scopes []string
	for _, sc := range data.Scopes {
		scopes = append(scopes, u.T("level."+string(sc)))
	}
	choice(f, "field.scope", "scope", &w.Scope, data.Scopes, scopes)
	f.textOf(KindOfficeCode, "field.area", "area", &w.Area)
	f.text("field.field", "field", &w.Field)
	var statuses []string
	for _, st := range data.Statuses {
		statuses = append(statuses, u.T("assoc_status."+string(st)))
	}
	choice(f, "field.status", "status", &w.Status, data.Statuses, statuses)
	r.mergedInto = u.pickAssociation(f, "field.merged_into", "merged_into", &w.MergedInto, w.ID)
	u.pickAssociation(f, "field.split_from", "split_from", &w.SplitFrom, w.ID)
	f.check("field.assigned", "assigned", &w.Assigned)
	f.text("field.assigned_by", "assigned_by", &w.AssignedBy)
	f.check("field.special", "special", &w.Special)
	f.textOf(KindDocCode, "field.founding_number", "founding.number", &w.Founding.Number)
	f.date("field.founding_date", "founding.date", &w.Founding.Date)
	f.text("field.founding_issuer", "founding.issuer", &w.Founding.Issuer)
	f.textOf(KindDocCode, "field.charter_number", "charter.number", &w.Charter.Number)
	f.date("field.charter_date", "charter.date", &w.Charter.Date)
	f.text("field.charter_issuer", "charter.issuer", &w.Charter.Issuer)
	f.ordinal("field.congress_number", "congress_number", &w.CongressNumber)
	f.date("field.term_start", "term_start", &w.TermStart)
	f.date("field.term_end", "term_end", &w.TermEnd)
	f.date("field.last_congress", "last_congress", &w.LastCongress)
	f.date("field.next_congress", "next_congress", &w.NextCongress)
	var orgs []string
	for _, p := range partyOrgs {
		orgs = append(orgs, u.T("party_org."+partyOrgKey(p)))
	}
	choice(f, "field.party_org", "party_org", &w.PartyOrg, partyOrgs, orgs)
	f.integer("field.party_members", "party_members", &w.PartyMembers)
	f.integer("field.full_time_staff", "full_time_staff", &w.FullTimeStaff)
	f.integer("field.contract_staff", "contract_staff", &w.ContractStaff)
	f.text("field.followed_by", "followed_by", &w.FollowedBy)
	f.text("field.managing_body", "managing_body", &w.ManagingBody)
	f.text("field.address", "address", &w.Address)
	r.phone = f.textOf(KindPhone, "field.phone", "phone", &w.Phone)
	f.textOf(KindEmail, "field.email", "email", &w.Email)
	f.multiline("field.note", "note", &w.Note)
	// Any change marks the form dirty (after filling, so filling does not).
	f.onChange(func() { r.dirty = true })
	return r
}

func partyOrgKey(p data.PartyOrg) string {
	if p == data.PartyOrgNone {
		return "none"
	}
	return string(p)
}

func (r *record) view() fyne.CanvasObject {
	u := r.u
	r.saveBtn = widget.NewButtonWithIcon(u.T("action.save"), theme.DocumentSaveIcon(), r.onSave)
	r.saveBtn.Importance = widget.HighImportance
	buttons := container.NewHBox(r.saveBtn)
	title := u.T("assoc.new")
	if r.a == nil {
		cancel := widget.NewButtonWithIcon(u.T("action.cancel"), theme.CancelIcon(), func() {
			r.dirty = false
			r.s.saved(nil)
		})
		buttons.Add(layout.NewSpacer())
		buttons.Add(cancel)
	}
	if r.a != nil {
		title = r.a.Name
		del := widget.NewButtonWithIcon(u.T("action.delete"), theme.DeleteIcon(), r.onDelete)
		del.Importance = widget.DangerImportance
		buttons.Add(layout.NewSpacer())
		buttons.Add(del)
	}
	form := border(nil, buttons, nil, nil, r.form.view())
	if r.a == nil {
		return border(subheading(title), nil, nil, nil, form)
	}
	r.tabs = container.NewAppTabs(
		container.NewTabItem(u.T("tab.general"), form),
		container.NewTabItem(u.T("tab.leaders"), r.leaders().view()),
		container.NewTabItem(u.T("tab.figures"), r.figures().view()),
		container.NewTabItem(u.T("tab.inspections"), r.inspections().view()),
		container.NewTabItem(u.T("tab.events"), r.events().view()),
		container.NewTabItem(u.T("tab.history"), r.historyTab()),
	)
	return border(container.NewVBox(subheading(title), u.tabKeysHint()), nil, nil, nil, r.tabs)
}

func subheading(s string) fyne.CanvasObject {
	l := widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Wrapping = fyne.TextWrapWord
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

func (r *record) onSave() {
	if !r.form.save(r.w, func() error { return nil }) {
		return
	}
	cp := *r.w
	r.write(&cp)
}

func (r *record) write(a *data.Association, opts ...store.WriteOption) {
	var err error
	if r.a == nil {
		err = r.u.store.Create(r.u.ctx, a, opts...)
	} else {
		err = r.u.store.Update(r.u.ctx, a, opts...)
	}
	if data.HasCode(err, "ErrNameNearDuplicate") {
		r.u.confirm(r.u.T("assoc.duplicate.title"), r.u.message(err), r.u.T("assoc.duplicate.save"), func() {
			r.write(a, store.AllowNearDuplicate)
		})
		return
	}
	if err != nil {
		p := data.FieldErrorsIn(err, r.u.tr.Lang)
		if len(p) == 0 || p[""] != "" {
			r.u.showError(err)
		}
		r.form.report(p)
		return
	}
	r.dirty = false
	r.s.saved(a)
	r.u.saved()
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
		r.u.notify(r.u.T("status.deleted", a.Name))
	})
}

func yesNo(u *UI, b bool) string {
	if b {
		return u.T("common.yes")
	}
	return u.T("common.no")
}

// historyTab lists every version, who wrote it and when, what changed, with
// "restore this version".
func (r *record) historyTab() fyne.CanvasObject {
	u := r.u
	changes, err := u.store.History(u.ctx, r.a.ID)
	if err != nil {
		return widget.NewLabel(u.message(err))
	}
	box := container.NewVBox()
	for i := len(changes) - 1; i >= 0; i-- {
		c := changes[i]
		head := bold(u.T("history.line", c.Version, u.opLabel(c), fmtTime(c.At), c.Actor, c.Office))
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
func (r *record) describe(c store.Change) string {
	if c.Before == nil {
		return r.u.T("history.created")
	}
	var lines []string
	for _, f := range r.u.fieldChanges(data.KindAssociation, c.Before, c.After) {
		lines = append(lines, fmt.Sprintf("%s: %s → %s", f.Field, f.Old, f.New))
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
		a, err := store.Get[data.Association](u.ctx, u.store, r.a.ID)
		if err != nil {
			u.showError(err)
			return
		}
		r.dirty = false
		r.s.saved(a)
	})
}
