package sheet

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"qlhoi/data"
	"qlhoi/data/sheet/book"
	"qlhoi/data/store"
)

// Files others made, from the trial of issue 19: each failed before.

func columnFields(p *Preview) map[string]string {
	out := map[string]string{}
	for _, c := range p.Columns {
		out[c.Letter] = c.Field
	}
	return out
}

// Upper-case VNI headers are converted before they are matched, and "QÑ" is QĐ when
// the sheet is VNI.
func TestVNIHeadersInCapitals(t *testing.T) {
	ctx := context.Background()
	path := writeBook(t, "vni.xlsx", [][]any{
		{book.EncodeVNI("STT"), book.EncodeVNI("TÊN HỘI"), book.EncodeVNI("SỐ QĐ THÀNH LẬP"), book.EncodeVNI("NGÀY THÀNH LẬP"), book.EncodeVNI("CƠ QUAN BAN HÀNH")},
		{1, book.EncodeVNI("Hội Nông dân xã Gio An"), book.EncodeVNI("14/QĐ-UBND"), book.EncodeVNI("ngày 5 tháng 9 năm 2015"), book.EncodeVNI("UBND huyện Gio Linh")},
		{2, book.EncodeVNI("Hội Người cao tuổi xã Gio An"), book.EncodeVNI("15/QĐ-UBND"), "12/10/2016", book.EncodeVNI("UBND huyện Gio Linh")},
	})
	s := openStore(t)
	p, err := PreviewFile(ctx, s, path, Options{Kind: KindHoi})
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"A": "-", "B": "name", "C": "founding.number", "D": "founding.date", "E": "founding.issuer"}, columnFields(p), "%v", p.Notes)
	require.Equal(t, 2, p.Counts[Create], "%+v", p.Rows)
	_, err = p.Apply(ctx, s)
	require.NoError(t, err)
	list, _, err := s.FindAssociations(ctx, store.AssociationFilter{})
	require.NoError(t, err)
	byName := map[string]*data.Association{}
	for _, a := range list {
		byName[a.Name] = a
	}
	a := byName["Hội Nông dân xã Gio An"]
	require.NotNil(t, a, names(list))
	assert.Equal(t, "14/QĐ-UBND", a.Founding.Number)
	assert.Equal(t, "05/09/2015", a.Founding.Date.String())
	assert.Equal(t, "UBND huyện Gio Linh", a.Founding.Issuer)
}

// A title written in one cell above the header is not a header level (it said "phạm
// vi" and took STT as the scope); group headings, the place-and-date line and the
// signers are not associations; "Nhiệm kỳ (từ ngày)" is the term's start; "Số QĐ",
// "Ngày QĐ" and "Cơ quan ban hành" side by side are the founding decision's.
func TestOfficeListShapes(t *testing.T) {
	ctx := context.Background()
	path := writeBook(t, "ds.xlsx", [][]any{
		{"DANH SÁCH CÁC HỘI CÓ PHẠM VI HOẠT ĐỘNG TRONG HUYỆN"},
		{"STT", "Tên hội", "Số QĐ", "Ngày QĐ", "Cơ quan ban hành", "Nhiệm kỳ\n(từ ngày)", "(đến ngày)"},
		{"I", "HỘI CẤP TỈNH"},
		{1, "Hội Luật gia tỉnh", "7/QĐ-UBND", "01/02/2010", "UBND tỉnh", "01/03/2022", "28/02/2027"},
		{"II", "Hội cấp huyện"},
		{2, "Hội Cựu giáo chức huyện", "8/QĐ-UBND", "02/03/2011", "UBND huyện", "01/04/2023", "31/03/2028"},
		{nil, "Quảng Trị, ngày 10 tháng 3 năm 2024"},
		{nil, "NGƯỜI LẬP BIỂU", nil, nil, "THỦ TRƯỞNG ĐƠN VỊ"},
		{nil, "Lê Thị Hoa", nil, nil, "Phan Văn Minh"},
	})
	s := openStore(t)
	p, err := PreviewFile(ctx, s, path, Options{Kind: KindHoi})
	require.NoError(t, err)
	assert.Equal(t, 2, p.HeaderRow)
	assert.Equal(t, map[string]string{"A": "-", "B": "name", "C": "founding.number", "D": "founding.date", "E": "founding.issuer", "F": "term_start", "G": "term_end"}, columnFields(p), "%v", p.Notes)
	assert.Equal(t, 2, p.Counts[Create], "%+v", p.Rows)
	assert.Equal(t, 0, p.Counts[Fail], "%+v", p.Rows)
	var skipped []string
	for _, r := range p.Rows {
		if r.Action == Skip {
			skipped = append(skipped, strings.Join(r.Messages, " "))
		}
	}
	assert.Len(t, skipped, 5, "two group headings, the date line, the signers and their names: %v", skipped)
	assert.Contains(t, skipped[0], "tên một nhóm")
}

// Exported from one database, a list imports into another (a province's list given to
// a commune): the ids are another database's, rows are matched by name, and the
// records are the same.
func TestExportImportIntoAnotherDatabase(t *testing.T) {
	ctx := context.Background()
	from := openStore(t)
	a := &data.Association{Name: "Hội Khuyến học tỉnh Quảng Trị", Scope: data.ScopeProvince, Status: data.StatusActive,
		Founding:  data.Decision{Number: "12/QĐ-UBND", Date: data.MustDate("15/06/2001"), Issuer: "UBND tỉnh Quảng Trị"},
		TermStart: data.MustDate("01/03/2022"), TermEnd: data.MustDate("28/02/2027"), PartyMembers: 120, FullTimeStaff: 3}
	create(t, from, a)
	path := filepath.Join(t.TempDir(), "ds.xlsx")
	_, err := ExportAssociations(ctx, from, store.AssociationFilter{}, path)
	require.NoError(t, err)

	to := openStore(t)
	p, err := PreviewFile(ctx, to, path, Options{Kind: KindHoi})
	require.NoError(t, err)
	require.Equal(t, 1, p.Counts[Create], "%+v", p.Rows)
	assert.Contains(t, strings.Join(p.Rows[0].Messages, " "), "mã của cơ sở dữ liệu khác — ghép theo tên")
	_, err = p.Apply(ctx, to)
	require.NoError(t, err)
	list, _, err := to.FindAssociations(ctx, store.AssociationFilter{})
	require.NoError(t, err)
	require.Len(t, list, 1)
	b := list[0]
	assert.NotEqual(t, a.ID, b.ID, "a new record of this database")
	assert.Equal(t, a.Founding, b.Founding)
	assert.Equal(t, []any{a.Name, a.TermStart, a.TermEnd, a.PartyMembers, a.FullTimeStaff}, []any{b.Name, b.TermStart, b.TermEnd, b.PartyMembers, b.FullTimeStaff})

	// Imported again, the same file changes nothing: its rows match by name now.
	p, err = PreviewFile(ctx, to, path, Options{Kind: KindHoi})
	require.NoError(t, err)
	assert.Equal(t, 0, p.Counts[Create]+p.Counts[Fail], "%+v", p.Rows)
}

// A CSV's blank lines keep the file's line numbers in messages.
func TestCSVLineNumbersAfterBlankLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ds.csv")
	require.NoError(t, os.WriteFile(path, []byte("DANH SÁCH\n\nTên hội;Ngày thành lập\nHội A;31/02/2020\n"), 0o644))
	p, err := PreviewFile(context.Background(), openStore(t), path, Options{Kind: KindHoi})
	require.NoError(t, err)
	assert.Equal(t, 3, p.HeaderRow)
	require.Len(t, p.Rows, 1)
	assert.Equal(t, []string{"Dòng 4, cột B (Ngày thành lập): ngày 31/02/2020 không có thật"}, p.Rows[0].Messages)
}

// A value that cannot be taken names its row, column and header, and the row is not
// half-imported: month 13, and a term that ends before it starts.
func TestRefusedValuesNameTheirColumn(t *testing.T) {
	ctx := context.Background()
	path := writeBook(t, "sai.xlsx", [][]any{
		{"Tên hội", "Nhiệm kỳ từ ngày", "Nhiệm kỳ đến ngày", "Số đảng viên"},
		{"Hội A", "15/13/2021", "14/13/2026", "12"},
		{"Hội B", "01/03/2024", "01/03/2022", "7"},
	}, func(f *excelize.File) {})
	s := openStore(t)
	before := digest(t, s)
	p, err := PreviewFile(ctx, s, path, Options{Kind: KindHoi})
	require.NoError(t, err)
	require.Len(t, p.Rows, 2)
	assert.Equal(t, Fail, p.Rows[0].Action)
	assert.Contains(t, p.Rows[0].Messages[0], "Dòng 2, cột B (Nhiệm kỳ từ ngày): ")
	assert.Contains(t, p.Rows[0].Messages[0], "tháng 13")
	assert.Equal(t, Fail, p.Rows[1].Action)
	assert.Contains(t, strings.Join(p.Rows[1].Messages, " "), "Dòng 3, cột C (Nhiệm kỳ đến ngày): ")
	_, err = p.Apply(ctx, s)
	assert.Error(t, err, "nothing to import")
	assert.Equal(t, before, digest(t, s))
}

// The clerk's choice of a field another column was matched to moves the field: the
// other column becomes a question (a17: "Số hội viên là đảng viên" beside "Số đảng
// viên"; accepting the guess said 'cùng ghép vào trường “party_members”').
func TestChosenFieldMovesFromAnotherColumn(t *testing.T) {
	path := writeBook(t, "dv.xlsx", [][]any{
		{"Tên hội", "Số hội viên là đảng viên", "Số đảng viên"},
		{"Hội A", "12", "10"},
	})
	p, err := PreviewFile(context.Background(), openStore(t), path, Options{Kind: KindHoi, Map: map[string]string{"Cột B": "party_members"}})
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"A": "name", "B": "party_members", "C": ""}, columnFields(p))
	assert.Equal(t, "party_members", p.Columns[2].Guess)
	// Two columns the clerk put on one field are refused, naming the field for people.
	_, err = PreviewFile(context.Background(), openStore(t), path, Options{Kind: KindHoi, Map: map[string]string{"Cột B": "party_members", "Cột C": "party_members"}})
	assert.Contains(t, data.Message(err), "cùng ghép vào trường “Số đảng viên”")
}
