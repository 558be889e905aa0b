package data

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestFoldTableMatchesDecomposition checks the table fold against decomposing the
// whole string, rune by rune and on random strings of Latin letters and marks.
func TestFoldTableMatchesDecomposition(t *testing.T) {
	var runes []rune
	for r := rune(0x20); r < 0x370; r++ {
		runes = append(runes, r)
	}
	for r := rune(0x1e00); r < 0x1f00; r++ {
		runes = append(runes, r)
	}
	for _, r := range runes {
		s := Clean(string(r))
		require.Equal(t, foldSlow(s), Fold(string(r)), "rune %U", r)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range 1 + rng.IntN(12) {
			b.WriteRune(runes[rng.IntN(len(runes))])
		}
		s := b.String()
		require.Equal(t, foldSlow(Clean(s)), Fold(s), "%q", s)
	}
	// Outside the table (Greek, CJK, Hangul) the whole-string path is taken.
	for _, s := range []string{"Ἀθῆναι", "漢字 Hội", "한국어", "Hội\u0301"} {
		require.Equal(t, foldSlow(Clean(s)), Fold(s), "%q", s)
	}
	require.Equal(t, "hoi nguoi cao tuoi dong da", Fold("  Hội Người cao tuổi\tĐống Đa "))
	require.Equal(t, "hoi nguoi cao tuoi", Fold("Ho\u0302\u0323i Ngu\u031bo\u031b\u0300i cao tuo\u0302\u0309i"))
}

// TestCleanFastPath checks that text Clean would not change is returned as it is, and
// that every kind of unclean text still goes the long way.
func TestCleanFastPath(t *testing.T) {
	for _, s := range []string{"", "Hội Người cao tuổi", "a b", "Đống Đa", "Hoi 12-CV/TU (A)"} {
		require.True(t, isClean(s), "%q", s)
		require.Equal(t, s, Clean(s))
	}
	for in, want := range map[string]string{
		" a": "a", "a ": "a", "a  b": "a b", "a\tb": "a b", "a\u00a0b": "a b", "a\x01b": "a b",
		"a\u200bb": "ab", "Ho\u0302\u0323i": "Hội", "a\xffb": "ab", "\u3000": "",
		"a\x7fb": "a b", "a\nb": "a b", "Hội\x01": "Hội", "Hội\x1b[31m": "Hội [31m", "ab\xff": "ab",
	} {
		require.False(t, isClean(in), "%q", in)
		require.Equal(t, want, Clean(in), "%q", in)
	}
}

// FuzzCleanFastPath checks the fast path against the long way: text isClean accepts
// is exactly what Clean returns for it.
func FuzzCleanFastPath(f *testing.F) {
	for _, s := range []string{"Hội Người cao tuổi", "a  b", "a\x7fb", "Ho\u0302\u0323i", "a\u202eb", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if isClean(s) {
			require.Equal(t, s, Clean(s))
		}
		require.True(t, isClean(Clean(s)), "%q", s)
	})
}
