package data

import (
	"errors"
	"strings"
)

// Error is a failure a user can act on: a stable code (the key of its sentences in
// Catalogue, named in the test that provokes it), the field it concerns, and a
// Vietnamese sentence saying what is wrong and what to do. It is the one error type for
// refusals; anything else reaching the user is a database fault (ErrDatabase).
type Error struct {
	Code    string
	Field   string
	Message string
	// Warning marks a problem the user may override (a near-duplicate name).
	Warning bool
	// Args are the values the catalogue's sentences put in their verbs, in order
	// (Catalogue, In).
	Args []any
	Err  error
}

// Error is the developer's account of the error, for the log: its code, field and
// cause. The user's sentence is Message (or MessageIn); a log never holds it, so that
// no record's contents reach the log.
func (e *Error) Error() string {
	s := e.Code
	if s == "" {
		s = "Error"
	}
	if e.Field != "" {
		s += "(" + e.Field + ")"
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Problems is every rule a record breaks, in field order; Validate returns it.
type Problems []*Error

func (p Problems) Error() string {
	msgs := make([]string, len(p))
	for i, e := range p {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// Unwrap lets errors.As find each problem.
func (p Problems) Unwrap() []error {
	out := make([]error, len(p))
	for i, e := range p {
		out[i] = e
	}
	return out
}

func (p *Problems) Add(code, field, msg string) {
	*p = append(*p, &Error{Code: code, Field: field, Message: msg})
}

func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return p
}

// Codes lists the codes of the qlhoi errors inside err.
func Codes(err error) []string {
	var out []string
	var walk func(error)
	walk = func(e error) {
		if e == nil {
			return
		}
		var de *Error
		if x, ok := e.(*Error); ok {
			de = x
		}
		if de != nil {
			out = append(out, de.Code)
		}
		switch u := e.(type) {
		case interface{ Unwrap() []error }:
			for _, c := range u.Unwrap() {
				walk(c)
			}
		case interface{ Unwrap() error }:
			if de == nil {
				walk(u.Unwrap())
			}
		}
	}
	walk(err)
	return out
}

// HasCode reports whether err carries the given code.
func HasCode(err error, code string) bool {
	for _, c := range Codes(err) {
		if c == code {
			return true
		}
	}
	return false
}

// FieldErrors maps each field to the first message about it, for inline display in forms.
func FieldErrors(err error) map[string]string { return FieldErrorsIn(err, "vi") }

// FieldErrorsIn is FieldErrors in a language ("vi" or "en").
func FieldErrorsIn(err error, lang string) map[string]string {
	out := map[string]string{}
	var p Problems
	if errors.As(err, &p) {
		for _, e := range p {
			if _, ok := out[e.Field]; !ok {
				out[e.Field] = e.In(lang)
			}
		}
		return out
	}
	var e *Error
	if errors.As(err, &e) {
		out[e.Field] = e.In(lang)
	}
	return out
}

// Message is the sentence to show a user for err: the Vietnamese message of a qlhoi
// error, or a general sentence for anything else (never a raw SQL or Go error).
func Message(err error) string {
	if err == nil {
		return ""
	}
	var p Problems
	if errors.As(err, &p) {
		msgs := make([]string, len(p))
		for i, e := range p {
			msgs[i] = e.Message
		}
		return strings.Join(msgs, " ")
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return Catalogue["ErrDatabase"].Vi
}

// ErrNotFound is returned when a record does not exist (or was deleted and not asked for).
var ErrNotFound = &Error{Code: "ErrNotFound", Message: "Không tìm thấy bản ghi. Có thể bản ghi đã bị xóa; hãy tải lại danh sách."}

// ErrConflict is returned when a record changed since it was read.
var ErrConflict = &Error{Code: "ErrConflict", Message: "Bản ghi vừa được thay đổi ở nơi khác. Hãy mở lại bản ghi để xem nội dung mới rồi sửa tiếp."}
