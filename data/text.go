// Package data holds qlhoi's records and their rules, the local SQLite store with its
// change history, and the Vietnamese text handling every other layer relies on.
// It knows nothing of the GUI or of PDF output.
package data

import (
	"strconv"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// Clean returns s as qlhoi stores text: valid UTF-8 in NFC, without control characters
// or invisible format characters (zero-width spaces, bidi overrides), with runs of
// whitespace (tabs, newlines, repeated spaces) collapsed to one space and trimmed.
func Clean(s string) string {
	s = norm.NFC.String(dropFormat(strings.ToValidUTF8(s, "")))
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	}), " ")
}

// dropFormat removes format characters (Unicode category Cf): invisible, they can
// reorder what a reader sees (U+202E) or make two equal-looking names differ.
func dropFormat(s string) string {
	if strings.IndexFunc(s, isFormat) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isFormat(r) {
			return -1
		}
		return r
	}, s)
}

func isFormat(r rune) bool { return r >= 0xad && unicode.Is(unicode.Cf, r) }

// CleanMultiline is Clean for free text where line breaks matter (findings, results):
// each line is cleaned, blank runs are kept to one empty line.
func CleanMultiline(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		l = Clean(l)
		if l == "" && (len(out) == 0 || out[len(out)-1] == "") {
			continue
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// Fold returns the search key of s: lower case, no diacritics, "đ" as "d".
// "Hội Người cao tuổi" and "hoi nguoi cao tuoi" fold to the same key.
func Fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(Clean(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			b.WriteRune('d')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// Lower returns s cleaned and in lower case, keeping its diacritics; it is used to rank
// exact-accent matches above folded ones.
func Lower(s string) string {
	return strings.ToLower(Clean(s))
}

var collators = sync.Pool{New: func() any { return collate.New(language.Vietnamese) }}

// SortKey returns a byte key whose byte order is the Vietnamese alphabetical order of s
// (a ă â b c d đ e ê …), so that SQL can ORDER BY it and page through an index.
func SortKey(s string) []byte {
	c := collators.Get().(*collate.Collator)
	defer collators.Put(c)
	var buf collate.Buffer
	k := c.KeyFromString(&buf, Clean(s))
	return append([]byte(nil), k...)
}

// CompareVietnamese orders two strings in Vietnamese alphabetical order.
func CompareVietnamese(a, b string) int {
	c := collators.Get().(*collate.Collator)
	defer collators.Put(c)
	return c.CompareString(Clean(a), Clean(b))
}

// FormatInt writes n with dots between thousands, the Vietnamese way: 1.234.567.
func FormatInt(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
