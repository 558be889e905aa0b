package sheet

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"qlhoi/data"
)

// excelEpoch is day 0 of Excel's 1900 date system (counting its 29/02/1900).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

var (
	serialDate = regexp.MustCompile(`^[0-9]{1,6}(\.[0-9]+)?$`)
	dmy        = regexp.MustCompile(`^([0-9]{1,2})\s*[/.-]\s*([0-9]{1,2})\s*[/.-]\s*([0-9]{4})$`)
	ymd        = regexp.MustCompile(`^([0-9]{4})\s*[/.-]\s*([0-9]{1,2})\s*[/.-]\s*([0-9]{1,2})$`)
	words      = regexp.MustCompile(`^(?:ngay\s*)?([0-9]{1,2})\s*thang\s*([0-9]{1,2})\s*nam\s*([0-9]{4})$`)
	bareYear   = regexp.MustCompile(`^([0-9]{4})$`)
)

// ParseDate reads a day in any shape old spreadsheets hold: an Excel serial number
// (44362), 15/6/2021, 15-06-2021, 15.06.2021, 2021-06-15, "ngày 15 tháng 6 năm 2021",
// and, when yearOnly is allowed (founding), a bare year (01/01 of it; year is true).
// The error is a Vietnamese sentence without the row and column.
func ParseDate(s string, yearOnly bool) (d data.Date, year bool, err error) {
	s = cleanText(s)
	if s == "" {
		return data.Date{}, false, nil
	}
	f := foldText(s)
	if m := bareYear.FindStringSubmatch(f); m != nil {
		y, _ := strconv.Atoi(m[1])
		if !yearOnly {
			return data.Date{}, false, fmt.Errorf("“%s” chỉ có năm; cột này cần đủ ngày/tháng/năm", s)
		}
		if y < 1900 || y > 2100 {
			return data.Date{}, false, fmt.Errorf("năm %d không hợp lệ", y)
		}
		return data.NewDate(y, time.January, 1), true, nil
	}
	var day, month, yr string
	if m := dmy.FindStringSubmatch(f); m != nil {
		day, month, yr = m[1], m[2], m[3]
	} else if m := ymd.FindStringSubmatch(f); m != nil {
		yr, month, day = m[1], m[2], m[3]
	} else if m := words.FindStringSubmatch(f); m != nil {
		day, month, yr = m[1], m[2], m[3]
	} else if serialDate.MatchString(f) {
		v, perr := strconv.ParseFloat(f, 64)
		if perr != nil || v < 1 || v > 73415 { // up to 31/12/2100
			return data.Date{}, false, fmt.Errorf("“%s” không phải là ngày", s)
		}
		return data.DateOf(excelEpoch.AddDate(0, 0, int(math.Floor(v)))), false, nil
	} else {
		return data.Date{}, false, fmt.Errorf("“%s” không phải là ngày (hãy ghi theo dạng ngày/tháng/năm, ví dụ 15/06/2021)", s)
	}
	dd, _ := strconv.Atoi(day)
	mm, _ := strconv.Atoi(month)
	yy, _ := strconv.Atoi(yr)
	switch {
	case mm < 1 || mm > 12:
		return data.Date{}, false, fmt.Errorf("ngày %s không có thật: tháng %d không có (tháng từ 1 đến 12)", s, mm)
	case yy < 1900 || yy > 2100:
		return data.Date{}, false, fmt.Errorf("ngày %s không có thật: năm %d ngoài khoảng 1900–2100", s, yy)
	case dd < 1 || dd > 31:
		return data.Date{}, false, fmt.Errorf("ngày %s không có thật: ngày %d không có", s, dd)
	}
	t := time.Date(yy, time.Month(mm), dd, 0, 0, 0, 0, time.UTC)
	if t.Day() != dd || int(t.Month()) != mm {
		return data.Date{}, false, fmt.Errorf("ngày %s không có thật", s)
	}
	return data.DateOf(t), false, nil
}

var (
	plainInt   = regexp.MustCompile(`^-?[0-9]+$`)
	groupedInt = regexp.MustCompile(`^-?[0-9]{1,3}([.,  ][0-9]{3})+$`)
	wholeFloat = regexp.MustCompile(`^-?[0-9]+\.0+$`)
)

// ParseInt reads a whole number as typed in Vietnamese tables: 1234, 1.234 or
// 1.234.567 (dots, commas or spaces between thousands), and the "1234.0" a numeric cell
// gives. It refuses fractions and numbers beyond max.
func ParseInt(s string, max int64) (int64, error) {
	s = cleanText(s)
	if s == "" {
		return 0, nil
	}
	t := s
	switch {
	case plainInt.MatchString(t):
	case groupedInt.MatchString(t):
		t = strings.NewReplacer(".", "", ",", "", " ", "", " ", "").Replace(t)
	case wholeFloat.MatchString(t):
		t = t[:strings.IndexByte(t, '.')]
	default:
		return 0, fmt.Errorf("“%s” không phải là số nguyên", s)
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n > max || n < -max {
		return 0, fmt.Errorf("số “%s” quá lớn", s)
	}
	return n, nil
}

// colName is the spreadsheet name of a 0-based column: A, B, …, Z, AA, …
func colName(i int) string {
	name := ""
	for i++; i > 0; i = (i - 1) / 26 {
		name = string(rune('A'+(i-1)%26)) + name
	}
	return name
}

// colIndex reads a column name (A, b, AA) back to its 0-based index, or -1.
func colIndex(s string) int {
	s = strings.ToUpper(strings.TrimSpace(s))
	if s == "" || len(s) > 3 {
		return -1
	}
	n := 0
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return -1
		}
		n = n*26 + int(r-'A'+1)
	}
	return n - 1
}

// plain reports whether s is printable ASCII without leading, trailing or doubled
// spaces: such text is already clean, and folds by lower-casing.
func plain(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return s == ""
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c > '~' || c == ' ' && s[i-1] == ' ' {
			return false
		}
	}
	return true
}

// cleanText is data.Clean, without the Unicode work for plain ASCII (numbers, dates, codes).
func cleanText(s string) string {
	if plain(s) {
		return s
	}
	return data.Clean(s)
}

// foldText is data.Fold, likewise.
func foldText(s string) string {
	if plain(s) {
		return strings.ToLower(s)
	}
	return data.Fold(s)
}
