package data

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar day without time or zone: a deadline, a decision date, a congress.
// The zero Date means "not set".
type Date struct{ t time.Time }

// NewDate returns the given day.
func NewDate(year int, month time.Month, day int) Date {
	return Date{time.Date(year, month, day, 0, 0, 0, 0, time.UTC)}
}

// Vietnam is the zone of every calendar day qlhoi works with: Indochina Time, UTC+07:00.
// Vietnam has kept +07:00 without daylight saving since 1975, so a fixed zone is exact
// for every date the program handles and needs no tz database (Windows has none for Go
// programs without time/tzdata).
var Vietnam = time.FixedZone("ICT", 7*60*60)

// InVietnam is t on Vietnamese clocks, for showing a time of day.
func InVietnam(t time.Time) time.Time { return t.In(Vietnam) }

// DateOf returns the calendar day of instant t in Vietnam, wherever the computer's clock
// is set: a record created at 00:30 in Hà Nội (17:30 UTC the day before) is of that
// Vietnamese day.
func DateOf(t time.Time) Date {
	t = t.In(Vietnam)
	return NewDate(t.Year(), t.Month(), t.Day())
}

// DayOf returns the day shown by t's own calendar fields (a day picked in a calendar
// widget), ignoring its zone.
func DayOf(t time.Time) Date { return NewDate(t.Year(), t.Month(), t.Day()) }

// ParseDate reads a day as users type it, dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy and
// dd.mm.yyyy), or as ISO yyyy-mm-dd. An empty string is the zero Date. A day of the
// right shape that the calendar does not have (31/02) fails with ErrDateNotReal.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	var day, month, year int
	if m := isoDate.FindStringSubmatch(s); m != nil {
		year, month, day = atoi(m[1]), atoi(m[2]), atoi(m[3])
	} else if m := userDate.FindStringSubmatch(s); m != nil && m[2] == m[4] {
		day, month, year = atoi(m[1]), atoi(m[3]), atoi(m[5])
	} else {
		return Date{}, &Error{Code: "ErrDateInvalid", Message: fmt.Sprintf("Ngày “%s” không đúng dạng. Hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/02/2024.", s)}
	}
	if month < 1 || month > 12 {
		return Date{}, &Error{Code: "ErrDateNotReal", Message: fmt.Sprintf("Ngày “%s” không có thật: tháng phải từ 1 đến 12.", s)}
	}
	last := time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if day < 1 || day > last {
		return Date{}, &Error{Code: "ErrDateNotReal", Message: fmt.Sprintf("Ngày “%s” không có thật: tháng %d năm %d chỉ có %d ngày.", s, month, year, last)}
	}
	return NewDate(year, time.Month(month), day), nil
}

var (
	isoDate  = regexp.MustCompile(`^([0-9]{4})-([0-9]{2})-([0-9]{2})$`)
	userDate = regexp.MustCompile(`^([0-9]{1,2})([/.-])([0-9]{1,2})([/.-])([0-9]{4})$`)
)

func atoi(s string) int {
	n, _ := strconv.Atoi(s) // the patterns admit only digits
	return n
}

// MustDate parses an ISO or dd/mm/yyyy day and panics on error; for tests and fixed data.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether the day is unset.
func (d Date) IsZero() bool { return d.t.IsZero() }

// Time returns midnight UTC of the day.
func (d Date) Time() time.Time { return d.t }

// Year returns the year of the day.
func (d Date) Year() int { return d.t.Year() }

// String is the user-facing form dd/mm/yyyy, or "" when unset.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("02/01/2006")
}

// ISO is the stored form yyyy-mm-dd, or "" when unset.
func (d Date) ISO() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("2006-01-02")
}

// Before reports whether d is strictly before e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// After reports whether d is strictly after e.
func (d Date) After(e Date) bool { return d.t.After(e.t) }

// AddDays returns the day n days later (earlier if n < 0).
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// AddMonths returns the same day n months later, normalised like time.AddDate.
func (d Date) AddMonths(n int) Date { return Date{d.t.AddDate(0, n, 0)} }

// AddYears returns the same day n years later.
func (d Date) AddYears(n int) Date { return Date{d.t.AddDate(n, 0, 0)} }

// DaysUntil returns the number of days from d to e (negative if e is earlier).
func (d Date) DaysUntil(e Date) int { return int(e.t.Sub(d.t).Hours() / 24) }

// MarshalJSON writes yyyy-mm-dd, or null when unset.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.ISO())
}

// UnmarshalJSON accepts yyyy-mm-dd, dd/mm/yyyy, "" and null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	// The stored form "yyyy-mm-dd" is read without the general parser.
	if len(b) == 12 && b[0] == '"' && b[5] == '-' && b[8] == '-' && b[11] == '"' {
		if t, err := time.Parse("2006-01-02", string(b[1:11])); err == nil {
			*d = Date{t}
			return nil
		}
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return &Error{Code: "ErrDateInvalid", Message: "Ngày phải là chuỗi dạng ngày/tháng/năm."}
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// DateType is the reflect type of Date, for code that walks records' fields.
var DateType = reflect.TypeOf(Date{})
