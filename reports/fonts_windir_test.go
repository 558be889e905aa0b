package reports_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/go-fonts/liberation/liberationserifbold"
	"github.com/go-fonts/liberation/liberationserifbolditalic"
	"github.com/go-fonts/liberation/liberationserifitalic"
	"github.com/go-fonts/liberation/liberationserifregular"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/reports"
)

// The system Times New Roman is found in %WINDIR%\Fonts (Windows' file names), used only
// when all four styles are there and cover Vietnamese. Run under Wine by make
// windows-test, with a fake font folder: Liberation Serif's files under Times' names.
func TestTimesFromWindowsFontFolder(t *testing.T) {
	windir := t.TempDir()
	fonts := filepath.Join(windir, "Fonts")
	require.NoError(t, os.MkdirAll(fonts, 0o755))
	files := map[string][]byte{"times.ttf": liberationserifregular.TTF, "timesbd.ttf": liberationserifbold.TTF,
		"timesi.ttf": liberationserifitalic.TTF, "timesbi.ttf": liberationserifbolditalic.TTF}
	for name, b := range files {
		require.NoError(t, os.WriteFile(filepath.Join(fonts, name), b, 0o644))
	}
	t.Setenv("WINDIR", windir)

	f := reports.SystemOrEmbedded()
	assert.Equal(t, "Times New Roman", f.Name)
	assert.Equal(t, liberationserifbold.TTF, f.Bold, "each style from its own file")
	assert.Equal(t, liberationserifbolditalic.TTF, f.BoldItalic)

	// A regular style that is no font: not used (the embedded family, or a real Times
	// New Roman elsewhere on this machine).
	require.NoError(t, os.WriteFile(filepath.Join(fonts, "times.ttf"), []byte("not a font"), 0o644))
	assertFallback(t, reports.SystemOrEmbedded())

	// A style missing: not used either.
	require.NoError(t, os.WriteFile(filepath.Join(fonts, "times.ttf"), liberationserifregular.TTF, 0o644))
	require.NoError(t, os.Remove(filepath.Join(fonts, "timesbi.ttf")))
	assertFallback(t, reports.SystemOrEmbedded())
}

// assertFallback checks f is not the fake folder's family.
func assertFallback(t *testing.T, f *reports.Fonts) {
	t.Helper()
	elsewhere := false
	for _, p := range []string{`C:\Windows\Fonts\times.ttf`, "/usr/share/fonts/truetype/msttcorefonts/Times_New_Roman.ttf"} {
		if _, err := os.Stat(p); err == nil {
			elsewhere = true
		}
	}
	if !elsewhere {
		assert.Equal(t, "Liberation Serif", f.Name)
		return
	}
	assert.NotEqual(t, []byte("not a font"), f.Regular)
	assert.NotEqual(t, liberationserifbold.TTF, f.Bold, "not from the fake folder")
}
