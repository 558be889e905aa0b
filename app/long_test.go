package app

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/demo"
	"qlhoi/data/store"
)

// Long work shows a moving bar and a Cancel button; Cancel stops the work through its
// context and the clerk reads ErrCancelled's sentence, not a database fault.
func TestLongWorkCancel(t *testing.T) {
	u, w := newTestUI(t, false)
	var got error
	var bar float64
	u.runLong("Đang tạo báo cáo", func(ctx context.Context, progress func(float64)) error {
		progress(0.4)
		top := w.Canvas().Overlays().Top()
		require.NotNil(t, top, "the progress dialog is open")
		bar = progressOf(t, top)
		stop := button(top, u.T("action.cancel"))
		require.NotNil(t, stop, "the dialog has a Cancel button: %v", texts(top))
		test.Tap(stop)
		<-ctx.Done() // work that checks its context stops
		return ctx.Err()
	}, func(err error) { got = err })
	assert.InDelta(t, 0.4, bar, 1e-9, "the bar moves with the work")
	require.True(t, data.HasCode(got, "ErrCancelled"), "got %v", got)
	assert.Equal(t, "Đã dừng theo yêu cầu. Hãy làm lại khi cần.", u.message(got))

	// Work that ends by itself is not "cancelled".
	u.runLong("x", func(context.Context, func(float64)) error { return nil }, func(err error) { got = err })
	assert.NoError(t, got)
}

// progressOf is the value of the first progress bar under o.
func progressOf(t *testing.T, o fyne.CanvasObject) float64 {
	t.Helper()
	var bar *widget.ProgressBar
	walk(o, func(c fyne.CanvasObject) {
		if b, ok := c.(*widget.ProgressBar); ok && bar == nil {
			bar = b
		}
	})
	require.NotNil(t, bar, "a progress bar is shown")
	return bar.Value
}

// Long work on a real goroutine owns its dialog: Esc means Cancel (the dialog stays
// until the work has ended), no shortcut or second long action runs meanwhile, and the
// screen's state is set by done, on the UI goroutine, after the work.
func TestLongWorkOwnsItsDialog(t *testing.T) {
	u, w := newTestUI(t, false)
	u.bg = func(f func()) { go f() }
	started, release := make(chan struct{}), make(chan struct{})
	finished := make(chan error, 1)
	u.runLong("Đang khôi phục", func(ctx context.Context, _ func(float64)) error {
		close(started)
		select {
		case <-ctx.Done():
			<-release // work that takes a while to stop after Cancel
			return ctx.Err()
		case <-release:
			return nil
		}
	}, func(err error) { finished <- err })
	<-started
	top := w.Canvas().Overlays().Top()
	require.NotNil(t, top, "the progress dialog is open")

	saved := false
	u.onShortcut(fyne.KeyS, func() { saved = true })
	assert.True(t, u.typedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}))
	assert.False(t, saved, "Ctrl+S does not reach the screen behind the work")

	var second error
	u.runLong("Kiểm tra lần hai", func(context.Context, func(float64)) error {
		t.Error("a second long action ran while one was running")
		return nil
	}, func(err error) { second = err })
	assert.True(t, data.HasCode(second, "ErrBusy"), "ErrBusy: %v", second)

	pressKey(w, fyne.KeyEscape) // as the driver delivers it: to the focused widget
	assert.Same(t, top, w.Canvas().Overlays().Top(), "Esc does not close the dialog while the work goes on")
	stop := button(top, u.T("action.cancel"))
	require.NotNil(t, stop)
	assert.True(t, stop.Disabled(), "Esc pressed Cancel")

	close(release)
	var err error
	require.Eventually(t, func() bool {
		select {
		case err = <-finished:
			return true
		default:
			return false
		}
	}, 5*time.Second, 10*time.Millisecond)
	assert.True(t, data.HasCode(err, "ErrCancelled"), "got %v", err)
	assert.Nil(t, w.Canvas().Overlays().Top(), "the dialog closes when the work has ended")
	assert.Nil(t, u.longStop)
}

// After a restore in Cài đặt, the offices the backup trusted and this database did not
// are shown with their fingerprints; "Tin cậy" trusts one, "Bỏ" drops another.
func TestRestoreAsksToConfirmTrust(t *testing.T) {
	ctx := t.Context()
	// The office's old machine: the demo office, trusting two communes.
	old, err := store.Open(ctx, filepath.Join(t.TempDir(), "cu.db"))
	require.NoError(t, err)
	defer old.Close()
	require.NoError(t, demo.Load(ctx, old))
	fps := map[string]string{}
	for _, code := range []string{"X", "Y"} {
		peer, err := store.Open(ctx, filepath.Join(t.TempDir(), code+".db"))
		require.NoError(t, err)
		require.NoError(t, peer.SetUp(ctx, &data.Office{Code: old.Office() + "-" + code, Name: "Đảng ủy xã " + code, Level: data.LevelCommune, Parent: old.Office()}))
		card, err := peer.OwnCard(ctx)
		require.NoError(t, err)
		require.NoError(t, old.Trust(ctx, card))
		fps[card.Code] = card.Fingerprint
		peer.Close()
	}
	backup := filepath.Join(t.TempDir(), "sao lưu.db")
	require.NoError(t, old.Backup(ctx, backup))

	// The new machine, not set up: the restore brings the office, not the trust.
	u, w := newTestUI(t, false)
	u.restoreWith(func(ctx context.Context) (string, error) { return u.store.RestoreFrom(ctx, backup) })
	assert.Contains(t, strings.Join(texts(w.Canvas().Overlays().Top()), " "), "Chứng thư số gốc tin cậy (Cài đặt → Ký số) của máy này được giữ nguyên",
		"the clerk is told the roots did not come from the backup")
	test.Tap(button(w.Canvas().Overlays().Top(), "OK"))
	top := w.Canvas().Overlays().Top()
	require.NotNil(t, top, "the offices to confirm are shown")
	shown := strings.Join(texts(top), "\n")
	for code, fp := range fps {
		assert.Contains(t, shown, fp, code)
	}
	x, y := old.Office()+"-X", old.Office()+"-Y"
	_, err = u.store.TrustedOffice(ctx, x)
	require.Error(t, err, "not trusted before the clerk confirms")
	taps := 0
	walk(top, func(c fyne.CanvasObject) {
		if b, ok := c.(*widget.Button); ok && taps == 0 && b.Text == "Tin cậy" {
			test.Tap(b) // the first office: X
			taps++
		}
	})
	_, err = u.store.TrustedOffice(ctx, x)
	assert.NoError(t, err, "trusted once confirmed")
	test.Tap(button(top, "Bỏ"))
	_, err = u.store.TrustedOffice(ctx, y)
	assert.Error(t, err, "dropped")
	left, err := u.store.PendingTrust(ctx)
	require.NoError(t, err)
	assert.Empty(t, left)
}

// pressKey delivers a key as Fyne's window does: to the focused widget (its KeyDown, then
// TypedKey), or, with nothing focused, to the canvas's handlers.
func pressKey(w fyne.Window, k fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: k}
	c := w.Canvas()
	if f := c.Focused(); f != nil {
		if kd, ok := f.(desktop.Keyable); ok {
			kd.KeyDown(ev)
		}
		f.TypedKey(ev)
		return
	}
	if dc, ok := c.(interface{ OnKeyDown() func(*fyne.KeyEvent) }); ok && dc.OnKeyDown() != nil {
		dc.OnKeyDown()(ev)
	}
	c.(interface{ OnTypedKey() func(*fyne.KeyEvent) }).OnTypedKey()(ev)
}

// Cài đặt says how many automatic backups are kept and changes it (1 to 100).
func TestSettingsKeepBackups(t *testing.T) {
	u, _ := newTestUI(t, true)
	s, i := screenOf[*settings](u)
	u.show(i)
	assert.Equal(t, "10", s.keepBackups.Text)
	assert.Contains(t, strings.Join(texts(s.root), "\n"), "Giữ bản sao lưu tự động (mỗi loại, bản cũ hơn tự xóa)")
	s.keepBackups.SetText("0")
	s.onSave()
	assert.Contains(t, s.errs["keep_backups"].Text, "từ 1 đến 100")
	s.keepBackups.SetText("5")
	s.onSave()
	assert.Empty(t, s.errs["keep_backups"].Text)
	assert.Equal(t, 5, u.store.KeepBackups(u.ctx))
}

// A drop-down of a form with nothing chosen says so in the interface's language, not
// Fyne's "(Select one)".
func TestChoicePlaceholderTranslated(t *testing.T) {
	u, w := newTestUI(t, true)
	a, i := screenOf[*associations](u)
	u.show(i)
	a.list.Select(0)
	a.rec.events().onAdd()
	shown := strings.Join(texts(w.Canvas().Overlays().Top()), " ")
	assert.NotContains(t, shown, "(Select one)")
}

// Esc closes a form dialog from a focused drop-down too (the drop-down kept the key).
func TestEscFromDropDownClosesDialog(t *testing.T) {
	u, w := newTestUI(t, true)
	tk, i := screenOf[*tasks](u)
	u.show(i)
	tf := tk.onAddTask()
	var dd fyne.Focusable
	for _, ff := range tf.form.fields {
		if ff.name == "directive" {
			dd = ff.focus
		}
	}
	require.NotNil(t, dd)
	w.Canvas().Focus(dd)
	require.NotNil(t, w.Canvas().Overlays().Top())
	pressKey(w, fyne.KeyEscape)
	assert.Nil(t, w.Canvas().Overlays().Top(), "Esc closed Thêm nhiệm vụ")
}

// The new-row dialog of yearly figures offers a year that has no row yet (it offered
// last year, which had one, and saving made a second row).
func TestNewFigureRowOffersAFreeYear(t *testing.T) {
	u, _ := newTestUI(t, true)
	a, i := screenOf[*associations](u)
	u.show(i)
	a.list.Select(0)
	figs, err := store.List[data.YearlyFigure](u.ctx, u.store, "association", a.rec.a.ID)
	require.NoError(t, err)
	taken := map[string]bool{}
	for _, f := range figs {
		taken[strconv.Itoa(f.Year)] = true
	}
	f := a.rec.figures().onAdd()
	year := entryOf(t, f, "year").Text
	assert.False(t, taken[year], "year %s has no row yet (rows: %v)", year, taken)
}
