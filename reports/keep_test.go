package reports_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
	"qlhoi/reports"
)

// No page holds only the signature block: whatever the length of the text before it,
// the page with "Nơi nhận" also holds the last line of the text, in both profiles
// (the block stood alone on page 2 of both reports a clerk tried).
func TestSignatureNeverAlone(t *testing.T) {
	m := demoMaker(t)
	moved := 0
	for _, profile := range []string{"state", "party"} {
		for n := 1; n <= 44; n++ {
			text := strings.Repeat("Đề nghị tiếp tục quan tâm chỉ đạo, hướng dẫn các hội hoạt động đúng điều lệ. ", n) + "Hếtcâu."
			res, err := m.Make(t.Context(), "ket-qua-thuc-hien", reports.Params{Profile: profile,
				Sections: map[string]string{"kien-nghi": text, "nhiem-vu-toi": "Tiếp tục theo dõi."}})
			require.NoError(t, err)
			pages := strings.Split(poppler(t, "pdftotext", "-layout", writePDF(t, res.PDF), "-"), "\f")
			for i, page := range pages {
				if !strings.Contains(page, "Nơi nhận") {
					continue
				}
				if !assert.Contains(t, page, "Hếtcâu", "%s, %d sentences: the signature's page %d holds the last line", profile, n, i+1) {
					break
				}
				if i > 0 && strings.Count(page, "Đề nghị tiếp tục") <= 2 {
					moved++ // only the last lines came over with the block
				}
			}
		}
	}
	assert.Positive(t, moved, "some lengths put the block at the top of a page: lines were moved with it")
}

// The list of associations ends with a table: the page of the signature block holds
// the table's last rows too, whatever the number of associations (the block stood
// alone on page 2 of Danh sách hội).
func TestSignatureWithTableRows(t *testing.T) {
	m := demoMaker(t)
	row := regexp.MustCompile(`(?m)^[ \t]*\d+[ \t]+\S`)
	moved := 0
	for n := 1; n <= 45; n++ {
		a := &data.Association{Name: fmt.Sprintf("Xã hội thử nghiệm số %02d", n), Scope: data.ScopeCommune, Status: data.StatusActive}
		require.NoError(t, m.Store.Create(t.Context(), a, store.AllowNearDuplicate))
		res, err := m.Make(t.Context(), "danh-sach-hoi", reports.Params{})
		require.NoError(t, err)
		pages := strings.Split(poppler(t, "pdftotext", "-layout", writePDF(t, res.PDF), "-"), "\f")
		for i, page := range pages {
			if !strings.Contains(page, "Nơi nhận") {
				continue
			}
			assert.Regexp(t, row, page, "%d more associations: the signature's page %d holds rows of the table", n, i+1)
			if before := strings.Split(page, "Nơi nhận")[0]; len(row.FindAllString(before, -1)) <= 2 {
				moved++
			}
		}
	}
	assert.Positive(t, moved, "some counts put the block on a page of its own: rows were moved with it")
}
