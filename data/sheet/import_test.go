package sheet

import (
	"qlhoi/data/sheet/book"

	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"

	"qlhoi/data"
	"qlhoi/data/store"
)

// oldList is the kind of list an office has kept since 2005: a title block, a two-row
// header with merged cells, a column-numbering row, TCVN3 and VNI text, dates in every
// shape (one impossible), numbers with dot thousands.
func oldList(tb testing.TB) string {
	return writeBook(tb, "DS-hoi-2023.xlsx", [][]any{
		{"UBND TỈNH QUẢNG TRỊ"},
		{"DANH SÁCH CÁC HỘI CÓ TÍNH CHẤT ĐẶC THÙ"},
		{"(Kèm theo Báo cáo số 12/BC-SNV)"},
		{},
		{"STT", "Tên hội", "Quyết định thành lập", nil, "Nhiệm kỳ", nil, "Phạm vi hoạt động", "Chủ tịch", "Tổng số hội viên", "Ghi chú"},
		{nil, nil, "Số", "Ngày", "Từ", "Đến"},
		{"(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)"},
		{1, book.EncodeTCVN3("Hội Người cao tuổi tỉnh Quảng Trị"), "123/QĐ-UBND", 44362, "15/6/2021", "15-06-2026", book.EncodeTCVN3("Tỉnh"), book.EncodeTCVN3("Nguyễn Văn Hòa"), "1.234"},
		{2, book.EncodeVNI("Hội Cựu giáo chức tỉnh Quảng Trị"), "45/2010/QĐ-UBND", "15.06.2010", "ngày 15 tháng 6 năm 2021", "2026-06-14", "tỉnh"},
		{3, "Hội Khuyến họcc tỉnh Quảng Trị", "", "", "", "", "Tỉnh"},
		{4, "HOI KHUYEN HOC TINH QUANG TRI", "", "", "", "", "Tỉnh", "", "", "Đã đổi trụ sở"},
		{5, "Hội Đông y tỉnh Quảng Trị", "56/QĐ-UBND", "31/02/2021", "", "", "Tỉnh"},
		{6, "Hội Làm vườn tỉnh Quảng Trị", "", 2005, "", "", "Tỉnh"},
		{},
	}, func(f *excelize.File) {
		for _, m := range [][2]string{{"A5", "A6"}, {"B5", "B6"}, {"C5", "D5"}, {"E5", "F5"}, {"G5", "G6"}, {"H5", "H6"}, {"I5", "I6"}, {"J5", "J6"}, {"A2", "J2"}} {
			require.NoError(tb, f.MergeCell("Sheet1", m[0], m[1]))
		}
		// The founding date of row 8 is a formula: it is read by its cached value.
		require.NoError(tb, f.SetCellFormula("Sheet1", "D8", "DATE(2021,6,15)"))
		formula, err := f.GetCellFormula("Sheet1", "D8")
		require.NoError(tb, err)
		require.Equal(tb, "DATE(2021,6,15)", formula)
	})
}

func existingKhuyenHoc(t *testing.T, s *store.Store) *data.Association {
	a := &data.Association{Name: "Hội Khuyến học tỉnh Quảng Trị", Scope: data.ScopeProvince, Area: "QT", Address: "12 Hùng Vương", Phone: "0233 3852 111", Note: "cũ"}
	create(t, s, a)
	return a
}

func TestImportAssociationsPreview(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	kh := existingKhuyenHoc(t, s)
	before := digest(t, s)

	p, err := PreviewFile(ctx, s, oldList(t), Options{Kind: KindHoi})
	require.NoError(t, err)
	assert.Equal(t, before, digest(t, s), "a preview writes nothing")
	assert.Equal(t, 5, p.HeaderRow)
	assert.Equal(t, 2, p.HeaderRows, "two-row merged header")
	fields := map[string]string{}
	for _, c := range p.Columns {
		fields[c.Letter] = c.Field
	}
	assert.Equal(t, map[string]string{"A": "-", "B": "name", "C": "founding.number", "D": "founding.date", "E": "term_start", "F": "term_end", "G": "scope", "H": "president", "I": "members", "J": "note"}, fields)
	require.Len(t, p.Rows, 6, "blank and numbering rows are not data")

	byLine := map[int]Row{}
	for _, r := range p.Rows {
		byLine[r.Line] = r
	}
	r := byLine[8]
	assert.Equal(t, Create, r.Action, r.Messages)
	assert.Equal(t, "Hội Người cao tuổi tỉnh Quảng Trị", r.Name)
	assert.Equal(t, "đã chuyển mã TCVN3 → Unicode", r.Note())
	r = byLine[9]
	assert.Equal(t, Create, r.Action, r.Messages)
	assert.Equal(t, book.VNI, r.Converted)
	assert.Equal(t, "Hội Cựu giáo chức tỉnh Quảng Trị", r.Name)
	r = byLine[10]
	assert.Equal(t, Skip, r.Action)
	assert.Equal(t, []string{kh.Name}, r.Near, "a near-duplicate is left for the clerk")
	r = byLine[11]
	assert.Equal(t, Update, r.Action, r.Messages)
	assert.Equal(t, kh.ID, r.Target)
	assert.Equal(t, []string{"Ghi chú: cũ → Đã đổi trụ sở"}, r.Changed, "blank cells change nothing")
	r = byLine[12]
	assert.Equal(t, Fail, r.Action)
	assert.Equal(t, []string{"Dòng 12, cột D (Quyết định thành lập / Ngày): ngày 31/02/2021 không có thật"}, r.Messages)
	assert.Equal(t, book.Unicode, r.Converted)
	r = byLine[13]
	assert.Equal(t, Create, r.Action, r.Messages)
	assert.Equal(t, map[Action]int{Create: 3, Update: 1, Skip: 1, Fail: 1}, p.Counts)
}

func TestImportAssociationsApplyAndUndo(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	kh := existingKhuyenHoc(t, s)
	before := digest(t, s)
	p, err := PreviewFile(ctx, s, oldList(t), Options{Kind: KindHoi})
	require.NoError(t, err)
	imp, err := p.Apply(ctx, s)
	require.NoError(t, err)
	assert.Equal(t, "DS-hoi-2023.xlsx", imp.File)
	_, err = os.Stat(imp.Backup)
	require.NoError(t, err, "an automatic backup is taken before")

	found, _, err := s.FindAssociations(ctx, store.AssociationFilter{Query: "nguoi cao tuoi"})
	require.NoError(t, err)
	require.Len(t, found, 1)
	nct := found[0]
	assert.Equal(t, "Hội Người cao tuổi tỉnh Quảng Trị", nct.Name)
	assert.Equal(t, "123/QĐ-UBND", nct.Founding.Number)
	assert.Equal(t, "15/06/2021", nct.Founding.Date.String(), "Excel serial date")
	assert.Equal(t, "15/06/2021", nct.TermStart.String())
	assert.Equal(t, "15/06/2026", nct.TermEnd.String())
	assert.Equal(t, data.ScopeProvince, nct.Scope)
	assert.Equal(t, "QT", nct.Area)
	leaders, err := store.List[data.Leader](ctx, s, "association", nct.ID)
	require.NoError(t, err)
	require.Len(t, leaders, 1)
	assert.Equal(t, "Nguyễn Văn Hòa", leaders[0].Name)
	assert.Equal(t, "Chủ tịch", leaders[0].Position)
	figs, err := store.List[data.YearlyFigure](ctx, s, "association", nct.ID)
	require.NoError(t, err)
	require.Len(t, figs, 1)
	assert.Equal(t, 1234, figs[0].Members)
	assert.Equal(t, 2023, figs[0].Year, "the year in the file's name")

	found, _, err = s.FindAssociations(ctx, store.AssociationFilter{Query: "lam vuon"})
	require.NoError(t, err)
	require.Len(t, found, 1)
	assert.Equal(t, "01/01/2005", found[0].Founding.Date.String(), "a bare founding year")
	found, _, err = s.FindAssociations(ctx, store.AssociationFilter{Query: "dong y"})
	require.NoError(t, err)
	assert.Empty(t, found, "a row with an error is not written")

	got, err := store.Get[data.Association](ctx, s, kh.ID)
	require.NoError(t, err)
	assert.Equal(t, "Đã đổi trụ sở", got.Note)
	assert.Equal(t, "12 Hùng Vương", got.Address, "a blank cell never overwrites")
	assert.Equal(t, "0233 3852 111", got.Phone)
	hist, err := s.History(ctx, kh.ID)
	require.NoError(t, err)
	assert.Equal(t, "Nhập từ tệp DS-hoi-2023.xlsx", hist[len(hist)-1].OpLabel())

	// The clerk's mapping is not needed here, so nothing is remembered; undo takes the
	// whole import back.
	undone, err := s.UndoLastSheetImport(ctx)
	require.NoError(t, err)
	assert.Equal(t, imp.ID, undone.ID)
	assert.Equal(t, before, digestLive(t, s, before), "undo puts every record back")
	got, err = store.Get[data.Association](ctx, s, kh.ID)
	require.NoError(t, err)
	assert.Equal(t, "cũ", got.Note)
	found, _, err = s.FindAssociations(ctx, store.AssociationFilter{Query: "nguoi cao tuoi"})
	require.NoError(t, err)
	assert.Empty(t, found)
	_, err = s.UndoLastSheetImport(ctx)
	assert.True(t, data.HasCode(err, "ErrNothingToUndoSheet"))
}

// digestLive compares the live content after an undo with the digest before: versions
// and history grow, so it compares names and fields of live records instead.
func digestLive(t *testing.T, s *store.Store, before string) string {
	ctx := context.Background()
	as, err := store.List[data.Association](ctx, s, "", nil)
	require.NoError(t, err)
	ls, err := store.List[data.Leader](ctx, s, "", nil)
	require.NoError(t, err)
	fs, err := store.List[data.YearlyFigure](ctx, s, "", nil)
	require.NoError(t, err)
	if len(as) == 1 && len(ls) == 0 && len(fs) == 0 && as[0].Note == "cũ" {
		return before
	}
	return "changed"
}

func TestUndoRefusedAfterLaterEdit(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	kh := existingKhuyenHoc(t, s)
	p, err := PreviewFile(ctx, s, oldList(t), Options{Kind: KindHoi})
	require.NoError(t, err)
	_, err = p.Apply(ctx, s)
	require.NoError(t, err)
	got, err := store.Get[data.Association](ctx, s, kh.ID)
	require.NoError(t, err)
	got.Phone = "0233 999 999"
	require.NoError(t, s.Update(ctx, got))
	before := digest(t, s)
	_, err = s.UndoLastSheetImport(ctx)
	require.Error(t, err)
	assert.Contains(t, data.Message(err), "đã được sửa sau lần nhập này")
	assert.Equal(t, before, digest(t, s), "a refused undo changes nothing")
}

func TestApplyIsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	kh := existingKhuyenHoc(t, s)
	p, err := PreviewFile(ctx, s, oldList(t), Options{Kind: KindHoi})
	require.NoError(t, err)
	// Someone edits the association the preview would update before Apply.
	got, err := store.Get[data.Association](ctx, s, kh.ID)
	require.NoError(t, err)
	got.Phone = "0233 000 000"
	require.NoError(t, s.Update(ctx, got))
	before := digest(t, s)
	_, err = p.Apply(ctx, s)
	require.Error(t, err)
	assert.True(t, data.HasCode(err, "ErrConflict"))
	assert.Equal(t, before, digest(t, s), "no partial write")
}

func TestMapOverrideIsRemembered(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	path := writeBook(t, "ds.xlsx", [][]any{
		{"Tên hội", "Phạm vi", "Hạn nhiệm kỳ", "Cột lạ"},
		{"Hội Nông dân tỉnh", "Tỉnh", "15/06/2027", "abc"},
	})
	p, err := PreviewFile(ctx, s, path, Options{Kind: KindHoi})
	require.NoError(t, err)
	assert.Equal(t, "", p.Columns[2].Field, "an unknown header is not guessed")
	assert.Contains(t, strings.Join(p.Notes, "\n"), "Cột C “Hạn nhiệm kỳ” không ghép được")

	m, err := ParseMap([]string{"Cột C=term_end; D=-"})
	require.NoError(t, err)
	p, err = PreviewFile(ctx, s, path, Options{Kind: KindHoi, Map: m})
	require.NoError(t, err)
	assert.Equal(t, "term_end", p.Columns[2].Field)
	assert.Equal(t, skipKey, p.Columns[3].Field)
	_, err = p.Apply(ctx, s)
	require.NoError(t, err)
	a, _, err := s.FindAssociations(ctx, store.AssociationFilter{Query: "nong dan"})
	require.NoError(t, err)
	require.Len(t, a, 1)
	assert.Equal(t, "15/06/2027", a[0].TermEnd.String())

	// The same columns next time: the mapping is remembered.
	p, err = PreviewFile(ctx, s, path, Options{Kind: KindHoi})
	require.NoError(t, err)
	assert.Equal(t, "term_end", p.Columns[2].Field)
	assert.True(t, p.Columns[2].Remembered, "%+v", p.Columns)

	for _, bad := range []string{"Cột Z=term_end", "C=colour", "C"} {
		m, err := ParseMap([]string{bad})
		if err == nil {
			_, err = PreviewFile(ctx, s, path, Options{Kind: KindHoi, Map: m})
		}
		require.Error(t, err, bad)
		assert.True(t, data.HasCode(err, "ErrSheetMapInvalid"), bad)
	}
	// The clerk's choice moves a field from the column it was matched to.
	m, err = ParseMap([]string{"D=name"})
	require.NoError(t, err)
	p, err = PreviewFile(ctx, s, path, Options{Kind: KindHoi, Map: m})
	require.NoError(t, err)
	assert.Equal(t, "name", p.Columns[3].Field)
	assert.Equal(t, []string{"", "name"}, []string{p.Columns[0].Field, p.Columns[0].Guess})
	// Two chosen for one field are refused.
	m, err = ParseMap([]string{"D=name; C=name"})
	require.NoError(t, err)
	_, err = PreviewFile(ctx, s, path, Options{Kind: KindHoi, Map: m})
	assert.True(t, data.HasCode(err, "ErrSheetMapDuplicate"))
}

func TestCSVEncodings(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	utf8BOM := "\uFEFFDANH SÁCH CÁC HỘI\n\nTên hội;Phạm vi;Ngày thành lập\nHội Chữ thập đỏ tỉnh;Tỉnh;15/06/2021\n"
	tcvn := []byte{}
	for _, r := range book.EncodeTCVN3("Tên hội,Phạm vi\nHội Người mù tỉnh,Tỉnh\n") {
		tcvn = append(tcvn, byte(r))
	}
	for name, content := range map[string][]byte{"utf8.csv": []byte(utf8BOM), "tcvn3.csv": tcvn, "cp1258.csv": win1258(t, "Tên hội,Phạm vi\nHội Nạn nhân chất độc da cam tỉnh,Tỉnh\n")} {
		s := openStore(t)
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, content, 0o644))
		p, err := PreviewFile(ctx, s, path, Options{Kind: KindHoi})
		require.NoError(t, err, name)
		require.Len(t, p.Rows, 1, name)
		assert.Equal(t, Create, p.Rows[0].Action, "%s %v", name, p.Rows[0].Messages)
		assert.Contains(t, []string{"Hội Chữ thập đỏ tỉnh", "Hội Người mù tỉnh", "Hội Nạn nhân chất độc da cam tỉnh"}, p.Rows[0].Name, name)
	}
}

func TestLeadersFiguresTasks(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	kh := existingKhuyenHoc(t, s)
	kh.CongressNumber = 4
	require.NoError(t, s.Update(ctx, kh))

	leaders := writeBook(t, "lanh-dao.xlsx", [][]any{
		{"DANH SÁCH LÃNH ĐẠO CÁC HỘI"},
		{"TT", "Tên hội", "Họ và tên", "Chức vụ", "Năm sinh", "Giới tính", "Đảng viên"},
		{1, "Hội Khuyến học tỉnh Quảng Trị", "Lê Thị Mai", "Chủ tịch", 1965, "Nữ", "x"},
		{2, "Hoi khuyen hoc tinh Quang Tri", "Trần Văn Bình", "Phó Chủ tịch", "1970", "Nam", ""},
		{3, "Hội Không Có", "Ai Đó", "Chủ tịch"},
		{4, "Hội Khuyến học tỉnh Quảng Trị", "Người Trẻ", "Ủy viên", 1890},
	})
	p, err := PreviewFile(ctx, s, leaders, Options{Kind: KindLeaders})
	require.NoError(t, err)
	assert.Equal(t, map[Action]int{Create: 2, Fail: 2}, p.Counts)
	assert.Equal(t, "Dòng 5, cột B (Tên hội): không có hội “Hội Không Có” trong cơ sở dữ liệu; hãy nhập danh sách hội trước", p.Rows[2].Messages[0])
	assert.Equal(t, "Dòng 6, cột E (Năm sinh): Năm sinh không hợp lệ (ví dụ 1965).", p.Rows[3].Messages[0])
	_, err = p.Apply(ctx, s)
	require.NoError(t, err)
	ls, err := store.List[data.Leader](ctx, s, "association", kh.ID)
	require.NoError(t, err)
	require.Len(t, ls, 2)
	assert.Equal(t, 4, ls[0].Term, "the current congress by default")
	assert.True(t, ls[0].PartyMember)
	p, err = PreviewFile(ctx, s, leaders, Options{Kind: KindLeaders})
	require.NoError(t, err)
	assert.Equal(t, 2, p.Counts[Skip], "the same sheet again changes nothing")

	figures := writeBook(t, "so-lieu.xlsx", [][]any{
		{"Tên hội", "Năm", "Tổng số hội viên", "Số hội viên mới", "Kinh phí hỗ trợ (đồng)"},
		{"Hội Khuyến học tỉnh Quảng Trị", 2024, "12.500", "300", "150.000.000"},
		{"Hội Khuyến học tỉnh Quảng Trị", 2025, "12.800", "13.000", ""},
	})
	p, err = PreviewFile(ctx, s, figures, Options{Kind: KindFigures})
	require.NoError(t, err)
	assert.Equal(t, Create, p.Rows[0].Action, p.Rows[0].Messages)
	assert.Equal(t, Fail, p.Rows[1].Action)
	assert.Contains(t, p.Rows[1].Messages[0], "Dòng 3, cột D (Số hội viên mới): Số hội viên mới không thể lớn hơn tổng số hội viên.")
	_, err = p.Apply(ctx, s)
	require.NoError(t, err)
	fs, err := store.List[data.YearlyFigure](ctx, s, "association", kh.ID)
	require.NoError(t, err)
	require.Len(t, fs, 1)
	assert.Equal(t, int64(150_000_000), fs[0].Budget)

	d := &data.Directive{Number: "12-CV/TU", Date: data.MustDate("02/01/2026"), Issuer: "Tỉnh ủy", Summary: "Về công tác hội"}
	create(t, s, d)
	create(t, s, &data.Agency{Name: "Sở Nội vụ"})
	tasks := writeBook(t, "nhiem-vu.xlsx", [][]any{
		{"STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"},
		{1, "Rà soát điều lệ các hội", "Sở Nội vụ", "Ban Dân vận; Sở Tài chính", "30/06/2026"},
		{2, "Báo cáo tình hình hội", "so noi vu", "", "Hằng năm"},
		{3, "Việc không ai làm", "", "", "30/13/2026"},
		{4, "Việc có hạn sai", "Sở Ngoại vụ", "", "31/02/2026"},
	})
	_, err = PreviewFile(ctx, s, tasks, Options{Kind: KindTasks})
	assert.True(t, data.HasCode(err, "ErrSheetDirectiveRequired"))
	p, err = PreviewFile(ctx, s, tasks, Options{Kind: KindTasks, Directive: d.ID})
	require.NoError(t, err)
	assert.Equal(t, []string{"Ban Dân vận", "Sở Tài chính"}, p.NewAgencies, "unknown agencies are offered for creation")
	assert.Equal(t, map[Action]int{Create: 2, Fail: 2}, p.Counts, "Sở Ngoại vụ is named only by a row with an error: not created")
	_, err = p.Apply(ctx, s)
	require.NoError(t, err)
	ts, err := store.List[data.Task](ctx, s, "directive", d.ID)
	require.NoError(t, err)
	require.Len(t, ts, 2)
	ags, err := s.Agencies(ctx)
	require.NoError(t, err)
	assert.Len(t, ags, 3)
	for _, task := range ts {
		if task.Content == "Báo cáo tình hình hội" {
			assert.Equal(t, data.CycleYearly, task.Cycle)
		} else {
			assert.Len(t, task.Cooperating, 2)
			assert.Equal(t, "30/06/2026", task.Deadline.String())
		}
	}
}

// win1258 encodes text as Windows-1258 bytes, as Excel's "CSV" on a Vietnamese Windows.
func win1258(t *testing.T, s string) []byte {
	// Windows-1258 has the letters with circumflex, breve and horn, and the tones as
	// combining marks.
	var rs []rune
	base := -1
	for _, r := range norm.NFD.String(s) {
		if (r == '\u0302' || r == '\u0306' || r == '\u031B') && base >= 0 {
			rs[base] = []rune(norm.NFC.String(string([]rune{rs[base], r})))[0]
			continue
		}
		if r < '\u0300' || r > '\u036F' {
			base = len(rs)
		}
		rs = append(rs, r)
	}
	b, err := charmap.Windows1258.NewEncoder().Bytes([]byte(string(rs)))
	require.NoError(t, err)
	return b
}

// A workbook of old Mac Excel counts days from 1904: its serial days are read right.
func TestDate1904Workbook(t *testing.T) {
	s := openStore(t)
	path := writeBook(t, "mac.xlsx", [][]any{{"Tên hội", "Ngày thành lập"}, {"Hội Nông dân tỉnh", 42900}}, func(f *excelize.File) {
		yes := true
		require.NoError(t, f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}))
	})
	p, err := PreviewFile(context.Background(), s, path, Options{Kind: KindHoi})
	require.NoError(t, err)
	require.Equal(t, Create, p.Rows[0].Action, p.Rows[0].Messages)
	a := p.Rows[0].creates[0].(*data.Association)
	assert.Equal(t, "15/06/2021", a.Founding.Date.String(), "42900 days after 01/01/1904")
}

// An office writes leaders and figures only for its own associations.
func TestLeadersOfAnotherOfficesAssociation(t *testing.T) {
	s := openStore(t)
	create(t, s, &data.Association{Meta: data.Meta{Office: "QT-A"}, Name: "Hội Người mù huyện A", Scope: data.ScopeDistrict, Area: "QT-A"})
	path := writeBook(t, "ld.xlsx", [][]any{{"Tên hội", "Họ và tên", "Chức vụ"}, {"Hội Người mù huyện A", "Lê Văn B", "Chủ tịch"}})
	p, err := PreviewFile(context.Background(), s, path, Options{Kind: KindLeaders})
	require.NoError(t, err)
	assert.Equal(t, Fail, p.Rows[0].Action)
	assert.Contains(t, p.Rows[0].Messages[0], "Dòng 2, cột A (Tên hội): hội “Hội Người mù huyện A” do đơn vị QT-A quản lý")
}

func TestApplyWithNothingToWrite(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	existingKhuyenHoc(t, s)
	path := writeBook(t, "ds.xlsx", [][]any{{"Tên hội", "Phạm vi"}, {"Hội Khuyến học tỉnh Quảng Trị", "Tỉnh"}})
	p, err := PreviewFile(ctx, s, path, Options{Kind: KindHoi})
	require.NoError(t, err)
	assert.Equal(t, map[Action]int{Skip: 1}, p.Counts)
	before := digest(t, s)
	_, err = p.Apply(ctx, s)
	assert.True(t, data.HasCode(err, "ErrSheetNothingToApply"))
	assert.Equal(t, before, digest(t, s))
}

// The clerk decides a near-duplicate row: a new association after all, or an update of
// the association it nearly matches (keeping that association's name).
func TestNearDuplicateDecisions(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	kh := existingKhuyenHoc(t, s)
	path := writeBook(t, "ds.xlsx", [][]any{{"Tên hội", "Phạm vi", "Điện thoại"}, {"Hội Khuyến họcc tỉnh Quảng Trị", "Tỉnh", "0233 777 777"}})
	p, err := PreviewFile(ctx, s, path, Options{Kind: KindHoi})
	require.NoError(t, err)
	require.Equal(t, Skip, p.Rows[0].Action)
	assert.Equal(t, []string{kh.ID}, p.Rows[0].NearIDs)

	p, err = PreviewFile(ctx, s, path, Options{Kind: KindHoi, Decisions: map[int]string{2: DecideNew}})
	require.NoError(t, err)
	assert.Equal(t, Create, p.Rows[0].Action, p.Rows[0].Messages)

	p, err = PreviewFile(ctx, s, path, Options{Kind: KindHoi, Decisions: map[int]string{2: kh.ID}})
	require.NoError(t, err)
	require.Equal(t, Update, p.Rows[0].Action, p.Rows[0].Messages)
	assert.Equal(t, []string{"Điện thoại: 0233 3852 111 → 0233 777 777"}, p.Rows[0].Changed)
	_, err = p.Apply(ctx, s)
	require.NoError(t, err)
	got, err := store.Get[data.Association](ctx, s, kh.ID)
	require.NoError(t, err)
	assert.Equal(t, "Hội Khuyến học tỉnh Quảng Trị", got.Name)
	assert.Equal(t, "0233 777 777", got.Phone)
}

// Income and spending come in under the names offices give them, two-level headers
// included; amounts are bounded, and a "Tổng thu" that is not the sum of the sources
// (the row's, or the stored ones the row leaves out) fails the row, nothing written.
func TestFigureFinancesImport(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	kh := existingKhuyenHoc(t, s)
	create(t, s, &data.YearlyFigure{Association: kh.ID, Year: 2023, Members: 9000, IncomeDues: 90_000_000, Budget: 100_000_000})
	path := writeBook(t, "thu-chi.xlsx", [][]any{
		{"Tên hội", "Năm", "Các khoản thu", nil, nil, nil, nil, nil, "Chi"},
		{nil, nil, "Hội phí", "Từ hoạt động", "Tài trợ, ủng hộ", "Hỗ trợ của Nhà nước", "Khác", "Tổng số", "Tổng số"},
		{"Hội Khuyến học tỉnh Quảng Trị", 2024, "12.000.000", "3.500.000", "40.000.000", "150.000.000", "500.000", "206.000.000", "198.250.000"},
		{"Hội Khuyến học tỉnh Quảng Trị", 2025, "12.000.000", "", "", "150.000.000", "", "100.000.000", ""},
		{"Hội Khuyến học tỉnh Quảng Trị", 2022, "1.000.000.000.000.000", "", "", "", "", "", ""},
		{"Hội Khuyến học tỉnh Quảng Trị", 2021, "", "", "", "", "", "", "-5"},
		{"Hội Khuyến học tỉnh Quảng Trị", 2023, "", "", "", "", "", "190.000.000", "180.000.000"},
	}, func(f *excelize.File) {
		require.NoError(t, f.MergeCell("Sheet1", "C1", "H1"))
		require.NoError(t, f.MergeCell("Sheet1", "A1", "A2"))
		require.NoError(t, f.MergeCell("Sheet1", "B1", "B2"))
	})
	before := digest(t, s)
	p, err := PreviewFile(ctx, s, path, Options{Kind: KindFigures})
	require.NoError(t, err)
	for _, c := range p.Columns {
		assert.NotEmpty(t, c.Field, "column %s “%s” is recognised", c.Letter, c.Header)
	}
	require.Len(t, p.Rows, 5)
	assert.Equal(t, Create, p.Rows[0].Action, p.Rows[0].Messages)
	assert.Equal(t, Fail, p.Rows[1].Action)
	assert.Equal(t, []string{"Dòng 4, cột H (Các khoản thu / Tổng số): Tổng thu 100.000.000 đồng khác tổng các khoản thu 162.000.000 đồng (hội phí, hoạt động, tài trợ, ủng hộ, hỗ trợ của Nhà nước, thu khác); hãy ghi đủ từng khoản thu hoặc sửa lại tổng"}, p.Rows[1].Messages)
	assert.Equal(t, Fail, p.Rows[2].Action)
	assert.Equal(t, []string{"Dòng 5, cột C (Các khoản thu / Hội phí): số “1.000.000.000.000.000” quá lớn"}, p.Rows[2].Messages)
	assert.Equal(t, Fail, p.Rows[3].Action)
	assert.Equal(t, []string{"Dòng 6, cột I (Chi / Tổng số): số tiền “-5” không được âm"}, p.Rows[3].Messages)
	assert.Equal(t, Update, p.Rows[4].Action, "the stored sources add up to the total: only spending changes")
	assert.Equal(t, []string{"Tổng chi: 0 → 180.000.000"}, p.Rows[4].Changed)
	assert.Equal(t, before, digest(t, s), "a preview writes nothing")

	_, err = p.Apply(ctx, s)
	require.NoError(t, err)
	fs, err := store.List[data.YearlyFigure](ctx, s, "association", kh.ID)
	require.NoError(t, err)
	byYear := map[int]*data.YearlyFigure{}
	for _, f := range fs {
		byYear[f.Year] = f
	}
	require.Len(t, byYear, 2)
	got := byYear[2024]
	assert.Equal(t, []int64{12_000_000, 3_500_000, 40_000_000, 150_000_000, 500_000, 198_250_000},
		[]int64{got.IncomeDues, got.IncomeActivities, got.IncomeDonations, got.Budget, got.IncomeOther, got.Spending})
	assert.Equal(t, int64(180_000_000), byYear[2023].Spending)
	assert.Equal(t, int64(90_000_000), byYear[2023].IncomeDues, "what the row leaves out is kept")
}

// The lines under a table that are not records — a total, the preparer's name, a
// signature — are skipped with their reason, not counted as errors; a line with data
// but no name is still an error.
func TestFooterLinesSkipped(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	path := writeBook(t, "co-chan.xlsx", [][]any{
		{"DANH SÁCH CÁC HỘI"},
		{"STT", "Tên hội", "Lĩnh vực", "Số hội viên", "Điện thoại"},
		{1, "Hội Nông dân xã Gio Linh", "Xã hội", 120, "0233 1"},
		{2, "Hội Cựu chiến binh xã Gio Linh", "Xã hội", 80},
		{nil, "Tổng cộng", nil, 200},
		{nil, nil, "Xã hội", 50, "0233 9"},
		{},
		{nil, "Người lập biểu", nil, nil, "Thủ trưởng đơn vị"},
		{nil, "Nguyễn Văn An"},
	})
	p, err := PreviewFile(ctx, s, path, Options{Kind: KindHoi})
	require.NoError(t, err)
	byLine := map[int]Row{}
	var lines []int
	for _, r := range p.Rows {
		byLine[r.Line] = r
		lines = append(lines, r.Line)
	}
	assert.Equal(t, []int{3, 4, 5, 6, 8, 9}, lines, "in the order of the file")
	assert.Equal(t, Create, byLine[4].Action, "a short line before the table ends is a record")
	assert.Equal(t, Skip, byLine[5].Action)
	assert.Equal(t, []string{"Dòng 5: dòng tổng cộng, bỏ qua."}, byLine[5].Messages)
	assert.Equal(t, Fail, byLine[6].Action, "data without a name is an error")
	assert.Equal(t, Skip, byLine[8].Action)
	assert.Equal(t, []string{"Dòng 8: chỉ có “Người lập biểu”, “Thủ trưởng đơn vị”, không phải một tên hội; coi là dòng cuối bảng (người lập biểu, chữ ký, ghi chú) và bỏ qua."}, byLine[8].Messages)
	assert.Equal(t, Skip, byLine[9].Action, "the signer's name under it")
	assert.Equal(t, map[Action]int{Create: 2, Skip: 3, Fail: 1}, p.Counts)
}
