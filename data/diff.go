package data

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// FieldChange is one field that differs between two versions of a record.
type FieldChange struct {
	Field    string // JSON name, e.g. "phone" or "founding"
	Old, New string // shown as users read them (dates dd/mm/yyyy, text quoted)
}

// MetaFields change on every write and are not shown as differences.
var MetaFields = map[string]bool{"version": true, "updated_at": true, "created_at": true, "id": true, "office": true, "hlc": true, "by": true, "parents": true}

// technicalFields are a record's own bookkeeping, nothing a clerk reads: a register
// entry's series, its file's name and hash.
var technicalFields = map[string]bool{"series": true, "sha256": true, "file_name": true}

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
		if !MetaFields[k] && !technicalFields[k] && fmt.Sprint(b[k]) != fmt.Sprint(a[k]) {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	out := make([]FieldChange, len(names))
	for i, k := range names {
		if plainNumbers[k] {
			out[i] = FieldChange{Field: k, Old: plainNumber(b[k]), New: plainNumber(a[k])}
			continue
		}
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
	case map[string]any:
		// A decision and its like: its parts as a clerk reads them ("45/QĐ-UBND,
		// 20/11/2008"), the number first, never its JSON.
		var parts []string
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		order := map[string]int{"number": 0, "date": 1, "issuer": 2}
		sort.Slice(keys, func(i, j int) bool {
			oi, iok := order[keys[i]]
			oj, jok := order[keys[j]]
			if iok != jok {
				return iok
			}
			if iok {
				return oi < oj
			}
			return keys[i] < keys[j]
		})
		for _, k := range keys {
			if p := plainValue(x[k]); p != "" {
				parts = append(parts, p)
			}
		}
		if len(parts) == 0 {
			return "(trống)"
		}
		return strings.Join(parts, ", ")
	case []any:
		var parts []string
		for _, e := range x {
			if p := plainValue(e); p != "" {
				parts = append(parts, p)
			}
		}
		if len(parts) == 0 {
			return "(trống)"
		}
		return strings.Join(parts, "; ")
	}
	return fmt.Sprint(v)
}

// plainNumbers are the numbers that are years or ordinals: 2025, never "2.025".
var plainNumbers = map[string]bool{"year": true, "birth_year": true, "term": true, "congress_number": true}

func plainNumber(v any) string {
	if f, ok := v.(float64); ok {
		return fmt.Sprint(int64(f))
	}
	return showValue(v)
}

// plainValue is a part of a value: as showValue, without quotes, "" for empty.
func plainValue(v any) string {
	if v == nil || v == "" || v == false {
		return ""
	}
	s := showValue(v)
	if s == "(trống)" {
		return ""
	}
	return strings.TrimSuffix(strings.TrimPrefix(s, "“"), "”")
}
