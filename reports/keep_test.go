package reports_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
