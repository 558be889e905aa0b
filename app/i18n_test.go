package app

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
	"qlhoi/reports"
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

// vietnameseUI is every interface text that has an English translation, and the
// Vietnamese labels of data values (statuses, cycles, kinds): none may show in English
// mode. Data typed by the office (names, contents) is Vietnamese and may show.
func vietnameseUI(t *testing.T) map[string]bool {
	t.Helper()
	vi, err := LoadTranslations("vi")
	require.NoError(t, err)
	en, err := LoadTranslations("en")
	require.NoError(t, err)
	out := map[string]bool{}
	for k, v := range vi {
		if en[k] != v && !strings.Contains(v, "%") {
			out[v] = true
		}
	}
	for _, s := range data.TaskStatuses {
		out[s.Label()] = true
	}
	for _, s := range data.Statuses {
		out[s.Label()] = true
	}
	for _, c := range []data.Cycle{data.CycleOnce, data.CycleHalfYear, data.CycleYearly} {
		out[c.Label()] = true
	}
	for _, k := range data.EventKinds {
		out[k.Label()] = true
	}
	for _, k := range reports.Catalogue {
		out[k.Title] = true
	}
	for _, op := range []string{"create", "update", "delete", "restore"} {
		out[store.Change{Op: op}.OpLabel()] = true
	}
	return out
}

// No Vietnamese interface word is left on any screen in English mode (walking the
// widget tree of every screen, a record with each tab, a task, and the dialogs).
func TestEnglishModeComplete(t *testing.T) {
	u, w := newTestUI(t, true)
	require.NoError(t, u.store.SetSetting(t.Context(), "ui.language", "en"))
	u = New(w, u.store, Options{Background: func(f func()) { f() }})
	banned := vietnameseUI(t)
	check := func(where string, o fyne.CanvasObject) {
		t.Helper()
		for _, s := range texts(o) {
			s = strings.TrimSpace(s)
			for _, part := range strings.Split(s, " · ") {
				if part != s && banned[part] {
					t.Errorf("%s: %q contains the Vietnamese interface text %q", where, s, part)
				}
			}
			if banned[s] {
				t.Errorf("%s: %q is Vietnamese interface text", where, s)
			}
			for phrase := range banned {
				if len([]rune(phrase)) > 12 && strings.Count(phrase, " ") >= 4 && s != phrase && strings.Contains(s, phrase) {
					t.Errorf("%s: %q contains the Vietnamese interface text %q", where, s, phrase)
				}
			}
		}
	}
	for i, s := range u.screens {
		u.show(i)
		check(s.title(), w.Content())
	}
	a, i := screenOf[*associations](u)
	u.show(i)
	a.list.Select(0)
	for k := range a.rec.tabs.Items {
		a.rec.tabs.SelectIndex(k)
		check("record tab "+a.rec.tabs.Items[k].Text, w.Content())
	}
	tk, j := screenOf[*tasks](u)
	u.show(j)
	tk.list.Select(0)
	check("task", w.Content())
	for name, open := range map[string]func(){
		"add task": func() { tk.onAddTask() }, "add directive": func() { tk.onAddDirective() },
		"add update": func() { tk.onAddUpdate(tk.row(0)) }, "edit task": func() { tk.onEditTask(tk.row(0)) },
		"leader": func() { a.rec.leaders().onAdd() }, "event": func() { a.rec.events().onAdd() },
		"statistics year": func() { u.askStatsYear() },
	} {
		open()
		check(name, w.Canvas().Overlays().Top())
		u.closeDialog()
	}
}

// In English mode a refused save says why in English, under the field.
func TestEnglishFieldMessages(t *testing.T) {
	u, w := newTestUI(t, true)
	require.NoError(t, u.store.SetSetting(t.Context(), "ui.language", "en"))
	u = New(w, u.store, Options{Background: func(f func()) { f() }})
	tk, i := screenOf[*tasks](u)
	u.show(i)
	f := tk.onAddDirective()
	f.number.SetText("")
	f.summary.SetText("")
	u.typedShortcut(ctrl("S"))
	assert.NotEmpty(t, msgOf(t, f.form, "number"))
	for _, name := range []string{"number", "issuer", "summary"} {
		msg := msgOf(t, f.form, name)
		if msg != "" {
			assert.NotContains(t, msg, "Chưa", "%s: %q", name, msg)
		}
	}
	assert.Contains(t, f.count.Text, "fields need attention")
}
