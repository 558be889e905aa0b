package app

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/app/typing"
	"qlhoi/data"
	"qlhoi/data/store"
)

// A step of typing: a rune, or a key (Backspace, Left, Right, Return).
type typingStep struct {
	r   rune
	key fyne.KeyName
}

// typingModel is the oracle: the text as runes, a rune cursor, and the engine applied to
// the word before the cursor — what typing means, with no widget in between.
type typingModel struct {
	text []rune
	pos  int
	eng  typing.Engine
}

func (m *typingModel) apply(s typingStep) {
	switch s.key {
	case "":
	case fyne.KeyBackspace:
		if m.pos > 0 {
			m.text = append(m.text[:m.pos-1:m.pos-1], m.text[m.pos:]...)
			m.pos--
		}
		return
	case fyne.KeyReturn:
		m.insert(0, []rune{'\n'})
		return
	default:
		return // cursor moves: the entry says where the cursor went (runEntry syncs pos)
	}
	if s.r == ' ' && len(m.text) == 0 {
		return // a value never starts with a space (Entry.TypedRune)
	}
	start := m.pos
	for start > 0 && unicode.IsLetter(m.text[start-1]) {
		start--
	}
	m.insert(m.pos-start, []rune(m.eng.Key(string(m.text[start:m.pos]), s.r)))
}

// insert replaces the n runes before the cursor with out.
func (m *typingModel) insert(n int, out []rune) {
	rest := append([]rune(nil), m.text[m.pos:]...)
	m.text = append(append(m.text[:m.pos-n], out...), rest...)
	m.pos = m.pos - n + len(out)
}

// runEntry types the steps into e and checks, after each, that the entry holds what the
// model holds and its cursor is where the model's is. Cursor moves are the entry's own
// (Fyne decides where Left goes at a wrapped row's end); the model follows them.
func runEntry(t *testing.T, w fyne.Window, e *Entry, eng typing.Engine, steps []typingStep, label string) string {
	t.Helper()
	e.SetText("")
	w.Canvas().Focus(e)
	m := &typingModel{eng: eng}
	for i, s := range steps {
		if s.key != "" {
			e.TypedKey(&fyne.KeyEvent{Name: s.key})
		} else {
			e.TypedRune(s.r)
		}
		m.apply(s)
		if s.key == fyne.KeyLeft || s.key == fyne.KeyRight {
			m.pos = e.cursorOffset()
			continue
		}
		if !assert.Equal(t, string(m.text), e.Text, "%s: after step %d (%s)", label, i, describeSteps(steps[:i+1])) ||
			!assert.Equal(t, m.pos, e.cursorOffset(), "%s: cursor after step %d", label, i) {
			return e.Text
		}
	}
	return e.Text
}

func describeSteps(steps []typingStep) string {
	var b strings.Builder
	for _, s := range steps {
		if s.key != "" {
			fmt.Fprintf(&b, "<%s>", s.key)
		} else {
			b.WriteRune(s.r)
		}
	}
	return b.String()
}

func stepsOf(keys string) []typingStep {
	var out []typingStep
	for _, r := range keys {
		if r == '\n' {
			out = append(out, typingStep{key: fyne.KeyReturn})
		} else {
			out = append(out, typingStep{r: r})
		}
	}
	return out
}

// typingWords are the keystrokes of real words from the oracle file (both methods).
func typingWords(t *testing.T) map[typing.Method][]string {
	t.Helper()
	f, err := os.Open("typing/testdata/typing-sample.tsv")
	require.NoError(t, err)
	defer f.Close()
	words := map[typing.Method][]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 3 || strings.HasPrefix(cols[0], "#") {
			continue
		}
		m := typing.ParseMethod(strings.SplitN(cols[0], "-", 2)[0])
		if m != typing.Off && !strings.ContainsAny(cols[1], " \t") {
			words[m] = append(words[m], cols[1])
		}
	}
	require.NotEmpty(t, words[typing.Telex])
	require.NotEmpty(t, words[typing.VNI])
	return words
}

// randomSteps makes a long text of real words with spaces, punctuation, newlines (if
// asked), corrections (Backspace) and cursor moves that go back into text already typed.
func randomSteps(rng *rand.Rand, words []string, n int, newlines bool) []typingStep {
	var steps []typingStep
	for range n {
		for _, r := range words[rng.IntN(len(words))] {
			if rng.IntN(20) == 0 && unicode.IsUpper(r) == false {
				r = unicode.ToUpper(r)
			}
			steps = append(steps, typingStep{r: r})
		}
		switch x := rng.IntN(40); {
		case x < 3:
			steps = append(steps, typingStep{key: fyne.KeyBackspace})
		case x < 5:
			for range 1 + rng.IntN(12) {
				steps = append(steps, typingStep{key: fyne.KeyLeft})
			}
		case x < 6:
			for range 1 + rng.IntN(6) {
				steps = append(steps, typingStep{key: fyne.KeyRight})
			}
		case x < 8 && newlines:
			steps = append(steps, typingStep{key: fyne.KeyReturn})
			continue
		case x < 10:
			steps = append(steps, typingStep{r: ','})
		}
		steps = append(steps, typingStep{r: ' '})
	}
	return steps
}

// Typing never changes text it was not asked to change: whatever the width (so wherever
// the lines wrap), a multi-line entry ends with the text the engine alone gives, and so
// does a single-line entry given the same keys.
func TestTypingPropertyAtAnyWidth(t *testing.T) {
	u, w := newTestUI(t, false)
	words := typingWords(t)
	multi := u.newMultiLineEntry()
	single := u.newEntry()
	rng := rand.New(rand.NewPCG(17, 21))
	for _, method := range []typing.Method{typing.Telex, typing.VNI} {
		u.typing.Set(method, false)
		eng := u.typing.Engine()
		for round := range 6 {
			newlines := round%2 == 1
			steps := randomSteps(rng, words[method], 60, newlines)
			want := &typingModel{eng: eng}
			for _, width := range []float32{140, 260, 520, 1200} {
				w.SetContent(multi)
				w.Resize(fyne.NewSize(width, 400))
				label := fmt.Sprintf("%s round %d, multi-line at %.0f px", method, round, width)
				got := runEntry(t, w, multi, eng, steps, label)
				if want.text == nil {
					want.text = []rune(got)
				}
				require.Equal(t, string(want.text), got, "%s: the same keys give the same text at every width", label)
			}
			if !newlines {
				w.SetContent(single)
				w.Resize(fyne.NewSize(300, 100))
				got := runEntry(t, w, single, eng, steps, fmt.Sprintf("%s round %d, single-line", method, round))
				require.Equal(t, string(want.text), got, "a single-line entry types the same")
			}
		}
	}
}

// The clerk's repro: a task's Nội dung in “Thêm nhiệm vụ” at 1366×768, typed in Telex,
// wrapping as it goes; the saved task holds exactly what was typed.
func TestTelexInWrappedTaskContent(t *testing.T) {
	u, w := newTestUI(t, true)
	u.typing.Set(typing.Telex, false)
	tk, i := screenOf[*tasks](u)
	u.show(i)
	tf := tk.onAddTask()
	const keys = "Toor chuwcs hooij nghij ddoois thoaij giuwax nguwowif ddwngs ddaauf caaps uyr, chinhs quyeenf vowis nhaan daan"
	const want = "Tổ chức hội nghị đối thoại giữa người đứng đầu cấp ủy, chính quyền với nhân dân"
	typeInto(w, tf.content, keys)
	require.Equal(t, want, tf.content.Text)
	require.Greater(t, tf.content.Size().Width, float32(0))
	require.Greater(t, fyne.MeasureText(want, theme.TextSize(), fyne.TextStyle{}).Width, tf.content.Size().Width,
		"the text wraps in the field (it is longer than the field is wide)")
	require.NotEmpty(t, tf.directive.Options, "the demo has directives")
	tf.directive.SetSelectedIndex(0)
	tf.lead.SetSelectedIndex(0)
	tf.deadline.SetText("31/12/2026")
	tapInDialog(t, w, "Lưu (Ctrl+S)")
	for _, ff := range tf.form.fields {
		require.Empty(t, ff.msg.Text, "field %s", ff.name)
	}
	require.Empty(t, tf.count.Text, "the task saves")
	saved, _, err := u.store.FindTasks(u.ctx, store.TaskFilter{})
	require.NoError(t, err)
	var contents []string
	for _, s := range saved {
		contents = append(contents, s.Content)
	}
	assert.Contains(t, contents, want)
}

// Typing on the second line of pasted text leaves the first line alone.
func TestTypingUnderPastedText(t *testing.T) {
	u, w := newTestUI(t, false)
	u.typing.Set(typing.Telex, false)
	e := u.newMultiLineEntry()
	w.SetContent(e)
	w.Resize(fyne.NewSize(300, 300))
	const first = "Thứ nhất là một dòng dài được dán vào, đủ dài để xuống dòng trong ô nhập này.\n"
	w.Canvas().Focus(e)
	e.TypedShortcut(&fyne.ShortcutPaste{Clipboard: test.NewClipboard()})
	e.SetText(first)
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyPageDown})
	test.Type(e, "Thuwcj hieenj ddaafy ddur")
	assert.Equal(t, first+"Thực hiện đầy đủ", e.Text)
}

// BenchmarkTelexKeyInLongText is one Telex word typed at the end of a 4,000-character
// wrapped text (a task's result): the engine, the edit and the entry's re-wrapping.
func BenchmarkTelexKeyInLongText(b *testing.B) {
	test.NewTempApp(b)
	w := test.NewTempWindow(b, nil)
	u := &UI{typing: NewTyping(typing.Telex, false)}
	e := u.newMultiLineEntry()
	w.SetContent(e)
	w.Resize(fyne.NewSize(600, 400))
	long := strings.Repeat("Tổ chức hội nghị đối thoại giữa người đứng đầu cấp ủy với nhân dân. ", 60)
	w.Canvas().Focus(e)
	keys := []rune("nguwowif ")
	for b.Loop() {
		e.SetText(long)
		e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyPageDown})
		for _, r := range keys {
			e.TypedRune(r)
		}
	}
}

// Ctrl+Z takes back a typed word whole — never to a half-made word such as "trư" of
// "trước" — and every state it goes back to is one the text was in; Ctrl+Y comes back.
func TestUndoTakesBackWholeWords(t *testing.T) {
	u, w := newTestUI(t, false)
	e := u.newMultiLineEntry()
	w.SetContent(e)
	w.Resize(fyne.NewSize(200, 300))
	undo := func() { e.TypedShortcut(&fyne.ShortcutUndo{}) }
	redo := func() { e.TypedShortcut(&fyne.ShortcutRedo{}) }

	u.typing.Set(typing.VNI, false)
	typeInto(w, e, "truoc71")
	require.Equal(t, "trước", e.Text)
	undo()
	assert.Equal(t, "", e.Text, "the word goes whole")
	redo()
	assert.Equal(t, "trước", e.Text)

	u.typing.Set(typing.Telex, false)
	e.SetText("")
	typeInto(w, e, "Hooij nghij")
	undo()
	assert.Equal(t, "Hội ", e.Text)
	undo()
	assert.Equal(t, "Hội", e.Text)
	undo()
	assert.Equal(t, "", e.Text)
	undo()
	assert.Equal(t, "", e.Text, "nothing more to undo")

	// On random typing, each state undo reaches is one the text was in after a key.
	rng := rand.New(rand.NewPCG(5, 8))
	words := typingWords(t)
	for round := range 4 {
		e.SetText("")
		seen := map[string]bool{"": true}
		for _, s := range randomSteps(rng, words[typing.Telex], 25, round%2 == 1) {
			if s.key != "" {
				e.TypedKey(&fyne.KeyEvent{Name: s.key})
			} else {
				e.TypedRune(s.r)
			}
			seen[e.Text] = true
		}
		final := e.Text
		for range 200 {
			undo()
			require.True(t, seen[e.Text], "undo reached %q, which the text never was", e.Text)
		}
		assert.Equal(t, "", e.Text, "undo goes back to the start")
		for range 200 {
			redo()
		}
		assert.Equal(t, final, e.Text, "redo comes back to the end")
	}
}

// Document symbols typed inside free text keep their letters (TW stays TW) and get Đ
// from dd (Telex) or d9 (VNI): 118-QĐ/TW, 59/2024/NĐ-CP, HĐND; a code field types Đ in
// VNI too.
func TestSymbolsInFreeText(t *testing.T) {
	u, w := newTestUI(t, false)
	e := u.newMultiLineEntry()
	w.SetContent(e)
	code := u.newEntryOf(KindDocCode)
	for _, c := range []struct {
		method typing.Method
		field  *Entry
		keys   string
		want   string
	}{
		{typing.Telex, e, "Theo Quy ddinhj 118-QDD/TW", "Theo Quy định 118-QĐ/TW"},
		{typing.Telex, e, "Nghij ddinhj 59/2024/NDD-CP veef", "Nghị định 59/2024/NĐ-CP về"},
		{typing.Telex, e, "Thuwowngf trucwj HDDND xax", "Thường trực HĐND xã"},
		{typing.Telex, e, "Keets luaanj 36-KL/TW", "Kết luận 36-KL/TW"},
		{typing.Telex, e, "vaf/hoawcj nam/nuwx 2-3 laafn", "và/hoặc nam/nữ 2-3 lần"},
		{typing.VNI, e, "Quy d9inh5 118-QD9/TW", "Quy định 118-QĐ/TW"},
		{typing.VNI, e, "Tho6ng ba1o 12-TB/HD9ND", "Thông báo 12-TB/HĐND"},
		{typing.VNI, code, "20-KH/D9U", "20-KH/ĐU"},
		{typing.Telex, code, "20-KH/DDU", "20-KH/ĐU"},
	} {
		u.typing.Set(c.method, false)
		c.field.SetText("")
		typeInto(w, c.field, c.keys)
		assert.Equal(t, c.want, c.field.Text, "%s: %s", c.method, c.keys)
	}
}

// A task whose content has line breaks is shown on one line in the task list: its row
// has a fixed height, and the breaks drew it over the next row.
func TestTaskListRowIsOneLine(t *testing.T) {
	u, _ := newTestUI(t, true)
	tk, i := screenOf[*tasks](u)
	u.show(i)
	require.Greater(t, tk.rows.total, 0)
	first := tk.row(0)
	first.Content = "Dòng một\nDòng hai\n\nDòng ba"
	require.NoError(t, u.store.Update(u.ctx, first, store.AllowNearDuplicate))
	tk.reload()
	var shown []string
	for _, s := range texts(tk.list) {
		if strings.Contains(s, "Dòng một") {
			shown = append(shown, s)
		}
	}
	require.NotEmpty(t, shown, "the task is in the list")
	assert.Equal(t, "Dòng một Dòng hai Dòng ba", shown[0])
}

// A number field selects its value when it gets the focus, so typing replaces it: with
// the progress at 30, typing 45 gave 3045.
func TestNumberFieldTypingReplaces(t *testing.T) {
	u, w := newTestUI(t, true)
	tk, i := screenOf[*tasks](u)
	u.show(i)
	task := tk.row(0)
	task.Percent = 30
	f := tk.onAddUpdate(task)
	require.Equal(t, "30", f.percent.Text)
	w.Canvas().Focus(f.percent)
	test.Type(f.percent, "45")
	assert.Equal(t, "45", f.percent.Text)

	// By the mouse, as the window delivers a click: down (the focus comes, the cursor
	// goes where the click is), up, then the keys, before any tap arrives.
	w.Canvas().Unfocus()
	f = tk.onAddUpdate(task)
	require.Equal(t, "30", f.percent.Text)
	click := &desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(30, 10)}, Button: desktop.MouseButtonPrimary}
	f.percent.MouseDown(click)
	f.percent.MouseUp(click)
	for _, r := range "80" {
		f.percent.TypedRune(r)
	}
	assert.Equal(t, "80", f.percent.Text)
}

// A task due within the warning days is "Sắp đến hạn" in the task list as on Tổng quan
// (it was "Chưa đến hạn" in the list).
func TestDueSoonSaidAlike(t *testing.T) {
	u, _ := newTestUI(t, true)
	tk, i := screenOf[*tasks](u)
	u.show(i)
	task := tk.row(0)
	task.Deadline, task.Cycle, task.Percent, task.LastReport, task.CompletedOn = u.today().AddDays(2), data.CycleOnce, 0, data.Date{}, data.Date{}
	require.Equal(t, data.NotYetDue, task.StatusOn(u.today()))
	assert.Contains(t, tk.summary(task, task.StatusOn(u.today())), "Sắp đến hạn")
	task.Deadline = u.today().AddDays(30)
	assert.Contains(t, tk.summary(task, task.StatusOn(u.today())), "Chưa đến hạn")
}

// Ctrl+End and Ctrl+Home go to the end and the start of the whole text of a long field
// (words typed after them landed at the old cursor).
func TestCtrlHomeEnd(t *testing.T) {
	u, w := newTestUI(t, true)
	e := u.newMultiLineEntry()
	w.SetContent(e)
	e.SetText("Dòng một\nDòng hai\nDòng ba")
	w.Canvas().Focus(e)
	e.CursorRow, e.CursorColumn = 1, 2
	e.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyEnd, Modifier: fyne.KeyModifierShortcutDefault})
	test.Type(e, "!")
	assert.Equal(t, "Dòng một\nDòng hai\nDòng ba!", e.Text)
	e.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyHome, Modifier: fyne.KeyModifierShortcutDefault})
	test.Type(e, "(")
	assert.Equal(t, "(Dòng một\nDòng hai\nDòng ba!", e.Text)
}

// Typing on right after a word that was already there, with no space, never turns that
// word back into keystrokes ("được" then "tu72" gave "d9u7o75ctu72"); a word being
// typed still spells out its keys when they stop making one ("ús" then "b": "usb").
func TestTypingOnAfterAnExistingWord(t *testing.T) {
	u, w := newTestUI(t, true)
	e := u.newEntry()
	w.SetContent(e)
	e.SetText("được")
	w.Canvas().Focus(e)
	e.CursorColumn = 4
	u.typing.Set(typing.VNI, false)
	test.Type(e, "tu72")
	assert.True(t, strings.HasPrefix(e.Text, "được"), "the word there stays: %q", e.Text)
	u.typing.Set(typing.Telex, false)
	e.SetText("")
	test.Type(e, "usb")
	assert.Equal(t, "usb", e.Text)
}
