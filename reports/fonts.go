// Package reports makes qlhoi's official documents: A4 PDFs in the State format (Decree
// 30/2020/NĐ-CP) or the Party format (Guideline 36-HD/VPTW), ready to print, sign and
// seal. It takes records and a clock and returns PDF bytes; it knows nothing of the GUI.
package reports

import (
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/go-fonts/liberation/liberationserifbold"
	"github.com/go-fonts/liberation/liberationserifbolditalic"
	"github.com/go-fonts/liberation/liberationserifitalic"
	"github.com/go-fonts/liberation/liberationserifregular"
	"golang.org/x/image/font/sfnt"
)

// Fonts is a serif family in four styles.
type Fonts struct {
	// Name says which font is used: "Times New Roman" (the system's copy) or
	// "Liberation Serif" (embedded, metric-compatible with Times New Roman).
	Name                              string
	Regular, Bold, Italic, BoldItalic []byte
	once                              sync.Once
	cover                             *sfnt.Font
	mu                                sync.Mutex
	known                             map[rune]bool
	namesOnce                         sync.Once
	names                             map[string]string
}

// faceNames are the PostScript names of the four styles, by gofpdf style, read from the
// fonts once ("LiberationSerif", "LiberationSerif-Bold", …).
func (f *Fonts) faceNames() map[string]string {
	f.namesOnce.Do(func() {
		base := strings.ReplaceAll(f.Name, " ", "")
		f.names = map[string]string{
			"":   postScriptName(f.Regular, base),
			"B":  postScriptName(f.Bold, base+"-Bold"),
			"I":  postScriptName(f.Italic, base+"-Italic"),
			"BI": postScriptName(f.BoldItalic, base+"-BoldItalic"),
		}
	})
	return f.names
}

// timesPaths are where Times New Roman lives on Windows and on Linux with the
// Microsoft core fonts package.
var timesPaths = [][4]string{
	{`C:\Windows\Fonts\times.ttf`, `C:\Windows\Fonts\timesbd.ttf`, `C:\Windows\Fonts\timesi.ttf`, `C:\Windows\Fonts\timesbi.ttf`},
	{"/usr/share/fonts/truetype/msttcorefonts/Times_New_Roman.ttf", "/usr/share/fonts/truetype/msttcorefonts/Times_New_Roman_Bold.ttf",
		"/usr/share/fonts/truetype/msttcorefonts/Times_New_Roman_Italic.ttf", "/usr/share/fonts/truetype/msttcorefonts/Times_New_Roman_Bold_Italic.ttf"},
}

// Embedded returns the embedded Liberation Serif family.
func Embedded() *Fonts {
	return &Fonts{Name: "Liberation Serif", Regular: liberationserifregular.TTF, Bold: liberationserifbold.TTF,
		Italic: liberationserifitalic.TTF, BoldItalic: liberationserifbolditalic.TTF}
}

// SystemOrEmbedded returns the system's Times New Roman when all four styles are there
// (Windows always has them), otherwise the embedded Liberation Serif.
func SystemOrEmbedded() *Fonts {
	windir := os.Getenv("WINDIR")
	paths := timesPaths
	if windir != "" {
		f := filepath.Join(windir, "Fonts")
		paths = append([][4]string{{filepath.Join(f, "times.ttf"), filepath.Join(f, "timesbd.ttf"), filepath.Join(f, "timesi.ttf"), filepath.Join(f, "timesbi.ttf")}}, paths...)
	}
	for _, p := range paths {
		var b [4][]byte
		ok := true
		for i, path := range p {
			var err error
			if b[i], err = os.ReadFile(path); err != nil {
				ok = false
				break
			}
		}
		if ok {
			f := &Fonts{Name: "Times New Roman", Regular: b[0], Bold: b[1], Italic: b[2], BoldItalic: b[3]}
			if f.covers('Ệ') {
				return f
			}
		}
	}
	return Embedded()
}

// covers reports whether the regular style has a glyph for r (looked up once per rune).
func (f *Fonts) covers(r rune) bool {
	f.once.Do(func() {
		f.cover, _ = sfnt.Parse(f.Regular)
		f.known = map[rune]bool{}
	})
	if f.cover == nil {
		return false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	ok, seen := f.known[r]
	if !seen {
		var buf sfnt.Buffer
		i, err := f.cover.GlyphIndex(&buf, r)
		ok = err == nil && i != 0
		f.known[r] = ok
	}
	return ok
}
