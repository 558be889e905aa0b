package app

import (
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
)

// A clerk's first day on a fresh (non-demo) database, through the window only:
// set-up, the agencies, a directive, its tasks, a progress report, an issued report.
func TestFreshOfficeFirstDay(t *testing.T) {
	u, w := newTestUI(t, false)
	ctx := t.Context()

	// Set-up: a commune below the province must name its parent.
	wz := findWizard(t, u)
	typeInto(w, wz.name, "Ban Xaay duwngj Ddangr Ddangr uyr xax Gio Linh")
	typeInto(w, wz.code, "QT-XGL")
	wz.level.SetSelectedIndex(1)
	test.Tap(wz.create)
	assert.Contains(t, wz.errs["parent"].Text, "cấp trên")
	typeInto(w, wz.parent, "QT")
	test.Tap(wz.create)
	require.Equal(t, "QT-XGL", u.store.Office())

	// Agencies: the defaults of a commune are there; add one.
	ag, i := screenOf[*agencies](u)
	u.show(i)
	require.NotEmpty(t, ag.shown, "a fresh office starts with the agencies of its level")
	f := ag.onAdd()
	typeInto(w, entryOf(t, f, "name"), "Hooij Nguwowif cao tuooir xax")
	tapInDialog(t, w, "Lưu (Ctrl+S)")
	require.NotNil(t, ag.selected)
	assert.Equal(t, "Hội Người cao tuổi xã", ag.selected.Name)
	assert.Contains(t, u.status.Text, "Đã lưu lúc")

	// A directive, then two tasks through the same dialogs a clerk uses.
	tk, j := screenOf[*tasks](u)
	u.show(j)
	df := tk.onAddDirective()
	typeInto(w, df.number, "12-CV/ĐU")
	typeInto(w, df.issuer, "Ban Thuwowngf vuj Ddangr uyr xax")
	typeInto(w, df.summary, "Veef thuwcj hieenj Quy ddinhj 118")
	u.typedShortcut(ctrl("S"))
	require.Nil(t, w.Canvas().Overlays().Top(), "saved with Ctrl+S: %v", df.count.Text)
	d := tk.selectedDirective()
	require.NotNil(t, d)
	assert.Equal(t, "Về thực hiện Quy định 118", d.Summary)

	for _, content := range []string{"Rà soát các hội trên địa bàn", "Báo cáo kết quả 6 tháng"} {
		tf := tk.onAddTask()
		assert.Equal(t, 0, tf.directive.SelectedIndex(), "the selected directive is preset")
		tf.content.SetText(content)
		tf.lead.SetSelected("Hội Người cao tuổi xã")
		tf.deadline.SetText("31/12/2026")
		tapInDialog(t, w, "Lưu (Ctrl+S)")
		require.Nil(t, w.Canvas().Overlays().Top(), "%v", tf.count.Text)
	}
	assert.Equal(t, 2, tk.rows.total)

	// Progress on the first task: done.
	task := tk.current
	require.NotNil(t, task)
	pf := tk.onAddUpdate(task)
	typeInto(w, pf.text, "Ddax raf soats xong")
	pf.done.SetChecked(true)
	tapInDialog(t, w, "Lưu (Ctrl+S)")
	got, err := store.Get[data.Task](ctx, u.store, task.ID)
	require.NoError(t, err)
	assert.Equal(t, data.DoneOnTime, got.StatusOn(u.today()))
	assert.Equal(t, "Đã rà soát xong", got.Result)

	// The report on the directive, issued with the number the clerk confirmed.
	var opened string
	u.openFile = func(p string) { opened = p }
	r, k := screenOf[*reportsScreen](u)
	u.show(k)
	r.kinds.Select(3)
	r.sections["kien-nghi"].SetText("Không có kiến nghị.")
	r.sections["nhiem-vu-toi"].SetText("Tiếp tục theo dõi.")
	r.issue.SetChecked(true)
	r.onCreate()
	require.Empty(t, r.msg.Text)
	assert.Contains(t, strings.Join(texts(w.Canvas().Overlays().Top()), " "), "Số: 01-BC/", "a Party office (Đảng ủy xã) numbers in the Party's format")
	tapInDialog(t, w, "Cấp số")
	tapInDialog(t, w, "Mở tệp PDF")
	require.NotEmpty(t, opened)
	pdf, err := os.ReadFile(opened)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(pdf), "%PDF"))
	docs, err := u.store.IssuedDocuments(ctx)
	require.NoError(t, err)
	require.Len(t, docs, 1)
	assert.Equal(t, 1, docs[0].Number)
}
