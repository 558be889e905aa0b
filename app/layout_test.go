package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/reports"
)

// At 1024×768 no screen is wider or taller than the window can show (700 units of
// height leave room for the title bar and the taskbar), with a record or a task open.
func TestScreensFit1024(t *testing.T) {
	for _, lang := range []string{"vi", "en"} {
		t.Run(lang, func(t *testing.T) { screensFit(t, lang) })
	}
}

func screensFit(t *testing.T, lang string) {
	u, w := newTestUI(t, true)
	// Measured with qlhoi's own theme (15-unit text), as the real window draws.
	fyne.CurrentApp().Settings().SetTheme(NewTheme())
	if lang != "vi" {
		u.tr = NewTranslator(lang)
		u.showMain()
	}
	w.Resize(fyne.NewSize(1024, 700))
	check := func(name string) {
		t.Helper()
		min := w.Content().MinSize()
		assert.LessOrEqual(t, min.Width, float32(1024), "%s: minimum width %v", name, min)
		assert.LessOrEqual(t, min.Height, float32(700), "%s: minimum height %v", name, min)
	}
	for i, s := range u.screens {
		u.show(i)
		check(s.title())
	}
	a, i := screenOf[*associations](u)
	u.show(i)
	a.list.Select(0)
	check("association record")
	for k := range a.rec.tabs.Items {
		a.rec.tabs.SelectIndex(k)
		check("association tab " + a.rec.tabs.Items[k].Text)
	}
	a.rec.figures().onAdd() // the longest child form: a year's figures and finances
	if top := w.Canvas().Overlays().Top(); assert.NotNil(t, top) {
		assert.LessOrEqual(t, top.MinSize().Width, float32(1024), "figure form")
		assert.LessOrEqual(t, top.MinSize().Height, float32(700), "figure form")
	}
	u.closeDialog()
	a.onNew()
	check("new association")
	tk, j := screenOf[*tasks](u)
	u.show(j)
	tk.list.Select(0)
	check("task")
	for _, open := range []func(){
		func() { tk.onAddTask() }, func() { tk.onAddDirective() }, func() { tk.onAddUpdate(tk.row(0)) },
		func() { tk.onEditTask(tk.row(0)) },
	} {
		open()
		top := w.Canvas().Overlays().Top()
		if assert.NotNil(t, top) {
			assert.LessOrEqual(t, top.MinSize().Width, float32(1024))
			assert.LessOrEqual(t, top.MinSize().Height, float32(700))
		}
		u.closeDialog()
	}
	_, k := screenOf[*reportsScreen](u)
	u.show(k)
	if assert.NotNil(t, u.askStatsYear(), "the yearly statistics dialog") {
		top := w.Canvas().Overlays().Top()
		assert.LessOrEqual(t, top.MinSize().Width, float32(1024), "statistics year")
		assert.LessOrEqual(t, top.MinSize().Height, float32(700), "statistics year")
		u.closeDialog()
	}
	u2, w2 := newTestUI(t, false)
	_ = u2
	w2.Resize(fyne.NewSize(1024, 700))
	min := w2.Content().MinSize()
	assert.LessOrEqual(t, min.Width, float32(1024), "wizard")
	assert.LessOrEqual(t, min.Height, float32(700), "wizard")
}

// The focused button or drop-down is visibly distinct: the focus colour is not the
// primary colour of the buttons, and it is translucent so the label stays readable.
func TestFocusIsVisible(t *testing.T) {
	th := NewTheme()
	focus := th.Color(theme.ColorNameFocus, theme.VariantLight)
	assert.NotEqual(t, th.Color(theme.ColorNamePrimary, theme.VariantLight), focus)
	_, _, _, a := focus.RGBA()
	assert.Less(t, a, uint32(0xFFFF))
	assert.Greater(t, a, uint32(0x3000), "strong enough to see")
}

// A keyboard clerk can follow the focus down a list: Fyne draws the focused row with the
// hover colour, which the theme makes a visible blue (the default grey was too faint).
func TestFocusedListRowIsVisible(t *testing.T) {
	th := NewTheme()
	hover := th.Color(theme.ColorNameHover, theme.VariantLight)
	_, _, _, a := hover.RGBA()
	assert.Greater(t, a, uint32(0x3000), "strong enough to see")
	assert.NotEqual(t, th.Color(theme.ColorNameSelection, theme.VariantLight), hover, "focus is not selection")

	u, w := newTestUI(t, true)
	fyne.CurrentApp().Settings().SetTheme(th)
	w.Resize(fyne.NewSize(1024, 700))
	list, i := screenOf[*associations](u)
	u.show(i)
	w.Canvas().Focus(list.list)
	w.Content().Refresh()
	marked := 0
	walk(list.list, func(o fyne.CanvasObject) {
		if r, ok := o.(*canvas.Rectangle); ok && r.FillColor == hover {
			marked++
		}
	})
	assert.Equal(t, 1, marked, "the focused row, and only it, is marked in the focus blue")
}

// At 1280 units every tab of a record, Lịch sử included, shows without the "…" menu.
func TestRecordTabsShowAt1280(t *testing.T) {
	u, w := newTestUI(t, true)
	w.Resize(fyne.NewSize(1280, 700))
	a, i := screenOf[*associations](u)
	u.show(i)
	a.list.Select(0)
	w.Content().Refresh()
	overflow := false
	walk(a.rec.tabs, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Icon != nil && b.Icon.Name() == theme.MoreHorizontalIcon().Name() {
			overflow = true
		}
	})
	assert.False(t, overflow, "no hidden tab menu at 1280")
	w.Resize(fyne.NewSize(1024, 700))
	w.Content().Refresh()
	walk(a.rec.tabs, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Icon != nil && b.Icon.Name() == theme.MoreHorizontalIcon().Name() {
			overflow = true
		}
	})
	assert.True(t, overflow, "the detector sees the menu where there is one (1024)")
}

// At 1024 a record's tables are wider than the pane and scroll sideways; each row's
// edit and delete buttons come first, so they stay in view (Tab reaches them, the
// edit dialog shows the whole row) while the last columns lie beyond the window.
func TestRowActionsInViewAt1024(t *testing.T) {
	u, w := newTestUI(t, true)
	w.Resize(fyne.NewSize(1024, 700))
	a, i := screenOf[*associations](u)
	u.show(i)
	a.list.Select(0)
	a.rec.tabs.SelectIndex(1) // leaders
	w.Content().Refresh()
	d := fyne.CurrentApp().Driver()
	var edits []*widget.Button
	var right float32
	walk(a.rec.tabs.Items[1].Content, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Icon != nil && b.Icon.Name() == theme.DocumentCreateIcon().Name() {
			edits = append(edits, b)
		}
		if l, ok := o.(*widget.Label); ok && l.Visible() {
			right = max(right, d.AbsolutePositionForObject(l).X+l.Size().Width)
		}
	})
	require.NotEmpty(t, edits, "the leaders tab has rows")
	assert.Greater(t, right, float32(1024), "the table is wider than the window (it scrolls)")
	for _, b := range edits {
		x := d.AbsolutePositionForObject(b).X
		assert.LessOrEqual(t, x+b.Size().Width, float32(1024), "the row's edit button is in view")
		assert.Greater(t, x, float32(0))
	}
}

// After a row of a record's table is edited or deleted the table is drawn again and the
// row's buttons are gone: the keyboard focus goes to the tab's add button, not to the
// navigation.
func TestFocusAfterRowChange(t *testing.T) {
	u, w := newTestUI(t, true)
	a, i := screenOf[*associations](u)
	u.show(i)
	a.list.Select(0)
	a.rec.tabs.SelectIndex(1) // leaders
	w.Content().Refresh()
	rowButton := func(icon fyne.Resource) *widget.Button {
		var found *widget.Button
		walk(a.rec.tabs.Items[1].Content, func(o fyne.CanvasObject) {
			if b, ok := o.(*widget.Button); ok && found == nil && b.Icon != nil && b.Icon.Name() == icon.Name() {
				found = b
			}
		})
		require.NotNil(t, found)
		return found
	}
	c := w.Canvas()

	edit := rowButton(theme.DocumentCreateIcon())
	c.Focus(edit)
	edit.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	tapInDialog(t, w, "Lưu (Ctrl+S)")
	require.Nil(t, c.Overlays().Top())
	assert.Same(t, a.rec.addButtons["leader"], c.Focused(), "after an edit: the add button of the redrawn tab")

	del := rowButton(theme.DeleteIcon())
	c.Focus(del)
	del.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	require.NotNil(t, c.Overlays().Top())
	tapInDialog(t, w, "Xóa")
	require.Nil(t, c.Overlays().Top())
	assert.Equal(t, 1, a.rec.tabs.SelectedIndex(), "still on the leaders tab")
	assert.Same(t, a.rec.addButtons["leader"], c.Focused(), "after a delete: the add button of the redrawn tab")

	// A dialog closed without a change gives the focus back where it was.
	// (Space on the focused button, as a clerk opens it; test.Tap drops the focus.)
	add := a.rec.addButtons["leader"]
	add.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	require.NotNil(t, c.Overlays().Top())
	u.closeDialog()
	assert.Same(t, add, c.Focused())
}

// Fyne's button gives up the keyboard focus when pressed (Space included): a dialog a
// screen's button opens gives the focus back to that button when it closes.
func TestFocusBackToOpeningButton(t *testing.T) {
	u, w := newTestUI(t, true)
	_, k := screenOf[*agencies](u)
	u.show(k)
	c := w.Canvas()
	var add *widget.Button
	walk(w.Content(), func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Thêm cơ quan" {
			add = b
		}
	})
	require.NotNil(t, add)
	c.Focus(add)
	add.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	require.NotNil(t, c.Overlays().Top(), "the add dialog is open")
	u.closeDialog()
	assert.Same(t, add, c.Focused())
}

// After an agency is deleted its delete button is disabled: the list takes the focus,
// not the navigation.
func TestFocusAfterAgencyDeleted(t *testing.T) {
	u, w := newTestUI(t, true)
	s, k := screenOf[*agencies](u)
	u.show(k)
	s.list.Select(0)
	del := button(s.view(), "Xóa")
	require.NotNil(t, del)
	w.Canvas().Focus(del)
	del.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	tapInDialog(t, w, "Xóa")
	assert.Same(t, s.list, w.Canvas().Focused())
	assert.Contains(t, u.status.Text, "Đã xóa")
}

// The focus comes back to “Nhập từ Excel” when its file dialog is cancelled.
func TestFocusBackAfterFileDialog(t *testing.T) {
	u, w := newTestUI(t, true)
	a, i := screenOf[*associations](u)
	u.show(i)
	c := w.Canvas()
	imp := button(a.view(), "Nhập từ Excel")
	require.NotNil(t, imp)
	c.Focus(imp)
	imp.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	require.NotNil(t, c.Overlays().Top(), "the file dialog is open")
	tapInDialog(t, w, "Cancel") // the test app runs Fyne in English
	assert.Same(t, imp, c.Focused())
}

// At 1024 the yearly figures table scrolls sideways; its year, members, total income and
// spending come first and stay in view.
func TestFigureMoneyInViewAt1024(t *testing.T) {
	u, w := newTestUI(t, true)
	w.Resize(fyne.NewSize(1024, 700))
	a, i := screenOf[*associations](u)
	u.show(i)
	a.list.Select(0)
	a.rec.tabs.SelectIndex(2) // yearly figures
	w.Content().Refresh()
	d := fyne.CurrentApp().Driver()
	right := map[string]float32{}
	walk(a.rec.tabs.Items[2].Content, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			right[l.Text] = d.AbsolutePositionForObject(l).X + l.Size().Width
		}
	})
	for _, h := range []string{u.T("figure.year"), u.T("figure.members"), u.T("figure.income"), u.T("figure.spending")} {
		x, ok := right[h]
		require.True(t, ok, "the header %q", h)
		assert.LessOrEqual(t, x, float32(1024), "%q is in view", h)
	}
	assert.Greater(t, right[u.T("figure.awards")], float32(1024), "the table does scroll (the last column is beyond the window)")
}

// At 1024×768 the report form is taller than the window; its "Tạo báo cáo" button and
// the issue box stay in view under it for every report kind, without scrolling.
func TestCreateReportInViewAt1024(t *testing.T) {
	u, w := newTestUI(t, true)
	w.Resize(fyne.NewSize(1024, 700))
	r, i := screenOf[*reportsScreen](u)
	u.show(i)
	d := fyne.CurrentApp().Driver()
	for k := range reports.Catalogue {
		r.kinds.Select(k)
		w.Content().Refresh()
		b := button(r.actions, u.T("report.create"))
		require.NotNil(t, b, reports.Catalogue[k].Name)
		at := d.AbsolutePositionForObject(b)
		assert.LessOrEqual(t, at.Y+b.Size().Height, w.Canvas().Size().Height, "%s: the button is in view", reports.Catalogue[k].Name)
		assert.Greater(t, b.Size().Height, float32(0))
		at = d.AbsolutePositionForObject(r.issue)
		assert.LessOrEqual(t, at.Y+r.issue.Size().Height, w.Canvas().Size().Height)
	}
}

// Whatever a screen holds, the window's content never asks for more than a 1024×768
// screen gives: a wide form is laid out in the window, which does not grow past the
// screen (it grew to 1046 px with a long owner note, its right edge off the screen).
func TestWindowNeverWidensPastScreen(t *testing.T) {
	u, w := newTestUI(t, true)
	wide := canvas.NewRectangle(nil)
	wide.SetMinSize(fyne.NewSize(1800, 1200))
	u.content.Objects = []fyne.CanvasObject{wide}
	u.content.Refresh()
	min := w.Content().MinSize()
	assert.LessOrEqual(t, min.Width, windowMinCap.Width)
	assert.LessOrEqual(t, min.Height, windowMinCap.Height)
}
