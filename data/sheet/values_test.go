package sheet

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
)

func TestParseDateShapes(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"44362", "15/06/2021"},
		{"44362.5", "15/06/2021"},
		{"15/6/2021", "15/06/2021"},
		{"15/06/2021", "15/06/2021"},
		{"15-06-2021", "15/06/2021"},
		{"15.06.2021", "15/06/2021"},
		{"15 / 6 / 2021", "15/06/2021"},
		{"2021-06-15", "15/06/2021"},
		{"ngày 15 tháng 6 năm 2021", "15/06/2021"},
		{"Ngày 05 tháng 02 năm 2024", "05/02/2024"},
		{"", ""},
	} {
		d, year, err := ParseDate(c.in, false)
		require.NoError(t, err, c.in)
		assert.Equal(t, c.want, d.String(), c.in)
		assert.False(t, year)
	}
	d, year, err := ParseDate("2005", true)
	require.NoError(t, err)
	assert.True(t, year)
	assert.Equal(t, "01/01/2005", d.String())

	for _, c := range []struct{ in, msg string }{
		{"31/02/2021", "ngày 31/02/2021 không có thật"},
		{"29/02/2023", "không có thật"},
		{"15/13/2021", "không có thật"},
		{"2005", "chỉ có năm"},
		{"mười lăm", "không phải là ngày"},
		{"99999999", "không phải là ngày"},
	} {
		_, _, err := ParseDate(c.in, false)
		require.Error(t, err, c.in)
		assert.Contains(t, err.Error(), c.msg, c.in)
	}
}

func TestParseInt(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
	}{{"1234", 1234}, {"1.234", 1234}, {"1.234.567", 1234567}, {"1,234", 1234}, {"1 234", 1234}, {"1234.0", 1234}, {"", 0}, {"-5", -5}} {
		n, err := ParseInt(c.in, 1e12)
		require.NoError(t, err, c.in)
		assert.Equal(t, c.want, n, c.in)
	}
	for _, in := range []string{"12,5", "1.2", "nhiều", "1.23.456", "99999999999999"} {
		_, err := ParseInt(in, 1e12)
		assert.Error(t, err, in)
	}
}

func TestColumnNames(t *testing.T) {
	for i, name := range map[int]string{0: "A", 3: "D", 25: "Z", 26: "AA", 27: "AB", 701: "ZZ", 702: "AAA"} {
		assert.Equal(t, name, colName(i))
		assert.Equal(t, i, colIndex(name))
	}
	assert.Equal(t, -1, colIndex("Ê"))
}

func TestCleanTextFastPath(t *testing.T) {
	for _, s := range []string{"", "15/06/2021", "  15/06/2021 ", "a  b", "Hội\u00a0A", "x\ty", "ABC", "Tỉnh", "Ho\u0323i"} {
		assert.Equal(t, data.Clean(s), cleanText(s), "%q", s)
		assert.Equal(t, data.Fold(s), foldText(s), "%q", s)
	}
}
