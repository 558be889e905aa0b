package app

import (
	"qlhoi/data"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// The dialogs of the tasks screen: directives, tasks and progress reports, each added,
// corrected or deleted.

// progressForm is the dialog that records or corrects a progress update.
type progressForm struct {
	*form
	date          *DateField
	agency        *widget.Select
	text, percent *Entry
	ref           *Entry
	done          *widget.Check
}

func (t *tasks) newProgressForm(p *data.ProgressUpdate) *progressForm {
	u := t.u
	f := &progressForm{form: u.newForm()}
	f.ownedBy(p.Office)
	f.date = f.form.date("update.date", "date", &p.Date)
	ids, names := t.agencyChoices(p.Agency)
	f.agency = choice(f.form, "update.agency", "agency", &p.Agency, ids, names)
	f.text = f.multiline("update.text", "text", &p.Text)
	f.percent = f.integer("update.percent", "percent", &p.Percent)
	f.done = f.check("task.completed", "completed", &p.Completed)
	f.ref = f.textOf(KindDocCode, "update.reference", "reference", &p.Reference)
	return f
}

// onAddUpdate records a progress update in a dialog: date, agency, text, completion.
func (t *tasks) onAddUpdate(tk *data.Task) *progressForm {
	u := t.u
	p := &data.ProgressUpdate{Task: tk.ID, Date: u.today(), Agency: tk.Lead, Percent: tk.Percent}
	f := t.newProgressForm(p)
	u.editDialog(u.T("task.add_update"), f.form, fyne.NewSize(600, 520), func() bool {
		if !f.save(p, func() error { return u.store.Create(u.ctx, p) }) {
			return false
		}
		t.reopen(tk.ID)
		return true
	})
	u.focus(f.text)
	return f
}

// onEditUpdate corrects a progress update; the task follows.
func (t *tasks) onEditUpdate(tk *data.Task, old *data.ProgressUpdate) *progressForm {
	u := t.u
	p := *old
	f := t.newProgressForm(&p)
	u.editDialog(u.T("update.edit"), f.form, fyne.NewSize(600, 520), func() bool {
		if !f.save(&p, func() error { return u.store.Update(u.ctx, &p) }) {
			return false
		}
		t.reopen(tk.ID)
		return true
	})
	return f
}

func (t *tasks) onDeleteUpdate(tk *data.Task, p *data.ProgressUpdate) {
	u := t.u
	u.confirm(u.T("update.delete"), u.T("update.delete.confirm", p.Date.String()), u.T("action.delete"), func() {
		if err := u.store.Delete(u.ctx, data.KindProgress, p.ID); err != nil {
			u.showError(err)
			return
		}
		t.reopen(tk.ID)
		u.notify(u.T("status.deleted", u.T("update.one", p.Date.String())))
	})
}

// directiveForm is the dialog that records or corrects a directive.
type directiveForm struct {
	*form
	number, issuer, docType, summary *Entry
	date                             *DateField
}

func (t *tasks) newDirectiveForm(d *data.Directive) *directiveForm {
	f := &directiveForm{form: t.u.newForm()}
	f.ownedBy(d.Office)
	f.number = f.textOf(KindDocCode, "directive.number", "number", &d.Number)
	f.number.SetPlaceHolder("1234-CV/TU")
	f.date = f.form.date("directive.date", "date", &d.Date)
	f.issuer = f.text("directive.issuer", "issuer", &d.Issuer)
	f.docType = f.text("directive.type", "doc_type", &d.DocType)
	f.summary = f.multiline("directive.summary", "summary", &d.Summary)
	return f
}

// onAddDirective records a new directive (văn bản chỉ đạo).
func (t *tasks) onAddDirective() *directiveForm {
	u := t.u
	d := &data.Directive{DocType: "Công văn", Date: u.today()}
	f := t.newDirectiveForm(d)
	u.editDialog(u.T("directive.add"), f.form, fyne.NewSize(640, 480), func() bool {
		if !f.save(d, func() error { return u.store.Create(u.ctx, d) }) {
			return false
		}
		t.refresh()
		t.selectDirective(d.ID)
		return true
	})
	return f
}

func (t *tasks) selectedDirective() *data.Directive {
	if i := t.selectedDirIndex; i > 0 && i <= len(t.directives) {
		return t.directives[i-1]
	}
	return nil
}

func (t *tasks) selectDirective(id string) {
	for i, d := range t.directives {
		if d.ID == id {
			t.dirList.Select(i + 1)
			t.dirList.ScrollTo(i + 1)
		}
	}
}

func (t *tasks) onEditDirective() *directiveForm {
	u := t.u
	cur := t.selectedDirective()
	if cur == nil {
		return nil
	}
	d := *cur
	f := t.newDirectiveForm(&d)
	u.editDialog(u.T("directive.edit"), f.form, fyne.NewSize(640, 480), func() bool {
		if !f.save(&d, func() error { return u.store.Update(u.ctx, &d) }) {
			return false
		}
		t.refresh()
		t.selectDirective(d.ID)
		return true
	})
	return f
}

func (t *tasks) onDeleteDirective() {
	u := t.u
	d := t.selectedDirective()
	if d == nil {
		return
	}
	u.confirm(u.T("directive.delete"), u.T("directive.delete.confirm", d.Number), u.T("action.delete"), func() {
		if err := u.store.Delete(u.ctx, data.KindDirective, d.ID); err != nil {
			u.showError(err)
			return
		}
		t.selectedDirIndex = 0
		t.dirList.UnselectAll()
		t.refresh()
		u.notify(u.T("status.deleted", d.Number))
	})
}

// taskForm is the dialog that records a task of a directive, or corrects and
// reassigns one.
type taskForm struct {
	*form
	directive, lead, cycle *widget.Select
	content                *Entry
	deadline               *DateField
	cooperating            *widget.CheckGroup
}

var cycles = []data.Cycle{data.CycleOnce, data.CycleHalfYear, data.CycleYearly}

func (t *tasks) newTaskForm(tk *data.Task, full bool) *taskForm {
	u := t.u
	f := &taskForm{form: u.newForm()}
	f.ownedBy(tk.Office)
	var dirIDs, dirs []string
	for _, d := range t.directives {
		dirIDs = append(dirIDs, d.ID)
		// Bounded: a long trích yếu made the drop-down wider than the dialog.
		dirs = append(dirs, data.Shorten(d.Number+" – "+d.Date.String()+" – "+d.Summary, 70))
	}
	f.directive = choice(f.form, "task.directive", "directive", &tk.Directive, dirIDs, dirs)
	f.directive.PlaceHolder = u.T("task.pick_directive")
	f.content = f.multiline("task.content", "content", &tk.Content)
	ids, names := t.agencyChoices(append([]string{tk.Lead}, tk.Cooperating...)...)
	f.lead = choice(f.form, "task.lead", "lead", &tk.Lead, ids, names)
	f.lead.PlaceHolder = u.T("task.pick_agency")
	f.deadline = f.date("task.deadline", "deadline", &tk.Deadline)
	var cyc []string
	for _, c := range cycles {
		cyc = append(cyc, u.T("cycle."+cycleKey(c)))
	}
	f.cycle = choice(f.form, "task.cycle", "cycle", &tk.Cycle, cycles, cyc)
	f.cooperating = f.many("task.cooperating", "cooperating", &tk.Cooperating, ids, names)
	if full {
		f.multiline("task.result", "result", &tk.Result)
		f.multiline("task.problems", "problems", &tk.Problems)
		f.multiline("task.proposals", "proposals", &tk.Proposals)
	}
	return f
}

// onAddTask records a new task: directive, content, lead and co-operating agencies,
// deadline or reporting cycle.
func (t *tasks) onAddTask() *taskForm {
	u := t.u
	tk := &data.Task{}
	if d := t.selectedDirective(); d != nil {
		tk.Directive = d.ID
	}
	f := t.newTaskForm(tk, false)
	u.editDialog(u.T("task.add"), f.form, fyne.NewSize(720, 640), func() bool {
		if !f.save(tk, func() error { return u.store.Create(u.ctx, tk) }) {
			return false
		}
		t.reload()
		t.selectTask(tk)
		t.showTask(tk)
		return true
	})
	if tk.Directive != "" {
		u.focus(f.content)
	}
	return f
}

// onEditTask corrects a task or reassigns it to another agency.
func (t *tasks) onEditTask(cur *data.Task) *taskForm {
	u := t.u
	tk := *cur
	f := t.newTaskForm(&tk, true)
	u.editDialog(u.T("task.edit"), f.form, fyne.NewSize(720, 640), func() bool {
		if !f.save(&tk, func() error { return u.store.Update(u.ctx, &tk) }) {
			return false
		}
		t.reopen(tk.ID)
		return true
	})
	return f
}

func (t *tasks) onDeleteTask(tk *data.Task) {
	u := t.u
	u.confirm(u.T("task.delete"), u.T("task.delete.confirm", data.Shorten(tk.Content, 80)), u.T("action.delete"), func() {
		if err := u.store.Delete(u.ctx, data.KindTask, tk.ID); err != nil {
			u.showError(err)
			return
		}
		t.current = nil
		t.detail.Objects = []fyne.CanvasObject{wrapped(u.T("task.pick"))}
		t.detail.Refresh()
		t.reload()
		u.notify(u.T("status.deleted", data.Shorten(tk.Content, 60)))
	})
}
