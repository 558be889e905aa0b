package app

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every key is in both languages, and none is empty.
func TestTranslationParity(t *testing.T) {
	vi, err := LoadTranslations("vi")
	require.NoError(t, err)
	en, err := LoadTranslations("en")
	require.NoError(t, err)
	for k, v := range vi {
		assert.NotEmpty(t, v, "vi %s", k)
		assert.NotEmpty(t, en[k], "en lacks %s", k)
	}
	for k := range en {
		_, ok := vi[k]
		assert.True(t, ok, "vi lacks %s", k)
	}
}

// Every key the code names exists (a missing key would show as the key itself).
func TestTranslationKeysUsed(t *testing.T) {
	vi, err := LoadTranslations("vi")
	require.NoError(t, err)
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	key := regexp.MustCompile(`"((?:action|assoc|common|directive|event|exchange|field|figure|filter|form|history|inspection|kind|leader|level|nav|overview|progress|register|report|reports|settings|tab|task|typing|update|wizard)\.[a-z_.0-9]*[a-z0-9_])"`)
	var missing []string
	for _, f := range files {
		if filepath.Ext(f) != ".go" || len(f) > 8 && f[len(f)-8:] == "_test.go" {
			continue
		}
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range key.FindAllStringSubmatch(string(b), -1) {
			if _, ok := vi[m[1]]; !ok {
				missing = append(missing, f+": "+m[1])
			}
		}
	}
	sort.Strings(missing)
	assert.Empty(t, missing)
	// Keys built at run time.
	for _, k := range []string{"level.tinh", "level.huyen", "level.xa"} {
		assert.Contains(t, vi, k)
	}
}

func TestEnglishInterface(t *testing.T) {
	u, w := newTestUI(t, true)
	require.NoError(t, u.store.SetSetting(t.Context(), "ui.language", "en"))
	u = New(w, u.store, Options{Background: func(f func()) { f() }})
	assert.Equal(t, "Overview", u.screens[0].title())
	assert.Contains(t, texts(w.Content()), "Tasks by lead agency")
}
