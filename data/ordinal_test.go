package data

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Congress and term numbers as offices write them, Roman or not; every regular Roman
// numeral up to C reads back as its number, and irregular ones are refused.
func TestParseOrdinal(t *testing.T) {
	for in, want := range map[string]int{"4": 4, "IV": 4, "iv": 4, "thứ IV": 4, "Lần thứ 4": 4, "lần thứ XII": 12, " XC ": 90, "": 0, "C": 100} {
		n, ok := ParseOrdinal(in)
		assert.True(t, ok, in)
		assert.Equal(t, want, n, in)
	}
	for _, bad := range []string{"IIII", "VX", "IC", "bốn", "4a", "-1", "CI"} {
		_, ok := ParseOrdinal(bad)
		assert.False(t, ok, bad)
	}
	for n := 1; n <= 100; n++ {
		got, ok := ParseOrdinal(toRoman(n))
		assert.True(t, ok && got == n, "%d %s", n, toRoman(n))
	}
}
