package typing

import (
	"strings"
	"unicode"
)

// The spelling check, as Unikey's "kiểm tra chính tả": a key only changes a word into
// something that can still be (the beginning of) a Vietnamese syllable, and a word that
// cannot be one any more is given back as it was typed (see restore).

// initials are the consonants that may begin a syllable. z is accepted as Unikey does
// (Zô, loan words); f, j and w are not, so that English words keep their letters.
var initials = map[string]bool{"": true, "b": true, "c": true, "ch": true, "d": true, "đ": true, "g": true, "gh": true, "gi": true, "h": true, "k": true, "kh": true, "l": true, "m": true, "n": true, "ng": true, "ngh": true, "nh": true, "p": true, "ph": true, "q": true, "qu": true, "r": true, "s": true, "t": true, "th": true, "tr": true, "v": true, "x": true, "z": true}

// finals are the consonants that may end a syllable; k is in the names of the Central
// Highlands (Đắk Lắk, Krông Búk).
var finals = map[string]bool{"": true, "c": true, "ch": true, "k": true, "m": true, "n": true, "ng": true, "nh": true, "p": true, "t": true}

// stopFinals take only the sắc and nặng tones (các, học, not càc).
var stopFinals = map[string]bool{"c": true, "ch": true, "k": true, "p": true, "t": true}

// nuclei are the vowel groups of Vietnamese syllables (after the consonants qu and gi),
// each with whether a final consonant may follow. Groups that need a final (iê, ươ) are
// listed as taking one: without it they are only the beginning of a word being typed.
var nuclei = map[string]bool{
	"a": true, "ă": true, "â": true, "e": true, "ê": true, "i": true, "o": true, "ô": true,
	"ơ": true, "u": true, "ư": true, "y": true,
	"ai": false, "ao": false, "au": false, "ay": false, "âu": false, "ây": false, "eo": false,
	"êu": false, "ia": false, "iu": false, "iê": true, "yê": true, "oa": true, "oă": true,
	"oe": true, "oi": false, "ôi": false, "ơi": false, "oo": true, "ua": false, "uâ": true,
	"uê": true, "ui": false, "uô": true, "uơ": false, "ươ": true, "ưa": false, "ưi": false,
	"ưu": false, "uy": true,
	"iêu": false, "yêu": false, "oai": false, "oay": false, "oeo": false, "uây": false,
	"uôi": false, "uya": false, "uyê": true, "uyu": false, "ươi": false, "ươu": false,
}

type nucleus struct {
	vowels   []rune
	canFinal bool
}

var nucleusList []nucleus

// initialPrefixes are the beginnings of initials (n, ng for ngh), for words with no vowel yet.
var initialPrefixes = map[string]bool{}

func init() {
	for n, f := range nuclei {
		nucleusList = append(nucleusList, nucleus{[]rune(n), f})
	}
	for c := range initials {
		r := []rune(c)
		for i := 0; i <= len(r); i++ {
			initialPrefixes[string(r[:i])] = true
		}
	}
}

// letterOf is the vowel without its mark: ă, â → a; ê → e; ô, ơ → o; ư → u.
func letterOf(r rune) rune {
	switch r {
	case 'ă', 'â':
		return 'a'
	case 'ê':
		return 'e'
	case 'ô', 'ơ':
		return 'o'
	case 'ư':
		return 'u'
	}
	return r
}

// fits reports whether the typed vowels (lower case, no tone) can become the nucleus
// want: each is the same vowel or the plain letter whose mark is still to be typed.
func fits(typed, want []rune) bool {
	if len(typed) > len(want) {
		return false
	}
	for i, r := range typed {
		if r != want[i] && r != letterOf(want[i]) {
			return false
		}
	}
	return true
}

// validNucleus reports whether the vowels (lower case, no tone) can be a syllable's
// nucleus: exactly, when a final consonant follows, or as its beginning otherwise.
func validNucleus(typed []rune, hasFinal bool) bool {
	for _, n := range nucleusList {
		if hasFinal && (!n.canFinal || len(n.vowels) != len(typed)) {
			continue
		}
		if fits(typed, n.vowels) {
			return true
		}
	}
	return false
}

// valid reports whether w is a Vietnamese syllable or the beginning of one: a word with
// no vowel yet must be the beginning of an initial consonant.
func valid(w []rune) bool {
	if !allLetters(w) {
		return false
	}
	if !hasVowel(w) {
		return initialPrefixes[strings.ToLower(string(w))]
	}
	s, ok := parse(w)
	if !ok {
		return false
	}
	if t, _ := s.tone(); t != 0 && t != 1 && t != 5 && stopFinals[strings.ToLower(string(w[s.end:]))] {
		return false
	}
	return true
}

// nucleusOf returns the syllable's vowels in lower case without tone.
func (s syllable) nucleusOf() []rune {
	out := make([]rune, 0, s.end-s.start)
	for _, r := range s.word[s.start:s.end] {
		out = append(out, lowerPlain(r))
	}
	return out
}

// hasMarks reports whether w holds a letter the engine makes (a tone, a hat, a breve, a
// horn or đ).
func hasMarks(w []rune) bool {
	for _, r := range w {
		if r > unicode.MaxASCII && unicode.IsLetter(r) {
			return true
		}
	}
	return false
}
