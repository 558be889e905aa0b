package sheet

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"qlhoi/data"
	"qlhoi/data/exchange"
	"qlhoi/data/store"
)

func someAssociations(t *testing.T, s *store.Store) []*data.Association {
	list := []*data.Association{
		{Name: "Hội Người cao tuổi tỉnh Quảng Trị", Scope: data.ScopeProvince, Area: "QT", Field: "Xã hội", Founding: data.Decision{Number: "123/QĐ-UBND", Date: data.MustDate("15/06/2001")},
			TermStart: data.MustDate("15/06/2021"), TermEnd: data.MustDate("15/06/2026"), CongressNumber: 5, PartyMembers: 40, Phone: "0233 3852 111", Assigned: true},
		{Name: "Hội Đông y tỉnh Quảng Trị", Scope: data.ScopeProvince, Area: "QT", Field: "Y tế", Status: data.StatusSuspended},
		{Name: "Hội Khuyến học huyện Gio Linh", Scope: data.ScopeDistrict, Area: "QT", Field: "Giáo dục", Note: "hai dòng\nghi chú"},
	}
	for _, a := range list {
		create(t, s, a)
	}
	return list
}

func TestExportAssociations(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	someAssociations(t, s)
	path := filepath.Join(t.TempDir(), "ds-hoi.xlsx")
	n, err := ExportAssociations(ctx, s, store.AssociationFilter{Scope: data.ScopeProvince}, path)
	require.NoError(t, err)
	assert.Equal(t, 2, n)

	f, err := excelize.OpenFile(path)
	require.NoError(t, err)
	defer f.Close()
	sheet := f.GetSheetName(0)
	v, _ := f.GetCellValue(sheet, "A1")
	assert.Equal(t, "BAN DÂN VẬN TỈNH ỦY QUẢNG TRỊ", v)
	v, _ = f.GetCellValue(sheet, "A2")
	assert.Equal(t, "DANH SÁCH CÁC HỘI", v)
	v, _ = f.GetCellValue(sheet, "A3")
	assert.Equal(t, "Ngày xuất: 27/11/2026. Lọc theo: phạm vi Tỉnh.", v)
	header, err := f.GetRows(sheet)
	require.NoError(t, err)
	require.Len(t, header, 7)
	assert.Equal(t, "id", header[4][0])
	assert.Equal(t, "Tên hội", header[4][1])
	// Vietnamese order: "Hội Đông y" before "Hội Người cao tuổi".
	assert.Equal(t, "Hội Đông y tỉnh Quảng Trị", header[5][1])

	// Bold frozen header, autofilter, real dates shown dd/mm/yyyy.
	style, err := f.GetCellStyle(sheet, "B5")
	require.NoError(t, err)
	st, err := f.GetStyle(style)
	require.NoError(t, err)
	assert.True(t, st.Font.Bold)
	panes, err := f.GetPanes(sheet)
	require.NoError(t, err)
	assert.True(t, panes.Freeze)
	assert.Equal(t, 5, panes.YSplit)
	names := f.GetDefinedName()
	require.NotEmpty(t, names)
	assert.Equal(t, "_xlnm._FilterDatabase", names[0].Name)
	col := columnOf(t, header[4], "Bắt đầu nhiệm kỳ")
	cell := colName(col) + "7"
	typ, err := f.GetCellType(sheet, cell)
	require.NoError(t, err)
	assert.NotEqual(t, excelize.CellTypeSharedString, typ, "a date is a number, not text")
	v, _ = f.GetCellValue(sheet, cell)
	assert.Equal(t, "15/06/2021", v)
	raw, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	assert.Equal(t, "44362", raw)
	w, err := f.GetColWidth(sheet, "B")
	require.NoError(t, err)
	assert.Greater(t, w, 25.0, "the name column fits the names")
}

func columnOf(t *testing.T, header []string, label string) int {
	for i, h := range header {
		if h == label {
			return i
		}
	}
	t.Fatalf("no column %q in %v", label, header)
	return -1
}

// Export, change one cell, import: exactly that field of that association changes.
func TestExportEditImportRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	list := someAssociations(t, s)
	// The president and this year's members travel too, and come back unchanged.
	create(t, s, &data.Leader{Association: list[1].ID, Term: 3, Position: "Chủ tịch", Name: "Trần Thị Hoa"})
	create(t, s, &data.YearlyFigure{Association: list[1].ID, Year: 2026, Members: 1200})
	leadersBefore, _ := store.List[data.Leader](ctx, s, "", nil)
	figuresBefore, _ := store.List[data.YearlyFigure](ctx, s, "", nil)
	path := filepath.Join(t.TempDir(), "ds-hoi.xlsx")
	_, err := ExportAssociations(ctx, s, store.AssociationFilter{}, path)
	require.NoError(t, err)
	beforeJSON := map[string]string{}
	for _, a := range list {
		got, err := store.Get[data.Association](ctx, s, a.ID)
		require.NoError(t, err)
		b, _ := json.Marshal(got)
		beforeJSON[a.ID] = string(b)
	}

	f, err := excelize.OpenFile(path)
	require.NoError(t, err)
	sheet := f.GetSheetName(0)
	rows, err := f.GetRows(sheet)
	require.NoError(t, err)
	target := list[0].ID
	line := -1
	for i, r := range rows {
		if len(r) > 0 && r[0] == target {
			line = i + 1
		}
	}
	require.Positive(t, line)
	for _, r := range rows {
		if len(r) > 0 && r[0] == list[1].ID {
			assert.Equal(t, "Trần Thị Hoa", r[columnOf(t, rows[4], "Chủ tịch")])
			assert.Equal(t, "1200", r[columnOf(t, rows[4], "Số hội viên")])
		}
		if len(r) > 0 && r[0] == list[2].ID {
			assert.Less(t, len(r), columnOf(t, rows[4], "Số hội viên")+1, "no figures yet: the cell stays empty, not 0")
		}
	}
	phone := colName(columnOf(t, rows[4], "Điện thoại"))
	require.NoError(t, f.SetCellValue(sheet, phone+itoa(line), "0233 3999 888"))
	require.NoError(t, f.Save())
	require.NoError(t, f.Close())

	p, err := PreviewFile(ctx, s, path, Options{Kind: KindHoi})
	require.NoError(t, err)
	assert.Equal(t, map[Action]int{Update: 1, Skip: 2}, p.Counts, "%+v", p.Rows)
	upd := rowsOf(p, Update)[0]
	assert.Equal(t, target, upd.Target)
	assert.Equal(t, []string{"Điện thoại: 0233 3852 111 → 0233 3999 888"}, upd.Changed)
	_, err = p.Apply(ctx, s)
	require.NoError(t, err)
	for _, a := range list {
		got, err := store.Get[data.Association](ctx, s, a.ID)
		require.NoError(t, err)
		if a.ID != target {
			b, _ := json.Marshal(got)
			assert.JSONEq(t, beforeJSON[a.ID], string(b), "untouched rows stay as they were")
			continue
		}
		var was data.Association
		require.NoError(t, json.Unmarshal([]byte(beforeJSON[a.ID]), &was))
		assert.Equal(t, "0233 3999 888", got.Phone)
		was.Phone, was.Version, was.UpdatedAt, was.HLC, was.Parents = got.Phone, got.Version, got.UpdatedAt, got.HLC, got.Parents
		assert.Equal(t, was, *got, "only the phone changed")
	}
	leadersAfter, _ := store.List[data.Leader](ctx, s, "", nil)
	figuresAfter, _ := store.List[data.YearlyFigure](ctx, s, "", nil)
	assert.Equal(t, leadersBefore, leadersAfter, "no leader added back")
	assert.Equal(t, figuresBefore, figuresAfter, "no figure added or changed")
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestExportTasksAndRegister(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	lead := &data.Agency{Name: "Sở Nội vụ"}
	create(t, s, lead)
	d := &data.Directive{Number: "12-CV/TU", Date: data.MustDate("02/01/2026"), Issuer: "Tỉnh ủy", Summary: "Về công tác hội"}
	create(t, s, d)
	create(t, s, &data.Task{Directive: d.ID, Content: "Rà soát điều lệ", Lead: lead.ID, Deadline: data.MustDate("30/06/2026")})
	path := filepath.Join(t.TempDir(), "nv.xlsx")
	n, err := ExportTasks(ctx, s, store.TaskFilter{}, path)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	f, err := excelize.OpenFile(path)
	require.NoError(t, err)
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	require.NoError(t, err)
	assert.Equal(t, []string{"12-CV/TU", "Rà soát điều lệ", "Sở Nội vụ", "", "30/06/2026"}, rows[5][1:6])
	assert.Equal(t, "Quá hạn chưa hoàn thành", rows[5][9])

	reg := filepath.Join(t.TempDir(), "so.xlsx")
	n, err = ExportRegister(ctx, s, reg)
	require.NoError(t, err)
	assert.Equal(t, 0, n)
	g, err := excelize.OpenFile(reg)
	require.NoError(t, err)
	defer g.Close()
	v, _ := g.GetCellValue(g.GetSheetName(0), "A2")
	assert.Equal(t, "SỔ ĐĂNG KÝ VĂN BẢN ĐI", v)
}

func TestExportStatisticsWorkbook(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	list := someAssociations(t, s)
	create(t, s, &data.Leader{Association: list[0].ID, Term: 5, Position: "Chủ tịch", Name: "Nguyễn Văn Hòa", BirthYear: 1958})
	nct := &data.YearlyFigure{Association: list[0].ID, Year: 2026, Members: 12500, NewMembers: 300, PartyMembers: 45, Branches: 12,
		IncomeDues: 75_000_000, IncomeActivities: 32_500_000, IncomeDonations: 210_000_000, Budget: 150_000_000, IncomeOther: 1_250_000,
		Spending: 440_000_000, Activities: "Mừng thọ hội viên", Awards: "Bằng khen", ReportedOn: data.MustDate("20/11/2026")}
	dy := &data.YearlyFigure{Association: list[1].ID, Year: 2026, Members: 800, IncomeDues: 4_000_000, Spending: 3_000_000}
	create(t, s, nct)
	create(t, s, dy)
	path := filepath.Join(t.TempDir(), "thong-ke.xlsx")
	n, err := ExportStatistics(ctx, s, 2026, path)
	require.NoError(t, err)
	assert.Equal(t, 3, n)
	f, err := excelize.OpenFile(path)
	require.NoError(t, err)
	assert.Equal(t, []string{"Thông tin hội", "Lãnh đạo", "Số liệu năm 2026", "Thu chi năm 2026", "Theo cấp", "Theo lĩnh vực"}, f.GetSheetList())
	info, err := f.GetRows("Thông tin hội")
	require.NoError(t, err)
	row := info[4+1+columnOfRow(t, info, list[0].ID)]
	assert.Equal(t, "Nguyễn Văn Hòa", row[columnOf(t, info[4], "Chủ tịch")])
	assert.Equal(t, "12500", row[columnOf(t, info[4], "Số hội viên")])
	scope, err := f.GetRows("Theo cấp")
	require.NoError(t, err)
	assert.Equal(t, []string{"Nhóm", "Tổng số hội", "Do Đảng, Nhà nước giao nhiệm vụ", "Có tổ chức đảng", "Hội viên (người)", "Hội viên mới (người)", "Đảng viên (người)",
		"Cán bộ chuyên trách", "Người làm việc theo hợp đồng", "Kinh phí NSNN hỗ trợ (đồng)", "Tổng thu (đồng)", "Tổng chi (đồng)"}, scope[4])
	assert.Equal(t, []string{"Cấp Tỉnh", "1", "1", "0", "12500", "300", "45", "0", "0", "150000000", "468750000", "440000000"}, scope[5],
		"the suspended association is not counted; party members of the year's figures (45), not the record's (40)")
	assert.Equal(t, "Tổng cộng", scope[len(scope)-1][0])
	figs, err := f.GetRows("Số liệu năm 2026")
	require.NoError(t, err)
	assert.Equal(t, "468750000", figs[nameRow(t, figs, list[0].Name, 0)][columnOf(t, figs[4], "Tổng thu")], "the total income, computed")
	require.NoError(t, f.Close())

	// The leaders and figures sheets read back into another office's database, every
	// column of the figures with them.
	other := openStore(t)
	theirs := someAssociations(t, other)
	p, err := PreviewFile(ctx, other, path, Options{Kind: KindLeaders, Sheet: "Lãnh đạo"})
	require.NoError(t, err)
	assert.Equal(t, map[Action]int{Create: 1}, p.Counts)
	p, err = PreviewFile(ctx, other, path, Options{Kind: KindFigures, Sheet: "Số liệu năm 2026"})
	require.NoError(t, err)
	assert.Equal(t, map[Action]int{Create: 2, Skip: 1}, p.Counts, "associations without figures are left blank and skipped")
	_, err = p.Apply(ctx, other)
	require.NoError(t, err)
	for i, want := range []*data.YearlyFigure{nct, dy} {
		got, err := store.List[data.YearlyFigure](ctx, other, "association", theirs[i].ID)
		require.NoError(t, err)
		require.Len(t, got, 1)
		assert.Equal(t, figureValues(want), figureValues(got[0]), "every value came back")
	}
	// Read back into the office that wrote it, nothing changes (the total agrees).
	p, err = PreviewFile(ctx, s, path, Options{Kind: KindFigures, Sheet: "Số liệu năm 2026"})
	require.NoError(t, err)
	assert.Equal(t, map[Action]int{Skip: 3}, p.Counts, p.Rows)
}

// The income and spending sheet: one line per association with the sources, total
// income, spending and their difference, blank for one without figures, and a total
// line of them all.
func TestExportStatisticsFinances(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	list := someAssociations(t, s)
	create(t, s, &data.YearlyFigure{Association: list[0].ID, Year: 2026, Members: 12500,
		IncomeDues: 75_000_000, IncomeActivities: 32_500_000, IncomeDonations: 210_000_000, Budget: 150_000_000, IncomeOther: 1_250_000, Spending: 440_000_000})
	create(t, s, &data.YearlyFigure{Association: list[1].ID, Year: 2026, Members: 800, IncomeDues: 4_000_000, Spending: 5_000_000})
	create(t, s, &data.YearlyFigure{Association: list[2].ID, Year: 2025, Members: 90, IncomeDues: 1_000_000}) // another year
	path := filepath.Join(t.TempDir(), "thong-ke.xlsx")
	_, err := ExportStatistics(ctx, s, 2026, path)
	require.NoError(t, err)
	f, err := excelize.OpenFile(path)
	require.NoError(t, err)
	defer f.Close()
	rows, err := f.GetRows("Thu chi năm 2026")
	require.NoError(t, err)
	assert.Equal(t, "THU, CHI TÀI CHÍNH CỦA CÁC HỘI NĂM 2026", rows[1][0])
	assert.Contains(t, rows[2][0], "Đơn vị tính: đồng")
	assert.Equal(t, []string{"STT", "Tên hội", "Thu hội phí", "Thu từ hoạt động", "Tài trợ, ủng hộ", "Hỗ trợ của Nhà nước", "Thu khác", "Tổng thu", "Tổng chi", "Chênh lệch thu – chi"}, rows[4])
	body := rows[5:]
	require.Len(t, body, 4, "three associations and the total")
	assert.Equal(t, []string{"75000000", "32500000", "210000000", "150000000", "1250000", "468750000", "440000000", "28750000"}, body[nameRow(t, body, list[0].Name, 1)][2:])
	assert.Equal(t, []string{"4000000", "0", "0", "0", "0", "4000000", "5000000", "-1000000"}, body[nameRow(t, body, list[1].Name, 1)][2:], "a suspended association's figures are shown too")
	assert.Len(t, body[nameRow(t, body, list[2].Name, 1)], 2, "no figures for 2026: blank")
	assert.Equal(t, []string{"", "Tổng cộng", "79000000", "32500000", "210000000", "150000000", "1250000", "472750000", "445000000", "27750000"}, body[3])
}

// nameRow is the index in rows of the row whose cell col is name.
func nameRow(t *testing.T, rows [][]string, name string, col int) int {
	t.Helper()
	for i, r := range rows {
		if len(r) > col && r[col] == name {
			return i
		}
	}
	t.Fatalf("no row %s", name)
	return -1
}

// figureValues is a year's figures without what belongs to one database (ids, versions,
// the association's id).
func figureValues(f *data.YearlyFigure) data.YearlyFigure {
	c := *f
	c.Meta, c.Association = data.Meta{}, ""
	return c
}

// columnOfRow is the index among the data rows (after the header on row 5) of the row
// whose first cell is id.
func columnOfRow(t *testing.T, rows [][]string, id string) int {
	for i, r := range rows[5:] {
		if len(r) > 0 && r[0] == id {
			return i
		}
	}
	t.Fatalf("no row %s", id)
	return -1
}

func TestExportConflicts(t *testing.T) {
	ctx := context.Background()
	p := openStore(t)
	a, err := store.Open(ctx, filepath.Join(t.TempDir(), "a.db"))
	require.NoError(t, err)
	defer a.Close()
	a.Now = p.Now // both offices' clocks agree (a reading a day ahead is refused)
	require.NoError(t, a.SetUp(ctx, &data.Office{Code: "QT-A", Name: "Huyện ủy A", Level: data.LevelDistrict, Parent: "QT"}))
	for _, pair := range [][2]*store.Store{{p, a}, {a, p}} {
		card, err := pair[0].OwnCard(ctx)
		require.NoError(t, err)
		require.NoError(t, pair[1].Trust(ctx, card))
	}
	move := func(from, to *store.Store, code string) {
		res, err := exchange.Export(ctx, from, code, t.TempDir(), false)
		require.NoError(t, err)
		b, err := exchange.Open(ctx, to, res.Path, exchange.DefaultLimits)
		require.NoError(t, err)
		_, err = b.Apply(ctx)
		require.NoError(t, err)
	}
	x := &data.Association{Name: "Hội Người mù huyện A", Scope: data.ScopeDistrict, Area: "QT-A"}
	require.NoError(t, a.Create(ctx, x))
	move(a, p, "QT")
	xp, err := store.Get[data.Association](ctx, p, x.ID)
	require.NoError(t, err)
	xp.Phone = "sửa ở tỉnh"
	require.NoError(t, p.Update(ctx, xp))
	xa, err := store.Get[data.Association](ctx, a, x.ID)
	require.NoError(t, err)
	xa.Phone = "sửa ở huyện"
	require.NoError(t, a.Update(ctx, xa))
	move(a, p, "QT")

	path := filepath.Join(t.TempDir(), "xung-dot.xlsx")
	n, err := ExportConflicts(ctx, p, path)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	f, err := excelize.OpenFile(path)
	require.NoError(t, err)
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	require.NoError(t, err)
	assert.Equal(t, []string{x.ID, "Hội", "Hội Người mù huyện A"}, rows[5][:3])
	assert.Contains(t, rows[5][3], xp.HLC)
}

func TestExportToAFolderThatIsNot(t *testing.T) {
	s := openStore(t)
	_, err := ExportAssociations(context.Background(), s, store.AssociationFilter{}, filepath.Join(t.TempDir(), "khong-co", "x.xlsx"))
	assert.Equal(t, []string{"ErrExportFailed"}, data.Codes(err))
	assert.Contains(t, data.Message(err), "Không ghi được tệp Excel")
}

// The statistics workbook is for last year while only last year's figures are in, and
// for this year once this year's come (or when there are none at all); deleted
// figures do not count.
func TestStatisticsYear(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	list := someAssociations(t, s)
	year := func() int {
		t.Helper()
		y, err := StatisticsYear(ctx, s)
		require.NoError(t, err)
		return y
	}
	assert.Equal(t, 2026, year(), "no figures: this year")
	old := &data.YearlyFigure{Association: list[0].ID, Year: 2024, Members: 100}
	create(t, s, old)
	assert.Equal(t, 2026, year(), "figures only of an older year: this year")
	last := &data.YearlyFigure{Association: list[0].ID, Year: 2025, Members: 120}
	create(t, s, last)
	assert.Equal(t, 2025, year(), "last year's figures, none of this year: last year")
	now := &data.YearlyFigure{Association: list[1].ID, Year: 2026, Members: 80}
	create(t, s, now)
	assert.Equal(t, 2026, year(), "this year's figures have begun")
	require.NoError(t, s.Delete(ctx, data.KindYearlyFigure, now.ID))
	assert.Equal(t, 2025, year(), "a deleted figure does not count")
	require.NoError(t, s.Delete(ctx, data.KindYearlyFigure, last.ID))
	assert.Equal(t, 2026, year())
}
