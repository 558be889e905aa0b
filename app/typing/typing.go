// Package typing types Vietnamese with the Telex and VNI methods, the way Unikey users
// expect: marks and tones may follow their letter or come at the end of the word, the
// tone lands on the right vowel (old or new style), typing a key twice undoes it.
// Fyne has no input-method support, so qlhoi's text entries feed every key through an
// Engine. The package knows nothing of Fyne.
package typing

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Method is a typing method.
type Method int

// Methods.
const (
	Off Method = iota
	Telex
	VNI
)

// ParseMethod reads "telex", "vni" or "off".
func ParseMethod(s string) Method {
	switch strings.ToLower(s) {
	case "telex":
		return Telex
	case "vni":
		return VNI
	}
	return Off
}

// String is the method's setting value.
func (m Method) String() string {
	switch m {
	case Telex:
		return "telex"
	case VNI:
		return "vni"
	}
	return "off"
}

// Engine turns keys into Vietnamese text.
type Engine struct {
	Method Method
	// NewStyle places the tone of oa, oe, uy on the second vowel (hoà, thuỷ) instead of
	// the first (hòa, thủy).
	NewStyle bool
}

// The twelve vowels, each with its six tones: none, sắc, huyền, hỏi, ngã, nặng.
var vowelRows = []string{
	"aáàảãạ", "ăắằẳẵặ", "âấầẩẫậ", "eéèẻẽẹ", "êếềểễệ", "iíìỉĩị",
	"oóòỏõọ", "ôốồổỗộ", "ơớờởỡợ", "uúùủũụ", "ưứừửữự", "yýỳỷỹỵ",
}

type vowelInfo struct {
	plain rune // the vowel without tone, same case
	tone  int
}

var (
	vowels = map[rune]vowelInfo{}
	toned  = map[rune][6]rune{} // plain vowel → its six tones
)

func init() {
	for _, row := range vowelRows {
		for _, r := range []string{row, strings.ToUpper(row)} {
			forms := []rune(r)
			var six [6]rune
			copy(six[:], forms)
			toned[forms[0]] = six
			for t, f := range forms {
				vowels[f] = vowelInfo{forms[0], t}
			}
		}
	}
}

func isVowel(r rune) bool { _, ok := vowels[r]; return ok }

// base returns the lower-case Latin letter a vowel is built on (ă, â → a; ư → u).
func base(r rune) rune {
	switch unicode.ToLower(vowels[r].plain) {
	case 'ă', 'â':
		return 'a'
	case 'ê':
		return 'e'
	case 'ô', 'ơ':
		return 'o'
	case 'ư':
		return 'u'
	}
	return unicode.ToLower(vowels[r].plain)
}

func withTone(r rune, tone int) rune {
	v := vowels[r]
	return toned[v.plain][tone]
}

// withMark replaces a vowel's letter (keeping tone and case): to is the lower-case
// plain target, such as 'â'.
func withMark(r rune, to rune) rune {
	v := vowels[r]
	if unicode.IsUpper(v.plain) {
		to = unicode.ToUpper(to)
	}
	return toned[to][v.tone]
}

func lowerPlain(r rune) rune { return unicode.ToLower(vowels[r].plain) }

var initials = map[string]bool{"": true, "b": true, "c": true, "ch": true, "d": true, "đ": true, "g": true, "gh": true, "gi": true, "h": true, "k": true, "kh": true, "l": true, "m": true, "n": true, "ng": true, "ngh": true, "nh": true, "p": true, "ph": true, "q": true, "qu": true, "r": true, "s": true, "t": true, "th": true, "tr": true, "v": true, "x": true}
var finals = map[string]bool{"": true, "c": true, "ch": true, "m": true, "n": true, "ng": true, "nh": true, "p": true, "t": true}

// syllable is a word split into initial consonants, vowel nucleus and final consonants
// (as rune index ranges).
type syllable struct {
	word       []rune
	start, end int // nucleus is word[start:end]
}

// parse splits word as a Vietnamese syllable; ok is false if it is not one (English,
// numbers), in which case keys are typed as they are.
func parse(word []rune) (syllable, bool) {
	s := syllable{word: word, start: -1}
	for i, r := range word {
		if isVowel(r) {
			if s.start < 0 {
				s.start = i
			} else if s.end != i {
				return s, false // two vowel groups: not one syllable
			}
			s.end = i + 1
		} else if !unicode.IsLetter(r) {
			return s, false
		}
	}
	if s.start < 0 {
		return s, false
	}
	// "qu" and "gi" (before another vowel) are consonants.
	lw := strings.ToLower(string(word))
	if s.start == 1 && strings.HasPrefix(lw, "q") && base(word[1]) == 'u' && s.end-s.start > 1 {
		s.start++
	} else if s.start == 1 && strings.HasPrefix(lw, "g") && base(word[1]) == 'i' && lowerPlain(word[1]) == 'i' && s.end-s.start > 1 {
		s.start++
	}
	ini := strings.ToLower(string(word[:s.start]))
	fin := strings.ToLower(string(word[s.end:]))
	if !initials[ini] || !finals[fin] {
		return s, false
	}
	return s, true
}

func (s syllable) hasFinal() bool { return s.end < len(s.word) }

// tone returns the tone of the syllable and the index of the vowel carrying it.
func (s syllable) tone() (int, int) {
	for i := s.start; i < s.end; i++ {
		if t := vowels[s.word[i]].tone; t != 0 {
			return t, i
		}
	}
	return 0, -1
}

// tonePos is where the tone belongs in the nucleus.
func (e Engine) tonePos(s syllable) int {
	n := s.end - s.start
	// A vowel with a hat, breve or horn takes the tone (the last one: ươ → ơ).
	pos := -1
	for i := s.start; i < s.end; i++ {
		switch lowerPlain(s.word[i]) {
		case 'ă', 'â', 'ê', 'ô', 'ơ', 'ư':
			pos = i
		}
	}
	switch {
	case pos >= 0:
		return pos
	case n == 1:
		return s.start
	case n >= 3:
		return s.start + 1
	case s.hasFinal():
		return s.start + 1
	}
	pair := string([]rune{base(s.word[s.start]), base(s.word[s.start+1])})
	if e.NewStyle && (pair == "oa" || pair == "oe" || pair == "uy") {
		return s.start + 1
	}
	return s.start
}

// setTone puts tone t on the syllable's right vowel, removing any other tone.
func (e Engine) setTone(s syllable, t int) {
	for i := s.start; i < s.end; i++ {
		s.word[i] = withTone(s.word[i], 0)
	}
	if t != 0 {
		p := e.tonePos(s)
		s.word[p] = withTone(s.word[p], t)
	}
}

// replace re-places the tone after the nucleus changed.
func (e Engine) replace(word []rune) []rune {
	if s, ok := parse(word); ok {
		hornBoth(s)
		if t, _ := s.tone(); t != 0 {
			e.setTone(s, t)
		}
	}
	return word
}

// Key returns word after the key r is typed at its end. word is the text from the start
// of the current word to the cursor.
func (e Engine) Key(word string, r rune) string {
	w := []rune(norm.NFC.String(word))
	if e.Method == Off {
		return string(append(w, r))
	}
	if out, ok := e.transform(w, r); ok {
		return string(out)
	}
	return string(e.replace(append(w, r)))
}

// Type types a whole string key by key, as if each rune were pressed in turn.
func (e Engine) Type(keys string) string {
	var out []rune
	for _, r := range keys {
		i := len(out)
		for i > 0 && unicode.IsLetter(out[i-1]) {
			i--
		}
		out = append(out[:i], []rune(e.Key(string(out[i:]), r))...)
	}
	return string(out)
}

type action struct {
	tone int // 1–5, or 0 to remove; -1 when the key is not a tone key
	mark rune
}

func (e Engine) action(r rune) action {
	lr := unicode.ToLower(r)
	if e.Method == Telex {
		switch lr {
		case 's':
			return action{1, 0}
		case 'f':
			return action{2, 0}
		case 'r':
			return action{3, 0}
		case 'x':
			return action{4, 0}
		case 'j':
			return action{5, 0}
		case 'z':
			return action{0, 0}
		case 'a', 'e', 'o':
			return action{-1, '^'}
		case 'w':
			return action{-1, '+'}
		case 'd':
			return action{-1, 'd'}
		}
		return action{-1, -1}
	}
	switch {
	case r >= '1' && r <= '5':
		return action{int(r - '0'), 0}
	case r == '0':
		return action{0, 0}
	case r == '6':
		return action{-1, '^'}
	case r == '7':
		return action{-1, '+'}
	case r == '8':
		return action{-1, '('}
	case r == '9':
		return action{-1, 'd'}
	}
	return action{-1, -1}
}

// transform applies a tone or mark key; ok is false when the key is typed as it is.
func (e Engine) transform(w []rune, r rune) ([]rune, bool) {
	a := e.action(r)
	if a.mark == -1 {
		return nil, false
	}
	if a.mark == 'd' {
		return e.stroke(w, r)
	}
	s, ok := parse(w)
	if !ok {
		if a.mark == '+' && e.Method == Telex && len(w) > 0 && !hasVowel(w) && allLetters(w) || a.mark == '+' && e.Method == Telex && len(w) == 0 {
			// "w" alone types "ư", as in Unikey.
			return append(w, caseOf(r, 'ư')), true
		}
		return nil, false
	}
	if a.tone >= 0 {
		cur, _ := s.tone()
		switch {
		case a.tone == 0 && cur == 0:
			return nil, false
		case a.tone == cur && a.tone != 0:
			e.setTone(s, 0) // typing the tone again undoes it
			return append(s.word, r), true
		}
		e.setTone(s, a.tone)
		return s.word, true
	}
	return e.mark(s, a.mark, r)
}

// stroke turns the initial d into đ (dd, d9), or back.
func (e Engine) stroke(w []rune, r rune) ([]rune, bool) {
	if len(w) == 0 {
		return nil, false
	}
	switch w[0] {
	case 'd', 'D':
		if _, ok := parse(w); !ok && hasVowel(w) || len(w) > 1 && !hasVowel(w) {
			return nil, false
		}
		w[0] = map[rune]rune{'d': 'đ', 'D': 'Đ'}[w[0]]
		return w, true
	case 'đ', 'Đ':
		w[0] = map[rune]rune{'đ': 'd', 'Đ': 'D'}[w[0]]
		return append(w, r), true
	}
	return nil, false
}

// mark applies a hat (^: â ê ô), horn (+: ơ ư, uo → ươ) or breve ((: ă).
func (e Engine) mark(s syllable, kind rune, r rune) ([]rune, bool) {
	w := s.word
	nuc := func(i int) rune { return lowerPlain(w[i]) }
	undo := func(idx ...int) ([]rune, bool) {
		for _, i := range idx {
			w[i] = withMark(w[i], base(w[i]))
		}
		return e.replace(append(w, r)), true
	}
	set := func(i int, to rune) ([]rune, bool) {
		w[i] = withMark(w[i], to)
		return e.replace(w), true
	}
	switch kind {
	case '^':
		want := unicode.ToLower(r)
		if e.Method == VNI {
			want = 0 // 6 applies to the last a, e or o
		}
		for i := s.end - 1; i >= s.start; i-- {
			b := base(w[i])
			if (want == 0 && (b == 'a' || b == 'e' || b == 'o')) || b == want {
				hat := map[rune]rune{'a': 'â', 'e': 'ê', 'o': 'ô'}[b]
				if nuc(i) == hat {
					return undo(i)
				}
				return set(i, hat)
			}
		}
	case '(':
		for i := s.end - 1; i >= s.start; i-- {
			if base(w[i]) == 'a' {
				if nuc(i) == 'ă' {
					return undo(i)
				}
				return set(i, 'ă')
			}
		}
	case '+':
		// uo → ươ together.
		for i := s.start; i+1 < s.end; i++ {
			if base(w[i]) == 'u' && base(w[i+1]) == 'o' {
				if nuc(i) == 'ư' && nuc(i+1) == 'ơ' || nuc(i) == 'u' && nuc(i+1) == 'ơ' {
					return undo(i, i+1)
				}
				if nuc(i) == 'u' && i+2 == len(w) {
					// "uơ" ends a syllable (thuở); ươ never does. A letter typed
					// after it makes it ươ (see hornBoth).
					return set(i+1, 'ơ')
				}
				w[i] = withMark(w[i], 'ư')
				w[i+1] = withMark(w[i+1], 'ơ')
				return e.replace(w), true
			}
		}
		// ua (mưa, cửa): the horn goes on the u.
		if s.end-s.start == 2 && !s.hasFinal() && base(w[s.start]) == 'u' && base(w[s.start+1]) == 'a' {
			if nuc(s.start) == 'ư' {
				return undo(s.start)
			}
			return set(s.start, 'ư')
		}
		for i := s.end - 1; i >= s.start; i-- {
			switch base(w[i]) {
			case 'u':
				if nuc(i) == 'ư' {
					return undo(i)
				}
				return set(i, 'ư')
			case 'o':
				if nuc(i) == 'ơ' {
					return undo(i)
				}
				return set(i, 'ơ')
			case 'a':
				if e.Method == VNI {
					continue // VNI's 7 is only the horn; 8 is the breve
				}
				if nuc(i) == 'ă' {
					return undo(i)
				}
				return set(i, 'ă')
			}
		}
	}
	return nil, false
}

func hasVowel(w []rune) bool {
	for _, r := range w {
		if isVowel(r) {
			return true
		}
	}
	return false
}

func allLetters(w []rune) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

func caseOf(key, r rune) rune {
	if unicode.IsUpper(key) {
		return unicode.ToUpper(r)
	}
	return r
}

// hornBoth turns "uơ" followed by another letter into "ươ" (nguơi → ngươi).
func hornBoth(s syllable) {
	w := s.word
	for i := s.start; i+1 < s.end; i++ {
		if lowerPlain(w[i]) == 'u' && lowerPlain(w[i+1]) == 'ơ' && i+2 < len(w) {
			w[i] = withMark(w[i], 'ư')
		}
	}
}
