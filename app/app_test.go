package app

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"

	"qlhoi/app/typing"
	"qlhoi/data"
	"qlhoi/data/store"
)

func TestWizardCreatesOffice(t *testing.T) {
	u, w := newTestUI(t, false)
	assert.Contains(t, texts(w.Content()), "Thiết lập đơn vị")
	require.Nil(t, u.screens, "the wizard comes first on a new database")

	wz := findWizard(t, u)
	typeInto(w, wz.name, "Ban Daan vaanj Ddangr uyr xax Gio Linh")
	typeInto(w, wz.code, "qt gl")
	assert.Equal(t, []string{"Tỉnh", "Xã"}, wz.level.Options, "no district level for a new office (abolished 1/7/2025)")
	wz.level.SetSelectedIndex(1)
	test.Tap(wz.create)
	assert.Equal(t, "Mã đơn vị chỉ gồm chữ in hoa không dấu, chữ số và dấu gạch (tối đa 32 ký tự), ví dụ QT hoặc QT-DH.", wz.errs["code"].Text)
	assert.Equal(t, "", u.store.Office(), "nothing is saved while a field is wrong")

	wz.code.SetText("QT-GL")
	typeInto(w, wz.parent, "QT")
	test.Tap(wz.create)
	require.Equal(t, "QT-GL", u.store.Office())
	o, err := u.store.OwnOffice(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "Ban Dân vận Đảng ủy xã Gio Linh", o.Name, "typed with Telex")
	assert.Equal(t, data.LevelCommune, o.Level)
	assert.Equal(t, "QT", o.Parent)
	assert.NotEmpty(t, u.screens, "the main window follows")
	assert.Contains(t, texts(w.Content()), "Tổng quan — ngày 27/11/2026")
}

func TestWizardDemo(t *testing.T) {
	u, w := newTestUI(t, false)
	wz := findWizard(t, u)
	test.Tap(wz.useDemo)
	assert.Equal(t, "QT", u.store.Office())
	assert.Contains(t, texts(w.Content()), "Nhiệm vụ theo cơ quan chủ trì")
}

// findWizard rebuilds the wizard to reach its fields (the window shows the same kind).
func findWizard(t *testing.T, u *UI) *wizard {
	t.Helper()
	var wz *wizard
	content := u.wizardFor(func(w *wizard) { wz = w })
	u.win.SetContent(content)
	require.NotNil(t, wz)
	return wz
}

func TestSearchNarrowsList(t *testing.T) {
	u, w := newTestUI(t, true)
	a, i := screenOf[*associations](u)
	u.show(i)
	all := len(a.names())
	require.GreaterOrEqual(t, all, 25)

	typeInto(w, a.search, "nguoi cao tuoi")
	plain := a.names()
	require.NotEmpty(t, plain)
	assert.Less(t, len(plain), all)
	for _, n := range plain {
		assert.Contains(t, n, "Người cao tuổi")
	}

	a.search.SetText("")
	typeInto(w, a.search, "nguwowif cao tuooir")
	assert.Equal(t, "người cao tuổi", a.search.Text, "typed with Telex")
	assert.Equal(t, plain, a.names(), "with or without diacritics, the same associations")

	a.search.SetText("")
	typeInto(w, a.search, "ddoong y")
	assert.Equal(t, []string{"Hội Đông y tỉnh Quảng Trị"}, a.names())
	a.search.SetText("dong y")
	assert.Equal(t, []string{"Hội Đông y tỉnh Quảng Trị"}, a.names(), "d finds đ")

	a.search.SetText("")
	a.scope.SetSelectedIndex(3) // Xã
	for _, n := range a.names() {
		assert.True(t, strings.Contains(n, " xã ") || strings.Contains(n, " phường "), n)
	}
	assert.Equal(t, "3 hội", a.count.Text)
}

func TestAssociationLifecycle(t *testing.T) {
	u, w := newTestUI(t, true)
	ctx := t.Context()
	a, i := screenOf[*associations](u)
	u.show(i)
	_, before, _ := u.store.FindAssociations(ctx, store.AssociationFilter{})

	// Create, with a bad date first: the message shows next to the field, nothing is saved.
	a.onNew()
	r := a.rec
	typeInto(w, r.name, "Hooij Sinh vaatj canhr tinhr Quangr Trij")
	entryOf(t, r.form, "field").SetText("Sinh vật cảnh")
	entryOf(t, r.form, "term_start").SetText("01/03/2024")
	entryOf(t, r.form, "term_end").SetText("31/02/2029")
	test.Tap(r.saveBtn)
	assert.Contains(t, msgOf(t, r.form, "term_end"), "không có thật")
	_, n, _ := u.store.FindAssociations(ctx, store.AssociationFilter{})
	assert.Equal(t, before, n)

	entryOf(t, r.form, "term_end").SetText("01/03/2030")
	test.Tap(r.saveBtn)
	assert.Equal(t, "Nhiệm kỳ đại hội không được quá 5 năm.", msgOf(t, r.form, "term_end"))
	entryOf(t, r.form, "term_end").SetText("01/03/2029")
	// The congress number as offices write it: a wrong one is said, IV is 4.
	entryOf(t, r.form, "congress_number").SetText("IIII")
	test.Tap(r.saveBtn)
	assert.Contains(t, msgOf(t, r.form, "congress_number"), "số La Mã (IV)")
	entryOf(t, r.form, "congress_number").SetText("IV")
	test.Tap(r.saveBtn)
	_, n, _ = u.store.FindAssociations(ctx, store.AssociationFilter{})
	require.Equal(t, before+1, n)
	assert.Equal(t, 4, a.rec.a.CongressNumber)
	saved := a.rec.a
	require.NotNil(t, saved)
	assert.Equal(t, "Hội Sinh vật cảnh tỉnh Quảng Trị", saved.Name)
	assert.Equal(t, data.MustDate("01/03/2029"), saved.TermEnd)

	// Edit.
	a.rec.phone.SetText("0233 3555 666")
	assert.True(t, a.rec.dirty)
	a.rec.onSave()
	got, err := store.Get[data.Association](ctx, u.store, saved.ID)
	require.NoError(t, err)
	assert.Equal(t, "0233 3555 666", got.Phone)
	assert.EqualValues(t, 2, got.Version)

	// Near-duplicate name: a warning the user can override.
	a.onNew()
	a.rec.name.SetText("hoi sinh vat canh tinh quang tri")
	a.rec.onSave()
	tapInDialog(t, w, "Vẫn lưu")
	_, n, _ = u.store.FindAssociations(ctx, store.AssociationFilter{})
	assert.Equal(t, before+2, n)

	// Delete, with confirmation.
	a.open(saved.ID)
	test.Tap(button(a.detail, "Xóa"))
	tapInDialog(t, w, "Xóa")
	got, _ = store.Get[data.Association](ctx, u.store, saved.ID)
	assert.True(t, got.Deleted)
	assert.NotContains(t, a.names(), "Hội Sinh vật cảnh tỉnh Quảng Trị")
}

func TestUnsavedChangesGuard(t *testing.T) {
	u, w := newTestUI(t, true)
	a, i := screenOf[*associations](u)
	u.show(i)
	a.list.Select(0)
	a.rec.phone.SetText("0999")
	u.nav.Select(0) // to the overview
	assert.Equal(t, i, u.current, "a dirty form keeps the user until they answer")
	tapInDialog(t, w, "Bỏ thay đổi")
	assert.Equal(t, 0, u.current)
}

func TestRestoreOldVersion(t *testing.T) {
	u, w := newTestUI(t, true)
	ctx := t.Context()
	a, i := screenOf[*associations](u)
	u.show(i)
	a.list.Select(0)
	id, oldPhone := a.rec.a.ID, a.rec.a.Phone
	a.rec.phone.SetText("0000 000 000")
	a.rec.onSave()
	got, _ := store.Get[data.Association](ctx, u.store, id)
	require.Equal(t, "0000 000 000", got.Phone)

	hist := a.rec.historyTab()
	assert.Contains(t, strings.Join(texts(hist), "\n"), "Điện thoại: “"+oldPhone+"” → “0000 000 000”")
	test.Tap(button(hist, "Khôi phục phiên bản này"))
	tapInDialog(t, w, "Khôi phục phiên bản này")
	got, _ = store.Get[data.Association](ctx, u.store, id)
	assert.Equal(t, oldPhone, got.Phone)
	assert.EqualValues(t, 3, got.Version)
	assert.Equal(t, oldPhone, a.rec.phone.Text, "the form shows the restored version")
}

func TestProgressUpdateChangesOverview(t *testing.T) {
	u, w := newTestUI(t, true)
	ctx := t.Context()
	o, _ := screenOf[*overview](u)
	o.refresh()
	overdueBefore, doneBefore := o.totals.overdue, o.totals.done
	require.Positive(t, overdueBefore)

	tk, i := screenOf[*tasks](u)
	u.show(i)
	tk.status.SetSelectedIndex(statusFirst + slices.Index(data.TaskStatuses, data.Overdue))
	require.Positive(t, tk.rows.total)
	task := tk.row(0)
	tk.list.Select(0)
	f := tk.onAddUpdate(task)
	typeInto(w, f.text, "Ddax hoanf thanhf")
	f.done.SetChecked(true)
	tapInDialog(t, w, "Lưu (Ctrl+S)")

	got, err := store.Get[data.Task](ctx, u.store, task.ID)
	require.NoError(t, err)
	assert.Equal(t, data.DoneLate, got.StatusOn(u.today()))
	assert.Contains(t, texts(tk.detail), "Hoàn thành quá hạn")
	assert.Contains(t, texts(tk.detail), "Đã hoàn thành")

	u.show(0)
	assert.Equal(t, overdueBefore-1, o.totals.overdue)
	assert.Equal(t, doneBefore+1, o.totals.done)
}

func TestProgressUpdateRefusesBadInput(t *testing.T) {
	u, w := newTestUI(t, true)
	tk, i := screenOf[*tasks](u)
	u.show(i)
	task := tk.row(0)
	f := tk.onAddUpdate(task)
	f.date.SetText("32/13/2026")
	f.text.SetText("x")
	tapInDialog(t, w, "Lưu (Ctrl+S)")
	assert.Contains(t, msgOf(t, f.form, "date"), "không có thật")
	assert.Contains(t, f.count.Text, "Có 1 trường cần sửa")
	updates, _ := store.List[data.ProgressUpdate](t.Context(), u.store, "task", task.ID)
	for _, p := range updates {
		assert.NotEqual(t, "x", p.Text, "nothing saved")
	}
}

func TestOverviewOpensRecords(t *testing.T) {
	u, _ := newTestUI(t, true)
	o, _ := screenOf[*overview](u)
	test.Tap(tapTarget(t, o.view(), "Hội Luật gia tỉnh Quảng Trị — Nhiệm kỳ đã kết thúc ngày 18/10/2026 nhưng chưa tổ chức đại hội."))
	a, i := screenOf[*associations](u)
	assert.Equal(t, i, u.current)
	require.NotNil(t, a.rec)
	assert.Equal(t, "Hội Luật gia tỉnh Quảng Trị", a.rec.a.Name)

	u.show(0)
	test.Tap(tapTarget(t, o.view(), "Ban cán sự đảng UBND tỉnh"))
	tk, j := screenOf[*tasks](u)
	assert.Equal(t, j, u.current)
	// An agency's row opens its open tasks (all of them, not only the overdue ones).
	var lead string
	for _, a := range tk.agencies {
		if a.Name == "Ban cán sự đảng UBND tỉnh" {
			lead = a.ID
		}
	}
	_, open, err := u.store.FindTasks(t.Context(), store.TaskFilter{Lead: lead, Open: true})
	require.NoError(t, err)
	assert.Equal(t, 4, open)
	assert.Equal(t, open, tk.rows.total, "the agency's open tasks")
	for i := range tk.rows.total {
		assert.Equal(t, lead, tk.row(i).Lead)
		assert.False(t, tk.row(i).StatusOn(u.today()).Done())
	}

	// Its overdue count opens its overdue tasks; the tiles open their lists.
	u.show(0)
	o.refresh()
	overdue := o.totals.overdue
	require.Positive(t, overdue)
	test.Tap(tapTarget(t, o.view(), "Nhiệm vụ quá hạn"))
	assert.Equal(t, j, u.current)
	assert.Equal(t, overdue, tk.rows.total, "the overdue tile opens every overdue task")
	u.show(0)
	test.Tap(tapTarget(t, o.view(), "Nhiệm vụ sắp đến hạn"))
	assert.Equal(t, o.totals.dueSoon, tk.rows.total, "the due-soon tile opens the tasks due soon")
	u.show(0)
	test.Tap(tapTarget(t, o.view(), "Nhiệm vụ hoàn thành năm 2026"))
	assert.Equal(t, o.totals.done, tk.rows.total, "the done tile opens the tasks done this year")
}

func TestTypingInEntries(t *testing.T) {
	u, w := newTestUI(t, true)
	e := u.newEntry()
	w.SetContent(e)

	typeInto(w, e, "Hooij Nguwowif cao tuooir")
	assert.Equal(t, "Hội Người cao tuổi", e.Text)

	// Editing a word in the middle of the text.
	e.SetText("Hoi Nguoi")
	e.CursorRow, e.CursorColumn = 0, 3
	e.TypedRune('o')
	e.TypedRune('j')
	assert.Equal(t, "Hội Nguoi", e.Text)
	assert.Equal(t, 3, e.CursorColumn)

	// Ctrl+Shift switches to plain typing (E) and back.
	for _, k := range []fyne.KeyName{desktop.KeyControlLeft, desktop.KeyShiftLeft} {
		e.KeyDown(&fyne.KeyEvent{Name: k})
	}
	e.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	e.KeyUp(&fyne.KeyEvent{Name: desktop.KeyControlLeft})
	assert.False(t, u.typing.Vietnamese())
	assert.Equal(t, "E", u.badge.Text)
	e.SetText("")
	typeInto(w, e, "Hooij")
	assert.Equal(t, "Hooij", e.Text)
	test.Tap(u.badge)
	assert.Equal(t, "V", u.badge.Text)

	// Ctrl+Shift+S is not the toggle.
	e.KeyDown(&fyne.KeyEvent{Name: desktop.KeyControlLeft})
	e.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	e.KeyDown(&fyne.KeyEvent{Name: fyne.KeyS})
	e.KeyUp(&fyne.KeyEvent{Name: fyne.KeyS})
	e.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	e.KeyUp(&fyne.KeyEvent{Name: desktop.KeyControlLeft})
	assert.True(t, u.typing.Vietnamese())

	// VNI.
	u.typing.Set(typing.VNI, false)
	e.SetText("")
	typeInto(w, e, "Ho6i5 Chu74 tha6p5 d9o3")
	assert.Equal(t, "Hội Chữ thập đỏ", e.Text)

	// Pasted decomposed text arrives as NFC.
	e.SetText("")
	clip := w.Clipboard()
	clip.SetContent(norm.NFD.String("Hội Khuyến học"))
	e.TypedShortcut(&fyne.ShortcutPaste{Clipboard: clip})
	assert.Equal(t, "Hội Khuyến học", e.Text)
	assert.True(t, norm.NFC.IsNormalString(e.Text))
}

func TestShortcuts(t *testing.T) {
	u, w := newTestUI(t, true)
	a, i := screenOf[*associations](u)
	u.show(i)
	// Ctrl+N from the search field opens a new record; Ctrl+S saves it.
	w.Canvas().Focus(a.search)
	a.search.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault})
	require.NotNil(t, a.rec)
	assert.Nil(t, a.rec.a, "a new record")
	a.rec.name.SetText("Hội Thơ Đường tỉnh Quảng Trị")
	a.rec.name.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault})
	require.NotNil(t, a.rec.a, "saved")
	assert.Contains(t, a.names(), "Hội Thơ Đường tỉnh Quảng Trị")
}

// A long list of associations needing attention is cut on the overview, one click away
// from the full list.
func TestOverviewCapsAlerts(t *testing.T) {
	u, _ := newTestUI(t, true)
	var recs []data.Record
	for i := range 40 {
		recs = append(recs, &data.Association{Name: fmt.Sprintf("Hội sắp hết nhiệm kỳ số %d", i), Scope: data.ScopeCommune, Area: fmt.Sprint(i),
			Status: data.StatusActive, TermStart: data.MustDate("01/02/2022"), TermEnd: data.MustDate("01/02/2027")})
	}
	require.NoError(t, u.store.CreateAll(t.Context(), recs))
	o, _ := screenOf[*overview](u)
	o.refresh()
	assert.Equal(t, 48, o.totals.attention)
	more := button(o.view(), "… và 23 hội khác — xem tất cả")
	require.NotNil(t, more, "%v", texts(o.view()))
	test.Tap(more)
	a, i := screenOf[*associations](u)
	assert.Equal(t, i, u.current)
	assert.Equal(t, 1, a.termBy.SelectedIndex())
	assert.Equal(t, 48, a.rows.total, "the same associations: term ending within 6 months or ended")
}

// Esc closes a dialog without its action, from an entry inside it or from the window.
func TestEscapeClosesDialog(t *testing.T) {
	u, w := newTestUI(t, true)
	tk, i := screenOf[*tasks](u)
	u.show(i)
	task := tk.row(0)
	f := tk.onAddUpdate(task)
	require.NotNil(t, w.Canvas().Overlays().Top())
	w.Canvas().Focus(f.text)
	f.text.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	assert.Nil(t, w.Canvas().Overlays().Top(), "Esc in the dialog's entry closes it")
	updates, _ := store.List[data.ProgressUpdate](t.Context(), u.store, "task", task.ID)
	before := len(updates)

	a, j := screenOf[*associations](u)
	u.show(j)
	a.list.Select(0)
	test.Tap(button(a.detail, "Xóa"))
	require.NotNil(t, w.Canvas().Overlays().Top())
	w.Canvas().(interface{ OnTypedKey() func(*fyne.KeyEvent) }).OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	assert.Nil(t, w.Canvas().Overlays().Top(), "Esc on the window closes the confirmation")
	got, _ := store.Get[data.Association](t.Context(), u.store, a.rec.a.ID)
	assert.False(t, got.Deleted, "nothing deleted")
	updates, _ = store.List[data.ProgressUpdate](t.Context(), u.store, "task", task.ID)
	assert.Len(t, updates, before)
}

// A clerk records a directive and a task it assigns; a wrong entry shows a message and
// saves nothing.
func TestAddDirectiveAndTask(t *testing.T) {
	u, w := newTestUI(t, true)
	tk, i := screenOf[*tasks](u)
	u.show(i)
	before := len(tk.directives)

	f := tk.onAddDirective()
	typeInto(w, f.number, "CV/TU")
	typeInto(w, f.issuer, "Ban Thuwowngf vuj Tinhr uyr")
	typeInto(w, f.summary, "Veef coong tacs hooij")
	tapInDialog(t, w, "Lưu (Ctrl+S)")
	assert.Contains(t, msgOf(t, f.form, "number"), "Số, ký hiệu văn bản không đúng dạng")
	assert.Len(t, tk.directives, before)
	f.number.SetText("1600-CV/TU")
	tapInDialog(t, w, "Lưu (Ctrl+S)")
	require.Len(t, tk.directives, before+1)
	d := tk.directives[0]
	assert.Equal(t, "Ban Thường vụ Tỉnh ủy", d.Issuer)
	assert.Equal(t, "Về công tác hội", d.Summary)

	tk.dirList.Select(1) // the new directive (newest first)
	tf := tk.onAddTask()
	assert.Equal(t, 0, tf.directive.SelectedIndex(), "the selected directive is preset")
	tf.content.SetText("Rà soát hội hoạt động không đúng điều lệ")
	tf.lead.SetSelectedIndex(0)
	tf.cooperating.SetSelected([]string{tk.agencies[1].Name})
	tf.deadline.SetText("31/12/2026")
	tapInDialog(t, w, "Lưu (Ctrl+S)")
	require.Empty(t, tf.count.Text)
	assert.Equal(t, 1, tk.rows.total)
	got := tk.row(0)
	assert.Equal(t, d.ID, got.Directive)
	assert.Equal(t, []string{tk.agencies[1].ID}, got.Cooperating)
	assert.Equal(t, data.MustDate("31/12/2026"), got.Deadline)
}
