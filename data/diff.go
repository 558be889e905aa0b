package data

import (
	"encoding/json"
	"fmt"
	"sort"
)

// FieldChange is one field that differs between two versions of a record.
type FieldChange struct {
	Field    string // JSON name, e.g. "phone" or "founding"
	Old, New string // shown as users read them (dates dd/mm/yyyy, text quoted)
}

// MetaFields change on every write and are not shown as differences.
var MetaFields = map[string]bool{"version": true, "updated_at": true, "created_at": true, "id": true, "office": true, "hlc": true, "by": true, "parents": true}

// Diff lists the fields that differ between two record bodies (before may be nil).
func Diff(before, after []byte) []FieldChange {
	var b, a map[string]any
	if before != nil {
		json.Unmarshal(before, &b)
	}
	json.Unmarshal(after, &a)
	keys := map[string]bool{}
	for k := range b {
		keys[k] = true
	}
	for k := range a {
		keys[k] = true
	}
	var names []string
	for k := range keys {
		if !MetaFields[k] && fmt.Sprint(b[k]) != fmt.Sprint(a[k]) {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	out := make([]FieldChange, len(names))
	for i, k := range names {
		out[i] = FieldChange{Field: k, Old: showValue(b[k]), New: showValue(a[k])}
	}
	return out
}

func showValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "(trống)"
	case string:
		if len(x) == 10 && x[4] == '-' && x[7] == '-' {
			if d, err := ParseDate(x); err == nil {
				return d.String()
			}
		}
		return "“" + x + "”"
	case bool:
		if x {
			return "có"
		}
		return "không"
	case float64:
		return FormatInt(int64(x))
	case map[string]any, []any:
		b, _ := json.Marshal(x)
		return string(b)
	}
	return fmt.Sprint(v)
}
