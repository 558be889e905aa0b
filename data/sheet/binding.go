package sheet

import (
	"fmt"
	"strconv"

	"qlhoi/data"
)

// binding reads one field of a row into a record of type T, and shows it back (to tell
// whether an update changes it).
type binding[T any] struct {
	Field
	get func(*T) string
	set func(*T, string) error // the error is a sentence without row and column
	// out is the value written to an exported sheet: text, a number or a real date.
	out func(*T) any
}

func fields[T any](bs []binding[T]) []Field {
	out := make([]Field, len(bs))
	for i, b := range bs {
		out[i] = b.Field
	}
	return out
}

func textField[T any](key, label string, names []string, p func(*T) *string) binding[T] {
	return binding[T]{Field{Key: key, Label: label, Names: names},
		func(t *T) string { return *p(t) },
		func(t *T, v string) error { *p(t) = cleanText(v); return nil },
		func(t *T) any { return *p(t) }}
}

// multilineField is textField for free text whose line breaks matter (notes, results).
func multilineField[T any](key, label string, names []string, p func(*T) *string) binding[T] {
	b := textField(key, label, names, p)
	b.set = func(t *T, v string) error { *p(t) = data.CleanMultiline(v); return nil }
	return b
}

func dateField[T any](key, label string, names []string, yearOK bool, p func(*T) *data.Date) binding[T] {
	return binding[T]{Field{Key: key, Label: label, Names: names, Date: true},
		func(t *T) string { return p(t).String() }, // as the preview shows it: dd/mm/yyyy
		func(t *T, v string) error {
			d, _, err := ParseDate(v, yearOK)
			if err != nil {
				return err
			}
			*p(t) = d
			return nil
		},
		func(t *T) any { return dateValue(*p(t)) }}
}

func intField[T any](key, label string, names []string, max int64, p func(*T) *int) binding[T] {
	return binding[T]{Field{Key: key, Label: label, Names: names},
		func(t *T) string { return strconv.Itoa(*p(t)) },
		func(t *T, v string) error {
			n, err := ParseInt(v, max)
			if err != nil {
				return err
			}
			if n < 0 {
				return fmt.Errorf("số “%s” không được âm", v)
			}
			*p(t) = int(n)
			return nil
		},
		func(t *T) any { return *p(t) }}
}

// ordinalField is the number of a congress or a term: 4 or IV ("lần thứ IV").
func ordinalField[T any](key, label string, names []string, p func(*T) *int) binding[T] {
	return binding[T]{Field{Key: key, Label: label, Names: names},
		func(t *T) string { return strconv.Itoa(*p(t)) },
		func(t *T, v string) error {
			n, ok := data.ParseOrdinal(cleanText(v))
			if !ok {
				return fmt.Errorf("“%s” không phải số lần đại hội (ghi 4 hoặc IV)", v)
			}
			*p(t) = n
			return nil
		},
		func(t *T) any { return *p(t) }}
}

// blankZero exports a count of 0 as an empty cell: there it means “no figures yet”,
// and an empty cell read back changes nothing.
func blankZero[T any](b binding[T]) binding[T] {
	out := b.out
	b.out = func(t *T) any {
		if v := out(t); v != 0 {
			return v
		}
		return ""
	}
	return b
}

func moneyField[T any](key, label string, names []string, p func(*T) *int64) binding[T] {
	return binding[T]{Field{Key: key, Label: label, Names: names},
		func(t *T) string { return strconv.FormatInt(*p(t), 10) },
		func(t *T, v string) error {
			n, err := parseAmount(v)
			if err != nil {
				return err
			}
			*p(t) = n
			return nil
		},
		func(t *T) any { return *p(t) }}
}

// parseAmount reads a sum of money in đồng: a whole number from 0 to below
// data.MaxAmount, with or without "." thousands separators.
func parseAmount(v string) (int64, error) {
	n, err := ParseInt(v, data.MaxAmount-1)
	if err != nil {
		return 0, err
	}
	if n < 0 {
		return 0, fmt.Errorf("số tiền “%s” không được âm", v)
	}
	return n, nil
}

// ParseBool reads a yes/no cell: "x", "có", "1", "đúng" are yes; "không", "0" are no.
func ParseBool(v string) (bool, error) {
	switch foldText(v) {
	case "x", "co", "1", "dung", "yes", "true", "v", "✓":
		return true, nil
	case "khong", "0", "no", "false", "-":
		return false, nil
	}
	return false, fmt.Errorf("“%s” không rõ là có hay không (ghi “x” hoặc “có” nếu có, để trống nếu không)", v)
}

func boolField[T any](key, label string, names []string, p func(*T) *bool) binding[T] {
	return binding[T]{Field{Key: key, Label: label, Names: names},
		func(t *T) string { return strconv.FormatBool(*p(t)) },
		func(t *T, v string) error {
			b, err := ParseBool(v)
			*p(t) = b
			return err
		},
		func(t *T) any {
			if *p(t) {
				return "x"
			}
			return ""
		}}
}

// choiceField reads one of a fixed set of values by its Vietnamese label or code.
func choiceField[T any, V ~string](key, label string, names []string, values []V, labelOf func(V) string, p func(*T) *V) binding[T] {
	byName := map[string]V{}
	var shown []string
	for _, v := range values {
		byName[data.Fold(string(v))] = v
		byName[data.Fold(labelOf(v))] = v
		shown = append(shown, labelOf(v))
	}
	return binding[T]{Field{Key: key, Label: label, Names: names},
		func(t *T) string { return string(*p(t)) },
		func(t *T, v string) error {
			f := foldText(v)
			for _, prefix := range []string{"", "cap ", "pham vi "} {
				if x, ok := byName[f[min(len(prefix), len(f)):]]; ok && len(f) >= len(prefix) && f[:len(prefix)] == prefix {
					*p(t) = x
					return nil
				}
			}
			return fmt.Errorf("“%s” không phải là %s hợp lệ (%s)", v, label, joinVN(shown))
		},
		func(t *T) any { return labelOf(*p(t)) }}
}

func joinVN(ss []string) string {
	out := ""
	for i, s := range ss {
		switch {
		case i == 0:
		case i == len(ss)-1:
			out += " hoặc "
		default:
			out += ", "
		}
		out += s
	}
	return out
}

// dateValue is a day as an exported cell: a real date, or nothing when unset.
func dateValue(d data.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.Time()
}
