package data

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"unicode/utf8"
)

// Every text field of a record has a maximum, enforced wherever records come from —
// the window and qlhoictl, spreadsheets, bundles — because all of them validate through
// ValidateRecord below. A peer once stored a 10 MB address, and a 7 MB task result made a
// 5,468-page report.
const (
	// MaxShortText bounds names, numbers, codes, addresses, phones: one line.
	MaxShortText = 500
	// MaxLongText bounds free text: contents, results, notes, findings (about 60 KB).
	MaxLongText = 20000
)

// longTextFields are the fields of free text (by their JSON names), with their names
// for people; every other text field is short.
var longTextFields = map[string]string{
	"content": "Nội dung", "result": "Kết quả", "problems": "Khó khăn, vướng mắc", "proposals": "Kiến nghị",
	"note": "Ghi chú", "findings": "Kết quả kiểm tra", "violations": "Vi phạm", "measures": "Biện pháp",
	"follow_up": "Theo dõi sau kiểm tra", "text": "Nội dung báo cáo", "summary": "Trích yếu", "subject": "Trích yếu",
	"activities": "Hoạt động", "awards": "Khen thưởng", "cancel_note": "Lý do hủy",
}

// textField is a string field of a record type: where it is and its JSON name.
type textField struct {
	path []int
	name string
}

var textFields sync.Map

// textFieldsOf lists the string fields of a record type, and of its nested structs
// (a decision's number and issuer), by JSON name; the metadata is left out.
func textFieldsOf(t reflect.Type) []textField {
	if f, ok := textFields.Load(t); ok {
		return f.([]textField)
	}
	var out []textField
	var walk func(t reflect.Type, path []int, prefix string)
	walk = func(t reflect.Type, path []int, prefix string) {
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			p := append(append([]int(nil), path...), i)
			switch {
			case f.Type == reflect.TypeFor[Meta]() || f.Type == DateType || name == "-":
			case f.Type.Kind() == reflect.String:
				out = append(out, textField{p, prefix + name})
			case f.Type.Kind() == reflect.Struct:
				walk(f.Type, p, prefix+name+".")
			}
		}
	}
	walk(t, nil, "")
	textFields.Store(t, out)
	return out
}

// textProblems is every text field of r longer than its maximum.
func textProblems(r Record) Problems {
	var p Problems
	v := reflect.ValueOf(r).Elem()
	for _, f := range textFieldsOf(v.Type()) {
		s := v.FieldByIndex(f.path).String()
		max, label := MaxShortText, f.name
		if l, long := longTextFields[f.name]; long {
			max, label = MaxLongText, l
		}
		if len(s) <= max { // bytes ≥ runes: most fields stop here
			continue
		}
		if n := utf8.RuneCountInString(s); n > max {
			field, _, _ := strings.Cut(f.name, ".")
			p = append(p, &Error{Code: "ErrTextTooLong", Field: field, Args: []any{label, max, n},
				Message: fmt.Sprintf("Trường “%s” dài quá %d ký tự (có %d ký tự); hãy rút gọn.", label, max, n)})
		}
	}
	return p
}

// ValidateRecord is a record's own rules (Validate) and the text maximums: the one check every
// write path runs.
func ValidateRecord(r Record) error {
	err := r.Validate()
	long := textProblems(r)
	if len(long) == 0 {
		return err
	}
	var p Problems
	if errors.As(err, &p) {
		return append(append(Problems(nil), p...), long...)
	}
	if err != nil {
		return err
	}
	return long
}
