// Package data holds qlhoi's records and their rules: the record types and their
// validation, the registry of kinds (kinds.go), dates, the Vietnamese text handling
// every other layer relies on, and the error codes with their sentences. It knows no
// database, no file format, no GUI and no PDF.
//
// Below it: data/store (the SQLite store: schema, queries, history, backup and
// restore, and the merge of received versions with who may write what), data/exchange
// (the bundle file between offices), data/sheet (spreadsheets) and data/demo.
package data

import (
	"bytes"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// Clean returns s as qlhoi stores text: valid UTF-8 in NFC, without control characters
// or invisible format characters (zero-width spaces, bidi overrides), with runs of
// whitespace (tabs, newlines, repeated spaces) collapsed to one space and trimmed.
func Clean(s string) string {
	if isClean(s) {
		return s
	}
	s = norm.NFC.String(dropFormat(strings.ToValidUTF8(s, "")))
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	}), " ")
}

// isClean reports whether Clean would return s unchanged, without building anything:
// most text (every cell of a large import) is already clean.
func isClean(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' || strings.Contains(s, "  ") {
		return false
	}
	ascii := true
	for i := 0; i < len(s) && ascii; i++ {
		if c := s[i]; c < ' ' || c == 0x7f {
			return false
		}
		ascii = s[i] < utf8.RuneSelf
	}
	if ascii { // printable ASCII is valid UTF-8 in NFC
		return true
	}
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r == ' ' {
			continue
		}
		if unicode.IsSpace(r) || unicode.IsControl(r) || isFormat(r) {
			return false
		}
	}
	return norm.NFC.IsNormalString(s)
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
	s = Clean(s)
	if f, ok := foldLatin(s); ok {
		return f
	}
	return foldSlow(s)
}

// foldSlow is Fold of clean text, by decomposing the whole string.
func foldSlow(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
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

// collator is a Vietnamese collator with its key buffer (a few kilobytes, reused).
type collator struct {
	c   *collate.Collator
	buf collate.Buffer
}

var collators = sync.Pool{New: func() any { return &collator{c: collate.New(language.Vietnamese)} }}

// SortKey returns a byte key whose byte order is the Vietnamese alphabetical order of s
// (a ă â b c d đ e ê …), so that SQL can ORDER BY it and page through an index.
func SortKey(s string) []byte {
	c := collators.Get().(*collator)
	defer collators.Put(c)
	c.buf.Reset()
	return bytes.Clone(c.c.KeyFromString(&c.buf, Clean(s)))
}

// CompareVietnamese orders two strings in Vietnamese alphabetical order.
func CompareVietnamese(a, b string) int {
	c := collators.Get().(*collator)
	defer collators.Put(c)
	return c.c.CompareString(Clean(a), Clean(b))
}

// FormatFigure writes a yearly figure as FormatInt does, and 0 as blank: a figure of
// 0 is one nobody recorded (reports print it blank too).
func FormatFigure(n int64) string {
	if n == 0 {
		return ""
	}
	return FormatInt(n)
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

// foldTable holds the fold of each rune of the Latin blocks Vietnamese uses: U+0000–
// U+036F (with the combining marks) and U+1E00–U+1EFF (Latin Extended Additional, the
// precomposed Vietnamese letters). Within them, decomposing a string rune by rune gives
// the same letters as decomposing it whole (canonical reordering only moves combining
// marks, which Fold drops), so folding by table is exact.
var foldTable = sync.OnceValue(func() []string {
	t := make([]string, 0x370+0x100)
	for r := rune(0); r < 0x370; r++ {
		t[r] = foldSlow(string(r))
	}
	for r := rune(0x1e00); r < 0x1f00; r++ {
		t[0x370+r-0x1e00] = foldSlow(string(r))
	}
	return t
})

// foldLatin folds clean text by table; ok is false if s has a rune outside the table.
func foldLatin(s string) (string, bool) {
	t := foldTable()
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r < 0x370:
			b.WriteString(t[r])
		case r >= 0x1e00 && r < 0x1f00:
			b.WriteString(t[0x370+r-0x1e00])
		default:
			return "", false
		}
	}
	return b.String(), true
}

// Shorten cuts a text to n characters, the last one "…", for a line of fixed width.
func Shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// ParseOrdinal reads the number of a congress or a term as offices write it: "4",
// "IV", "thứ IV", "lần thứ 4" (Roman numerals up to C, in their regular forms); ok is
// false for anything else. Empty is 0.
func ParseOrdinal(s string) (n int, ok bool) {
	t := strings.TrimSpace(Fold(s))
	for _, prefix := range []string{"lan thu", "khoa", "thu"} {
		t = strings.TrimSpace(strings.TrimPrefix(t, prefix))
	}
	if t == "" {
		return 0, true
	}
	if v, err := strconv.Atoi(t); err == nil {
		return v, v >= 0
	}
	roman := strings.ToUpper(t)
	value := map[rune]int{'I': 1, 'V': 5, 'X': 10, 'L': 50, 'C': 100}
	rs := []rune(roman)
	for i, r := range rs {
		v, known := value[r]
		if !known {
			return 0, false
		}
		if i+1 < len(rs) && value[rs[i+1]] > v {
			n -= v
		} else {
			n += v
		}
	}
	if n <= 0 || n > 100 || toRoman(n) != roman {
		return 0, false // "IIII", "VX": not a regular numeral
	}
	return n, true
}

// toRoman writes 1..100 in Roman numerals.
func toRoman(n int) string {
	var b strings.Builder
	for _, p := range []struct {
		v int
		s string
	}{{100, "C"}, {90, "XC"}, {50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}} {
		for ; n >= p.v; n -= p.v {
			b.WriteString(p.s)
		}
	}
	return b.String()
}
