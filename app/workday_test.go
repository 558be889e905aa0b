package app

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
)

// content is a record's JSON without identity, version and history fields: what a
// form must give back unchanged.
func content(t *testing.T, r data.Record) map[string]any {
	t.Helper()
	b, err := json.Marshal(r)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	for _, k := range []string{"id", "office", "created_at", "updated_at", "version", "hlc", "by", "parents"} {
		delete(m, k)
	}
	return m
}

func reload[T any, P interface {
	*T
	data.Record
}](t *testing.T, u *UI, id string) P {
	t.Helper()
	r, err := store.Get[T, P](t.Context(), u.store, id)
	require.NoError(t, err)
	return r
}

// Every field of every record round-trips through its form unchanged: open the
// record's form, save without touching anything, and the stored content is the same
// (the charter's issuer used to be wiped this way).
func TestFormsRoundTripEveryField(t *testing.T) {
	u, w := newTestUI(t, true)
	ctx := t.Context()
	other, _, err := u.store.FindAssociations(ctx, store.AssociationFilter{Query: "hoi luat gia", Limit: 1})
	require.NoError(t, err)
	require.Len(t, other, 1)
	active, err := u.store.ActiveAgencies(ctx)
	require.NoError(t, err)

	full := &data.Association{
		Name: "Hội Sinh vật cảnh tỉnh Quảng Trị", ShortName: "SVC", Scope: data.ScopeProvince, Area: "QT", Field: "Sinh vật cảnh",
		Assigned: true, AssignedBy: "Quyết định 68/QĐ-TTg", Special: true,
		Founding:     data.Decision{Number: "123/QĐ-UBND", Date: data.MustDate("12/03/2008"), Issuer: "UBND tỉnh Quảng Trị"},
		Charter:      data.Decision{Number: "456/QĐ-UBND", Date: data.MustDate("20/05/2008"), Issuer: "Sở Nội vụ tỉnh Quảng Trị"},
		ManagingBody: "Sở Nông nghiệp", Address: "12 Lê Lợi, Đông Hà", Phone: "0233 3852 111", Email: "svc@quangtri.gov.vn",
		CongressNumber: 4, TermStart: data.MustDate("15/06/2022"), TermEnd: data.MustDate("15/06/2027"),
		LastCongress: data.MustDate("15/06/2022"), NextCongress: data.MustDate("15/06/2027"), PartyOrg: data.PartyOrgCell,
		PartyMembers: 12, FullTimeStaff: 2, ContractStaff: 3, FollowedBy: "Đồng chí Nguyễn Văn A", Status: data.StatusActive,
		SplitFrom: other[0].ID, Note: "Dòng một\nDòng hai",
	}
	require.NoError(t, u.store.Create(ctx, full, store.AllowNearDuplicate))
	a, i := screenOf[*associations](u)
	u.show(i)

	t.Run("association", func(t *testing.T) {
		a.showRecord(reload[data.Association](t, u, full.ID))
		a.rec.onSave()
		assert.Equal(t, content(t, full), content(t, reload[data.Association](t, u, full.ID)))
	})

	save := func(t *testing.T) {
		t.Helper()
		tapInDialog(t, w, "Lưu (Ctrl+S)")
		require.Nil(t, w.Canvas().Overlays().Top(), "the dialog closed after saving")
	}
	a.showRecord(reload[data.Association](t, u, full.ID))
	rec := a.rec
	t.Run("leader", func(t *testing.T) {
		l := &data.Leader{Association: full.ID, Term: 4, Position: "Chủ tịch", Name: "Trần Thị Bình", BirthYear: 1968, Gender: "Nữ",
			PartyMember: true, Phone: "0912 345 678", From: data.MustDate("15/06/2022"), To: data.MustDate("15/06/2027")}
		require.NoError(t, u.store.Create(ctx, l))
		rec.leaders().onEdit(reload[data.Leader](t, u, l.ID))
		save(t)
		assert.Equal(t, content(t, l), content(t, reload[data.Leader](t, u, l.ID)))
	})
	t.Run("figure", func(t *testing.T) {
		y := &data.YearlyFigure{Association: full.ID, Year: 2025, Members: 1200, NewMembers: 80, PartyMembers: 40, Branches: 9,
			IncomeDues: 14_400_000, IncomeActivities: 25_000_000, IncomeDonations: 60_500_000, Budget: 150_000_000, IncomeOther: 1_200_000,
			Spending: 240_000_000, Activities: "Triển lãm", Awards: "Bằng khen", ReportedOn: data.MustDate("15/01/2026")}
		require.NoError(t, u.store.Create(ctx, y))
		rec.figures().onEdit(reload[data.YearlyFigure](t, u, y.ID))
		save(t)
		assert.Equal(t, content(t, y), content(t, reload[data.YearlyFigure](t, u, y.ID)))
	})
	t.Run("inspection", func(t *testing.T) {
		in := &data.Inspection{Association: full.ID, Date: data.MustDate("10/09/2025"), Body: "Sở Nội vụ", Content: "Kiểm tra điều lệ",
			Findings: "Đúng điều lệ", Violations: "Chậm báo cáo", Measures: "Nhắc nhở", FollowUp: "đã khắc phục"}
		require.NoError(t, u.store.Create(ctx, in))
		rec.inspections().onEdit(reload[data.Inspection](t, u, in.ID))
		save(t)
		assert.Equal(t, content(t, in), content(t, reload[data.Inspection](t, u, in.ID)))
	})
	t.Run("event", func(t *testing.T) {
		ev := &data.AssociationEvent{Association: full.ID, EventKind: data.EventAbsorption, Date: data.MustDate("01/07/2025"),
			Decision: "789/QĐ-UBND", Related: []string{other[0].ID, full.ID + "-x"}, Note: "Sáp nhập"}
		require.NoError(t, u.store.Create(ctx, ev))
		rec.events().onEdit(reload[data.AssociationEvent](t, u, ev.ID))
		save(t)
		assert.Equal(t, content(t, ev), content(t, reload[data.AssociationEvent](t, u, ev.ID)))
	})

	tk, j := screenOf[*tasks](u)
	u.show(j)
	t.Run("directive", func(t *testing.T) {
		d := &data.Directive{Number: "99-CV/TU", Date: data.MustDate("02/11/2026"), Issuer: "Ban Thường vụ Tỉnh ủy", DocType: "Công văn", Summary: "Về việc rà soát hội"}
		require.NoError(t, u.store.Create(ctx, d))
		tk.refresh()
		tk.selectDirective(d.ID)
		tk.onEditDirective()
		save(t)
		assert.Equal(t, content(t, d), content(t, reload[data.Directive](t, u, d.ID)))
	})
	var task *data.Task
	t.Run("task", func(t *testing.T) {
		ds, _ := u.store.Directives(ctx)
		task = &data.Task{Directive: ds[0].ID, Content: "Rà soát", Lead: active[0].ID, Cooperating: []string{active[1].ID, active[2].ID},
			Associations: []string{full.ID}, Deadline: data.MustDate("31/12/2026"), Result: "Đã làm một phần", Problems: "Thiếu người", Proposals: "Bổ sung biên chế"}
		require.NoError(t, u.store.Create(ctx, task))
		task = reload[data.Task](t, u, task.ID)
		tk.onEditTask(task)
		save(t)
		assert.Equal(t, content(t, task), content(t, reload[data.Task](t, u, task.ID)))
	})
	t.Run("progress", func(t *testing.T) {
		p := &data.ProgressUpdate{Task: task.ID, Date: data.MustDate("20/11/2026"), Agency: active[0].ID, Text: "Đã rà soát 10 hội", Percent: 40, Reference: "12-BC/BDVTU"}
		require.NoError(t, u.store.Create(ctx, p))
		tk.onEditUpdate(task, reload[data.ProgressUpdate](t, u, p.ID))
		save(t)
		assert.Equal(t, content(t, p), content(t, reload[data.ProgressUpdate](t, u, p.ID)))
	})
	t.Run("agency", func(t *testing.T) {
		ag, k := screenOf[*agencies](u)
		u.show(k)
		ag.selectID(active[0].ID)
		before := reload[data.Agency](t, u, active[0].ID)
		ag.onEdit()
		save(t)
		assert.Equal(t, content(t, before), content(t, reload[data.Agency](t, u, active[0].ID)))
	})
}

// A failed save focuses the first field in error, scrolls to it and says how many
// fields need attention; the message goes once the field is corrected. Ctrl+S saves
// inside the dialog; a save says so on the status line.
func TestFormErrorsAndSaveFeedback(t *testing.T) {
	u, w := newTestUI(t, true)
	tk, i := screenOf[*tasks](u)
	u.show(i)
	f := tk.onAddDirective()
	f.number.SetText("")
	f.issuer.SetText("")
	f.summary.SetText("")
	u.typedShortcut(ctrl("S"))
	require.NotNil(t, w.Canvas().Overlays().Top(), "nothing saved, the dialog stays")
	assert.Equal(t, "Có 3 trường cần sửa (ghi chú màu đỏ dưới trường).", f.count.Text)
	assert.Equal(t, f.number, w.Canvas().Focused(), "the first field in error has the focus")
	assert.NotEmpty(t, msgOf(t, f.form, "issuer"))
	typeInto(w, f.issuer, "Ban Thuwowngf vuj")
	assert.Empty(t, msgOf(t, f.form, "issuer"), "a stale message goes once the field is edited")
	assert.Equal(t, "Có 2 trường cần sửa (ghi chú màu đỏ dưới trường).", f.count.Text, "the count follows")

	f.number.SetText("1601-CV/TU")
	f.summary.SetText("Về công tác hội")
	assert.Empty(t, f.count.Text, "every field corrected: the line goes")
	u.typedShortcut(ctrl("S"))
	assert.Nil(t, w.Canvas().Overlays().Top(), "Ctrl+S saved the dialog")
	assert.Regexp(t, `^Đã lưu lúc \d\d:\d\d\.$`, u.status.Text)
	assert.Equal(t, "1601-CV/TU", tk.selectedDirective().Number, "the new directive is selected")

	// A field far down a long form is scrolled into view when it is in error.
	a, j := screenOf[*associations](u)
	u.show(j)
	a.list.Select(0)
	email := entryOf(t, a.rec.form, "email")
	email.SetText("khong-phai-thu")
	a.rec.onSave()
	assert.Equal(t, email, w.Canvas().Focused())
	assert.Positive(t, a.rec.form.scroll.Offset.Y, "the form scrolled down to the e-mail field")
	assert.Contains(t, a.rec.form.count.Text, "Có 1 trường")

	// An amount of a year's figures out of bounds: the message under its field, the
	// total left blank, nothing saved.
	before, err := store.List[data.YearlyFigure](t.Context(), u.store, "", nil)
	require.NoError(t, err)
	ff := a.rec.figures().onAdd()
	entryOf(t, ff, "members").SetText("100")
	entryOf(t, ff, "income_donations").SetText("1.000.000.000.000.000")
	assert.NotContains(t, strings.Join(texts(w.Canvas().Overlays().Top()), "|"), "tự cộng", "no total of an impossible amount")
	entryOf(t, ff, "spending").SetText("-5")
	u.typedShortcut(ctrl("S"))
	require.NotNil(t, w.Canvas().Overlays().Top(), "nothing saved, the dialog stays")
	assert.Contains(t, msgOf(t, ff, "income_donations"), "quá lớn")
	assert.Contains(t, msgOf(t, ff, "spending"), "không được âm")
	assert.Equal(t, entryOf(t, ff, "income_donations"), w.Canvas().Focused(), "the first field in error has the focus")
	after, err := store.List[data.YearlyFigure](t.Context(), u.store, "", nil)
	require.NoError(t, err)
	assert.Len(t, after, len(before))
	u.closeDialog()
}

// A record just created is shown and selected even when the filters would hide it.
func TestNewRecordShownUnderFilter(t *testing.T) {
	u, w := newTestUI(t, true)
	a, i := screenOf[*associations](u)
	u.show(i)
	a.search.SetText("luat gia")
	a.onNew()
	typeInto(w, a.rec.name, "Hooij Khuyeens hocj phuwowngf Ddoong Lee")
	a.rec.onSave()
	require.NotNil(t, a.rec.a, "saved")
	assert.Empty(t, a.search.Text, "the filter was cleared")
	assert.Contains(t, u.status.Text, "Đã bỏ bộ lọc")
	id := a.rec.a.ID
	found := false
	for k := 0; k < a.rows.total; k++ {
		if a.row(k).ID == id {
			found = true
		}
	}
	assert.True(t, found, "the new association is in the list")

	tk, j := screenOf[*tasks](u)
	u.show(j)
	tk.status.SetSelectedIndex(statusDueSoon)
	f := tk.onAddTask()
	f.directive.SetSelectedIndex(0)
	f.content.SetText("Tổng kết năm")
	f.lead.SetSelectedIndex(0)
	f.deadline.SetText("30/06/2027")
	tapInDialog(t, w, "Lưu (Ctrl+S)")
	require.NotNil(t, tk.current)
	assert.Equal(t, "Tổng kết năm", tk.current.Content)
	assert.Equal(t, statusAll, tk.status.SelectedIndex(), "the due-soon filter was relaxed")
	assert.GreaterOrEqual(t, tk.indexOf(tk.current.ID), 0)
	assert.Contains(t, u.status.Text, "Đã bỏ bộ lọc")
}

// Directives, tasks, progress and association rows are edited, deleted and restored
// from the window; the delete dialog's promise of a restore is kept.
func TestEditDeleteRestoreInWindow(t *testing.T) {
	u, w := newTestUI(t, true)
	ctx := t.Context()
	tk, i := screenOf[*tasks](u)
	u.show(i)
	tk.dirList.Select(1)
	d := tk.selectedDirective()
	require.NotNil(t, d)

	// Directive: edit; delete refused while it has tasks.
	f := tk.onEditDirective()
	f.summary.SetText("Trích yếu đã sửa")
	save := func() { tapInDialog(t, w, "Lưu (Ctrl+S)") }
	save()
	assert.Equal(t, "Trích yếu đã sửa", reload[data.Directive](t, u, d.ID).Summary)
	tk.onDeleteDirective()
	tapInDialog(t, w, "Xóa")
	assert.Contains(t, strings.Join(texts(w.Canvas().Overlays().Top()), " "), "còn")
	u.closeDialog()
	assert.False(t, reload[data.Directive](t, u, d.ID).Deleted)

	// Task: reassign, delete, restore from "Đã xóa".
	require.Positive(t, tk.rows.total)
	var task *data.Task
	for k := tk.rows.total - 1; k >= 0; k-- {
		if r := tk.row(k); r.Cycle == data.CycleOnce && r.CompletedOn.IsZero() {
			task = r
		}
	}
	require.NotNil(t, task, "a one-off open task")
	agencies, _ := u.store.ActiveAgencies(ctx)
	var other *data.Agency
	for _, a := range agencies {
		if a.ID != task.Lead && !slices.Contains(task.Cooperating, a.ID) {
			other = a
		}
	}
	tf := tk.onEditTask(task)
	tf.lead.SetSelected(other.Name)
	save()
	assert.Equal(t, other.ID, reload[data.Task](t, u, task.ID).Lead, "reassigned")
	tk.onDeleteTask(reload[data.Task](t, u, task.ID))
	tapInDialog(t, w, "Xóa")
	assert.True(t, reload[data.Task](t, u, task.ID).Deleted)
	assert.Contains(t, u.status.Text, "Có thể khôi phục")
	showDeleted[data.Task](u, "x", tk.refresh)
	tapInDialog(t, w, "Khôi phục")
	assert.False(t, reload[data.Task](t, u, task.ID).Deleted, "restored")

	// Progress: add, edit (the task follows), delete.
	task = reload[data.Task](t, u, task.ID)
	pf := tk.onAddUpdate(task)
	pf.text.SetText("Đã làm xong")
	pf.done.SetChecked(true)
	save()
	assert.False(t, reload[data.Task](t, u, task.ID).CompletedOn.IsZero())
	ups, _ := store.List[data.ProgressUpdate](ctx, u.store, "task", task.ID)
	last := ups[len(ups)-1]
	ef := tk.onEditUpdate(task, last)
	ef.done.SetChecked(false)
	ef.percent.SetText("50")
	save()
	got := reload[data.Task](t, u, task.ID)
	assert.True(t, got.CompletedOn.IsZero(), "the mistaken completion is undone")
	assert.Equal(t, 50, got.Percent)
	tk.onDeleteUpdate(task, reload[data.ProgressUpdate](t, u, last.ID))
	tapInDialog(t, w, "Xóa")
	assert.True(t, reload[data.ProgressUpdate](t, u, last.ID).Deleted)

	// Association rows: add, edit, delete a figure, an inspection, an event.
	a, j := screenOf[*associations](u)
	u.show(j)
	a.list.Select(0)
	rec := a.rec
	ff := rec.figures().onAdd()
	entryOf(t, ff, "members").SetText("1.500")
	entryOf(t, ff, "new_members").SetText("20")
	entryOf(t, ff, "income_dues").SetText("18.000.000")
	entryOf(t, ff, "income_donations").SetText("2.500.000")
	entryOf(t, ff, "budget").SetText("120.000.000")
	assert.Contains(t, texts(w.Canvas().Overlays().Top()), "140.500.000 đồng, tự cộng từ các khoản thu", "the total income as the clerk types")
	entryOf(t, ff, "spending").SetText("139.000.000")
	save()
	figs, _ := store.List[data.YearlyFigure](ctx, u.store, "association", rec.a.ID)
	var fig *data.YearlyFigure
	for _, y := range figs {
		if y.Members == 1500 {
			fig = y
		}
	}
	require.NotNil(t, fig, "the figure was added with 1.500 read as 1500")
	assert.Equal(t, []int64{18_000_000, 0, 2_500_000, 120_000_000, 0, 139_000_000},
		[]int64{fig.IncomeDues, fig.IncomeActivities, fig.IncomeDonations, fig.Budget, fig.IncomeOther, fig.Spending})
	a.rec.figures().onDelete(fig)
	tapInDialog(t, w, "Xóa")
	assert.True(t, reload[data.YearlyFigure](t, u, fig.ID).Deleted)

	inf := a.rec.inspections().onAdd()
	entryOf(t, inf, "body").SetText("Sở Nội vụ")
	entryOf(t, inf, "content").SetText("Kiểm tra hoạt động")
	save()
	ins, _ := store.List[data.Inspection](ctx, u.store, "association", rec.a.ID)
	require.NotEmpty(t, ins)
	edf := a.rec.inspections().onEdit(ins[len(ins)-1])
	entryOf(t, edf, "findings").SetText("Tốt")
	save()
	assert.Equal(t, "Tốt", reload[data.Inspection](t, u, ins[len(ins)-1].ID).Findings)

	evf := a.rec.events().onAdd()
	entryOf(t, evf, "decision").SetText("12/QĐ-UBND")
	save()
	evs, _ := store.List[data.AssociationEvent](ctx, u.store, "association", rec.a.ID)
	require.NotEmpty(t, evs)
	a.rec.events().onDelete(evs[len(evs)-1])
	tapInDialog(t, w, "Xóa")
	assert.True(t, reload[data.AssociationEvent](t, u, evs[len(evs)-1].ID).Deleted)

	// Association: delete, then restore from "Đã xóa".
	id := a.rec.a.ID
	test.Tap(button(a.detail, "Xóa"))
	tapInDialog(t, w, "Xóa")
	assert.True(t, reload[data.Association](t, u, id).Deleted)
	showDeleted[data.Association](u, "x", a.reload)
	tapInDialog(t, w, "Khôi phục")
	assert.False(t, reload[data.Association](t, u, id).Deleted)
}

// The agencies a fresh office starts with can be added to and merged; the merged
// agency's open tasks follow.
func TestAgenciesScreen(t *testing.T) {
	u, w := newTestUI(t, true)
	ctx := t.Context()
	ag, i := screenOf[*agencies](u)
	u.show(i)
	n := len(ag.shown)
	f := ag.onAdd()
	typeInto(w, entryOf(t, f, "name"), "Ban Tuyeen giaos vaf Daan vaanj Tinhr uyr")
	tapInDialog(t, w, "Lưu (Ctrl+S)")
	assert.Len(t, ag.shown, n+1)
	require.NotNil(t, ag.selected)
	merged := ag.selected
	assert.Equal(t, "Ban Tuyên giáo và Dân vận Tỉnh ủy", merged.Name)

	var bdv *data.Agency
	for _, a := range ag.all {
		if a.Name == "Ban Dân vận Tỉnh ủy" {
			bdv = a
		}
	}
	require.NotNil(t, bdv)
	_, open, _ := u.store.FindTasks(ctx, store.TaskFilter{Lead: bdv.ID, Open: true})
	require.Positive(t, open)
	ag.selectID(bdv.ID)
	ag.onMerge()
	top := w.Canvas().Overlays().Top()
	require.NotNil(t, top)
	var pick *widget.Select
	walk(top, func(o fyne.CanvasObject) {
		if s, ok := o.(*widget.Select); ok && pick == nil {
			pick = s
		}
	})
	require.NotNil(t, pick)
	pick.SetSelected(merged.Name)
	tapInDialog(t, w, "Hợp nhất")
	_, left, _ := u.store.FindTasks(ctx, store.TaskFilter{Lead: bdv.ID, Open: true})
	assert.Zero(t, left, "no open task left with the merged agency")
	_, moved, _ := u.store.FindTasks(ctx, store.TaskFilter{Lead: merged.ID, Open: true})
	assert.Equal(t, open, moved)
	assert.Contains(t, u.status.Text, "nhiệm vụ chưa hoàn thành đã chuyển")
	for _, a := range ag.shown {
		assert.NotEqual(t, bdv.ID, a.ID, "the retired agency is hidden")
	}
	tasksScreen, _ := screenOf[*tasks](u)
	tasksScreen.refresh()
	tf := tasksScreen.onAddTask()
	assert.NotContains(t, tf.lead.Options, "Ban Dân vận Tỉnh ủy", "not offered for new tasks")
	u.closeDialog()
}

// File dialogs open where the clerk last chose a file, after a restart too; the
// backup offered for encryption is named .age, not .db.
func TestFileDialogsStartWhereLastUsed(t *testing.T) {
	u, _ := newTestUI(t, true)
	dir := t.TempDir()
	u.usedFolder(dir + "/QT-DH-0001.qlb")
	assert.Equal(t, dir, u.startFolder())
	u.usedFolder(dir)
	assert.Equal(t, dir, u.startFolder())
	u.lastFolder = "" // as after a restart: the preference remains
	assert.Equal(t, dir, u.startFolder())
	assert.True(t, strings.HasSuffix(backupName(u.today(), true), ".age"))
	assert.True(t, strings.HasSuffix(backupName(u.today(), false), ".db"))
}

// A long error message wraps inside the window.
func TestLongErrorWraps(t *testing.T) {
	u, w := newTestUI(t, true)
	w.Resize(fyne.NewSize(1024, 700))
	u.showError(&data.Error{Code: "ErrX", Message: strings.Repeat("Một câu rất dài giải thích việc phải làm. ", 30)})
	top := w.Canvas().Overlays().Top()
	require.NotNil(t, top)
	assert.LessOrEqual(t, top.MinSize().Width, float32(1024))
}

// Smaller things a clerk noticed: the dialog focuses its first field, Tab leaves a
// multi-line field, same-day timeline entries keep their order, the list highlight
// follows the record open, the wizard shows the V/E badge, the directive choice shows
// its trích yếu.
func TestSmallerThings(t *testing.T) {
	u, w := newTestUI(t, true)
	ctx := t.Context()
	tk, i := screenOf[*tasks](u)
	u.show(i)
	df := tk.onAddDirective()
	assert.Equal(t, df.number, w.Canvas().Focused(), "the dialog focuses its first field")
	assert.False(t, df.summary.AcceptsTab(), "Tab leaves the multi-line trích yếu")
	u.closeDialog()

	tf := tk.onAddTask()
	require.NotEmpty(t, tf.directive.Options)
	assert.Contains(t, tf.directive.Options[0], " – "+tk.directives[0].Summary[:40], "number, date and trích yếu")
	assert.LessOrEqual(t, len([]rune(tf.directive.Options[0])), 70, "bounded: a long trích yếu made the drop-down wider than the dialog")
	u.closeDialog()

	var task *data.Task
	for k := range tk.rows.total {
		if r := tk.row(k); r.Cycle == data.CycleOnce {
			task = r
			break
		}
	}
	require.NotNil(t, task)
	day := data.MustDate("26/11/2026")
	for _, text := range []string{"Sáng: họp triển khai", "Chiều: gửi văn bản"} {
		require.NoError(t, u.store.Create(ctx, &data.ProgressUpdate{Task: task.ID, Date: day, Agency: task.Lead, Text: text, Percent: 30}))
	}
	tk.showTask(task)
	all := strings.Join(texts(tk.detail), "\n")
	assert.Less(t, strings.Index(all, "Chiều: gửi văn bản"), strings.Index(all, "Sáng: họp triển khai"), "newest first, also within a day")

	// The highlight follows the record opened from elsewhere.
	a, j := screenOf[*associations](u)
	u.show(j)
	a.open(a.row(3).ID)
	assert.Equal(t, a.row(3).ID, a.rec.a.ID)
	assert.Equal(t, 3, a.selected, "the list highlights the open record")
	a.open(a.row(5).ID)
	assert.Equal(t, 5, a.selected)

	u2, w2 := newTestUI(t, false)
	_ = u2
	assert.Contains(t, texts(w2.Content()), "V", "the wizard shows the V/E badge")
}

// Keyboard: Ctrl+PageDown goes through a record's tabs, Ctrl+N on a screen without
// directives adds a directive, Esc closes a form dialog without saving (asking first
// when something was typed) and gives the focus back, a year shows as 2025 (not 2.025), the last screen's message goes.
func TestKeyboardWays(t *testing.T) {
	u, w := newTestUI(t, true)
	a, i := screenOf[*associations](u)
	u.show(i)
	a.list.Select(0)
	require.NotNil(t, a.rec.tabs)
	u.typedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyPageDown, Modifier: fyne.KeyModifierShortcutDefault})
	assert.Equal(t, 1, a.rec.tabs.SelectedIndex())
	u.typedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyPageUp, Modifier: fyne.KeyModifierShortcutDefault})
	u.typedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyPageUp, Modifier: fyne.KeyModifierShortcutDefault})
	assert.Equal(t, len(a.rec.tabs.Items)-1, a.rec.tabs.SelectedIndex(), "wraps round")

	f := a.rec.figures().onAdd()
	assert.Regexp(t, `^20\d\d$`, entryOf(t, f, "year").Text)
	u.closeDialog()

	w.Canvas().Focus(a.search)
	ef := a.rec.inspections().onAdd()
	entryOf(t, ef, "body").SetText("Không lưu")
	entryOf(t, ef, "body").TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	assert.Contains(t, texts(w.Canvas().Overlays().Top()), "Có thay đổi chưa lưu. Bỏ các thay đổi này?", "Esc asks before typed text is thrown away")
	w.Canvas().(interface{ OnTypedKey() func(*fyne.KeyEvent) }).OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	assert.Nil(t, w.Canvas().Overlays().Top(), "Enter on the question: the form closes without saving")
	assert.Equal(t, a.search, w.Canvas().Focused(), "the focus is back where it was")
	ins, _ := store.List[data.Inspection](t.Context(), u.store, "association", a.rec.a.ID)
	for _, x := range ins {
		assert.NotEqual(t, "Không lưu", x.Body)
	}

	u.notify("Đã lưu lúc 09:00.")
	tk, j := screenOf[*tasks](u)
	u.show(j)
	assert.Empty(t, u.status.Text, "the last screen's message is not this screen's")
	u.typedShortcut(ctrl("D"))
	top := w.Canvas().Overlays().Top()
	require.NotNil(t, top)
	assert.Contains(t, texts(top), "Thêm văn bản chỉ đạo")
	u.closeDialog()
	_ = tk

	// A fresh office without directives: Ctrl+N starts with the directive.
	u2, w2 := newTestUI(t, false)
	wz := findWizard(t, u2)
	wz.name.SetText("Ban Dân vận")
	wz.code.SetText("QT")
	test.Tap(wz.create)
	_, k := screenOf[*tasks](u2)
	u2.show(k)
	u2.typedShortcut(ctrl("N"))
	top = w2.Canvas().Overlays().Top()
	require.NotNil(t, top)
	assert.Contains(t, texts(top), "Thêm văn bản chỉ đạo")
}

// Enter answers a confirmation with its action; Esc with none.
func TestEnterConfirms(t *testing.T) {
	u, w := newTestUI(t, true)
	done := 0
	u.confirm("Xóa", "Xóa thật?", "Xóa", func() { done++ })
	key := w.Canvas().(interface{ OnTypedKey() func(*fyne.KeyEvent) }).OnTypedKey()
	key(&fyne.KeyEvent{Name: fyne.KeyReturn})
	assert.Equal(t, 1, done)
	assert.Nil(t, w.Canvas().Overlays().Top())
	u.confirm("Xóa", "Xóa thật?", "Xóa", func() { done++ })
	key(&fyne.KeyEvent{Name: fyne.KeyEscape})
	assert.Equal(t, 1, done, "Esc does nothing")
	assert.Nil(t, w.Canvas().Overlays().Top())
	key(&fyne.KeyEvent{Name: fyne.KeyReturn})
	assert.Equal(t, 1, done, "Enter with no dialog does nothing")
}

// While a dialog is open, Ctrl+S acts in the dialog (or not at all), never on the
// screen behind it.
func TestCtrlSBelongsToTheDialog(t *testing.T) {
	u, w := newTestUI(t, true)
	a, i := screenOf[*associations](u)
	u.show(i)
	a.list.Select(0)
	before := a.rec.a.Version
	a.rec.phone.SetText("0233 999 000")
	u.showError(&data.Error{Code: "ErrX", Message: "Lỗi."})
	u.typedShortcut(ctrl("S"))
	got := reload[data.Association](t, u, a.rec.a.ID)
	assert.Equal(t, before, got.Version, "the record behind the message was not saved")
	u.closeDialog()
	require.Nil(t, w.Canvas().Overlays().Top())
	u.typedShortcut(ctrl("S"))
	assert.Equal(t, before+1, reload[data.Association](t, u, a.rec.a.ID).Version, "with no dialog, Ctrl+S saves the record")
}

// Ctrl+Delete then Enter deletes the open association, all from the keyboard.
func TestCtrlDeleteThenEnter(t *testing.T) {
	u, w := newTestUI(t, true)
	a, i := screenOf[*associations](u)
	u.show(i)
	a.list.Select(0)
	id := a.rec.a.ID
	u.typedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyDelete, Modifier: fyne.KeyModifierShortcutDefault})
	require.NotNil(t, w.Canvas().Overlays().Top(), "asks first")
	w.Canvas().(interface{ OnTypedKey() func(*fyne.KeyEvent) }).OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	assert.True(t, reload[data.Association](t, u, id).Deleted)
}

// Ctrl+N on a record's Số liệu năm tab adds a year's figures, not an association;
// Ctrl+PageDown reaches the register on Báo cáo and goes through the tabs of Trao đổi
// and of a record; the wizard starts in its first field.
func TestContextualKeys(t *testing.T) {
	u, w := newTestUI(t, true)
	a, i := screenOf[*associations](u)
	u.show(i)
	a.list.Select(0)
	a.rec.tabs.SelectIndex(2)
	u.typedShortcut(ctrl("N"))
	top := w.Canvas().Overlays().Top()
	require.NotNil(t, top)
	assert.Contains(t, texts(top), "Thêm số liệu năm")
	u.closeDialog()

	r, k := screenOf[*reportsScreen](u)
	u.show(k)
	u.typedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyPageDown, Modifier: fyne.KeyModifierShortcutDefault})
	assert.Equal(t, 1, r.tabs.SelectedIndex(), "the register tab")

	// Every tabbed screen goes through its tabs both ways round.
	e, j := screenOf[*exchangeScreen](u)
	u.show(j)
	for _, want := range []int{1, 2, 3, 0} {
		u.typedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyPageDown, Modifier: fyne.KeyModifierShortcutDefault})
		assert.Equal(t, want, e.tabs.SelectedIndex(), "Ctrl+PageDown on Trao đổi")
	}
	u.typedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyPageUp, Modifier: fyne.KeyModifierShortcutDefault})
	assert.Equal(t, 3, e.tabs.SelectedIndex(), "Ctrl+PageUp from the first tab goes to the last")
	u.show(i)
	a.list.Select(0)
	a.rec.tabs.SelectIndex(0)
	u.typedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyPageUp, Modifier: fyne.KeyModifierShortcutDefault})
	assert.Equal(t, len(a.rec.tabs.Items)-1, a.rec.tabs.SelectedIndex(), "a record's tabs too")
	// Each of them says so, as the tab strip takes no focus.
	const hint = "Ctrl+PageDown / Ctrl+PageUp: chuyển thẻ"
	assert.Contains(t, texts(a.view()), hint, "record")
	assert.Contains(t, texts(e.view()), hint, "Trao đổi")
	assert.Contains(t, texts(r.view()), hint, "Báo cáo")

	u2, w2 := newTestUI(t, false)
	wz := findWizard(t, u2)
	_ = wz
	u3 := New(w2, u2.store, Options{Background: func(f func()) { f() }})
	_ = u3
	assert.IsType(t, &Entry{}, w2.Canvas().Focused(), "the wizard's first field has the focus")
}

// Tab goes through a screen in reading order: on the associations screen the search
// box above the list comes before the list, and the agency row's buttons after its
// name (Fyne follows the order of children; border puts them in that order).
func TestTabFollowsReadingOrder(t *testing.T) {
	u, w := newTestUI(t, true)
	a, i := screenOf[*associations](u)
	u.show(i)
	c := w.Canvas()
	c.Focus(nil)
	order := map[fyne.Focusable]int{}
	for n := 0; n < 200; n++ {
		c.FocusNext()
		f := c.Focused()
		if f == nil {
			break
		}
		if _, seen := order[f]; seen {
			break
		}
		order[f] = n
	}
	search, okS := order[a.search]
	list, okL := order[a.list]
	require.True(t, okS, "Tab reaches the search box")
	require.True(t, okL, "Tab reaches the list")
	assert.Less(t, search, list, "the search box above the list comes first")

	row := border(nil, nil, nil, widget.NewButton("Xóa", nil), widget.NewEntry())
	_, isEntry := row.Objects[0].(*widget.Entry)
	assert.True(t, isEntry, "the centre before what is on its right")
}

// The office that reports for an agency (a lower committee with its own qlhoi) is set
// in the agency's form; a code that cannot be an office code is refused under the field.
func TestAgencyReportingOfficeCode(t *testing.T) {
	u, w := newTestUI(t, true)
	ctx := t.Context()
	ag, k := screenOf[*agencies](u)
	u.show(k)
	f := ag.onAdd()
	typeInto(w, entryOf(t, f, "name"), "Huyen uy Gio Linh")
	typeInto(w, entryOf(t, f, "office_code"), "QT GL")
	tapInDialog(t, w, "Lưu (Ctrl+S)")
	require.NotNil(t, w.Canvas().Overlays().Top(), "not saved")
	assert.Contains(t, msgOf(t, f, "office_code"), "Mã đơn vị báo cáo")
	e := entryOf(t, f, "office_code")
	e.SetText("")
	typeInto(w, e, "QT-GL")
	tapInDialog(t, w, "Lưu (Ctrl+S)")
	require.Nil(t, w.Canvas().Overlays().Top(), "saved")
	list, err := u.store.ActiveAgencies(ctx)
	require.NoError(t, err)
	var found *data.Agency
	for _, a := range list {
		if a.OfficeCode == "QT-GL" {
			found = a
		}
	}
	require.NotNil(t, found, "the office code is stored")
	assert.Equal(t, "QT-GL", found.ReportingOffice())
}
