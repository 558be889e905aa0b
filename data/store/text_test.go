package store_test

import (
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/text/unicode/norm"

	"qlhoi/data"
	"qlhoi/data/store"
)

func TestFoldAndClean(t *testing.T) {
	cases := []struct{ in, fold string }{
		{"Hội Người cao tuổi", "hoi nguoi cao tuoi"},
		{"HỘI ĐÔNG Y", "hoi dong y"},
		{"Đảng đoàn HĐND tỉnh", "dang doan hdnd tinh"},
		{"Hội Cựu Thanh niên xung phong", "hoi cuu thanh nien xung phong"},
		{"Liên hiệp các hội VHNT", "lien hiep cac hoi vhnt"},
		{norm.NFD.String("Hội Nạn nhân chất độc da cam/dioxin"), "hoi nan nhan chat doc da cam/dioxin"},
		{"  Hội\tLuật   gia\n", "hoi luat gia"},
		{"Ưu tiên", "uu tien"},
	}
	for _, c := range cases {
		assert.Equal(t, c.fold, data.Fold(c.in), c.in)
	}
	nfd := norm.NFD.String("Hội Khuyến học")
	assert.NotEqual(t, "Hội Khuyến học", nfd)
	assert.Equal(t, "Hội Khuyến học", data.Clean(nfd), "stored text is NFC")
	assert.Equal(t, "Hội Luật gia", data.Clean(" Hội \t Luật\u00a0 gia "))
	assert.Equal(t, "dòng 1\n\ndòng 2", data.CleanMultiline("  dòng   1 \r\n\n\n\n dòng 2 "))
}

func TestVietnameseOrder(t *testing.T) {
	names := []string{"Hội Ư", "Hội Đông y", "Hội U", "Hội Dược", "Hội Ơ", "Hội Ô", "Hội O", "Hội Ă", "Hội Â", "Hội A", "Hội E", "Hội Ê", "Hội B"}
	want := []string{"Hội A", "Hội Ă", "Hội Â", "Hội B", "Hội Dược", "Hội Đông y", "Hội E", "Hội Ê", "Hội O", "Hội Ô", "Hội Ơ", "Hội U", "Hội Ư"}
	got := append([]string(nil), names...)
	store.SortVietnamese(got, func(s string) string { return s })
	assert.Equal(t, want, got)

	byte := append([]string(nil), names...)
	sort.Strings(byte)
	assert.NotEqual(t, want, byte, "byte order is not Vietnamese order")

	// Tones order after the letter: a à á ả ã ạ, and NFD input sorts like NFC.
	tones := []string{"Hạ", norm.NFD.String("Hà"), "Ha", "Hả", "Há"}
	store.SortVietnamese(tones, func(s string) string { return s })
	assert.Equal(t, "Ha", tones[0])
	assert.Negative(t, data.CompareVietnamese("Đà Nẵng", "Em"))
	assert.Positive(t, data.CompareVietnamese("Đà Nẵng", "Dz"))
}

func TestFormats(t *testing.T) {
	assert.Equal(t, "1.234.567", data.FormatInt(1234567))
	assert.Equal(t, "999", data.FormatInt(999))
	assert.Equal(t, "-1.000", data.FormatInt(-1000))
	assert.Equal(t, "0", data.FormatInt(0))
	assert.Equal(t, "05/02/2024", data.MustDate("2024-02-05").String())
	assert.Equal(t, "2024-02-05", data.MustDate("5/2/2024").ISO())
	for _, bad := range []string{"2024/13/01", "hôm qua", "5/2-2024", "1/1/24"} {
		_, err := data.ParseDate(bad)
		assert.True(t, data.HasCode(err, "ErrDateInvalid"), bad)
		assert.Contains(t, data.Message(err), "ngày/tháng/năm")
	}
	// A day of the right shape that the calendar lacks is named as such, not as a
	// wrong format.
	for bad, want := range map[string]string{
		"31/02/2026": "tháng 2 năm 2026 chỉ có 28 ngày", "30/02/2024": "tháng 2 năm 2024 chỉ có 29 ngày",
		"32/01/2024": "tháng 1 năm 2024 chỉ có 31 ngày", "31/04/2025": "tháng 4 năm 2025 chỉ có 30 ngày",
		"15/13/2024": "tháng phải từ 1 đến 12", "2026-02-29": "chỉ có 28 ngày", "00/01/2024": "chỉ có 31 ngày",
	} {
		_, err := data.ParseDate(bad)
		assert.True(t, data.HasCode(err, "ErrDateNotReal"), bad)
		assert.Contains(t, data.Message(err), "không có thật", bad)
		assert.Contains(t, data.Message(err), want, bad)
	}
	assert.Equal(t, "2024-02-29", data.MustDate("29.02.2024").ISO())
	assert.Equal(t, "2024-02-29", data.MustDate("29-2-2024").ISO())
	d, err := data.ParseDate("")
	assert.NoError(t, err)
	assert.True(t, d.IsZero())
}

func TestSearchAssociations(t *testing.T) {
	ctx := t.Context()
	s := MustOpen(t)
	for _, n := range []string{"Hội Người cao tuổi tỉnh", "Hội Đông y tỉnh", "Hội Dược học tỉnh", "Hội Nông dân", "Hội Luật gia tỉnh", "Hội Người mù tỉnh", "Hội Hỏi đáp"} {
		MustCreate(t, s, validAssociation(n))
	}
	names := func(q string) []string {
		list, _, err := s.FindAssociations(ctx, store.AssociationFilter{Query: q})
		assert.NoError(t, err)
		var out []string
		for _, a := range list {
			out = append(out, a.Name)
		}
		return out
	}
	assert.Equal(t, []string{"Hội Người cao tuổi tỉnh"}, names("hoi nguoi cao tuoi"))
	assert.Equal(t, []string{"Hội Người cao tuổi tỉnh"}, names("cao tuổi"))
	assert.Equal(t, []string{"Hội Đông y tỉnh"}, names("dong y"), "d finds đ")
	assert.Equal(t, []string{"Hội Đông y tỉnh"}, names("ĐÔNG"))
	assert.Equal(t, []string{"Hội Người cao tuổi tỉnh", "Hội Người mù tỉnh"}, names("nguoi"))
	assert.Equal(t, []string{"Hội Người cao tuổi tỉnh"}, names(norm.NFD.String("tuổi tỉnh người")), "NFD input, words in any order")
	// "hỏi" with its accent ranks the exact match first, then the folded ones in order.
	assert.Equal(t, "Hội Hỏi đáp", names("hỏi")[0])
	assert.Len(t, names("hỏi"), 7)
	assert.Empty(t, names("100%"))
	all := names("")
	assert.Equal(t, []string{"Hội Dược học tỉnh", "Hội Đông y tỉnh", "Hội Hỏi đáp", "Hội Luật gia tỉnh", "Hội Người cao tuổi tỉnh", "Hội Người mù tỉnh", "Hội Nông dân"}, all, "Vietnamese order from SQL")

	page, total, err := s.FindAssociations(ctx, store.AssociationFilter{Offset: 2, Limit: 2})
	assert.NoError(t, err)
	assert.Equal(t, 7, total)
	assert.Equal(t, "Hội Hỏi đáp", page[0].Name)
	assert.Equal(t, "Hội Luật gia tỉnh", page[1].Name)
}

// Local input and received text alike lose invisible format characters (bidi
// overrides, zero-width spaces) and invalid UTF-8.
func TestCleanRemovesFormatCharacters(t *testing.T) {
	assert.Equal(t, "Hội Nông dân", data.Clean("Hội\u200b Nông\u202E dân\ufeff"))
	assert.Equal(t, "ab", data.Clean("a\xffb"))
	assert.Equal(t, "Hội", data.Clean("Ho\u0302\u0323i"))
}
