package typing_test

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/app/typing"
)

// TestSample types every case of the shared sample (syllables and sentences checked
// against two established engines) in both tone styles where the case allows it.
func TestSample(t *testing.T) {
	f, err := os.Open("testdata/typing-sample.tsv")
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		cols := strings.Split(line, "\t")
		require.Len(t, cols, 4, line)
		method, keys, want, style := cols[0], cols[1], cols[2], cols[3]
		m := typing.Telex
		if method == "vni" {
			m = typing.VNI
		}
		for _, newStyle := range []bool{false, true} {
			if style == "old" && newStyle || style == "new" && !newStyle {
				continue
			}
			e := typing.Engine{Method: m, NewStyle: newStyle}
			got := e.Type(keys)
			if got != want {
				t.Errorf("%s %q (new style %v): got %q, want %q", method, keys, newStyle, got, want)
			}
			n++
		}
	}
	require.NoError(t, sc.Err())
	assert.Greater(t, n, 1500, "cases typed")
}

func TestEngineRules(t *testing.T) {
	telex := typing.Engine{Method: typing.Telex}
	telexNew := typing.Engine{Method: typing.Telex, NewStyle: true}
	vni := typing.Engine{Method: typing.VNI}
	cases := []struct {
		name string
		e    typing.Engine
		keys string
		want string
	}{
		{"dd makes đ", telex, "ddaf", "đà"},
		{"d typed late makes đ", telex, "dangd", "đang"},
		{"w on uo", telex, "nguwowif", "người"},
		{"uow at the end", telex, "nguoiwf", "người"},
		{"w alone", telex, "w", "ư"},
		{"undo a hat", telex, "aaa", "aa"},
		{"undo a tone", telex, "ass", "as"},
		{"z removes the tone", telex, "asz", "a"},
		{"tone moves when a final is typed", telex, "hoaf", "hòa"},
		{"tone moves to the second vowel with a final", telex, "hoafng", "hoàng"},
		{"new style", telexNew, "thuyr", "thuỷ"},
		{"old style", telex, "thuyr", "thủy"},
		{"qu is a consonant", telex, "quas", "quá"},
		{"gi is a consonant", telex, "giaf", "già"},
		{"gi alone", telex, "gif", "gì"},
		{"uyê", telex, "nguyeenx", "nguyễn"},
		{"capitals", telex, "HOOIJ DDOONGF", "HỘI ĐỒNG"},
		{"English word untouched", telex, "Facebook email", "Facebook email"},
		{"numbers untouched in VNI", vni, "năm 2026", "năm 2026"},
		{"VNI tone then mark", vni, "to6i1", "tối"},
		{"VNI breve", vni, "a8n", "ăn"},
		{"VNI đ late", vni, "dang9", "đang"},
		{"VNI undo", vni, "a66", "a6"},
		{"VNI remove tone", vni, "a10", "a"},
		{"sentence", telex, "Sowr Nooij vuj tinhr Quangr Trij", "Sở Nội vụ tỉnh Quảng Trị"},
		{"punctuation ends a word", telex, "hooij, ddoanf.", "hội, đoàn."},
		{"mưa", telex, "muwa", "mưa"},
		{"uơ then a letter", telex, "nguowif", "người"},
		{"thuở", telex, "thuowr", "thuở"},
		{"ươ before a final", telex, "dduowngf", "đường"},
		{"mưa at the end", telex, "muaw", "mưa"},
		{"off", typing.Engine{}, "Hooij", "Hooij"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, c.e.Type(c.keys))
		})
	}
}

// Editing in the middle of a text: the engine sees only the word before the cursor.
func TestKeyOnWordBeforeCursor(t *testing.T) {
	e := typing.Engine{Method: typing.Telex}
	assert.Equal(t, "hội", e.Key("hôi", 'j'))
	assert.Equal(t, "Hôi", e.Key("Hoi", 'o'), "a mark typed after the word reaches back")
	assert.Equal(t, "Hội", e.Key("Hôi", 'j'))
	assert.Equal(t, "hội", e.Key("ho\u0302i", 'j'), "NFD input is normalised")
}

func TestParseMethod(t *testing.T) {
	for _, m := range []typing.Method{typing.Off, typing.Telex, typing.VNI} {
		assert.Equal(t, m, typing.ParseMethod(m.String()))
	}
}
