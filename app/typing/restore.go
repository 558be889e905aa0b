package typing

import (
	"strings"
	"unicode"
)

// restore gives back the keys that typed w, then r: the word is not Vietnamese, so it is
// left as typed (úb → usb, Dơnl → Downl). The engine keeps no history, so the keys are
// the usual ones: the mark key right after its letter, the tone key right after its
// vowel, and in Telex ư from a lone w (English words have w, rarely uw: Twitter).
// An added key is a capital when its letter is, except on the first letter of a word
// that is not all capitals (Ú then e → Use, Ú then B → USB).
func (e Engine) restore(w []rune, r rune) string {
	caps := unicode.IsUpper(r)
	for _, c := range w {
		caps = caps && !unicode.IsLower(c)
	}
	var b strings.Builder
	for i, c := range w {
		keyCase := func(k rune) rune {
			if unicode.IsUpper(c) && (i > 0 || caps) {
				return unicode.ToUpper(k)
			}
			return k
		}
		if c == 'đ' || c == 'Đ' {
			b.WriteRune(caseOf(c, 'd'))
			b.WriteRune(keyCase(e.markKey('đ')))
			continue
		}
		v, ok := vowels[c]
		if !ok {
			b.WriteRune(c)
			continue
		}
		p := unicode.ToLower(v.plain)
		switch {
		case p == 'ư' && e.Method == Telex:
			b.WriteRune(caseOf(c, 'w'))
		case p != letterOf(p):
			b.WriteRune(caseOf(c, letterOf(p)))
			b.WriteRune(keyCase(e.markKey(p)))
		default:
			b.WriteRune(caseOf(c, p))
		}
		if v.tone != 0 {
			b.WriteRune(keyCase(e.toneKey(v.tone)))
		}
	}
	b.WriteRune(r)
	return b.String()
}

// markKey is the key that makes the marked letter (â, ơ, đ…) from its plain letter.
func (e Engine) markKey(p rune) rune {
	if e.Method == VNI {
		switch p {
		case 'â', 'ê', 'ô':
			return '6'
		case 'ơ', 'ư':
			return '7'
		case 'ă':
			return '8'
		}
		return '9'
	}
	switch p {
	case 'â', 'ê', 'ô':
		return letterOf(p)
	case 'đ':
		return 'd'
	}
	return 'w'
}

// toneKey is the key of a tone (1–5).
func (e Engine) toneKey(t int) rune {
	if e.Method == VNI {
		return rune('0' + t)
	}
	return []rune("sfrxj")[t-1]
}
