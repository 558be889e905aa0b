package app

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"qlhoi/data"
	"qlhoi/data/store"
)

// agencies (Cơ quan) lists the bodies tasks are assigned to, in Vietnamese order: add,
// edit, retire, merge one into another, delete and restore.
type agencies struct {
	u           *UI
	all         []*data.Agency // every live agency, retired included
	shown       []*data.Agency
	list        *widget.List
	showRetired *widget.Check
	count       *widget.Label
	selected    *data.Agency
	actions     []*widget.Button // the buttons that need a selected agency
	root        fyne.CanvasObject
}

func newAgencies(u *UI) *agencies {
	s := &agencies{u: u}
	s.list = widget.NewList(
		func() int { return len(s.shown) },
		func() fyne.CanvasObject {
			name := widget.NewLabel("")
			name.Truncation = fyne.TextTruncateEllipsis
			kind := widget.NewLabel("")
			return border(nil, nil, nil, kind, name)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(s.shown) {
				return
			}
			a := s.shown[id]
			box := o.(*fyne.Container)
			name := box.Objects[0].(*widget.Label)
			name.SetText(a.Name)
			name.Importance = widget.MediumImportance
			kind := u.T("agency.kind." + string(a.Group))
			if a.Group == "" {
				kind = u.T("agency.kind.none")
			}
			if a.Retired {
				name.Importance = widget.LowImportance
				kind = u.T("agency.retired_short")
			}
			if a.Office != "" && a.Office != u.store.Office() {
				kind += " · " + u.officeLabel(a.Office)
			}
			name.Refresh()
			box.Objects[1].(*widget.Label).SetText(kind)
		})
	s.list.OnSelected = func(id widget.ListItemID) {
		if id < len(s.shown) {
			s.selected = s.shown[id]
		}
		s.refreshActions()
	}
	s.list.OnUnselected = func(widget.ListItemID) { s.selected = nil; s.refreshActions() }
	s.showRetired = widget.NewCheck(u.T("agency.show_retired"), func(bool) { s.filter() })
	s.count = widget.NewLabel("")

	add := u.returnsFocus(widget.NewButtonWithIcon(u.T("agency.add"), theme.ContentAddIcon(), func() { s.onAdd() }))
	add.Importance = widget.HighImportance
	edit := u.returnsFocus(widget.NewButtonWithIcon(u.T("action.edit"), theme.DocumentCreateIcon(), func() { s.onEdit() }))
	tasks := u.returnsFocus(widget.NewButtonWithIcon(u.T("agency.tasks"), theme.ListIcon(), func() { s.onTasks() }))
	merge := u.returnsFocus(widget.NewButtonWithIcon(u.T("agency.merge"), theme.ContentRedoIcon(), func() { s.onMerge() }))
	retire := u.returnsFocus(widget.NewButtonWithIcon(u.T("agency.retire"), theme.VisibilityOffIcon(), func() { s.onRetire() }))
	del := u.returnsFocus(widget.NewButtonWithIcon(u.T("action.delete"), theme.DeleteIcon(), func() { s.onDelete() }))
	del.Importance = widget.DangerImportance
	deleted := u.returnsFocus(widget.NewButtonWithIcon(u.T("deleted.title"), theme.HistoryIcon(), func() {
		showDeleted[data.Agency](u, u.T("deleted.agencies"), s.refresh)
	}))
	s.actions = []*widget.Button{edit, tasks, merge, retire, del}
	bar := container.NewVBox(container.NewHBox(add, edit, tasks, merge), container.NewHBox(retire, del, deleted, layout.NewSpacer(), s.showRetired))
	intro := widget.NewLabel(u.T("agency.intro"))
	intro.Wrapping = fyne.TextWrapWord
	top := container.NewVBox(heading(u.T("nav.agencies")), intro, bar)
	s.root = border(top, s.count, nil, nil, s.list)
	return s
}

func (s *agencies) title() string           { return s.u.T("nav.agencies") }
func (s *agencies) icon() fyne.Resource     { return theme.AccountIcon() }
func (s *agencies) view() fyne.CanvasObject { return s.root }
func (s *agencies) leave(func()) bool       { return true }

func (s *agencies) refresh() {
	var err error
	if s.all, err = s.u.store.Agencies(s.u.ctx); err != nil {
		s.u.showError(err)
	}
	s.all = s.u.byOwner(s.all)
	s.u.onShortcut(fyne.KeyN, func() { s.onAdd() })
	s.filter()
}

// filter shows the active agencies, and the retired ones if asked.
func (s *agencies) filter() {
	s.shown = s.shown[:0]
	for _, a := range s.all {
		if !a.Retired || s.showRetired.Checked {
			s.shown = append(s.shown, a)
		}
	}
	s.count.SetText(s.u.T("agency.count", len(s.shown)))
	s.list.UnselectAll()
	s.selected = nil
	s.list.Refresh()
	s.refreshActions()
}

func (s *agencies) refreshActions() {
	for _, b := range s.actions {
		if s.selected == nil {
			b.Disable()
		} else {
			b.Enable()
		}
	}
}

// selectID selects the agency with an id, showing retired ones if needed.
func (s *agencies) selectID(id string) {
	for _, a := range s.all {
		if a.ID == id && a.Retired && !s.showRetired.Checked {
			s.showRetired.SetChecked(true)
		}
	}
	for i, a := range s.shown {
		if a.ID == id {
			s.list.Select(i)
			s.list.ScrollTo(i)
		}
	}
}

var agencyKinds = append([]data.AgencyKind{""}, data.AgencyKinds...)

// agencyForm edits a copy of an agency.
func (s *agencies) agencyForm(a *data.Agency) *form {
	u := s.u
	f := u.newForm()
	f.ownedBy(a.Office)
	f.text("agency.name", "name", &a.Name)
	f.text("agency.short_name", "short_name", &a.ShortName)
	labels := []string{u.T("agency.kind.none")}
	for _, k := range data.AgencyKinds {
		labels = append(labels, u.T("agency.kind."+string(k)))
	}
	choice(f, "agency.kind", "group", &a.Group, agencyKinds, labels)
	f.textOf(KindOfficeCode, "agency.office_code", "office_code", &a.OfficeCode)
	f.text("agency.address", "address", &a.Address)
	return f
}

func (s *agencies) onAdd() *form {
	a := &data.Agency{}
	f := s.agencyForm(a)
	s.u.editDialog(s.u.T("agency.add"), f, fyne.NewSize(560, 360), func() bool {
		if !f.save(a, func() error { return s.u.store.Create(s.u.ctx, a) }) {
			return false
		}
		s.refresh()
		s.selectID(a.ID)
		return true
	})
	return f
}

func (s *agencies) onEdit() *form {
	if s.selected == nil {
		return nil
	}
	a := *s.selected
	f := s.agencyForm(&a)
	s.u.editDialog(s.u.T("agency.edit"), f, fyne.NewSize(560, 360), func() bool {
		if !f.save(&a, func() error { return s.u.store.Update(s.u.ctx, &a) }) {
			return false
		}
		s.refresh()
		s.selectID(a.ID)
		return true
	})
	return f
}

// onTasks opens the selected agency's open tasks.
func (s *agencies) onTasks() {
	if s.selected == nil {
		return
	}
	t, i := screenOf[*tasks](s.u)
	t.filterAgency(s.selected.ID, "")
	s.u.show(i)
}

// onMerge merges the selected agency into another one the clerk picks.
func (s *agencies) onMerge() {
	u := s.u
	from := s.selected
	if from == nil {
		return
	}
	var targets []*data.Agency
	var names []string
	for _, a := range s.all {
		if a.ID != from.ID && !a.Retired {
			targets = append(targets, a)
			names = append(names, a.Name)
		}
	}
	into := widget.NewSelect(names, nil)
	into.PlaceHolder = u.T("agency.merge.pick")
	msg := errorLabel()
	intro := widget.NewLabel(u.T("agency.merge.intro", from.Name))
	intro.Wrapping = fyne.TextWrapWord
	content := container.NewVBox(intro, into, msg)
	var d *dialog.CustomDialog
	do := func() {
		i := into.SelectedIndex()
		if i < 0 {
			msg.Text = u.T("agency.merge.pick")
			msg.Refresh()
			return
		}
		moved, err := u.store.MergeAgency(u.ctx, from.ID, targets[i].ID)
		if err != nil {
			msg.Text = u.message(err)
			msg.Refresh()
			return
		}
		d.Hide()
		s.refresh()
		s.selectID(targets[i].ID)
		u.notify(u.T("agency.merged", from.Name, targets[i].Name, moved))
	}
	ok := widget.NewButtonWithIcon(u.T("agency.merge.do"), theme.ConfirmIcon(), do)
	ok.Importance = widget.HighImportance
	d = dialog.NewCustomWithoutButtons(u.T("agency.merge"), content, u.win)
	d.SetButtons([]fyne.CanvasObject{widget.NewButtonWithIcon(u.T("action.cancel"), theme.CancelIcon(), func() { d.Hide() }), ok})
	u.pushDialogKeys(d, map[fyne.KeyName]func(){fyne.KeyS: do})
	d.Resize(u.dialogSize(fyne.NewSize(560, 260)))
	d.Show()
	u.focus(into)
}

func (s *agencies) onRetire() {
	u := s.u
	a := s.selected
	if a == nil {
		return
	}
	u.confirm(u.T("agency.retire"), u.T("agency.retire.confirm", a.Name), u.T("agency.retire"), func() {
		if err := u.store.RetireAgency(u.ctx, a.ID); err != nil {
			u.showError(err)
			return
		}
		s.refresh()
		u.notify(u.T("agency.retired", a.Name))
	})
}

func (s *agencies) onDelete() {
	u := s.u
	a := s.selected
	if a == nil {
		return
	}
	u.confirm(u.T("agency.delete"), u.T("agency.delete.confirm", a.Name), u.T("action.delete"), func() {
		if err := u.store.Delete(u.ctx, data.KindAgency, a.ID); err != nil {
			u.showError(err)
			return
		}
		s.refresh()
		u.refocus = s.list // the delete button is disabled now: the list takes the focus
		u.notify(u.T("status.deleted", a.Name))
	})
}

// showDeleted lists the deleted records of a kind, newest deletion first, each named by
// its title (data.Title) with "Khôi phục"; after runs when one came back.
func showDeleted[T any, P interface {
	*T
	data.Record
}](u *UI, title string, after func()) dialog.Dialog {
	return showDeletedOf[T, P](u, title, nil, after)
}

// showDeletedOf is showDeleted for the records keep accepts (nil: all).
func showDeletedOf[T any, P interface {
	*T
	data.Record
}](u *UI, title string, keep func(P) bool, after func()) dialog.Dialog {
	list, err := store.Deleted[T, P](u.ctx, u.store)
	if err != nil {
		u.showError(err)
		return nil
	}
	if keep != nil {
		list = slices.DeleteFunc(list, func(r P) bool { return !keep(r) })
	}
	box := container.NewVBox()
	var d *dialog.CustomDialog
	if len(list) == 0 {
		box.Add(widget.NewLabel(u.T("deleted.none")))
	}
	for _, r := range list {
		m := data.MetaOf(r)
		name := widget.NewLabel(data.Title(r))
		name.Wrapping = fyne.TextWrapWord
		when := widget.NewLabel(u.T("deleted.at", fmtTime(m.UpdatedAt)))
		restore := u.returnsFocus(widget.NewButtonWithIcon(u.T("deleted.restore"), theme.HistoryIcon(), func() {
			if err := u.store.Undelete(u.ctx, r.Kind(), m.ID); err != nil {
				u.showError(err)
				return
			}
			d.Hide()
			after()
			u.notify(u.T("status.restored", data.Title(r)))
		}))
		box.Add(border(nil, nil, nil, container.NewHBox(when, restore), name))
		box.Add(widget.NewSeparator())
	}
	d = dialog.NewCustomWithoutButtons(title, container.NewVScroll(box), u.win)
	d.SetButtons([]fyne.CanvasObject{widget.NewButtonWithIcon(u.T("action.close"), theme.CancelIcon(), func() { d.Hide() })})
	d.Resize(u.dialogSize(fyne.NewSize(760, 480)))
	d.Show()
	return d
}
