package app

import (
	"fyne.io/fyne/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
)

func TestReportsScreenMakesAndIssues(t *testing.T) {
	u, w := newTestUI(t, true)
	var opened string
	u.openFile = func(p string) { opened = p }
	r, i := screenOf[*reportsScreen](u)
	u.show(i)
	r.kinds.Select(3) // Báo cáo kết quả thực hiện
	assert.Contains(t, texts(r.form), "Báo cáo kết quả thực hiện")
	r.issue.SetChecked(true)

	// Template text left in a section: no number is issued, the message names it.
	r.onCreate()
	assert.Contains(t, r.msg.Text, "còn chữ mẫu")
	docs, _ := u.store.IssuedDocuments(t.Context())
	assert.Empty(t, docs)

	r.sections["kien-nghi"].SetText("Đề nghị Ban Thường vụ Tỉnh ủy chỉ đạo bổ sung kinh phí.")
	r.sections["nhiem-vu-toi"].SetText("")
	r.onCreate()
	require.Empty(t, r.msg.Text)
	// The confirmation shows the exact number, date and title that go into the register.
	top := w.Canvas().Overlays().Top()
	require.NotNil(t, top)
	confirm := strings.Join(texts(top), " ")
	assert.Contains(t, confirm, "01/BC-BDVTU")
	assert.Contains(t, confirm, "27/11/2026")
	assert.Contains(t, confirm, "Trích yếu: Kết quả thực hiện Công văn số 1520-CV/TU")
	pressKey(w, fyne.KeyReturn) // Enter gives the number, as the button does
	tapInDialog(t, w, "Mở tệp PDF")
	require.NotEmpty(t, opened)
	b, err := os.ReadFile(opened)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(b), "%PDF"))
	docs, err = u.store.IssuedDocuments(t.Context())
	require.NoError(t, err)
	require.Len(t, docs, 1)
	assert.Equal(t, "01/BC-BDVTU", docs[0].Symbol)
	assert.Contains(t, texts(r.register), "01/BC-BDVTU")

	// Back to draft: a second Ctrl+S makes a draft, not a second number.
	assert.False(t, r.issue.Checked)
	u.typedShortcut(ctrl("S"))
	tapInDialog(t, w, "Đóng")
	docs, _ = u.store.IssuedDocuments(t.Context())
	assert.Len(t, docs, 1)

	// A wrong date is shown under the form; nothing is made.
	r.date.SetText("30/02/2026")
	r.onCreate()
	assert.Contains(t, r.msg.Text, "không có thật")
	docs, _ = u.store.IssuedDocuments(t.Context())
	assert.Len(t, docs, 1)

	// A wrongly issued number is cancelled: kept, marked, never reused.
	r.onCancelNumber(docs[0])
	tapInDialog(t, w, "Hủy số")
	docs, _ = u.store.IssuedDocuments(t.Context())
	require.Len(t, docs, 1)
	assert.True(t, docs[0].Cancelled)
	assert.Contains(t, strings.Join(texts(r.register), " "), "(đã hủy)")
	next, err := u.store.NextNumber(t.Context(), docs[0].Series)
	require.NoError(t, err)
	assert.Equal(t, 2, next)

	// The file of one association, picked among the matches of a name typed without
	// diacritics.
	r.kinds.Select(2)
	r.date.SetText("27/11/2026")
	pick := r.pickForm.fields[0].focus.(*Entry)
	pick.SetText("hoi dong y")
	p, err := r.params()
	require.NoError(t, err)
	a, err := store.Get[data.Association](t.Context(), u.store, p.Association)
	require.NoError(t, err)
	assert.Equal(t, "Hội Đông y tỉnh Quảng Trị", a.Name)
	pick.SetText("hội không có")
	_, err = r.params()
	assert.Error(t, err, "no fuzzy first match: an unknown name is refused")
}

// ErrWriteReport: when the report folder cannot be written, the form says so (and where),
// and no file is opened.
func TestReportsScreenCannotWrite(t *testing.T) {
	u, _ := newTestUI(t, true)
	opened := ""
	u.openFile = func(p string) { opened = p }
	dir := filepath.Join(filepath.Dir(u.store.Path()), "bao-cao")
	require.NoError(t, os.WriteFile(dir, []byte("a file where the folder should be"), 0o644))
	r, i := screenOf[*reportsScreen](u)
	u.show(i)
	r.kinds.Select(0)
	r.onCreate()
	assert.Equal(t, u.T("report.write_failed", dir), r.msg.Text)
	assert.Empty(t, opened)
}
