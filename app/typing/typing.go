// Package typing types Vietnamese with the Telex and VNI methods, the way Unikey users
// expect: marks and tones may follow their letter or come at the end of the word, the
// tone lands on the right vowel (old or new style), the horn lands on the vowel (or both)
// that make a Vietnamese syllable (lưu, người, thuở), typing a key twice undoes it, and a
// word that cannot be Vietnamese is left as typed (spelling check, see spell.go).
// Fyne has no input-method support, so qlhoi's entries for names and free text feed
// every key through an Engine. The package knows nothing of Fyne.
package typing

import (
	"slices"
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

// syllable is a word split into initial consonants, vowel nucleus and final consonants
// (as rune index ranges).
type syllable struct {
	word       []rune
	start, end int // nucleus is word[start:end]
}

// parse splits word as a Vietnamese syllable (or the beginning of one); ok is false if
// it is not one (English, numbers, paths), in which case keys are typed as they are.
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
	if !initials[ini] || !finals[fin] || !validNucleus(s.nucleusOf(), fin != "") {
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

// outcome is what a key did to the word.
type outcome int

const (
	asTyped outcome = iota // the key is not a mark here: it is typed as a letter
	applied                // the key changed the word; the spelling check has the last word
	literal                // the key undid its own mark: the word is given back with the key
)

// Key returns word after the key r is typed at its end. word is the text from the start
// of the current word to the cursor.
//
// Like Unikey with its spelling check on, a key only makes a mark when the word can
// still be Vietnamese, and a word that stops being Vietnamese is given back as it was
// typed ("usb" stays usb, not úb). Typing a mark key twice gives the letter back
// (aaa → aa, ddd → dd, TWW → TW).
func (e Engine) Key(word string, r rune) string {
	w := []rune(norm.NFC.String(word))
	if e.Method == Off {
		return string(append(w, r))
	}
	out, how := e.transform(slices.Clone(w), r)
	switch {
	case how == literal:
		return string(out)
	case how == applied && valid(out):
		return string(out)
	}
	plain := append(slices.Clone(w), r)
	switch {
	case !unicode.IsLetter(r):
		return string(plain)
	case valid(plain):
		return string(e.replace(plain))
	case hasMarks(w) && valid(w):
		return e.restore(w, r)
	}
	return string(plain)
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

var telexTones = map[rune]int{'s': 1, 'f': 2, 'r': 3, 'x': 4, 'j': 5, 'z': 0}

func (e Engine) action(r rune) action {
	lr := unicode.ToLower(r)
	if e.Method == Telex {
		if t, ok := telexTones[lr]; ok {
			return action{t, 0}
		}
		switch lr {
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

// transform applies a tone or mark key to w (which it may change).
func (e Engine) transform(w []rune, r rune) ([]rune, outcome) {
	a := e.action(r)
	switch a.mark {
	case -1:
		return nil, asTyped
	case 'd':
		return e.stroke(w, r)
	}
	s, ok := parse(w)
	if !ok {
		if a.mark == '+' && e.Method == Telex && !hasVowel(w) && allLetters(w) {
			// "w" alone types "ư", as in Unikey.
			return append(w, caseOf(r, 'ư')), applied
		}
		return nil, asTyped
	}
	if a.tone >= 0 {
		return e.tone(s, a.tone, r)
	}
	switch a.mark {
	case '^':
		return e.hat(s, r)
	case '(':
		return e.breve(s, r)
	}
	return e.horn(s, r)
}

// tone sets the syllable's tone; typing the same tone again undoes it.
func (e Engine) tone(s syllable, t int, r rune) ([]rune, outcome) {
	cur, _ := s.tone()
	switch {
	case t == 0 && cur == 0:
		return nil, asTyped
	case t == cur:
		e.setTone(s, 0)
		return append(s.word, r), literal
	}
	e.setTone(s, t)
	return s.word, applied
}

// stroke turns the initial d into đ (dd, d9), or back.
func (e Engine) stroke(w []rune, r rune) ([]rune, outcome) {
	if len(w) == 0 {
		return nil, asTyped
	}
	switch w[0] {
	case 'd', 'D':
		if len(w) > 1 && !hasVowel(w) {
			return nil, asTyped
		}
		w[0] = caseOf(w[0], 'đ')
		return w, applied
	case 'đ', 'Đ':
		w[0] = caseOf(w[0], 'd')
		return append(w, r), literal
	}
	return nil, asTyped
}

var hats = map[rune]rune{'a': 'â', 'e': 'ê', 'o': 'ô'}

// hat puts a circumflex on a, e or o (Telex aa, ee, oo on the same letter; VNI 6 on the
// last of them that makes a Vietnamese word).
func (e Engine) hat(s syllable, r rune) ([]rune, outcome) {
	w := s.word
	var cands []int
	for i := s.end - 1; i >= s.start; i-- {
		b := base(w[i])
		if hats[b] != 0 && (e.Method == VNI || b == unicode.ToLower(r)) {
			cands = append(cands, i)
		}
	}
	for _, i := range cands {
		if lowerPlain(w[i]) == hats[base(w[i])] {
			return e.undo(w, r, i)
		}
	}
	for _, i := range cands {
		if out, ok := e.try(w, map[int]rune{i: hats[base(w[i])]}); ok {
			return out, applied
		}
	}
	return nil, asTyped
}

// breve puts a breve on a (VNI 8).
func (e Engine) breve(s syllable, r rune) ([]rune, outcome) {
	w := s.word
	for i := s.end - 1; i >= s.start; i-- {
		if base(w[i]) != 'a' {
			continue
		}
		if lowerPlain(w[i]) == 'ă' {
			return e.undo(w, r, i)
		}
		if out, ok := e.try(w, map[int]rune{i: 'ă'}); ok {
			return out, applied
		}
	}
	return nil, asTyped
}

// horn puts the horn (Telex w, VNI 7) where Vietnamese has it: on both of uo (ươ, or
// uơ at the end of the word: thuở), else on the vowel that makes a Vietnamese nucleus,
// trying from the last: ưu, ưa, ưi, ơi, ư, ơ; in Telex also the breve (oă, ă).
func (e Engine) horn(s syllable, r rune) ([]rune, outcome) {
	w := s.word
	if i := uoPair(s); i >= 0 {
		u, o := lowerPlain(w[i]), lowerPlain(w[i+1])
		switch {
		case u == 'ư' && o == 'o':
			return e.tried(w, map[int]rune{i + 1: 'ơ'})
		case u == 'ư' || o == 'ơ':
			return e.undo(w, r, i, i+1)
		case i+2 == len(w):
			// "uơ" ends a syllable (thuở); ươ never does. A letter typed after it
			// makes it ươ (see hornBoth).
			return e.tried(w, map[int]rune{i + 1: 'ơ'})
		}
		return e.tried(w, map[int]rune{i: 'ư', i + 1: 'ơ'})
	}
	var marked []int
	for i := s.start; i < s.end; i++ {
		if p := lowerPlain(w[i]); p == 'ư' || p == 'ơ' || p == 'ă' && e.Method == Telex {
			marked = append(marked, i)
		}
	}
	if len(marked) > 0 {
		if e.Method == Telex && s.end-s.start == 1 && s.end == len(w) && w[s.start] == caseOf(w[s.start], 'ư') {
			// A lone ư typed with w gives the w back: TWW → TW.
			w[s.start] = r
			return w, literal
		}
		return e.undo(w, r, marked...)
	}
	for i := s.end - 1; i >= s.start; i-- {
		to := map[rune]rune{'u': 'ư', 'o': 'ơ', 'a': 'ă'}[base(w[i])]
		if to == 0 || to == 'ă' && e.Method == VNI {
			continue // VNI's 7 is only the horn; 8 is the breve
		}
		if out, ok := e.try(w, map[int]rune{i: to}); ok {
			return out, applied
		}
	}
	return nil, asTyped
}

// uoPair returns the index of the u of "uo" in the nucleus (with or without marks), or -1.
func uoPair(s syllable) int {
	for i := s.start; i+1 < s.end; i++ {
		if base(s.word[i]) == 'u' && base(s.word[i+1]) == 'o' {
			return i
		}
	}
	return -1
}

// try returns w with the marks set (at index → lower-case plain vowel) and the tone
// put back in place, if that is still Vietnamese.
func (e Engine) try(w []rune, marks map[int]rune) ([]rune, bool) {
	out := slices.Clone(w)
	for i, to := range marks {
		out[i] = withMark(out[i], to)
	}
	out = e.replace(out)
	return out, valid(out)
}

// tried is try as an outcome.
func (e Engine) tried(w []rune, marks map[int]rune) ([]rune, outcome) {
	if out, ok := e.try(w, marks); ok {
		return out, applied
	}
	return nil, asTyped
}

// undo takes the marks off the vowels at idx and types the key as a letter.
func (e Engine) undo(w []rune, r rune, idx ...int) ([]rune, outcome) {
	for _, i := range idx {
		w[i] = withMark(w[i], base(w[i]))
	}
	return e.replace(append(w, r)), literal
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

// hornBoth completes ươ when a letter follows: "uơ" (typed uow) and "ưo" (uwo)
// followed by another letter are ươ (nguơi → ngươi, trưong → trương).
func hornBoth(s syllable) {
	w := s.word
	for i := s.start; i+1 < s.end; i++ {
		u, o := lowerPlain(w[i]), lowerPlain(w[i+1])
		if i+2 < len(w) && (u == 'u' && o == 'ơ' || u == 'ư' && o == 'o') {
			w[i] = withMark(w[i], 'ư')
			w[i+1] = withMark(w[i+1], 'ơ')
		}
	}
}
