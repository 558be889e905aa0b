package app

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/exchange"
	"qlhoi/data/store"
)

func TestExchangeScreen(t *testing.T) {
	u, w := newTestUI(t, true)
	ctx := t.Context()
	var opened string
	u.openFile = func(p string) { opened = p }
	a, err := store.Open(ctx, filepath.Join(t.TempDir(), "a.db"))
	require.NoError(t, err)
	defer a.Close()
	require.NoError(t, a.SetUp(ctx, &data.Office{Code: "QT-DH", Name: "Thành ủy Đông Hà", Level: data.LevelDistrict, Parent: "QT"}))
	pCard, err := u.store.OwnCard(ctx)
	require.NoError(t, err)
	require.NoError(t, a.Trust(ctx, pCard))

	e, i := screenOf[*exchangeScreen](u)
	u.show(i)
	// Trust the district's card after seeing its fingerprint.
	aCard, err := a.OwnCard(ctx)
	require.NoError(t, err)
	b, _ := json.Marshal(aCard)
	e.trustCard(b)
	top := w.Canvas().Overlays().Top()
	require.NotNil(t, top)
	assert.Contains(t, strings.Join(texts(top), " "), aCard.Fingerprint)
	tapInDialog(t, w, "Đã đối chiếu, tin cậy")
	assert.Contains(t, strings.Join(texts(e.trustBox), "\n"), "QT-DH – Thành ủy Đông Hà")

	// Import: verify, preview, apply.
	x := &data.Association{Name: "Hội Chữ thập đỏ phường Đông Hà", Scope: data.ScopeCommune, Status: data.StatusActive}
	require.NoError(t, a.Create(ctx, x))
	res, err := exchange.Export(ctx, a, "QT", t.TempDir(), false)
	require.NoError(t, err)
	e.tabs.SelectIndex(1)
	e.file.SetText(res.Path)
	e.onVerify()
	shown := strings.Join(texts(e.impBox), "\n")
	assert.Contains(t, shown, "chữ ký và dấu kiểm tra hợp lệ")
	assert.Contains(t, shown, res.Hash)
	_, err = store.Get[data.Association](ctx, u.store, x.ID)
	assert.True(t, data.HasCode(err, "ErrNotFound"), "the preview changes nothing")
	list := listIn(t, e.impBox)
	require.Equal(t, 2, list.Length(), "the association and the district's own record; unchanged records are not listed")
	assert.Contains(t, shown, "Hội · Thêm · Hội Chữ thập đỏ phường Đông Hà")
	assert.NotContains(t, shown, "không nhận", "nothing refused")
	list.Select(0)
	assert.Contains(t, strings.Join(texts(w.Canvas().Overlays().Top()), " "), "“Hội Chữ thập đỏ phường Đông Hà”", "field-level differences on request")
	tapInDialog(t, w, "Đóng")
	test.Tap(button(e.impBox, "Nhập vào cơ sở dữ liệu"))
	got, err := store.Get[data.Association](ctx, u.store, x.ID)
	require.NoError(t, err)
	assert.Equal(t, x.Name, got.Name)
	assert.Contains(t, strings.Join(texts(e.impBox), "\n"), "Đã nhập gói số 1 từ đơn vị QT-DH")
	assert.Contains(t, u.status.Text, "Đã nhập gói số 1 từ đơn vị QT-DH", "the result is on the status line too")

	// A refused bundle says why.
	bad := filepath.Join(t.TempDir(), "hong.qlb")
	require.NoError(t, os.WriteFile(bad, []byte("không phải gói"), 0o644))
	e.file.SetText(bad)
	e.onVerify()
	assert.Contains(t, strings.Join(texts(e.impBox), "\n"), "không phải gói dữ liệu qlhoi")

	// Export to the district, with the handover slip.
	e.refresh()
	e.to.SetSelectedIndex(0)
	e.dest.SetText(t.TempDir())
	e.onExport()
	tapInDialog(t, w, "In phiếu gửi")
	require.NotEmpty(t, opened)
	assert.True(t, strings.HasSuffix(opened, "-phieu-gui.pdf"))
	files, _ := filepath.Glob(filepath.Join(e.dest.Text, "*.qlb"))
	assert.Len(t, files, 1)

	// Undo the import.
	e.onUndo()
	tapInDialog(t, w, "Hoàn tác lần nhập gần nhất")
	assert.Contains(t, strings.Join(texts(e.impBox), "\n"), "Đã hoàn tác")
	got, _ = store.Get[data.Association](ctx, u.store, x.ID)
	assert.True(t, got.Deleted)
}

// The window applies exactly the bundle it verified and previewed, even if the file on
// the USB stick is swapped in between.
func TestExchangeAppliesVerifiedBundle(t *testing.T) {
	u, _ := newTestUI(t, true)
	ctx := t.Context()
	a, err := store.Open(ctx, filepath.Join(t.TempDir(), "a.db"))
	require.NoError(t, err)
	defer a.Close()
	require.NoError(t, a.SetUp(ctx, &data.Office{Code: "QT-DH", Name: "Thành ủy Đông Hà", Level: data.LevelDistrict, Parent: "QT"}))
	pCard, err := u.store.OwnCard(ctx)
	require.NoError(t, err)
	require.NoError(t, a.Trust(ctx, pCard))
	aCard, err := a.OwnCard(ctx)
	require.NoError(t, err)
	require.NoError(t, u.store.Trust(ctx, aCard))

	x := &data.Association{Name: "Hội đã kiểm tra", Scope: data.ScopeCommune, Status: data.StatusActive}
	require.NoError(t, a.Create(ctx, x))
	first, err := exchange.Export(ctx, a, "QT", t.TempDir(), false)
	require.NoError(t, err)
	y := &data.Association{Name: "Hội tráo vào", Scope: data.ScopeCommune, Status: data.StatusActive}
	require.NoError(t, a.Create(ctx, y))
	second, err := exchange.Export(ctx, a, "QT", t.TempDir(), true)
	require.NoError(t, err)

	e, i := screenOf[*exchangeScreen](u)
	u.show(i)
	e.file.SetText(first.Path)
	e.onVerify()
	require.Contains(t, strings.Join(texts(e.impBox), "\n"), first.Hash)
	swapped, err := os.ReadFile(second.Path)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(first.Path, swapped, 0o644))
	test.Tap(button(e.impBox, "Nhập vào cơ sở dữ liệu"))

	_, err = store.Get[data.Association](ctx, u.store, x.ID)
	assert.NoError(t, err, "the verified bundle is applied")
	_, err = store.Get[data.Association](ctx, u.store, y.ID)
	assert.True(t, data.HasCode(err, "ErrNotFound"), "the swapped-in file is not")
}

// A card with a new key for a trusted office is not trusted silently: the window says
// so and replaces the key only with the old fingerprint.
func TestExchangeCardKeyReplacement(t *testing.T) {
	u, w := newTestUI(t, true)
	ctx := t.Context()
	card := func() *store.Card {
		s, err := store.Open(ctx, filepath.Join(t.TempDir(), "a.db"))
		require.NoError(t, err)
		defer s.Close()
		require.NoError(t, s.SetUp(ctx, &data.Office{Code: "QT-DH", Name: "Thành ủy Đông Hà", Level: data.LevelDistrict, Parent: "QT"}))
		c, err := s.OwnCard(ctx)
		require.NoError(t, err)
		return c
	}
	genuine, impostor := card(), card()
	require.NoError(t, u.store.Trust(ctx, genuine))
	e, i := screenOf[*exchangeScreen](u)
	u.show(i)
	b, _ := json.Marshal(impostor)
	e.trustCard(b)
	tapInDialog(t, w, "Đã đối chiếu, tin cậy")
	top := w.Canvas().Overlays().Top()
	require.NotNil(t, top)
	assert.Contains(t, strings.Join(texts(top), " "), genuine.Fingerprint, "the old fingerprint is shown")
	var old *Entry
	walk(top, func(c fyne.CanvasObject) {
		if en, ok := c.(*Entry); ok && old == nil {
			old = en
		}
	})
	require.NotNil(t, old)
	old.SetText(genuine.Fingerprint)
	tapInDialog(t, w, "Thay khóa của đơn vị")
	got, err := u.store.TrustedOffice(ctx, "QT-DH")
	require.NoError(t, err)
	assert.Equal(t, impostor.Fingerprint, got.Fingerprint)
	hist, err := u.store.KeyHistory(ctx, "QT-DH")
	require.NoError(t, err)
	require.Len(t, hist, 1)
	assert.Equal(t, genuine.Fingerprint, hist[0].Fingerprint)
}

// A refusal the clerk cannot act on is counted in one line (a long reason widened the
// window to 1808 px); the line opens the records, named by their names, with the whole
// reasons. The button to import stays above the list of records.
func TestLongRefusalKeepsPreviewNarrow(t *testing.T) {
	u, w := newTestUI(t, true)
	e, i := screenOf[*exchangeScreen](u)
	u.show(i)
	reason := strings.Repeat("đơn vị QT-A không có quyền sửa dữ liệu của đơn vị QT-B; ", 30)
	body := []byte(`{"id":"x","name":"Hội Nông dân xã Gio Linh"}`)
	e.bundle = &exchange.Bundle{}
	outs := []store.Outcome{{Kind: data.KindAssociation, ID: "x", Class: store.Refused, Reason: reason, Before: body}}
	for i := range 3000 {
		outs = append(outs, store.Outcome{Kind: data.KindAssociation, ID: fmt.Sprint(i), Class: store.Added, After: []byte(fmt.Sprintf(`{"id":"%d","name":"Hội số %d"}`, i, i))})
	}
	counts := map[data.Kind]map[string]int{data.KindAssociation: {store.Refused: 1, store.Added: 3000}}
	for _, k := range data.Kinds {
		if k != data.KindAssociation {
			counts[k] = map[string]int{store.Unchanged: 5}
		}
	}
	e.preview = &exchange.Preview{Counts: counts, Outcomes: outs}
	e.tabs.SelectIndex(1)
	e.showPreview()
	w.Resize(fyne.NewSize(1024, 700))
	min := w.Content().MinSize()
	assert.LessOrEqual(t, min.Width, float32(1024), "the window fits 1024×768 with every kind counted")
	assert.LessOrEqual(t, min.Height, float32(700), "the window fits 1024×768 with every kind counted (it grew to 814)")
	assert.Less(t, e.impBox.MinSize().Width, float32(1000), "the preview fits a 1024 screen")
	assert.Less(t, e.impBox.MinSize().Height, float32(600), "3,000 records scroll inside their pane")
	apply := button(e.impBox, "Nhập vào cơ sở dữ liệu")
	require.NotNil(t, apply)
	line := button(e.impBox, "1 bản ghi của đơn vị khác không nhận — xem chi tiết")
	require.NotNil(t, line)
	test.Tap(line)
	shown := strings.Join(texts(w.Canvas().Overlays().Top()), " ")
	assert.Contains(t, shown, "Hội Nông dân xã Gio Linh", "the record is named by its name, not its id")
	assert.Contains(t, shown, reason[:200], "the whole reason is in the dialog")
}

// listIn is the first list under o.
func listIn(t *testing.T, o fyne.CanvasObject) *widget.List {
	var l *widget.List
	walk(o, func(c fyne.CanvasObject) {
		if x, ok := c.(*widget.List); ok && l == nil {
			l = x
		}
	})
	require.NotNil(t, l)
	return l
}

// In a bundle's preview a year's figures or a leader says whose association it is
// (from the bundle, else this database), and another office's record says whose it is.
func TestPreviewNamesParentAndOwner(t *testing.T) {
	u, _ := newTestUI(t, true)
	e, _ := screenOf[*exchangeScreen](u)
	body := func(r data.Record) json.RawMessage {
		b, err := json.Marshal(r)
		require.NoError(t, err)
		return b
	}
	assoc := &data.Association{Name: "Hội Khuyến học xã Gio Mai"}
	assoc.ID, assoc.Office = "a-1", "QT-GM"
	fig := &data.YearlyFigure{Association: "a-1", Year: 2025, Members: 120}
	fig.ID, fig.Office = "f-1", "QT-GM"
	ours, _, err := u.store.FindAssociations(t.Context(), store.AssociationFilter{Limit: 1})
	require.NoError(t, err)
	leader := &data.Leader{Association: ours[0].ID, Name: "Trần Văn Bình", Position: "Chủ tịch"}
	leader.ID, leader.Office = "l-1", u.store.Office()
	outs := []store.Outcome{
		{Kind: data.KindAssociation, ID: "a-1", Class: "new", After: body(assoc)},
		{Kind: data.KindYearlyFigure, ID: "f-1", Class: "new", After: body(fig)},
		{Kind: data.KindLeader, ID: "l-1", Class: "new", After: body(leader)},
	}
	name := e.outcomeNamer(outs)
	assert.Equal(t, "Năm 2025 — Hội Khuyến học xã Gio Mai · của QT-GM", name(outs[1]))
	assert.Equal(t, "Trần Văn Bình – Chủ tịch — "+ours[0].Name, name(outs[2]), "the parent from this database; this office's own says no owner")
}

// Enter in the bundle's path box checks the file, as "Kiểm tra" does.
func TestEnterChecksBundlePath(t *testing.T) {
	u, _ := newTestUI(t, true)
	e, i := screenOf[*exchangeScreen](u)
	u.show(i)
	e.file.SetText(filepath.Join(t.TempDir(), "khong-co.qlb"))
	e.file.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	assert.Contains(t, strings.Join(texts(e.impBox), " "), u.T("exchange.refused"), "the check ran and says what is wrong")
}

// A record's fields old → new say what a clerk reads: labels, never keys
// ("field.agency"); names of the records referred to, never ids; a decision as its
// number and date, never JSON; no register bookkeeping (series, hash, file name).
func TestFieldChangesReadable(t *testing.T) {
	u, _ := newTestUI(t, true)
	ctx := t.Context()
	tasks, err := store.List[data.Task](ctx, u.store, "", nil)
	require.NoError(t, err)
	agencies, err := u.store.Agencies(ctx)
	require.NoError(t, err)
	upd := &data.ProgressUpdate{Task: tasks[0].ID, Agency: agencies[0].ID, Date: data.MustDate("20/11/2026"), Text: "Đã triển khai", Percent: 40}
	body, err := json.Marshal(upd)
	require.NoError(t, err)
	shown := fmt.Sprint(u.fieldChanges(data.KindProgress, nil, body))
	assert.NotContains(t, shown, "field.")
	assert.NotContains(t, shown, tasks[0].ID)
	assert.NotContains(t, shown, agencies[0].ID)
	assert.Contains(t, shown, agencies[0].Name)
	assert.Contains(t, shown, "20/11/2026")

	a := &data.Association{Name: "Hội Luật gia xã Gio Việt", Founding: data.Decision{Number: "45/QĐ-UBND", Date: data.MustDate("20/11/2008")}}
	body, err = json.Marshal(a)
	require.NoError(t, err)
	shown = fmt.Sprint(u.fieldChanges(data.KindAssociation, nil, body))
	assert.Contains(t, shown, "45/QĐ-UBND, 20/11/2008")
	assert.NotContains(t, shown, `"number"`)

	l := &data.Leader{Name: "Trần Văn Bình", Position: "Chủ tịch"}
	body, err = json.Marshal(l)
	require.NoError(t, err)
	shown = fmt.Sprint(u.fieldChanges(data.KindLeader, nil, body))
	assert.Contains(t, shown, "Họ và tên", "a leader's name is not the association's")
	assert.NotContains(t, shown, "Tên hội")
	f := &data.YearlyFigure{Year: 2025, Members: 1200}
	body, err = json.Marshal(f)
	require.NoError(t, err)
	shown = fmt.Sprint(u.fieldChanges(data.KindYearlyFigure, nil, body))
	assert.Contains(t, shown, "2025")
	assert.NotContains(t, shown, "2.025")
	assert.Contains(t, shown, "1.200")

	doc := &data.IssuedDocument{Symbol: "01-BC/ĐU", Series: "party:QT-GV:BC:2025-10-15", SHA256: "ab12", FileName: "bao-cao.pdf"}
	body, err = json.Marshal(doc)
	require.NoError(t, err)
	shown = fmt.Sprint(u.fieldChanges(data.KindIssuedDocument, nil, body))
	assert.Contains(t, shown, "01-BC/ĐU")
	for _, hidden := range []string{"party:QT-GV", "ab12", "bao-cao.pdf"} {
		assert.NotContains(t, shown, hidden)
	}
}
