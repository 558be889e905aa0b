package reports_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/demo"
	"qlhoi/data/store"
	"qlhoi/reports"
)

var update = flag.Bool("update", false, "rewrite the golden PDFs")

var testNow = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

// demoMaker opens a store with the demo data on the fixed day.
func demoMaker(t testing.TB) *reports.Maker {
	t.Helper()
	s, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "qlhoi.db"))
	require.NoError(t, err)
	s.Now = func() time.Time { return testNow }
	t.Cleanup(func() { s.Close() })
	require.NoError(t, demo.Load(t.Context(), s))
	return &reports.Maker{Store: s, Fonts: reports.Embedded(), Now: s.Now}
}

// poppler runs a poppler tool; the tests need poppler-utils (make test installs it).
func poppler(t testing.TB, tool string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		t.Fatalf("%s is missing: install poppler-utils (make test does)", tool)
	}
	out, err := exec.Command(tool, args...).CombinedOutput()
	require.NoError(t, err, string(out))
	return string(out)
}

func writePDF(t testing.TB, pdf []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "r.pdf")
	require.NoError(t, os.WriteFile(p, pdf, 0o644))
	return p
}

// expected strings of every report in both profiles, beyond the header.
var expected = map[string][]string{
	"danh-sach-hoi": {"Danh sách các hội quần chúng trên địa bàn (đến ngày 27/11/2026)", "Hội Người cao tuổi tỉnh Quảng Trị", "Hội Đông y tỉnh Quảng Trị", "Liên hiệp các hội Văn học nghệ thuật tỉnh Quảng Trị", "118.500"},
	"thong-ke-hoi":  {"Tình hình tổ chức, hoạt động của các hội quần chúng từ ngày 01/01/2026 đến ngày 27/11/2026", "Phụ lục", "SỐ LIỆU HỘI QUẦN CHÚNG THEO CẤP VÀ LĨNH VỰC", "Tổng cộng", "Người cao tuổi"},
	"ho-so-hoi": {"Hồ sơ Hội Bảo trợ người khuyết tật và trẻ mồ côi tỉnh Quảng Trị", "II. LÃNH ĐẠO HỘI", "III. SỐ LIỆU HẰNG NĂM", "V. QUÁ TRÌNH HÌNH THÀNH, SẮP XẾP",
		"Thu, chi tài chính của hội (đơn vị tính: nghìn đồng):", "2025 5.850 45.600 68.926 380.000 2.500 502.876 487.789"},
	"ket-qua-thuc-hien": {"Kết quả thực hiện Công văn số 1520-CV/TU ngày 10/06/2026", "I. TÌNH HÌNH TRIỂN KHAI", "Ban cán sự đảng UBND tỉnh", "Quá hạn chưa hoàn thành", "TÌNH HÌNH THỰC HIỆN CÁC NHIỆM VỤ"},
	"cong-van-don-doc":  {"đôn đốc thực hiện nhiệm vụ", "Kính gửi: Ban cán sự đảng UBND tỉnh", "Kính gửi: Hội Luật gia tỉnh Quảng Trị", "Như trên;"},
	"het-nhiem-ky":      {"Các hội quần chúng đã hết nhiệm kỳ hoặc sẽ hết nhiệm kỳ trong 6 tháng tới", "Hội Luật gia tỉnh Quảng Trị", "Quá 40 ngày"},
}

// header strings per profile.
var headerText = map[string][]string{
	"state": {"TỈNH ỦY QUẢNG TRỊ", "BAN DÂN VẬN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Quảng Trị, ngày 27 tháng 11 năm 2026", "Nơi nhận:", "Nguyễn Văn Hùng", "TRƯỞNG BAN", "DỰ THẢO"},
	"party": {"TỈNH ỦY QUẢNG TRỊ", "BAN DÂN VẬN", "ĐẢNG CỘNG SẢN VIỆT NAM", "Quảng Trị, ngày 27 tháng 11 năm 2026", "Nơi nhận:", "Nguyễn Văn Hùng", "TRƯỞNG BAN", "DỰ THẢO"},
}

func TestEveryReportBothProfiles(t *testing.T) {
	m := demoMaker(t)
	for _, k := range reports.Catalogue {
		for _, profile := range []string{"state", "party"} {
			t.Run(k.Name+"/"+profile, func(t *testing.T) {
				res, err := m.Make(t.Context(), k.Name, reports.Params{Profile: profile})
				require.NoError(t, err)
				assert.Equal(t, "Liberation Serif", res.Font)
				path := writePDF(t, res.PDF)
				// -raw keeps the drawing order, so a table cell's lines stay together
				// however close its neighbours are.
				text := poppler(t, "pdftotext", "-raw", "-enc", "UTF-8", path, "-")
				flat := strings.Join(strings.Fields(text), " ")
				for _, want := range append(headerText[profile], expected[k.Name]...) {
					assert.Contains(t, flat, want)
				}
				layout := poppler(t, "pdftotext", "-layout", "-f", "1", "-l", "1", path, "-")
				if profile == "party" {
					assert.NotContains(t, flat, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
					assert.Regexp(t, `Số +-(BC|CV)/BDVTU`, layout, "Party numbers: no colon, type before the slash")
				} else {
					assert.Regexp(t, `Số: +/(BC-)?BDVTU`, layout, "State numbers: a colon, type after the slash")
				}

				// The fonts are named after the face, and the renaming kept the file whole.
				fonts := poppler(t, "pdffonts", path)
				assert.Contains(t, fonts, "+LiberationSerif ")
				assert.Contains(t, fonts, "+LiberationSerif-Bold ")
				assert.NotContains(t, fonts, "utf8")
				assert.NotContains(t, fonts, "Error")
				checkXref(t, res.PDF)

				info := poppler(t, "pdfinfo", "-f", "1", "-l", "1000", path)
				assert.Contains(t, info, "Title:")
				assert.Contains(t, info, "phông Liberation Serif")
				pages := regexp.MustCompile(`Page +\d+ size: +([\d.]+) x ([\d.]+) pts`).FindAllStringSubmatch(info, -1)
				require.Equal(t, res.Pages, len(pages))
				for _, p := range pages {
					w, h := p[1]+"x"+p[2], "A4"
					assert.True(t, w == "595.28x841.89" || w == "841.89x595.28", "page %s is %s", w, h)
				}
				checkLayout(t, path, profile)
				// The first and last pages render.
				out := filepath.Join(t.TempDir(), "page")
				poppler(t, "pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "1", path, out+"-first")
				poppler(t, "pdftoppm", "-r", "30", "-png", "-f", strconv.Itoa(res.Pages), "-l", strconv.Itoa(res.Pages), path, out+"-last")
			})
		}
	}
}

// checkXref checks that every entry of the cross-reference table points at its object
// and startxref at the table.
func checkXref(t *testing.T, pdf []byte) {
	x := bytes.LastIndex(pdf, []byte("\nxref\n")) + 1
	require.Positive(t, x)
	lines := strings.Split(string(pdf[x:]), "\n")
	var n int
	_, err := fmt.Sscanf(lines[1], "0 %d", &n)
	require.NoError(t, err)
	for i := 1; i < n; i++ {
		off, err := strconv.Atoi(lines[2+i][:10])
		require.NoError(t, err)
		assert.True(t, bytes.HasPrefix(pdf[off:], fmt.Appendf(nil, "%d 0 obj", i)), "object %d is not at %d", i, off)
	}
	s := bytes.LastIndex(pdf, []byte("startxref\n"))
	assert.Equal(t, strconv.Itoa(x), strings.SplitN(string(pdf[s+10:]), "\n", 2)[0])
}

type word struct {
	xMin, yMin, xMax, yMax float64
	text                   string
}

var wordRe = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)

func words(t *testing.T, path string, page int) []word {
	out := poppler(t, "pdftotext", "-bbox", "-f", strconv.Itoa(page), "-l", strconv.Itoa(page), path, "-")
	var ws []word
	for _, m := range wordRe.FindAllStringSubmatch(out, -1) {
		f := func(s string) float64 { v, _ := strconv.ParseFloat(s, 64); return v }
		ws = append(ws, word{f(m[1]), f(m[2]), f(m[3]), f(m[4]), m[5]})
	}
	return ws
}

const mm = 72 / 25.4

// checkLayout checks page 1 against the profile: text within the margins, the issuer in
// the left column, the national or Party title in the right one, the number and the
// date on the same line.
func checkLayout(t *testing.T, path, profile string) {
	ws := words(t, path, 1)
	require.NotEmpty(t, ws)
	pageW := 595.28
	if ws[0].xMax > 600 || maxX(ws) > 600 {
		pageW = 841.89
	}
	left, right, top := 30*mm, pageW-15*mm, 20*mm
	find := func(text string) word {
		for _, w := range ws {
			if w.text == text {
				return w
			}
		}
		t.Fatalf("no word %q on page 1", text)
		return word{}
	}
	for _, w := range ws {
		if w.text == "DỰ" || w.text == "THẢO" {
			continue // the draft mark sits in the top margin
		}
		assert.GreaterOrEqual(t, w.xMin, left-0.6, "%q left of the left margin", w.text)
		assert.LessOrEqual(t, w.xMax, right+0.6, "%q right of the right margin", w.text)
		assert.GreaterOrEqual(t, w.yMin, top-1, "%q above the top margin", w.text)
	}
	split := left + (right-left)*0.42
	issuer := find("DÂN")
	assert.Less(t, issuer.xMax, split, "the issuer is in the left column")
	titleWord := map[string]string{"state": "CỘNG", "party": "ĐẢNG"}[profile]
	title := find(titleWord)
	assert.Greater(t, title.xMin, split, "the national or Party title is in the right column")
	assert.Less(t, title.yMin, issuer.yMax, "the title is at the top")
	date := find("ngày")
	number := find(map[string]string{"state": "Số:", "party": "Số"}[profile])
	assert.InDelta(t, number.yMin, date.yMin, 3, "number and date on the same line")
}

func maxX(ws []word) float64 {
	var m float64
	for _, w := range ws {
		m = max(m, w.xMax)
	}
	return m
}

// Golden PDFs: made deterministic (no compression, sorted catalog, fixed dates); a
// missing golden fails. Run `go test ./reports -run Golden -update` to rewrite them.
func TestGoldenPDFs(t *testing.T) {
	m := demoMaker(t)
	for _, k := range reports.Catalogue {
		for _, profile := range []string{"state", "party"} {
			res, err := m.Make(t.Context(), k.Name, reports.Params{Profile: profile})
			require.NoError(t, err)
			again, err := m.Make(t.Context(), k.Name, reports.Params{Profile: profile})
			require.NoError(t, err)
			assert.True(t, bytes.Equal(res.PDF, again.PDF), "%s/%s is deterministic", k.Name, profile)
			golden := filepath.Join("testdata", k.Name+"-"+profile+".pdf")
			if *update {
				require.NoError(t, os.WriteFile(golden, res.PDF, 0o644))
				continue
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "missing golden %s: run with -update and look at it", golden)
			if !bytes.Equal(want, res.PDF) {
				failed := filepath.Join("testdata", "failed", filepath.Base(golden))
				os.MkdirAll(filepath.Dir(failed), 0o755)
				os.WriteFile(failed, res.PDF, 0o644)
				t.Errorf("%s differs from its golden; the new one is in %s", golden, failed)
			}
		}
	}
}

// A report whose narrative still holds template text is a draft at most; the number
// a clerk confirmed is the number issued, or nothing is.
func TestIssueRefusals(t *testing.T) {
	ctx := t.Context()
	m := demoMaker(t)
	_, err := m.Make(ctx, "ket-qua-thuc-hien", reports.Params{Issue: true})
	assert.True(t, data.HasCode(err, "ErrPlaceholderLeft"))
	assert.Contains(t, data.Message(err), "Phần “Kiến nghị, đề xuất” còn chữ mẫu")
	_, err = m.Preview(ctx, "ket-qua-thuc-hien", reports.Params{Sections: map[string]string{"nhiem-vu-toi": "Tiếp tục rà soát.", "kien-nghi": "Đề nghị [bổ sung sau]"}})
	assert.True(t, data.HasCode(err, "ErrPlaceholderLeft"))
	assert.Contains(t, data.Message(err), "[bổ sung sau]")
	docs, _ := m.Store.IssuedDocuments(ctx)
	assert.Empty(t, docs, "nothing issued")

	draft, err := m.Make(ctx, "ket-qua-thuc-hien", reports.Params{})
	require.NoError(t, err, "a draft may keep the template text")
	assert.Contains(t, poppler(t, "pdftotext", writePDF(t, draft.PDF), "-"), "[Kiến nghị, đề xuất")

	// Sections removed (left empty) are fine.
	p := reports.Params{Issue: true, Sections: map[string]string{"nhiem-vu-toi": "", "kien-nghi": ""}}
	p.Expect = 7
	_, err = m.Make(ctx, "ket-qua-thuc-hien", p)
	assert.True(t, data.HasCode(err, "ErrNumberTaken"), "the confirmed number is not the next one")
	docs, _ = m.Store.IssuedDocuments(ctx)
	assert.Empty(t, docs)
	p.Expect = 1
	res, err := m.Make(ctx, "ket-qua-thuc-hien", p)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Issued.Number)
}

func TestNumberSequences(t *testing.T) {
	ctx := t.Context()
	m := demoMaker(t)
	issue := func(kind, profile string, day data.Date, agency string) string {
		sections := map[string]string{}
		for k := range reports.SectionKeys(kind) {
			sections[k] = "Nội dung do chuyên viên viết."
		}
		p := reports.Params{Profile: profile, Issue: true, Date: day, Agency: agency, Sections: sections}
		preview, err := m.Preview(ctx, kind, p)
		require.NoError(t, err)
		p.Expect = preview.Number
		res, err := m.Make(ctx, kind, p)
		require.NoError(t, err)
		require.NotNil(t, res.Issued)
		assert.Equal(t, preview.Symbol, res.Issued.Symbol, "the number confirmed is the number issued")
		assert.Equal(t, preview.Subject, res.Issued.Subject)
		text := poppler(t, "pdftotext", writePDF(t, res.PDF), "-")
		assert.Contains(t, text, res.Number, "the number is printed")
		assert.NotContains(t, text, "DỰ THẢO")
		return res.Number
	}
	day := data.MustDate("27/11/2026")
	// State: one sequence per issuing body per year, across types.
	assert.Equal(t, "Số: 01/BC-BDVTU", issue("thong-ke-hoi", "state", day, ""))
	assert.Equal(t, "Số: 02/BC-BDVTU", issue("het-nhiem-ky", "state", day, ""))
	agencies, _ := m.Store.Agencies(ctx)
	var bcs string
	for _, a := range agencies {
		if a.Name == "Ban cán sự đảng UBND tỉnh" {
			bcs = a.ID
		}
	}
	assert.Equal(t, "Số: 03/BDVTU", issue("cong-van-don-doc", "state", day, bcs), "a letter shares the year's sequence")
	// A new year starts again at 01.
	assert.Equal(t, "Số: 01/BC-BDVTU", issue("thong-ke-hoi", "state", data.MustDate("05/01/2027"), ""))
	// Party: per type per committee term; two types run in parallel.
	assert.Equal(t, "Số 01-BC/BDVTU", issue("thong-ke-hoi", "party", day, ""))
	assert.Equal(t, "Số 01-CV/BDVTU", issue("cong-van-don-doc", "party", day, bcs))
	assert.Equal(t, "Số 02-BC/BDVTU", issue("het-nhiem-ky", "party", data.MustDate("05/01/2027"), ""), "a Party term runs across years")
	assert.Equal(t, "Số 02-CV/BDVTU", issue("cong-van-don-doc", "party", day, bcs))
	// A new Party committee term starts again at 01.
	require.NoError(t, m.Store.SetSetting(ctx, store.SettingPartyTermStart, "2030-10-20"))
	assert.Equal(t, "Số 01-BC/BDVTU", issue("thong-ke-hoi", "party", data.MustDate("01/11/2030"), ""))

	docs, err := m.Store.IssuedDocuments(ctx)
	require.NoError(t, err)
	require.Len(t, docs, 9)
	for _, d := range docs {
		assert.Len(t, d.SHA256, 64)
		assert.NotEmpty(t, d.Signer)
		assert.NotEmpty(t, d.Subject)
		assert.True(t, strings.HasSuffix(d.FileName, ".pdf"))
	}
	// Reminders to every agency at once cannot share one number.
	_, err = m.Make(ctx, "cong-van-don-doc", reports.Params{Issue: true})
	assert.True(t, data.HasCode(err, "ErrReminderNeedsAgency"))
}

func TestHostileText(t *testing.T) {
	ctx := t.Context()
	m := demoMaker(t)
	list, _, err := m.Store.FindAssociations(ctx, store.AssociationFilter{Query: "đông y"})
	require.NoError(t, err)
	a := list[0]

	// NFD input, tabs and repeated spaces are stored cleaned and print cleanly.
	a.Name = "Hội\tĐông   y  " + strings.Repeat("", 0) + "tỉnh Quảng Trị \u0301"
	a.Address = "Số 1,\t\tđường   Hùng Vương"
	a.Note = "Ghi chú  có  dấu  tách  rời: Ho\u0302\u0323i"
	require.NoError(t, m.Store.Update(ctx, a, store.AllowNearDuplicate))
	res, err := m.Make(ctx, "ho-so-hoi", reports.Params{Association: a.ID})
	require.NoError(t, err)
	text := strings.Join(strings.Fields(poppler(t, "pdftotext", writePDF(t, res.PDF), "-")), " ")
	assert.Contains(t, text, "Địa chỉ: Số 1, đường Hùng Vương")

	// A 300-character name wraps and prints whole.
	long := strings.TrimSpace(strings.Repeat("Hội Khuyến học và Bảo trợ người khuyết tật ", 7))[:0] + strings.Repeat("Hội Nạn nhân chất độc da cam ", 10)
	long = strings.TrimSpace(long)
	require.LessOrEqual(t, len([]rune(long)), 300)
	a.Name = long
	require.NoError(t, m.Store.Update(ctx, a, store.AllowNearDuplicate))
	res, err = m.Make(ctx, "danh-sach-hoi", reports.Params{Profile: "party"})
	require.NoError(t, err)
	text = strings.Join(strings.Fields(poppler(t, "pdftotext", writePDF(t, res.PDF), "-")), " ")
	assert.Contains(t, text, "Hội Nạn nhân chất độc da cam Hội Nạn nhân", "the long name is in the table")

	// A table cell longer than a page continues on the next page; nothing is lost.
	tasks, _, err := m.Store.FindTasks(ctx, store.TaskFilter{})
	require.NoError(t, err)
	tk := tasks[len(tasks)-1]
	var b strings.Builder
	for i := range 400 {
		fmt.Fprintf(&b, "Kết quả đoạn %d. ", i+1)
	}
	tk.Result = b.String()
	require.NoError(t, m.Store.Update(ctx, tk))
	res, err = m.Make(ctx, "ket-qua-thuc-hien", reports.Params{})
	require.NoError(t, err)
	text = poppler(t, "pdftotext", writePDF(t, res.PDF), "-")
	assert.Contains(t, text, "Kết quả đoạn 400.")
	assert.Contains(t, text, "Kết quả đoạn 1.")

	// A character outside the font never stops the report: it is printed as "?" and
	// listed with its field; nothing is printed blank.
	a.FollowedBy = "Đồng chí 😀 Bí thư"
	require.NoError(t, m.Store.Update(ctx, a, store.AllowNearDuplicate))
	res, err = m.Make(ctx, "ho-so-hoi", reports.Params{Association: a.ID})
	require.NoError(t, err)
	require.Len(t, res.Replaced, 1)
	assert.Equal(t, '😀', res.Replaced[0].Char)
	assert.Contains(t, res.Replaced[0].String(), "Đồng chí Thường vụ theo dõi")
	assert.Contains(t, poppler(t, "pdftotext", writePDF(t, res.PDF), "-"), "Đồng chí ? Bí thư")
	a.FollowedBy = "Đồng chí ⅏ Bí thư" // in the BMP, not in the font
	require.NoError(t, m.Store.Update(ctx, a, store.AllowNearDuplicate))
	res, err = m.Make(ctx, "ho-so-hoi", reports.Params{Association: a.ID})
	require.NoError(t, err)
	require.Len(t, res.Replaced, 1)
	assert.Equal(t, '⅏', res.Replaced[0].Char)

	// In a table too: the association list goes on past an association whose name
	// holds a character outside the font.
	a.Name = "Hội Cựu giáo chức 📚 tỉnh"
	require.NoError(t, m.Store.Update(ctx, a, store.AllowNearDuplicate))
	res, err = m.Make(ctx, "danh-sach-hoi", reports.Params{})
	require.NoError(t, err)
	require.NotEmpty(t, res.Replaced)
	assert.Contains(t, res.Replaced[0].String(), "Hội Cựu giáo chức 📚 tỉnh", "the list names the row's record")
	assert.Contains(t, poppler(t, "pdftotext", writePDF(t, res.PDF), "-"), "Cựu giáo chức ? tỉnh")
}

func TestDateLine(t *testing.T) {
	for in, want := range map[string]string{
		"05/02/2024": "Quảng Trị, ngày 05 tháng 02 năm 2024",
		"10/06/2024": "Quảng Trị, ngày 10 tháng 6 năm 2024",
		"05/07/2023": "Quảng Trị, ngày 05 tháng 7 năm 2023",
		"01/01/2025": "Quảng Trị, ngày 01 tháng 01 năm 2025",
		"31/12/2025": "Quảng Trị, ngày 31 tháng 12 năm 2025",
	} {
		assert.Equal(t, want, reports.DateLine("Quảng Trị", data.MustDate(in)))
	}
}

func TestUnknownReport(t *testing.T) {
	m := demoMaker(t)
	_, err := m.Make(t.Context(), "bao-cao-la", reports.Params{})
	assert.True(t, data.HasCode(err, "ErrUnknownReport"))
	_, err = m.Make(t.Context(), "danh-sach-hoi", reports.Params{Profile: "quoc-hoi"})
	assert.True(t, data.HasCode(err, "ErrUnknownProfile"))
	_, err = m.Make(t.Context(), "thong-ke-hoi", reports.Params{From: data.MustDate("01/12/2026"), To: data.MustDate("01/11/2026")})
	assert.True(t, data.HasCode(err, "ErrDatesOrder"))
}

// The place-and-date line never wraps: with the place "Gio Linh, Quảng Trị" it printed
// "… năm" and "2026" on two lines; the first part of the place is used, or a smaller size.
func TestDateLineNeverWraps(t *testing.T) {
	m := demoMaker(t)
	ctx := t.Context()
	o, err := m.Store.OwnOffice(ctx)
	require.NoError(t, err)
	for _, place := range []string{"Gio Linh, Quảng Trị", "Thị trấn Cửa Việt, huyện Gio Linh, tỉnh Quảng Trị", "Thành phố Đông Hà"} {
		o.Place = place
		require.NoError(t, m.Store.Update(ctx, o))
		o, err = m.Store.OwnOffice(ctx)
		require.NoError(t, err)
		for _, profile := range []string{"state", "party"} {
			res, err := m.Make(ctx, "ket-qua-thuc-hien", reports.Params{Profile: profile, Date: data.MustDate("27/11/2026")})
			require.NoError(t, err)
			text := poppler(t, "pdftotext", "-layout", writePDF(t, res.PDF), "-")
			assert.Regexp(t, `ngày 27 tháng 11 năm 2026`, text, "%s, %s: on one line", place, profile)
		}
	}
}

// The association list takes members and party members from the newest yearly figures,
// says their year in the column title (and beside a figure of another year), and leaves
// blank a number nobody recorded (it printed "0").
func TestAssociationListFigures(t *testing.T) {
	m := demoMaker(t)
	ctx := t.Context()
	a := &data.Association{Name: "Hội Sinh vật cảnh xã Gio Linh", Scope: data.ScopeCommune, Field: "Sinh vật cảnh", Status: data.StatusActive}
	require.NoError(t, m.Store.Create(ctx, a, store.AllowNearDuplicate))
	old := &data.Association{Name: "Hội Làm vườn xã Gio Linh", Scope: data.ScopeCommune, Field: "Làm vườn", Status: data.StatusActive}
	require.NoError(t, m.Store.Create(ctx, old, store.AllowNearDuplicate))
	require.NoError(t, m.Store.Create(ctx, &data.YearlyFigure{Association: old.ID, Year: 2023, Members: 77, PartyMembers: 11}))
	// This year's row left the party members blank: last year's number, with its year.
	blank := &data.Association{Name: "Hội Người cao tuổi xã Gio Linh", Scope: data.ScopeCommune, Field: "Người cao tuổi", Status: data.StatusActive}
	require.NoError(t, m.Store.Create(ctx, blank, store.AllowNearDuplicate))
	require.NoError(t, m.Store.Create(ctx, &data.YearlyFigure{Association: blank.ID, Year: 2024, Members: 300, PartyMembers: 138}))
	require.NoError(t, m.Store.Create(ctx, &data.YearlyFigure{Association: blank.ID, Year: 2025, Members: 320}))
	res, err := m.Make(ctx, "danh-sach-hoi", reports.Params{})
	require.NoError(t, err)
	text := poppler(t, "pdftotext", "-layout", writePDF(t, res.PDF), "-")
	assert.Contains(t, text, "năm 2025", "the year of the figures is in the column titles")
	assert.Contains(t, text, "77 (2023)", "a figure of another year says its year")
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, "Hội Sinh vật cảnh xã") {
			assert.NotRegexp(t, `\s0\s`, line, "no recorded number: blank, not 0")
		}
		if strings.Contains(line, "Hội Người cao tuổi xã Gio") {
			assert.Contains(t, line, "320", "this year's members")
			assert.Contains(t, line, "138 (2024)", "party members from the year that has them, with its year")
			assert.NotRegexp(t, `\s0 \(`, line, "not '0 (2025)'")
		}
	}

	// A party count from the general field is of no year: the party column then names
	// no year, and the counts from figures say theirs.
	general := &data.Association{Name: "Hội Khuyến học xã Gio Linh", Scope: data.ScopeCommune, Field: "Khuyến học", Status: data.StatusActive, PartyMembers: 45}
	require.NoError(t, m.Store.Create(ctx, general, store.AllowNearDuplicate))
	res, err = m.Make(ctx, "danh-sach-hoi", reports.Params{})
	require.NoError(t, err)
	text = strings.Join(strings.Fields(poppler(t, "pdftotext", "-raw", writePDF(t, res.PDF), "-")), " ")
	assert.Contains(t, text, "Đảng viên (người) Tình trạng", "no year over a count of no year")
	assert.Contains(t, text, "Hội Khuyến học xã Gio Linh Xã 45 Đang hoạt động")
	assert.Contains(t, text, "Hội viên (người, năm 2025)")
	assert.Contains(t, text, "138 (2024)")
}
