package book

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Encoding is the pre-Unicode Vietnamese encoding a cell's text was typed in.
type Encoding string

// Encodings a cell can be converted from.
const (
	Unicode Encoding = ""
	TCVN3   Encoding = "TCVN3"
	VNI     Encoding = "VNI"
)

// tcvn3High maps the bytes 0xA0–0xFF of TCVN 5712:1993 (the ABC/.VnTime set) to
// Unicode. 0xB0–0xB4 are the combining tone marks.
var tcvn3High = [96]rune{
	0x00A0, 0x0102, 0x00C2, 0x00CA, 0x00D4, 0x01A0, 0x01AF, 0x0110, 0x0103, 0x00E2, 0x00EA, 0x00F4, 0x01A1, 0x01B0, 0x0111, 0x1EB0,
	0x0300, 0x0309, 0x0303, 0x0301, 0x0323, 0x00E0, 0x1EA3, 0x00E3, 0x00E1, 0x1EA1, 0x1EB2, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0x1EB4,
	0x1EAE, 0x1EA6, 0x1EA8, 0x1EAA, 0x1EA4, 0x1EC0, 0x1EB7, 0x1EA7, 0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD, 0x00E8, 0x1EC2, 0x1EBB, 0x1EBD,
	0x00E9, 0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC, 0x1EC9, 0x1EC4, 0x1EBE, 0x1ED2, 0x0129, 0x00ED, 0x1ECB, 0x00F2,
	0x1ED4, 0x1ECF, 0x00F5, 0x00F3, 0x1ECD, 0x1ED3, 0x1ED5, 0x1ED7, 0x1ED1, 0x1ED9, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, 0x1EE3, 0x00F9,
	0x1ED6, 0x1EE7, 0x0169, 0x00FA, 0x1EE5, 0x1EEB, 0x1EED, 0x1EEF, 0x1EE9, 0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5, 0x1ED0,
}

// Combining marks.
const (
	grave     = '\u0300'
	acute     = '\u0301'
	tilde     = '\u0303'
	hook      = '\u0309'
	dotBelow  = '\u0323'
	circumflx = '\u0302'
	breve     = '\u0306'
	horn      = '\u031B'
)

// VNI-Windows writes a letter as its base letter followed by mark characters.
// vniTone: marks that add a tone to any vowel.
var vniTone = map[rune]rune{'ù': acute, 'ø': grave, 'û': hook, 'õ': tilde, 'ï': dotBelow,
	'Ù': acute, 'Ø': grave, 'Û': hook, 'Õ': tilde, 'Ï': dotBelow}

// vniHat: marks after a, e, o giving the circumflex, alone or with a tone.
var vniHat = map[rune][]rune{'â': {circumflx}, 'á': {circumflx, acute}, 'à': {circumflx, grave}, 'å': {circumflx, hook}, 'ã': {circumflx, tilde}, 'ä': {circumflx, dotBelow},
	'Â': {circumflx}, 'Á': {circumflx, acute}, 'À': {circumflx, grave}, 'Å': {circumflx, hook}, 'Ã': {circumflx, tilde}, 'Ä': {circumflx, dotBelow}}

// vniBreve: marks after a giving the breve, alone or with a tone.
var vniBreve = map[rune][]rune{'ê': {breve}, 'é': {breve, acute}, 'è': {breve, grave}, 'ú': {breve, hook}, 'ü': {breve, tilde}, 'ë': {breve, dotBelow},
	'Ê': {breve}, 'É': {breve, acute}, 'È': {breve, grave}, 'Ú': {breve, hook}, 'Ü': {breve, tilde}, 'Ë': {breve, dotBelow}}

// vniSingle: characters that are a whole letter by themselves.
var vniSingle = map[rune]string{
	'ô': "ơ", 'Ô': "Ơ", 'ö': "ư", 'Ö': "Ư", 'ñ': "đ", 'Ñ': "Đ",
	'í': "í", 'ì': "ì", 'æ': "ỉ", 'ó': "ĩ", 'ò': "ị", 'î': "ỵ",
	'Í': "Í", 'Ì': "Ì", 'Æ': "Ỉ", 'Ó': "Ĩ", 'Ò': "Ị", 'Î': "Ỵ",
}

// vietLatin1 are the Latin-1 letters Unicode Vietnamese text uses as they are.
const vietLatin1 = "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ"

// DecodeTCVN3 converts text typed in TCVN3 (ABC) to NFC Unicode.
func DecodeTCVN3(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 0xA0 && r <= 0xFF {
			r = tcvn3High[r-0xA0]
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// DecodeVNI converts text typed in VNI-Windows to NFC Unicode.
func DecodeVNI(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		var next rune
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		base := r
		if one, ok := vniSingle[r]; ok {
			if r != 'ô' && r != 'Ô' && r != 'ö' && r != 'Ö' {
				b.WriteString(one)
				continue
			}
			base = []rune(one)[0] // ơ and ư take tone marks after them
		}
		lower := unicode.ToLower(base)
		switch {
		case vniTone[next] != 0 && strings.ContainsRune("aeouyơư", lower):
			b.WriteRune(base)
			b.WriteRune(vniTone[next])
			i++
		case vniHat[next] != nil && strings.ContainsRune("aeo", lower):
			b.WriteRune(base)
			b.WriteString(string(vniHat[next]))
			i++
		case vniBreve[next] != nil && lower == 'a':
			b.WriteRune(base)
			b.WriteString(string(vniBreve[next]))
			i++
		default:
			b.WriteRune(base)
		}
	}
	return norm.NFC.String(b.String())
}

// LegacyEvidence counts the characters of s that Unicode Vietnamese never uses but
// TCVN3 or VNI text is full of (Latin-1 symbols and non-Vietnamese letters), and
// reports whether s holds any character beyond Latin-1 (then s is Unicode). A symbol
// right after a digit (25°C) is a symbol, not a letter: it is counted in symbols.
func LegacyEvidence(s string) (n, symbols int, unicodeText bool) {
	var prev rune
	for _, r := range s {
		switch {
		case r > 0xFF:
			if isVietnameseUnicode(r) {
				return 0, 0, true
			}
		case r >= 0xA1 && !strings.ContainsRune(vietLatin1, r):
			if prev >= '0' && prev <= '9' {
				symbols++
			} else {
				n++
			}
		}
		prev = r
	}
	return n, symbols, false
}

// isVietnameseUnicode reports letters and marks only Unicode Vietnamese text has.
func isVietnameseUnicode(r rune) bool {
	return r >= 0x0100 && r <= 0x01B0 || r >= 0x1EA0 && r <= 0x1EF9 || r >= 0x0300 && r <= 0x0323
}

// implausible scores how unlike Vietnamese a decoded text is: words with more than
// one tone mark or more than three vowels, and doubled vowels, each count.
func implausible(s string) int {
	bad := 0
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) }) {
		tones, vowels := 0, 0
		var prev rune
		for _, r := range norm.NFD.String(strings.ToLower(w)) {
			switch {
			case r == grave || r == acute || r == tilde || r == hook || r == dotBelow:
				tones++
			case strings.ContainsRune("aeiouy", r):
				vowels++
				if r == prev {
					bad++
				}
				prev = r
				continue
			case unicode.Is(unicode.Mn, r):
				continue
			}
			if !unicode.Is(unicode.Mn, r) {
				prev = 0
			}
		}
		if tones > 1 {
			bad += tones - 1
		}
		if vowels > 3 {
			bad += vowels - 3
		}
	}
	for _, r := range s {
		if r >= 0xA1 && r <= 0xFF && !strings.ContainsRune(vietLatin1, r) {
			bad += 2 // a legacy character left over
		}
	}
	return bad + 2*badNuclei(s)
}

// nuclei are the vowel groups a Vietnamese syllable can have, without tone marks.
var nuclei = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields(`a ă â e ê i o ô ơ u ư y
		ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ ưa ưi ươ ưu uy yê
		iêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu yêu`) {
		m[n] = true
	}
	return m
}()

// badNuclei counts the words of s whose vowels no Vietnamese syllable has ("ieo" in
// "Nhieọm", what VNI bytes read as TCVN3 give). Words with letters beyond Vietnamese
// (f, j, w, z) are left alone: names, abbreviations and English are not judged.
func badNuclei(s string) int {
	bad := 0
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) }) {
		var b strings.Builder
		for _, r := range norm.NFD.String(strings.ToLower(w)) {
			if r != grave && r != acute && r != tilde && r != hook && r != dotBelow {
				b.WriteRune(r)
			}
		}
		plain := norm.NFC.String(b.String())
		if strings.ContainsAny(plain, "fjwz") {
			continue
		}
		// qu and gi before a vowel are initials.
		if strings.HasPrefix(plain, "qu") {
			plain = "q" + plain[2:]
		} else if strings.HasPrefix(plain, "gi") && len([]rune(plain)) > 2 && strings.ContainsRune("aăâeêoôơuưy", []rune(plain)[2]) {
			plain = "g" + plain[2:]
		}
		var run []rune
		flush := func() {
			if len(run) > 0 && !nuclei[string(run)] {
				bad++
			}
			run = run[:0]
		}
		for _, r := range plain {
			if strings.ContainsRune("aăâeêioôơuưy", r) {
				run = append(run, r)
			} else {
				flush()
			}
		}
		flush()
	}
	return bad
}

// Detect tells which encoding the text of one cell was typed in. hint is the encoding
// most cells of the sheet were found in: it decides for a cell that looks like Unicode
// but could be legacy (only letters Unicode Vietnamese also uses). Text with any
// character beyond Latin-1 is Unicode and never converted.
func Detect(s string, hint Encoding) Encoding {
	evidence, symbols, isUnicode := LegacyEvidence(s)
	if isUnicode {
		return Unicode
	}
	if evidence == 0 {
		if hint == Unicode || !HasHigh(s) || symbols > 0 {
			return Unicode
		}
		// Only Vietnamese-looking Latin-1 letters: convert as the sheet says if the
		// result reads at least as well as the text as it is.
		if implausible(decode(s, hint)) <= implausible(s) {
			return hint
		}
		return Unicode
	}
	t, v := implausible(DecodeTCVN3(s)), implausible(DecodeVNI(s))
	switch {
	case v < t:
		return VNI
	case v == t && hint == VNI:
		return VNI // the sheet's other cells decide a cell either reading fits
	}
	return TCVN3
}

// HasHigh tells whether s holds a Latin-1 letter or sign (U+00A1–U+00FF), as legacy
// Vietnamese text read as Windows-1252 does.
func HasHigh(s string) bool {
	for _, r := range s {
		if r >= 0xA1 && r <= 0xFF {
			return true
		}
	}
	return false
}

func decode(s string, e Encoding) string {
	switch e {
	case TCVN3:
		return DecodeTCVN3(s)
	case VNI:
		return DecodeVNI(s)
	}
	return s
}

// Convert returns the text of a cell in NFC Unicode and the encoding it was found in.
// Text typed in capitals (the .VnTimeH fonts show lower-case codes as capitals) stays
// in capitals.
func Convert(s string, hint Encoding) (string, Encoding) {
	e := Detect(s, hint)
	if e == Unicode {
		return s, Unicode
	}
	out := decode(s, e)
	if allCaps(s) {
		out = strings.ToUpper(out)
	} else if e == TCVN3 {
		out = capitalWords(s, out)
	}
	return out, e
}

// capitalWords puts in capitals the words of a TCVN3 text typed in capitals: TCVN3
// has no capital codes for most toned letters (the .VnTimeH fonts show the small ones
// as capitals), so "§ÕN" is "ĐẾN", not "ĐếN". A word is in capitals when its ASCII
// letters are. s and out have the same words, in the same order.
func capitalWords(s, out string) string {
	split := func(r rune) bool { return unicode.IsSpace(r) }
	in, words := strings.FieldsFunc(s, split), strings.FieldsFunc(out, split)
	if len(in) != len(words) {
		return out
	}
	changed := false
	for i, w := range in {
		upper, lower := 0, 0
		for _, r := range w {
			switch {
			case r >= 0xA1 && r <= 0xA7: // TCVN3's capitals Ă Â Ê Ô Ơ Ư Đ
				upper++
			case r < 0x80 && unicode.IsUpper(r):
				upper++
			case r < 0x80 && unicode.IsLower(r):
				lower++
			}
		}
		// Two capitals and no small letter: "§ÕN" (ĐẾN), not "Së" (Sở).
		if upper >= 2 && lower == 0 && words[i] != strings.ToUpper(words[i]) {
			words[i], changed = strings.ToUpper(words[i]), true
		}
	}
	if !changed {
		return out
	}
	return strings.Join(words, " ")
}

// allCaps reports whether every ASCII letter of s is a capital (at least two of them).
func allCaps(s string) bool {
	n := 0
	for _, r := range s {
		if r < 0x80 && unicode.IsLetter(r) {
			if unicode.IsLower(r) {
				return false
			}
			n++
		}
	}
	return n >= 2
}

// EncodeTCVN3 writes Unicode text with the TCVN3 codes (as Latin-1 characters), the way
// an old spreadsheet holds it; tests and the conversion round trip use it.
func EncodeTCVN3(s string) string {
	rev := map[rune]rune{}
	for i, r := range tcvn3High {
		if r > 0xFF || strings.ContainsRune(vietLatin1, r) {
			rev[r] = rune(0xA0 + i)
		}
	}
	var b strings.Builder
	for _, r := range norm.NFC.String(s) {
		if c, ok := rev[unicode.ToLower(r)]; ok && unicode.IsUpper(r) && !isTCVN3Capital(r) {
			b.WriteRune(c) // the capital is written as the lower-case code (.VnTimeH)
		} else if c, ok := rev[r]; ok {
			b.WriteRune(c)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isTCVN3Capital(r rune) bool { return strings.ContainsRune("ĂÂÊÔƠƯĐ", r) }

// EncodeVNI writes Unicode text with the VNI-Windows codes, for tests.
func EncodeVNI(s string) string {
	marks := map[rune]rune{acute: 'ù', grave: 'ø', hook: 'û', tilde: 'õ', dotBelow: 'ï', circumflx: 'â', breve: 'ê'}
	var b strings.Builder
	var tone rune
	flush := func() {
		if tone != 0 {
			b.WriteRune(marks[tone])
			tone = 0
		}
	}
	for _, r := range norm.NFD.String(s) {
		switch r {
		case acute, grave, hook, tilde, dotBelow:
			tone = r // written after the shape mark (NFD puts the dot below first)
		case circumflx, breve:
			b.WriteRune(marks[r])
		case horn:
			b.WriteRune(r)
		default:
			flush()
			b.WriteRune(r)
		}
	}
	flush()
	// Fold the circumflex/breve + tone pairs and the one-character letters.
	out := b.String()
	for _, p := range [][2]string{
		{"âù", "á"}, {"âø", "à"}, {"âû", "å"}, {"âõ", "ã"}, {"âï", "ä"},
		{"êù", "é"}, {"êø", "è"}, {"êû", "ú"}, {"êõ", "ü"}, {"êï", "ë"},
		{"o\u031b", "ô"}, {"O\u031b", "Ô"}, {"u\u031b", "ö"}, {"U\u031b", "Ö"}, {"đ", "ñ"}, {"Đ", "Ñ"},
		{"iù", "í"}, {"iø", "ì"}, {"iû", "æ"}, {"iõ", "ó"}, {"iï", "ò"}, {"yï", "î"},
		{"Iù", "Í"}, {"Iø", "Ì"}, {"Iû", "Æ"}, {"Iõ", "Ó"}, {"Iï", "Ò"}, {"Yï", "Î"},
	} {
		out = strings.ReplaceAll(out, p[0], p[1])
	}
	return out
}
