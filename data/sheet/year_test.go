package sheet

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
)

// The member counts of a list go to the figures of the year the list is for: the year
// its title names, or the year chosen, else this year — said in the preview; an
// existing row of that year is updated (old → new), never doubled.
func TestMembersGoToTheSheetsYear(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	kh := existingKhuyenHoc(t, s)
	create(t, s, &data.YearlyFigure{Association: kh.ID, Year: 2025, Members: 100})
	titled := writeBook(t, "ds.xlsx", [][]any{
		{"BAN DÂN VẬN TỈNH ỦY"},
		{"DANH SÁCH CÁC HỘI QUẦN CHÚNG NĂM 2025"},
		{},
		{"TT", "Tên hội", "Số hội viên"},
		{1, "Hội Khuyến học tỉnh Quảng Trị", 150},
		{2, "Hội Cựu thanh niên xung phong tỉnh", 80},
	})
	p, err := PreviewFile(ctx, s, titled, Options{Kind: KindHoi})
	require.NoError(t, err)
	assert.Equal(t, 2025, p.Year)
	assert.Equal(t, "tiêu đề", p.YearFrom)
	var upd Row
	for _, r := range p.Rows {
		if r.Action == Update {
			upd = r
		}
	}
	assert.Equal(t, []string{"Số hội viên năm 2025: 100 → 150"}, upd.Changed, "an update row says what changes")
	_, err = p.Apply(ctx, s)
	require.NoError(t, err)
	figs, err := store.List[data.YearlyFigure](ctx, s, "", nil)
	require.NoError(t, err)
	perYear := map[string]int{}
	for _, f := range figs {
		perYear[f.Association+"/"+itoa(f.Year)]++
		assert.Equal(t, 2025, f.Year, "no row for this year was made")
	}
	for k, n := range perYear {
		assert.Equal(t, 1, n, "one row per association and year: %s", k)
	}
	assert.Len(t, figs, 2)

	plain := writeBook(t, "ds2.xlsx", [][]any{{"Tên hội", "Số hội viên"}, {"Hội Khuyến học tỉnh Quảng Trị", 160}})
	p, err = PreviewFile(ctx, s, plain, Options{Kind: KindHoi})
	require.NoError(t, err)
	assert.Equal(t, s.Today().Year(), p.Year)
	assert.Equal(t, "năm nay", p.YearFrom)
	p, err = PreviewFile(ctx, s, plain, Options{Kind: KindHoi, Year: 2025})
	require.NoError(t, err)
	assert.Equal(t, "chọn", p.YearFrom)
	require.Len(t, p.Rows, 1)
	assert.Equal(t, []string{"Số hội viên năm 2025: 150 → 160"}, p.Rows[0].Changed)
}

// The year is also read where offices write it: a date in the title ("số liệu đến
// 31/12/2025", "tính đến tháng 6/2024"), else the file's name; never a year after
// this one (a term's end).
func TestFiguresYearWordings(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	this := s.Today().Year()
	for _, c := range []struct {
		file  string
		title string
		year  int
		from  string
	}{
		{"ds.xlsx", "DANH SÁCH HỘI (số liệu đến 31/12/2025)", 2025, "tiêu đề"},
		{"ds.xlsx", "Tính đến tháng 6/2024", 2024, "tiêu đề"},
		{"ds.xlsx", "Số liệu ngày 15.10.2023", 2023, "tiêu đề"},
		{"DS hoi 2025.xlsx", "DANH SÁCH CÁC HỘI", 2025, "tên tệp"},
		{"ds-hoi_2022.xlsx", "", 2022, "tên tệp"},
		{"ds.xlsx", "Nhiệm kỳ 2026-2031, đến 31/12/2099", this, "năm nay"},
		{"ds-2099.xlsx", "", this, "năm nay"},
	} {
		rows := [][]any{{"Tên hội", "Số hội viên"}, {"Hội Khuyến học tỉnh Quảng Trị", 160}}
		if c.title != "" {
			rows = append([][]any{{c.title}, {}}, rows...)
		}
		p, err := PreviewFile(ctx, s, writeBook(t, c.file, rows), Options{Kind: KindHoi})
		require.NoError(t, err, c.file)
		assert.Equal(t, c.year, p.Year, "%s %q", c.file, c.title)
		assert.Equal(t, c.from, p.YearFrom, "%s %q", c.file, c.title)
	}
}

// An update row shows a date as the clerk reads it, dd/mm/yyyy.
func TestChangedDatesReadAsDates(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	existingKhuyenHoc(t, s)
	p, err := PreviewFile(ctx, s, writeBook(t, "ds.xlsx", [][]any{{"Tên hội", "Bắt đầu nhiệm kỳ"}, {"Hội Khuyến học tỉnh Quảng Trị", "01/03/2021"}}), Options{Kind: KindHoi})
	require.NoError(t, err)
	require.Len(t, p.Rows, 1)
	require.Equal(t, Update, p.Rows[0].Action, p.Rows[0].Messages)
	assert.Contains(t, strings.Join(p.Rows[0].Changed, "\n"), "→ 01/03/2021")
}

// A congress number written in Roman numerals, as many offices do, is read.
func TestCongressInRomanNumerals(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	p, err := PreviewFile(ctx, s, writeBook(t, "ds.xlsx", [][]any{{"Tên hội", "Đại hội lần thứ"}, {"Hội Cựu giáo chức xã Gio Mai", "IV"}, {"Hội Nông dân xã Gio Mai", "lần thứ XII"}}), Options{Kind: KindHoi})
	require.NoError(t, err)
	require.Len(t, p.Rows, 2)
	for _, r := range p.Rows {
		assert.Equal(t, Create, r.Action, r.Messages)
	}
	_, err = p.Apply(ctx, s)
	require.NoError(t, err)
	found, _, err := s.FindAssociations(ctx, store.AssociationFilter{Query: "nong dan gio mai"})
	require.NoError(t, err)
	require.Len(t, found, 1)
	assert.Equal(t, 12, found[0].CongressNumber)
}
