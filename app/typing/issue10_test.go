package typing_test

import (
	"math/rand"
	"strings"
	"testing"
	"testing/quick"

	"github.com/stretchr/testify/assert"

	"qlhoi/app/typing"
)

type typed struct {
	keys, want string
}

// engines returns the engine of a method in both tone styles.
func engines(m typing.Method) map[string]typing.Engine {
	return map[string]typing.Engine{
		"old style": {Method: m},
		"new style": {Method: m, NewStyle: true},
	}
}

// checkAll types each case with each engine, as a named sub-test.
func checkAll(t *testing.T, es map[string]typing.Engine, cases []typed) {
	t.Helper()
	for style, e := range es {
		for _, c := range cases {
			t.Run(style+"/"+c.keys, func(t *testing.T) {
				assert.Equal(t, c.want, e.Type(c.keys))
			})
		}
	}
}

// The horn can land on either of two vowels (ưu, ưa, ưi, ơi, ươ, uơ, oă): wherever the
// mark and tone keys come, the horn goes where Vietnamese has it.
func TestHornClassTelex(t *testing.T) {
	checkAll(t, engines(typing.Telex), []typed{
		// The reported words: mark typed at the end.
		{"luuw", "lưu"}, {"huuwx", "hữu"}, {"cuuws", "cứu"},
		// Mark right after its letter.
		{"luwu", "lưu"}, {"huwux", "hữu"}, {"cuwus", "cứu"},
		// Tone before the mark.
		{"huuxw", "hữu"}, {"cuusw", "cứu"}, {"luujw", "lựu"},
		// The rest of the ưu words from names and addresses.
		{"huuw", "hưu"}, {"buuw", "bưu"}, {"muuw", "mưu"}, {"cuuwf", "cừu"}, {"cuufw", "cừu"},
		{"Luuw", "Lưu"}, {"LUUW", "LƯU"}, {"uuw", "ưu"}, {"uuws", "ứu"},
		// ưa, ưi, ơi.
		{"muaw", "mưa"}, {"muasw", "mứa"}, {"cuawr", "cửa"}, {"guiwr", "gửi"}, {"guirw", "gửi"},
		{"boiw", "bơi"}, {"moiws", "mới"}, {"moisw", "mới"}, {"giuwax", "giữa"}, {"giuaxw", "giữa"},
		// ươ, ươi, ươu: both vowels take the horn.
		{"nguoiwf", "người"}, {"nguoifw", "người"}, {"nguwowif", "người"}, {"ruouwj", "rượu"},
		{"ruoujw", "rượu"}, {"huouw", "hươu"}, {"duongfw", "dường"}, {"truwowngf", "trường"},
		{"truwong", "trương"}, {"uwowm", "ươm"}, {"luoongw", "lương"}, {"DDUOONGWF", "ĐƯỜNG"},
		// uơ ends a word (thuở, huơ).
		{"thuowr", "thuở"}, {"thuorw", "thuở"}, {"huow", "huơ"}, {"quowr", "quở"},
		// oă takes the breve on the second vowel.
		{"hoawcj", "hoặc"}, {"hoacjw", "hoặc"}, {"ngoawnf", "ngoằn"},
	})
}

func TestHornClassVNI(t *testing.T) {
	checkAll(t, engines(typing.VNI), []typed{
		{"luu7", "lưu"}, {"huu74", "hữu"}, {"cuu71", "cứu"},
		{"lu7u", "lưu"}, {"hu7u4", "hữu"}, {"cu7u1", "cứu"},
		{"huu47", "hữu"}, {"cuu17", "cứu"}, {"luu57", "lựu"}, {"cuu27", "cừu"},
		{"mua7", "mưa"}, {"gui73", "gửi"}, {"gui37", "gửi"}, {"boi7", "bơi"},
		{"nguoi72", "người"}, {"nguoi27", "người"}, {"ruou75", "rượu"}, {"ruou57", "rượu"},
		{"tru7o7ng2", "trường"}, {"truo7ng2", "trường"}, {"thuo73", "thuở"}, {"thuo37", "thuở"},
		{"hoa8c5", "hoặc"}, {"hoac58", "hoặc"},
	})
}

// Typing a mark or tone key again gives the key back, in the ưu/ươ class too.
func TestHornClassUndo(t *testing.T) {
	checkAll(t, engines(typing.Telex), []typed{
		{"luuww", "luuw"}, {"huuwxx", "hưux"}, {"nguoiww", "nguoiw"}, {"ruouww", "ruouw"},
		{"muaww", "muaw"}, {"thuoww", "thuow"}, {"hoawcw", "hoacw"},
	})
	checkAll(t, engines(typing.VNI), []typed{
		{"luu77", "luu7"}, {"huu744", "hưu4"}, {"nguoi77", "nguoi7"}, {"mua77", "mua7"},
	})
}

// A word that cannot be Vietnamese after a key is left as typed (Unikey's spelling check).
func TestSpellingCheck(t *testing.T) {
	checkAll(t, engines(typing.Telex), []typed{
		{"/tmp/usb/", "/tmp/usb/"},
		{"hoinongdan.qt@gmail.com", "hoinongdan.qt@gmail.com"},
		{`C:\Admin\Downloads`, `C:\Admin\Downloads`},
		{"Downloads", "Downloads"}, {"DOWNLOADS", "DOWNLOADS"},
		{"usb", "usb"}, {"USB", "USB"}, {"Twitter", "Twitter"}, {"Windows", "Windows"},
		{"first", "first"}, {"google", "google"}, {"hocf", "hocf"},
		// Vietnamese words are still typed, names of the Central Highlands too.
		{"Ddawks Lawks", "Đắk Lắk"}, {"hocj", "học"}, {"Nguyeenx", "Nguyễn"}, {"QUOOCS", "QUỐC"},
	})
	checkAll(t, engines(typing.VNI), []typed{
		{"u1b", "u1b"}, {"Do7nl", "Do7nl"}, {"/tmp/usb/", "/tmp/usb/"},
	})
}

// A doubled mark key gives the literal letter back.
func TestDoubledMarkKey(t *testing.T) {
	checkAll(t, engines(typing.Telex), []typed{
		{"TWW", "TW"}, {"ddd", "dd"}, {"Zooom", "Zoom"}, {"aaa", "aa"}, {"USSB", "USB"},
		{"45-KL/TWW", "45-KL/TW"}, {"DDD", "DD"},
	})
}

// telexKeys and vniKeys are the keys that may change a word.
const (
	telexKeys = "sfrxjzaeowdSFRXJZAEOWD"
	vniKeys   = "0123456789"
)

// randomWord is an ASCII word of letters, digits and the punctuation of paths,
// addresses and codes, without the given keys.
func randomWord(rnd *rand.Rand, without string) string {
	var alphabet []rune
	for r := rune(33); r < 127; r++ {
		if !strings.ContainsRune(without, r) {
			alphabet = append(alphabet, r)
		}
	}
	b := make([]rune, 1+rnd.Intn(20))
	for i := range b {
		b[i] = alphabet[rnd.Intn(len(alphabet))]
	}
	return string(b)
}

// Property: an ASCII word with no key of the method in it is typed unchanged.
func TestWordWithoutKeysUnchanged(t *testing.T) {
	for _, c := range []struct {
		e       typing.Engine
		without string
	}{
		{typing.Engine{Method: typing.Telex}, telexKeys},
		{typing.Engine{Method: typing.Telex, NewStyle: true}, telexKeys},
		{typing.Engine{Method: typing.VNI}, vniKeys},
		{typing.Engine{Method: typing.VNI, NewStyle: true}, vniKeys},
	} {
		rnd := rand.New(rand.NewSource(10))
		for range 20000 {
			w := randomWord(rnd, c.without)
			if got := c.e.Type(w); got != w {
				t.Fatalf("%v: %q typed as %q", c.e.Method, w, got)
			}
		}
		f := func(seed int64) bool {
			w := randomWord(rand.New(rand.NewSource(seed)), c.without)
			return c.e.Type(w) == w
		}
		assert.NoError(t, quick.Check(f, &quick.Config{MaxCount: 2000}))
	}
}
