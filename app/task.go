package app

import (
	"image/color"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"qlhoi/data"
	"qlhoi/data/store"
)

// tasks (Văn bản & nhiệm vụ) lists directives and their tasks, filterable by status,
// agency and deadline, coloured by computed status; a task shows its timeline and
// takes progress updates. Directives, tasks and updates can be added, edited, deleted
// and restored here.
type tasks struct {
	// dueSoonDays is the warning span read when the list was filtered.
	dueSoonDays int
	u           *UI
	directives  []*data.Directive
	agencies    []*data.Agency // every live agency, retired ones too (old tasks name them)
	active      []*data.Agency // the agencies offered for new work
	agencyName  map[string]string

	dirList        *widget.List
	status, agency *widget.Select
	dueTo          *DateField
	list           *widget.List
	count          *widget.Label
	filter         store.TaskFilter
	rows           pager[*data.Task]
	detail         *fyne.Container
	current        *data.Task
	root           fyne.CanvasObject
	wantAgency     string
	// doneFrom keeps tasks completed since this day (the overview's "done this year");
	// changing any filter clears it.
	doneFrom         data.Date
	selectedDirIndex int
	dirActions       []*widget.Button
}

// The task list's status filter: everything, open tasks, due soon, then each status.
const (
	statusAll = iota
	statusOpen
	statusDueSoon
	statusFirst // the index of data.TaskStatuses[0]
)

func newTasks(u *UI) *tasks {
	t := &tasks{u: u, agencyName: map[string]string{}}
	t.rows.fetch = func(offset, limit int) ([]*data.Task, int, error) {
		f := t.filter
		f.Offset, f.Limit = offset, limit
		return u.store.FindTasks(u.ctx, f)
	}
	t.dirList = t.newDirectiveList()
	statuses := []string{u.T("filter.all_statuses"), u.T("task.filter.open"), u.T("task.filter.due_soon")}
	for _, s := range data.TaskStatuses {
		statuses = append(statuses, u.T("status."+string(s)))
	}
	t.status = widget.NewSelect(statuses, func(string) {
		if t.status.SelectedIndex() != statusAll {
			t.doneFrom = data.Date{}
		}
		t.onFilterChanged()
	})
	t.status.SetSelectedIndex(0)
	t.agency = widget.NewSelect(nil, func(string) { t.onFilterChanged() })
	t.dueTo = u.newDateField()
	t.dueTo.SetPlaceHolder(u.T("task.due_to"))
	t.dueTo.OnChanged = func(string) { t.onFilterChanged() }

	t.list = t.newTaskList()
	t.count = widget.NewLabel("")
	t.detail = container.NewStack(wrapped(u.T("task.pick")))
	filters := container.NewVBox(container.NewGridWithColumns(2, t.status, t.agency), t.dueTo.box)
	newTask := u.returnsFocus(widget.NewButtonWithIcon(u.T("task.add"), theme.ContentAddIcon(), func() { t.onAddTask() }))
	newTask.Importance = widget.HighImportance
	deletedTasks := u.returnsFocus(widget.NewButtonWithIcon(u.T("deleted.title"), theme.HistoryIcon(), func() {
		showDeleted[data.Task](u, u.T("deleted.tasks"), t.refresh)
	}))
	middle := border(filters, container.NewVBox(border(nil, nil, nil, t.exportButton(), t.count), container.NewHBox(newTask, deletedTasks)), nil, nil, t.list)

	newDir := u.returnsFocus(widget.NewButtonWithIcon(u.T("directive.add_short"), theme.ContentAddIcon(), func() { t.onAddDirective() }))
	editDir := u.returnsFocus(widget.NewButtonWithIcon(u.T("action.edit"), theme.DocumentCreateIcon(), func() { t.onEditDirective() }))
	delDir := u.returnsFocus(widget.NewButtonWithIcon(u.T("action.delete"), theme.DeleteIcon(), func() { t.onDeleteDirective() }))
	deletedDirs := u.returnsFocus(widget.NewButtonWithIcon(u.T("deleted.title"), theme.HistoryIcon(), func() {
		showDeleted[data.Directive](u, u.T("deleted.directives"), t.refresh)
	}))
	attach := u.returnsFocus(widget.NewButtonWithIcon(u.T("attach.button"), theme.FileIcon(), func() { t.onAttachments() }))
	t.dirActions = []*widget.Button{editDir, delDir, attach}
	left := border(bold(u.T("task.directives")),
		container.NewVBox(newDir, container.NewGridWithColumns(3, editDir, delDir, deletedDirs), attach), nil, nil, t.dirList)
	inner := container.NewHSplit(middle, t.detail)
	inner.Offset = 0.5
	outer := container.NewHSplit(left, inner)
	outer.Offset = 0.24
	t.root = border(heading(u.T("nav.tasks")), nil, nil, nil, outer)
	return t
}

// newDirectiveList lists "all directives", then each directive with its trích yếu.
func (t *tasks) newDirectiveList() *widget.List {
	u := t.u
	l := widget.NewList(
		func() int { return len(t.directives) + 1 },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			sub := widget.NewLabel("")
			sub.Truncation = fyne.TextTruncateEllipsis
			sub.SizeName = theme.SizeNameCaptionText
			return container.NewVBox(l, sub)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			box := o.(*fyne.Container)
			if id == 0 {
				box.Objects[0].(*widget.Label).SetText(u.T("task.all_directives"))
				box.Objects[1].(*widget.Label).SetText("")
				return
			}
			d := t.directives[id-1]
			box.Objects[0].(*widget.Label).SetText(d.Number + " – " + d.Date.String())
			sub := oneLine(d.Summary)
			if d.Office != "" && d.Office != u.store.Office() {
				// Whose it is before what it says: a province's directive came down
				// with no mark and read as the commune's own.
				sub = u.T("owner.of", u.officeLabel(d.Office)) + " · " + sub
			}
			box.Objects[1].(*widget.Label).SetText(sub)
		})
	l.OnSelected = func(id widget.ListItemID) {
		t.selectedDirIndex = id
		t.refreshDirActions()
		t.onFilterChanged()
	}
	return l
}

// newTaskList lists the filtered tasks, each with its status colour and summary.
func (t *tasks) newTaskList() *widget.List {
	u := t.u
	l := widget.NewList(
		func() int { return t.rows.total },
		func() fyne.CanvasObject {
			bar := canvas.NewRectangle(colorNotDue)
			bar.SetMinSize(fyne.NewSize(6, 10))
			title := widget.NewLabel("")
			title.Truncation = fyne.TextTruncateEllipsis
			sub := widget.NewLabel("")
			sub.Truncation = fyne.TextTruncateEllipsis
			return border(nil, nil, bar, nil, container.NewVBox(title, sub))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			tk := t.row(id)
			if tk == nil {
				return
			}
			box := o.(*fyne.Container)
			st := tk.StatusOn(u.today())
			bar := box.Objects[0].(*canvas.Rectangle)
			bar.FillColor = statusColor(string(st))
			bar.Refresh()
			texts := box.Objects[1].(*fyne.Container)
			texts.Objects[0].(*widget.Label).SetText(oneLine(tk.Content))
			texts.Objects[1].(*widget.Label).SetText(t.summary(tk, st))
		})
	l.OnSelected = func(id widget.ListItemID) {
		if tk := t.row(id); tk != nil {
			t.showTask(tk)
		}
	}
	return l
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
	t.agencies = u.byOwner(t.agencies)
	t.active = t.active[:0]
	opts := []string{u.T("task.all_agencies")}
	for _, a := range t.agencies {
		t.agencyName[a.ID] = a.Name
		opts = append(opts, data.Shorten(u.agencyName(a), 55))
		if !a.Retired {
			t.active = append(t.active, a)
		}
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
	if t.selectedDirIndex > len(t.directives) {
		t.selectedDirIndex = 0
	}
	t.dirList.Refresh()
	t.refreshDirActions()
	u.onShortcut(fyne.KeyF, func() { u.focus(t.dueTo.Entry) })
	// Ctrl+N adds a task, or a directive while there is none to give tasks to;
	// Ctrl+D adds a directive.
	u.onShortcut(fyne.KeyN, func() {
		if len(t.directives) == 0 {
			t.onAddDirective()
			return
		}
		t.onAddTask()
	})
	u.onShortcut(fyne.KeyD, func() { t.onAddDirective() })
	// Ctrl+Delete deletes the task shown (after the confirmation).
	u.onShortcut(fyne.KeyDelete, func() {
		if t.current != nil {
			t.onDeleteTask(t.current)
		}
	})
	t.onFilterChanged()
}

func (t *tasks) refreshDirActions() {
	for _, b := range t.dirActions {
		if t.selectedDirIndex > 0 {
			b.Enable()
		} else {
			b.Disable()
		}
	}
}

// filterAgency preselects an agency and a status filter (from the overview or the
// agency list): "" for its open tasks, "overdue", or "due_soon".
func (t *tasks) filterAgency(id, what string) {
	t.wantAgency = id
	t.doneFrom = data.Date{}
	t.selectedDirIndex = 0
	t.dirList.UnselectAll()
	t.dueTo.SetText("")
	switch what {
	case "overdue":
		t.status.SetSelectedIndex(statusFirst + slices.Index(data.TaskStatuses, data.Overdue))
	case "due_soon":
		t.status.SetSelectedIndex(statusDueSoon)
	case "done_year":
		t.doneFrom = data.NewDate(t.u.today().Year(), 1, 1)
		t.status.SetSelectedIndex(statusAll)
	case "all":
		t.status.SetSelectedIndex(statusAll)
	default:
		t.status.SetSelectedIndex(statusOpen)
	}
}

func (t *tasks) onFilterChanged() {
	if t.list == nil || t.count == nil {
		return
	}
	t.dueSoonDays = t.u.store.IntSetting(t.u.ctx, store.SettingDueSoonDays, data.DefaultDueSoonDays)
	f := store.TaskFilter{On: t.u.today(), DueSoonDays: t.dueSoonDays}
	if i := t.selectedDirIndex; i > 0 && i <= len(t.directives) {
		f.Directive = t.directives[i-1].ID
	}
	switch i := t.status.SelectedIndex(); {
	case i == statusOpen:
		f.Open = true
	case i == statusDueSoon:
		f.DueSoon = true
	case i >= statusFirst:
		f.Status = data.TaskStatuses[i-statusFirst]
	}
	if i := t.agency.SelectedIndex(); i > 0 && i <= len(t.agencies) {
		f.Lead = t.agencies[i-1].ID
	}
	if d, err := t.dueTo.Date(); err == nil {
		f.DueTo = d
	}
	f.CompletedFrom = t.doneFrom
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
	// The task shown must be one of the list: after choosing another directive the
	// pane kept the old directive's task.
	if t.current != nil && (t.filter.Directive != "" && t.current.Directive != t.filter.Directive || t.indexOf(t.current.ID) < 0) {
		t.current = nil
		t.detail.Objects = []fyne.CanvasObject{wrapped(t.u.T("task.pick"))}
		t.detail.Refresh()
	}
}

// row returns the id-th task of the filtered list (nil if there is none).
func (t *tasks) row(id int) *data.Task {
	tk, _ := t.rows.row(id)
	return tk
}

// statusText is a task's state as the list, its pane and Tổng quan all say it: due
// within the warning days is "Sắp đến hạn", not "Chưa đến hạn" here and "Sắp đến hạn"
// there.
func (t *tasks) statusText(tk *data.Task, st data.TaskStatus) string {
	label := t.u.statusLabel(st)
	days := t.dueSoonDays
	if days == 0 {
		days = data.DefaultDueSoonDays
	}
	if tk.DueSoon(t.u.today(), days) {
		if st == data.NotYetDue {
			return t.u.T("overview.col.due_soon")
		}
		label += " · " + strings.ToLower(t.u.T("overview.col.due_soon"))
	}
	return label
}

func (t *tasks) summary(tk *data.Task, st data.TaskStatus) string {
	due := tk.DueOn(t.u.today())
	label := t.statusText(tk, st)
	// The deadline first: at 1024 the end of the line is cut ("hạn 15/06/…").
	out := t.agencyName[tk.Lead] + " · " + label
	if tk.Office != "" && tk.Office != t.u.store.Office() {
		out += " · " + t.u.T("owner.of", t.u.officeLabel(tk.Office))
	}
	if !due.IsZero() {
		out = t.u.T("task.due", due.String()) + " · " + out
	}
	return out
}

func (t *tasks) showTask(tk *data.Task) {
	u := t.u
	t.current = tk
	today := u.today()
	st := tk.StatusOn(today)
	status := canvas.NewText(t.statusText(tk, st), statusColor(string(st)))
	status.TextStyle.Bold = true
	status.TextSize = theme.Size(theme.SizeNameSubHeadingText)
	content := wrapped(tk.Content)
	var coop []string
	for _, id := range tk.Cooperating {
		coop = append(coop, t.agencyName[id])
	}
	var assocs []string
	for _, id := range tk.Associations {
		if a, err := store.Get[data.Association](u.ctx, u.store, id); err == nil {
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
	info = append(info, u.T("task.cycle")+": "+u.T("cycle."+cycleKey(tk.Cycle)))
	if due := tk.DueOn(today); !due.IsZero() {
		info = append(info, u.T("task.deadline")+": "+due.String())
	}
	if !tk.CompletedOn.IsZero() {
		info = append(info, u.T("task.completed_on")+": "+tk.CompletedOn.String())
	}
	if n := tk.OverdueDays(today); n > 0 {
		info = append(info, u.T("task.overdue_days", n))
	}
	if note := u.ownerNote(tk.Office); note != "" {
		info = append([]string{note}, info...) // whose it is, before what it says
	}
	details := wrapped(strings.Join(info, "\n"))
	// The percent is written beside the bar, not over it, so it reads on any fill.
	bar := widget.NewProgressBar()
	bar.TextFormatter = func() string { return "" }
	bar.SetValue(float64(tk.Percent) / 100)
	progress := border(nil, nil, nil, bold(u.T("task.percent", tk.Percent)), bar)

	add := u.returnsFocus(widget.NewButtonWithIcon(u.T("task.add_update"), theme.ContentAddIcon(), func() { t.onAddUpdate(tk) }))
	add.Importance = widget.HighImportance
	edit := u.returnsFocus(widget.NewButtonWithIcon(u.T("action.edit"), theme.DocumentCreateIcon(), func() { t.onEditTask(tk) }))
	del := u.returnsFocus(widget.NewButtonWithIcon(u.T("action.delete"), theme.DeleteIcon(), func() { t.onDeleteTask(tk) }))
	// The buttons first, in one place whatever the task's text and state (below a
	// long content they moved from task to task: one misclick).
	body := container.NewVBox(container.NewHBox(add), container.NewHBox(edit, del), status, content, details, progress, widget.NewSeparator(), t.timeline(tk, st))
	t.detail.Objects = []fyne.CanvasObject{container.NewVScroll(container.NewPadded(body))}
	t.detail.Refresh()
}

// timeline lists the task's progress updates, newest first; entries of one day in the
// order they were entered, the latest on top. Each can be edited or deleted.
func (t *tasks) timeline(tk *data.Task, st data.TaskStatus) fyne.CanvasObject {
	u := t.u
	updates, err := store.List[data.ProgressUpdate](u.ctx, u.store, "task", tk.ID)
	if err != nil {
		u.showError(err)
	}
	slices.SortStableFunc(updates, func(a, b *data.ProgressUpdate) int {
		if c := b.Date.Time().Compare(a.Date.Time()); c != 0 {
			return c
		}
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID) // ids are time-ordered: the later entry first
	})
	deleted := u.returnsFocus(widget.NewButtonWithIcon(u.T("deleted.title"), theme.HistoryIcon(), func() {
		showDeleted[data.ProgressUpdate](u, u.T("deleted.updates"), func() { t.reopen(tk.ID) })
	}))
	box := container.NewVBox(border(nil, nil, nil, deleted, bold(u.T("task.timeline"))))
	if len(updates) == 0 {
		box.Add(widget.NewLabel(u.T("task.no_updates")))
	}
	for _, p := range updates {
		line := p.Date.String() + " – " + t.agencyName[p.Agency] + " – " + strconv.Itoa(p.Percent) + "%"
		if p.Completed {
			line += " – " + u.T("task.completed")
		}
		edit := u.returnsFocus(widget.NewButtonWithIcon("", theme.DocumentCreateIcon(), func() { t.onEditUpdate(tk, p) }))
		del := u.returnsFocus(widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { t.onDeleteUpdate(tk, p) }))
		title := bold(line)
		title.Wrapping = fyne.TextWrapWord
		head := border(nil, nil, nil, container.NewHBox(edit, del), title)
		box.Add(border(nil, nil, dot(statusColor(string(st))), nil, container.NewVBox(head, wrapped(p.Text))))
	}
	return box
}

// reopen shows the task with an id again after a change, and the list around it.
func (t *tasks) reopen(id string) {
	got, err := store.Get[data.Task](t.u.ctx, t.u.store, id)
	if err != nil {
		t.u.showError(err)
		return
	}
	t.reload()
	t.selectTask(got)
	t.showTask(got)
}

func wrapped(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

func dot(c color.Color) fyne.CanvasObject {
	r := canvas.NewCircle(c)
	return container.NewGridWrap(fyne.NewSize(12, 12), r)
}

func cycleKey(c data.Cycle) string {
	if c == data.CycleOnce {
		return "once"
	}
	return string(c)
}

// agencyChoices are the agencies a form offers: the active ones, plus keep, an agency
// the record already names even if it has since retired.
func (t *tasks) agencyChoices(keep ...string) ([]string, []string) {
	var ids, names []string
	for _, a := range t.agencies {
		if !a.Retired || slices.Contains(keep, a.ID) {
			ids = append(ids, a.ID)
			names = append(names, data.Shorten(t.u.agencyName(a), 55)) // a drop-down is as wide as its longest choice
		}
	}
	return ids, names
}

// selectTask selects a task in the list; if the filters hide it, they are relaxed to
// its directive and the window says so.
func (t *tasks) selectTask(tk *data.Task) {
	if i := t.indexOf(tk.ID); i >= 0 {
		t.list.Select(i)
		t.list.ScrollTo(i)
		return
	}
	t.status.SetSelectedIndex(statusAll)
	t.agency.SetSelectedIndex(0)
	t.dueTo.SetText("")
	t.selectDirective(tk.Directive)
	t.onFilterChanged()
	if i := t.indexOf(tk.ID); i >= 0 {
		t.list.Select(i)
		t.list.ScrollTo(i)
	}
	t.u.afterSave = t.u.T("task.filter_relaxed")
}

// indexOf finds a task's row in the filtered list (-1 if it is not there).
func (t *tasks) indexOf(id string) int {
	for i := 0; i < t.rows.total && i < 5000; i++ {
		if tk := t.row(i); tk != nil && tk.ID == id {
			return i
		}
	}
	return -1
}

// oneLine is a text on one line, for a list row of fixed height: a row drawn with the
// line breaks of a task's content overlapped the next row.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
