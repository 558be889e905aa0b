package app

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"qlhoi/data"
	"qlhoi/data/store"
)

// associations (Hội) is the association list — search as you type, filters, Vietnamese
// order, smooth with 20,000 rows — beside the open record.
type associations struct {
	u      *UI
	filter store.AssociationFilter

	search                                 *Entry
	scope, field, status, assigned, termBy *widget.Select
	fields                                 []string
	list                                   *widget.List
	count                                  *widget.Label
	rows                                   pager[*data.Association]
	detail                                 *fyne.Container
	rec                                    *record
	root                                   fyne.CanvasObject
	selecting                              bool
	// selected is the highlighted row (-1: none), kept with the record open.
	selected int
}

func newAssociations(u *UI) *associations {
	s := &associations{u: u}
	s.rows.fetch = func(offset, limit int) ([]*data.Association, int, error) {
		f := s.filter
		f.Offset, f.Limit = offset, limit
		return u.store.FindAssociations(u.ctx, f)
	}
	s.search = u.newEntry()
	s.search.SetPlaceHolder(u.T("assoc.search"))
	s.search.OnChanged = func(string) { s.onFilterChanged() }

	scopes := []string{u.T("filter.all_scopes")}
	for _, sc := range data.Scopes {
		scopes = append(scopes, u.T("level."+string(sc)))
	}
	s.scope = widget.NewSelect(scopes, func(string) { s.onFilterChanged() })
	s.field = widget.NewSelect(nil, func(string) { s.onFilterChanged() })
	statuses := []string{u.T("filter.all_statuses")}
	for _, st := range data.Statuses {
		statuses = append(statuses, st.Label())
	}
	s.status = widget.NewSelect(statuses, func(string) { s.onFilterChanged() })
	s.assigned = widget.NewSelect([]string{u.T("filter.all"), u.T("filter.assigned"), u.T("filter.not_assigned")}, func(string) { s.onFilterChanged() })
	s.termBy = widget.NewSelect([]string{u.T("filter.any_term"), u.T("filter.term_soon"), u.T("filter.term_ended")}, func(string) { s.onFilterChanged() })
	for _, sel := range []*widget.Select{s.scope, s.status, s.assigned, s.termBy} {
		sel.SetSelectedIndex(0)
	}

	s.list = widget.NewList(
		func() int { return s.rows.total },
		func() fyne.CanvasObject {
			name := widget.NewLabelWithStyle("Hội", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			name.Truncation = fyne.TextTruncateEllipsis
			sub := widget.NewLabel("")
			sub.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(name, sub)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			a := s.row(id)
			box := o.(*fyne.Container)
			if a == nil {
				return
			}
			box.Objects[0].(*widget.Label).SetText(a.Name)
			box.Objects[1].(*widget.Label).SetText(s.summary(a))
		})
	s.list.OnSelected = func(id widget.ListItemID) {
		if s.selecting {
			return
		}
		if a := s.row(id); a != nil {
			s.open(a.ID)
		}
	}
	s.count = widget.NewLabel("")
	add := u.returnsFocus(widget.NewButtonWithIcon(u.T("action.new"), theme.ContentAddIcon(), s.onNew))
	add.Importance = widget.HighImportance
	deleted := u.returnsFocus(widget.NewButtonWithIcon(u.T("deleted.title"), theme.HistoryIcon(), func() {
		showDeleted[data.Association](u, u.T("deleted.associations"), s.reload)
	}))
	filters := container.NewVBox(container.NewGridWithColumns(2, s.scope, s.field, s.status, s.assigned, s.termBy),
		container.NewGridWithColumns(2, add, deleted, s.exportButton(), s.importButton()))
	left := border(container.NewVBox(heading(u.T("nav.associations")), s.search, filters), s.count, nil, nil, s.list)
	s.detail = container.NewStack(wrapped(u.T("assoc.pick")))
	split := container.NewHSplit(left, s.detail)
	split.Offset = 0.38
	s.root = split
	return s
}

func (s *associations) title() string           { return s.u.T("nav.associations") }
func (s *associations) icon() fyne.Resource     { return theme.DocumentIcon() }
func (s *associations) view() fyne.CanvasObject { return s.root }

func (s *associations) leave(then func()) bool {
	if s.rec == nil || !s.rec.dirty {
		return true
	}
	s.u.confirm(s.u.T("form.unsaved.title"), s.u.T("form.unsaved"), s.u.T("form.discard"), func() {
		s.rec.dirty = false
		then()
	})
	return false
}

func (s *associations) refresh() {
	fields, err := s.u.store.Fields(s.u.ctx)
	if err != nil {
		s.u.showError(err)
	}
	s.fields = fields
	cur := s.field.Selected
	s.field.Options = append([]string{s.u.T("filter.all_fields")}, fields...)
	if cur == "" {
		s.field.SetSelectedIndex(0)
	}
	s.u.onShortcut(fyne.KeyF, func() { s.u.win.Canvas().Focus(s.search) })
	// Ctrl+N adds what the open tab lists (a leader, a year's figures…), else an association.
	s.u.onShortcut(fyne.KeyN, func() {
		if s.rec != nil && s.rec.addOnTab() {
			return
		}
		s.onNew()
	})
	// Ctrl+PageDown / Ctrl+PageUp go through the record's tabs (leaders, figures…).
	s.u.tabKeys(func() *container.AppTabs {
		if s.rec == nil {
			return nil
		}
		return s.rec.tabs
	})
	// Ctrl+Delete deletes the open association (after the confirmation, answered by Enter).
	s.u.onShortcut(fyne.KeyDelete, func() {
		if s.rec != nil && s.rec.a != nil {
			s.rec.onDelete()
		}
	})
	s.u.onShortcut(fyne.KeyS, func() {
		if s.rec != nil {
			s.rec.onSave()
		}
	})
	s.reload()
}

// presetFilter selects a scope and field (from the overview's counts).
func (s *associations) presetFilter(scope data.Scope, field string) {
	for i, sc := range data.Scopes {
		if sc == scope {
			s.scope.SetSelectedIndex(i + 1)
		}
	}
	s.field.Options = append([]string{s.u.T("filter.all_fields")}, field)
	s.field.SetSelected(field)
}

func (s *associations) onFilterChanged() {
	if s.list == nil || s.count == nil {
		return
	}
	f := store.AssociationFilter{Query: s.search.Text}
	if i := s.scope.SelectedIndex(); i > 0 {
		f.Scope = data.Scopes[i-1]
	}
	if i := s.field.SelectedIndex(); i > 0 {
		f.Field = s.field.Selected
	}
	if i := s.status.SelectedIndex(); i > 0 {
		f.Status = data.Statuses[i-1]
	}
	switch s.assigned.SelectedIndex() {
	case 1:
		f.Assigned = "yes"
	case 2:
		f.Assigned = "no"
	}
	switch s.termBy.SelectedIndex() {
	case 1:
		f.TermEndsBy, _ = s.u.store.TermEndingBy(s.u.ctx)
		f.Status = data.StatusActive
	case 2:
		f.TermEndsBy = s.u.today().AddDays(-1)
		f.Status = data.StatusActive
	}
	s.filter = f
	s.reload()
	s.followFilter()
}

// followFilter keeps the list and the open record together after the filters change:
// the open record stays selected when the list still holds it; one the list no longer
// holds is closed, unless it has unsaved changes (it stays open, and the count says
// it is not in the list).
func (s *associations) followFilter() {
	if s.rec == nil || s.rec.a == nil {
		return
	}
	f := s.filter
	f.ID, f.Limit = s.rec.a.ID, 1
	if _, n, err := s.u.store.FindAssociations(s.u.ctx, f); err == nil && n > 0 {
		s.highlight(s.rec.a.ID)
		return
	}
	if s.rec.dirty {
		s.count.SetText(s.count.Text + " " + s.u.T("assoc.open_hidden", s.rec.a.Name))
		return
	}
	s.rec = nil
	s.detail.Objects = []fyne.CanvasObject{wrapped(s.u.T("assoc.pick"))}
	s.detail.Refresh()
}

// reload counts the filtered list and drops the loaded pages.
func (s *associations) reload() {
	if err := s.rows.reset(); err != nil {
		s.u.showError(err)
	}
	s.count.SetText(s.u.T("assoc.count", data.FormatInt(int64(s.rows.total))))
	s.selecting = true
	s.list.UnselectAll()
	s.selecting = false
	s.list.Refresh()
	s.list.ScrollToTop()
}

// row returns the id-th association of the filtered list (nil if there is none).
func (s *associations) row(id int) *data.Association {
	a, _ := s.rows.row(id)
	return a
}

// Names shows the names in the list as it stands (for tests and screenshots).
func (s *associations) names() []string {
	var out []string
	for i := 0; i < s.rows.total; i++ {
		if a := s.row(i); a != nil {
			out = append(out, a.Name)
		}
	}
	return out
}

// summary is the line under an association's name: level, field (left out when
// blank: an imported list showed "Xã ·  · Đang hoạt động"), status, term end, and the
// office it belongs to when it is not this one's.
func (s *associations) summary(a *data.Association) string {
	parts := []string{s.u.T("level." + string(a.Scope)), a.Field, s.u.T("assoc_status." + string(a.Status))}
	if !a.TermEnd.IsZero() {
		parts = append(parts, s.u.T("assoc.term_end_short", a.TermEnd.String()))
	}
	if a.Office != "" && a.Office != s.u.store.Office() {
		parts = append(parts, s.u.T("owner.of", s.u.officeLabel(a.Office)))
	}
	return strings.Join(slices.DeleteFunc(parts, func(p string) bool { return strings.TrimSpace(p) == "" }), " · ")
}

// open shows a record, asking first if the open one has unsaved changes.
func (s *associations) open(id string) {
	show := func() {
		a, err := store.Get[data.Association](s.u.ctx, s.u.store, id)
		if err != nil {
			s.u.showError(err)
			return
		}
		s.showRecord(a)
	}
	if s.rec != nil && s.rec.dirty && (s.rec.a == nil || s.rec.a.ID != id) {
		s.leave(show)
		return
	}
	show()
}

func (s *associations) onNew() {
	start := func() {
		// A new association starts at the office's own level and area.
		scope := data.ScopeProvince
		if own, err := s.u.store.OwnOffice(s.u.ctx); err == nil {
			scope = data.Scope(own.Level)
		}
		a := &data.Association{Scope: scope, Area: s.u.store.Office(), Status: data.StatusActive}
		s.show(newRecord(s, nil, a))
		s.selecting = true
		s.list.UnselectAll()
		s.selecting = false
		s.u.focus(s.rec.name)
	}
	if !s.leave(start) {
		return
	}
	start()
}

func (s *associations) showRecord(a *data.Association) { s.show(newRecord(s, a, nil)) }

func (s *associations) show(r *record) {
	s.rec = r
	s.detail.Objects = []fyne.CanvasObject{r.view()}
	s.detail.Refresh()
	if r.a != nil {
		s.highlight(r.a.ID)
	}
}

// highlight selects the open record's row, so the list shows what is open.
func (s *associations) highlight(id string) bool {
	for i := 0; i < s.rows.total && i < 5000; i++ {
		if a := s.row(i); a != nil && a.ID == id {
			s.selecting = true
			s.list.Select(i)
			s.list.ScrollTo(i)
			s.selecting = false
			s.selected = i
			return true
		}
	}
	s.selecting = true
	s.list.UnselectAll()
	s.selecting = false
	s.selected = -1
	return false
}

// saved is called by the record after a save or delete. A record just saved is shown
// and selected even if the filters would hide it: they are cleared, and the window
// says so.
func (s *associations) saved(a *data.Association) {
	s.reload()
	if a == nil || a.Deleted {
		s.rec = nil
		s.detail.Objects = []fyne.CanvasObject{wrapped(s.u.T("assoc.pick"))}
		s.detail.Refresh()
		return
	}
	s.showRecord(a)
	if !s.highlight(a.ID) {
		s.clearFilters()
		s.highlight(a.ID)
		s.u.afterSave = s.u.T("assoc.filter_cleared")
	}
}

// clearFilters shows every association again.
func (s *associations) clearFilters() {
	s.search.SetText("")
	for _, sel := range []*widget.Select{s.scope, s.field, s.status, s.assigned, s.termBy} {
		sel.SetSelectedIndex(0)
	}
	s.onFilterChanged()
}

// addOnTab opens the add dialog of the open record's tab, if the tab lists rows.
func (r *record) addOnTab() bool {
	if r.tabs == nil {
		return false
	}
	switch r.tabs.SelectedIndex() {
	case 1:
		r.leaders().onAdd()
	case 2:
		r.figures().onAdd()
	case 3:
		r.inspections().onAdd()
	case 4:
		r.events().onAdd()
	default:
		return false
	}
	return true
}
