package app

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
)

func TestReportsScreenMakesAndIssues(t *testing.T) {
	u, w := newTestUI(t, true)
	var opened string
	u.openFile = func(p string) { opened = p }
	r, i := screenOf[*reportsScreen](u)
	u.show(i)
	r.kinds.Select(3) // Báo cáo kết quả thực hiện
	assert.Contains(t, texts(r.form), "Báo cáo kết quả thực hiện")
	r.sections["kien-nghi"].SetText("Đề nghị Ban Thường vụ Tỉnh ủy chỉ đạo bổ sung kinh phí.")
	r.issue.SetChecked(true)
	r.onCreate()
	require.Empty(t, r.msg.Text)
	tapInDialog(t, w, "Mở tệp PDF")
	require.NotEmpty(t, opened)
	b, err := os.ReadFile(opened)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(b), "%PDF"))
	docs, err := u.store.IssuedDocuments(t.Context())
	require.NoError(t, err)
	require.Len(t, docs, 1)
	assert.Equal(t, "01/BC-BDVTU", docs[0].Symbol)
	assert.Contains(t, texts(r.register), "01/BC-BDVTU")

	// A wrong date is shown under the form; nothing is made.
	r.date.SetText("30/02/2026")
	r.onCreate()
	assert.Contains(t, r.msg.Text, "không có thật")
	docs, _ = u.store.IssuedDocuments(t.Context())
	assert.Len(t, docs, 1)

	// The file of one association, chosen by name typed without diacritics.
	r.kinds.Select(2)
	r.association.SetText("hoi dong y")
	p, err := r.params()
	require.NoError(t, err)
	a, err := data.Get[data.Association](t.Context(), u.store, p.Association)
	require.NoError(t, err)
	assert.Equal(t, "Hội Đông y tỉnh Quảng Trị", a.Name)
}
