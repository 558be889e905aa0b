package app

import (
	"image/color"
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
)

// tasks (Văn bản & nhiệm vụ) lists directives and their tasks, filterable by status,
// agency and deadline, coloured by computed status; a task shows its timeline and
// takes progress updates.
type tasks struct {
	u          *UI
	directives []*data.Directive
	agencies   []*data.Agency
	agencyName map[string]string

	dirList          *widget.List
	status, agency   *widget.Select
	dueTo            *DateField
	list             *widget.List
	count            *widget.Label
	filter           data.TaskFilter
	rows             pager[*data.Task]
	detail           *fyne.Container
	current          *data.Task
	root             fyne.CanvasObject
	wantAgency       string
	selectedDirIndex int
}

func newTasks(u *UI) *tasks {
	t := &tasks{u: u, agencyName: map[string]string{}}
	t.rows.fetch = func(offset, limit int) ([]*data.Task, int, error) {
		f := t.filter
		f.Offset, f.Limit = offset, limit
		return u.store.FindTasks(u.ctx, f)
	}
	t.dirList = widget.NewList(
		func() int { return len(t.directives) + 1 },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id == 0 {
				o.(*widget.Label).SetText(u.T("task.all_directives"))
				return
			}
			d := t.directives[id-1]
			o.(*widget.Label).SetText(d.Number + " – " + d.Date.String())
		})
	t.dirList.OnSelected = func(id widget.ListItemID) {
		t.selectedDirIndex = id
		t.onFilterChanged()
	}
	statuses := []string{u.T("filter.all_statuses")}
	for _, s := range data.TaskStatuses {
		statuses = append(statuses, s.Label())
	}
	t.status = widget.NewSelect(statuses, func(string) { t.onFilterChanged() })
	t.status.SetSelectedIndex(0)
	t.agency = widget.NewSelect(nil, func(string) { t.onFilterChanged() })
	t.dueTo = u.newDateField()
	t.dueTo.SetPlaceHolder(u.T("task.due_to"))
	t.dueTo.OnChanged = func(string) { t.onFilterChanged() }

	t.list = widget.NewList(
		func() int { return t.rows.total },
		func() fyne.CanvasObject {
			bar := canvas.NewRectangle(colorNotDue)
			bar.SetMinSize(fyne.NewSize(6, 10))
			title := widget.NewLabel("")
			title.Truncation = fyne.TextTruncateEllipsis
			sub := widget.NewLabel("")
			sub.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, bar, nil, container.NewVBox(title, sub))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			tk := t.row(id)
			if tk == nil {
				return
			}
			box := o.(*fyne.Container)
			st := tk.StatusOn(u.today())
			bar := box.Objects[1].(*canvas.Rectangle)
			bar.FillColor = statusColor(string(st))
			bar.Refresh()
			texts := box.Objects[0].(*fyne.Container)
			texts.Objects[0].(*widget.Label).SetText(tk.Content)
			texts.Objects[1].(*widget.Label).SetText(t.summary(tk, st))
		})
	t.list.OnSelected = func(id widget.ListItemID) {
		if tk := t.row(id); tk != nil {
			t.showTask(tk)
		}
	}
	t.count = widget.NewLabel("")
	t.detail = container.NewStack(widget.NewLabel(u.T("task.pick")))
	filters := container.NewVBox(container.NewGridWithColumns(2, t.status, t.agency), t.dueTo.box)
	middle := container.NewBorder(container.NewVBox(filters), t.count, nil, nil, t.list)
	newDir := widget.NewButtonWithIcon(u.T("directive.add"), theme.ContentAddIcon(), func() { t.onAddDirective() })
	newTask := widget.NewButtonWithIcon(u.T("task.add"), theme.ContentAddIcon(), func() { t.onAddTask() })
	left := container.NewBorder(bold(u.T("task.directives")), container.NewVBox(newDir, newTask), nil, nil, t.dirList)
	inner := container.NewHSplit(middle, t.detail)
	inner.Offset = 0.5
	outer := container.NewHSplit(left, inner)
	outer.Offset = 0.2
	t.root = container.NewBorder(heading(u.T("nav.tasks")), nil, nil, nil, outer)
	return t
}

func (t *tasks) title() string           { return t.u.T("nav.tasks") }
func (t *tasks) icon() fyne.Resource     { return theme.ListIcon() }
func (t *tasks) view() fyne.CanvasObject { return t.root }
func (t *tasks) leave(func()) bool       { return true }

func (t *tasks) refresh() {
	u := t.u
	var err error
	if t.directives, err = u.store.Directives(u.ctx); err != nil {
		u.showError(err)
	}
	if t.agencies, err = u.store.Agencies(u.ctx); err != nil {
		u.showError(err)
	}
	opts := []string{u.T("task.all_agencies")}
	for _, a := range t.agencies {
		t.agencyName[a.ID] = a.Name
		opts = append(opts, a.Name)
	}
	t.agency.Options = opts
	selected := 0
	for i, a := range t.agencies {
		if a.ID == t.wantAgency {
			selected = i + 1
		}
	}
	t.wantAgency = ""
	t.agency.SetSelectedIndex(selected)
	t.dirList.Refresh()
	u.onShortcut(fyne.KeyF, func() { u.win.Canvas().Focus(t.dueTo.Entry) })
	t.onFilterChanged()
}

// filterAgency preselects an agency and the overdue status (from the overview).
func (t *tasks) filterAgency(id string) {
	t.wantAgency = id
	for i, s := range data.TaskStatuses {
		if s == data.Overdue {
			t.status.SetSelectedIndex(i + 1)
		}
	}
}

func (t *tasks) onFilterChanged() {
	if t.list == nil || t.count == nil {
		return
	}
	f := data.TaskFilter{On: t.u.today(), DueSoonDays: t.u.store.IntSetting(t.u.ctx, data.SettingDueSoonDays, data.DefaultDueSoonDays)}
	if i := t.selectedDirIndex; i > 0 && i <= len(t.directives) {
		f.Directive = t.directives[i-1].ID
	}
	if i := t.status.SelectedIndex(); i > 0 {
		f.Status = data.TaskStatuses[i-1]
	}
	if i := t.agency.SelectedIndex(); i > 0 && i <= len(t.agencies) {
		f.Lead = t.agencies[i-1].ID
	}
	if d, err := t.dueTo.Date(); err == nil {
		f.DueTo = d
	}
	t.filter = f
	t.reload()
}

func (t *tasks) reload() {
	if err := t.rows.reset(); err != nil {
		t.u.showError(err)
	}
	t.count.SetText(t.u.T("task.count", data.FormatInt(int64(t.rows.total))))
	t.list.UnselectAll()
	t.list.Refresh()
}

// row returns the id-th task of the filtered list (nil if there is none).
func (t *tasks) row(id int) *data.Task {
	tk, _ := t.rows.row(id)
	return tk
}

func (t *tasks) summary(tk *data.Task, st data.TaskStatus) string {
	due := tk.DueOn(t.u.today())
	out := t.agencyName[tk.Lead] + " · " + st.Label()
	if !due.IsZero() {
		out += " · " + t.u.T("task.due", due.String())
	}
	return out
}

func (t *tasks) showTask(tk *data.Task) {
	u := t.u
	t.current = tk
	today := u.today()
	st := tk.StatusOn(today)
	status := canvas.NewText(st.Label(), statusColor(string(st)))
	status.TextStyle.Bold = true
	status.TextSize = theme.Size(theme.SizeNameSubHeadingText)
	content := widget.NewLabel(tk.Content)
	content.Wrapping = fyne.TextWrapWord
	var coop []string
	for _, id := range tk.Cooperating {
		coop = append(coop, t.agencyName[id])
	}
	var assocs []string
	for _, id := range tk.Associations {
		if a, err := data.Get[data.Association](u.ctx, u.store, id); err == nil {
			assocs = append(assocs, a.Name)
		}
	}
	info := []string{u.T("task.lead") + ": " + t.agencyName[tk.Lead]}
	if len(coop) > 0 {
		info = append(info, u.T("task.cooperating")+": "+strings.Join(coop, "; "))
	}
	if len(assocs) > 0 {
		info = append(info, u.T("task.associations")+": "+strings.Join(assocs, "; "))
	}
	info = append(info, u.T("task.cycle")+": "+tk.Cycle.Label())
	if due := tk.DueOn(today); !due.IsZero() {
		info = append(info, u.T("task.deadline")+": "+due.String())
	}
	if !tk.CompletedOn.IsZero() {
		info = append(info, u.T("task.completed_on")+": "+tk.CompletedOn.String())
	}
	if n := tk.OverdueDays(today); n > 0 {
		info = append(info, u.T("task.overdue_days", n))
	}
	details := widget.NewLabel(strings.Join(info, "\n"))
	details.Wrapping = fyne.TextWrapWord
	bar := widget.NewProgressBar()
	bar.SetValue(float64(tk.Percent) / 100)

	updates, err := data.List[data.ProgressUpdate](u.ctx, u.store, "task", tk.ID)
	if err != nil {
		u.showError(err)
	}
	sort.SliceStable(updates, func(i, j int) bool { return updates[j].Date.Before(updates[i].Date) })
	timeline := container.NewVBox(bold(u.T("task.timeline")))
	if len(updates) == 0 {
		timeline.Add(widget.NewLabel(u.T("task.no_updates")))
	}
	for _, p := range updates {
		line := p.Date.String() + " – " + t.agencyName[p.Agency] + " – " + strconv.Itoa(p.Percent) + "%"
		if p.Completed {
			line += " – " + u.T("task.completed")
		}
		text := widget.NewLabel(p.Text)
		text.Wrapping = fyne.TextWrapWord
		timeline.Add(container.NewBorder(nil, nil, dot(statusColor(string(st))), nil, container.NewVBox(bold(line), text)))
	}
	add := widget.NewButtonWithIcon(u.T("task.add_update"), theme.ContentAddIcon(), func() { t.onAddUpdate(tk) })
	add.Importance = widget.HighImportance
	body := container.NewVBox(status, content, details, bar, container.NewHBox(add), widget.NewSeparator(), timeline)
	t.detail.Objects = []fyne.CanvasObject{container.NewVScroll(container.NewPadded(body))}
	t.detail.Refresh()
}

func dot(c color.Color) fyne.CanvasObject {
	r := canvas.NewCircle(c)
	return container.NewGridWrap(fyne.NewSize(12, 12), r)
}

// progressForm is the dialog that records a progress update.
type progressForm struct {
	date          *DateField
	agency        *widget.Select
	text, percent *Entry
	ref           *Entry
	done          *widget.Check
	msg           *canvas.Text
	dialog        dialog.Dialog
}

// onAddUpdate records a progress update in a dialog: date, agency, text, completion.
func (t *tasks) onAddUpdate(tk *data.Task) *progressForm {
	u := t.u
	f := &progressForm{date: u.newDateField(), text: u.newMultiLineEntry(), percent: u.newEntry(), ref: u.newEntry(), msg: errorLabel()}
	f.date.SetDate(u.today())
	var names []string
	for _, a := range t.agencies {
		names = append(names, a.Name)
	}
	f.agency = widget.NewSelect(names, nil)
	for i, a := range t.agencies {
		if a.ID == tk.Lead {
			f.agency.SetSelectedIndex(i)
		}
	}
	f.percent.SetText(strconv.Itoa(tk.Percent))
	f.done = widget.NewCheck(u.T("task.completed"), nil)
	items := []*widget.FormItem{
		widget.NewFormItem(u.T("update.date"), f.date.box), widget.NewFormItem(u.T("update.agency"), f.agency),
		widget.NewFormItem(u.T("update.text"), f.text), widget.NewFormItem(u.T("update.percent"), f.percent),
		widget.NewFormItem("", f.done), widget.NewFormItem(u.T("update.reference"), f.ref), widget.NewFormItem("", f.msg),
	}
	f.dialog = dialog.NewForm(u.T("task.add_update"), u.T("action.save"), u.T("action.cancel"), items, func(ok bool) {
		if ok {
			t.saveUpdate(tk, f)
		}
	}, u.win)
	f.dialog.Resize(fyne.NewSize(560, 480))
	f.dialog.Show()
	return f
}

func (t *tasks) saveUpdate(tk *data.Task, f *progressForm) {
	u := t.u
	day, err := f.date.Date()
	pct, perr := strconv.Atoi(strings.TrimSpace(f.percent.Text))
	if err == nil && perr != nil {
		err = &data.Error{Code: "ErrNumberInvalid", Message: u.T("form.number")}
	}
	if err == nil {
		p := &data.ProgressUpdate{Task: tk.ID, Date: day, Text: f.text.Text, Percent: pct, Completed: f.done.Checked, Reference: f.ref.Text}
		if i := f.agency.SelectedIndex(); i >= 0 {
			p.Agency = t.agencies[i].ID
		}
		err = u.store.Create(u.ctx, p)
	}
	if err != nil {
		f.msg.Text = data.Message(err)
		f.msg.Refresh()
		f.dialog.Show()
		return
	}
	updated, err := data.Get[data.Task](u.ctx, u.store, tk.ID)
	if err != nil {
		u.showError(err)
		return
	}
	t.reload()
	t.showTask(updated)
}

// directiveForm is the dialog that records a directive.
type directiveForm struct {
	number, issuer, docType, summary *Entry
	date                             *DateField
	msg                              *canvas.Text
	dialog                           dialog.Dialog
}

// onAddDirective records a new directive (văn bản chỉ đạo).
func (t *tasks) onAddDirective() *directiveForm {
	u := t.u
	f := &directiveForm{number: u.newEntry(), issuer: u.newEntry(), docType: u.newEntry(), summary: u.newMultiLineEntry(), date: u.newDateField(), msg: errorLabel()}
	f.number.SetPlaceHolder("1234-CV/TU")
	f.docType.SetText("Công văn")
	f.date.SetDate(u.today())
	items := []*widget.FormItem{
		widget.NewFormItem(u.T("directive.number"), f.number), widget.NewFormItem(u.T("directive.date"), f.date.box),
		widget.NewFormItem(u.T("directive.issuer"), f.issuer), widget.NewFormItem(u.T("directive.type"), f.docType),
		widget.NewFormItem(u.T("directive.summary"), f.summary), widget.NewFormItem("", f.msg),
	}
	f.dialog = dialog.NewForm(u.T("directive.add"), u.T("action.save"), u.T("action.cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		day, err := f.date.Date()
		if err == nil {
			err = u.store.Create(u.ctx, &data.Directive{Number: f.number.Text, Date: day, Issuer: f.issuer.Text, DocType: f.docType.Text, Summary: f.summary.Text})
		}
		if err != nil {
			f.msg.Text = data.Message(err)
			f.msg.Refresh()
			f.dialog.Show()
			return
		}
		t.refresh()
	}, u.win)
	f.dialog.Resize(fyne.NewSize(600, 460))
	f.dialog.Show()
	return f
}

// taskForm is the dialog that records a task of a directive.
type taskForm struct {
	directive, lead, cycle *widget.Select
	content                *Entry
	deadline               *DateField
	cooperating            *widget.CheckGroup
	msg                    *canvas.Text
	dialog                 dialog.Dialog
}

var cycles = []data.Cycle{data.CycleOnce, data.CycleHalfYear, data.CycleYearly}

// onAddTask records a new task: directive, content, lead and co-operating agencies,
// deadline or reporting cycle.
func (t *tasks) onAddTask() *taskForm {
	u := t.u
	f := &taskForm{content: u.newMultiLineEntry(), deadline: u.newDateField(), msg: errorLabel()}
	var dirs, ags, cyc []string
	for _, d := range t.directives {
		dirs = append(dirs, d.Number+" – "+d.Date.String())
	}
	for _, a := range t.agencies {
		ags = append(ags, a.Name)
	}
	for _, c := range cycles {
		cyc = append(cyc, c.Label())
	}
	f.directive, f.lead, f.cycle = widget.NewSelect(dirs, nil), widget.NewSelect(ags, nil), widget.NewSelect(cyc, nil)
	f.directive.PlaceHolder, f.lead.PlaceHolder = u.T("task.pick_directive"), u.T("task.pick_agency")
	if i := t.selectedDirIndex; i > 0 && i <= len(dirs) {
		f.directive.SetSelectedIndex(i - 1)
	}
	f.cycle.SetSelectedIndex(0)
	f.cooperating = widget.NewCheckGroup(ags, nil)
	items := []*widget.FormItem{
		widget.NewFormItem(u.T("task.directive"), f.directive), widget.NewFormItem(u.T("task.content"), f.content),
		widget.NewFormItem(u.T("task.lead"), f.lead), widget.NewFormItem(u.T("task.deadline"), f.deadline.box),
		widget.NewFormItem(u.T("task.cycle"), f.cycle),
		widget.NewFormItem(u.T("task.cooperating"), container.NewGridWrap(fyne.NewSize(420, 140), container.NewVScroll(f.cooperating))),
		widget.NewFormItem("", f.msg),
	}
	f.dialog = dialog.NewForm(u.T("task.add"), u.T("action.save"), u.T("action.cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		if err := t.saveTask(f); err != nil {
			f.msg.Text = data.Message(err)
			f.msg.Refresh()
			f.dialog.Show()
			return
		}
		t.reload()
	}, u.win)
	f.dialog.Resize(fyne.NewSize(680, 620))
	f.dialog.Show()
	return f
}

func (t *tasks) saveTask(f *taskForm) error {
	u := t.u
	day, err := f.deadline.Date()
	if err != nil {
		return err
	}
	tk := &data.Task{Content: f.content.Text, Deadline: day}
	if i := f.directive.SelectedIndex(); i >= 0 {
		tk.Directive = t.directives[i].ID
	}
	if i := f.lead.SelectedIndex(); i >= 0 {
		tk.Lead = t.agencies[i].ID
	}
	if i := f.cycle.SelectedIndex(); i >= 0 {
		tk.Cycle = cycles[i]
	}
	for _, name := range f.cooperating.Selected {
		for _, a := range t.agencies {
			if a.Name == name {
				tk.Cooperating = append(tk.Cooperating, a.ID)
			}
		}
	}
	return u.store.Create(u.ctx, tk)
}
