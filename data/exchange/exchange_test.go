package exchange

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
)

func assoc(name string) *data.Association {
	return &data.Association{Name: name, Scope: data.ScopeCommune, Field: "Nhân đạo", Status: data.StatusActive,
		TermStart: data.MustDate("01/01/2024"), TermEnd: data.MustDate("01/01/2029")}
}

// A district sends its data up, the province edits it and sends it back.
func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	p := office(t, "QT", "", data.LevelProvince)
	a := office(t, "QT-A", "QT", data.LevelDistrict)
	link(t, p, a)

	x := assoc("Hội Chữ thập đỏ huyện A")
	require.NoError(t, a.Create(ctx, x))
	res := receive(t, p, send(t, a, "QT"))
	assert.Equal(t, 1, res.Counts[data.KindAssociation][store.Added])
	got, err := store.Get[data.Association](ctx, p, x.ID)
	require.NoError(t, err)
	assert.Equal(t, "Hội Chữ thập đỏ huyện A", got.Name)
	assert.Equal(t, "QT-A", got.Office, "still owned by the district")

	// The province may change records of offices below it.
	got.Phone = "0233 111"
	require.NoError(t, p.Update(ctx, got))
	dir := &data.Directive{Number: "1-CV/TU", Date: data.MustDate("01/11/2026"), Issuer: "BTV Tỉnh ủy", Summary: "Chỉ đạo công tác hội"}
	require.NoError(t, p.Create(ctx, dir))
	own := assoc("Hội Khuyến học tỉnh")
	own.Scope = data.ScopeProvince
	require.NoError(t, p.Create(ctx, own))
	res = receive(t, a, send(t, p, "QT-A"))
	assert.Equal(t, 1, res.Counts[data.KindAssociation][store.Changed])
	assert.Equal(t, 1, res.Counts[data.KindDirective][store.Added], "directives are addressed down")
	back, err := store.Get[data.Association](ctx, a, x.ID)
	require.NoError(t, err)
	assert.Equal(t, "0233 111", back.Phone)
	_, err = store.Get[data.Association](ctx, a, own.ID)
	assert.True(t, data.HasCode(err, "ErrNotFound"), "the province's own associations are not the district's to see")

	// Every version is in both histories.
	hA, _ := a.History(ctx, x.ID)
	hP, _ := p.History(ctx, x.ID)
	assert.Len(t, hA, 2)
	assert.Len(t, hP, 2)

	// Acknowledged changes are not sent again.
	res = receive(t, p, send(t, a, "QT"))
	assert.Zero(t, res.Counts[data.KindAssociation][store.Added]+res.Counts[data.KindAssociation][store.Changed])
	// A repeat changes nothing.
	path := send(t, p, "QT-A")
	receive(t, a, path)
	before := content(t, a)
	b, err := Open(ctx, a, path, DefaultLimits)
	require.NoError(t, err)
	assert.True(t, b.Repeat)
	_, err = b.Apply(ctx)
	require.NoError(t, err)
	assert.Equal(t, before, content(t, a))
}

// Two offices edit the same record: the owner's version wins everywhere, the other is
// kept in history and listed as a conflict.
func TestConcurrentEditsOwnerWins(t *testing.T) {
	ctx := context.Background()
	p := office(t, "QT", "", data.LevelProvince)
	a := office(t, "QT-A", "QT", data.LevelDistrict)
	link(t, p, a)
	x := assoc("Hội Người mù huyện A")
	require.NoError(t, a.Create(ctx, x))
	receive(t, p, send(t, a, "QT"))

	xp, _ := store.Get[data.Association](ctx, p, x.ID)
	xp.Phone = "sửa ở tỉnh"
	require.NoError(t, p.Update(ctx, xp))
	xa, _ := store.Get[data.Association](ctx, a, x.ID)
	xa.Phone = "sửa ở huyện"
	require.NoError(t, a.Update(ctx, xa))

	toA, toP := send(t, p, "QT-A"), send(t, a, "QT")
	rA := receive(t, a, toA)
	rP := receive(t, p, toP)
	assert.Equal(t, 1, rA.Counts[data.KindAssociation][store.Conflicted])
	assert.Equal(t, 1, rP.Counts[data.KindAssociation][store.Conflicted])
	for _, s := range []*store.Store{a, p} {
		got, _ := store.Get[data.Association](ctx, s, x.ID)
		assert.Equal(t, "sửa ở huyện", got.Phone, "the owner's version wins")
		cs, err := s.Conflicts(ctx)
		require.NoError(t, err)
		require.Len(t, cs, 1)
		assert.Len(t, cs[0].Heads, 2)
		loser, err := s.VersionByHLC(ctx, data.KindAssociation, x.ID, xp.HLC)
		require.NoError(t, err, "the losing version is kept")
		assert.Equal(t, "sửa ở tỉnh", loser.(*data.Association).Phone)
	}
	// Editing the record resolves the conflict.
	cur, _ := store.Get[data.Association](ctx, p, x.ID)
	cur.Phone = "thống nhất"
	require.NoError(t, p.Update(ctx, cur))
	cs, _ := p.Conflicts(ctx)
	assert.Empty(t, cs)
	receive(t, a, send(t, p, "QT-A"))
	got, _ := store.Get[data.Association](ctx, a, x.ID)
	assert.Equal(t, "thống nhất", got.Phone, "the edit over both versions wins everywhere")
	cs, _ = a.Conflicts(ctx)
	assert.Empty(t, cs)
}

// A late edit does not silently resurrect a deleted record, nor is it lost.
func TestDeleteVersusEdit(t *testing.T) {
	ctx := context.Background()
	p := office(t, "QT", "", data.LevelProvince)
	a := office(t, "QT-A", "QT", data.LevelDistrict)
	link(t, p, a)
	x := assoc("Hội Đông y huyện A")
	require.NoError(t, a.Create(ctx, x))
	receive(t, p, send(t, a, "QT"))
	require.NoError(t, a.Delete(ctx, data.KindAssociation, x.ID))
	xp, _ := store.Get[data.Association](ctx, p, x.ID)
	xp.Address = "sửa muộn"
	require.NoError(t, p.Update(ctx, xp))
	receive(t, p, send(t, a, "QT"))
	receive(t, a, send(t, p, "QT-A"))
	for _, s := range []*store.Store{a, p} {
		got, _ := store.Get[data.Association](ctx, s, x.ID)
		assert.True(t, got.Deleted, "the owner's deletion wins")
		cs, _ := s.Conflicts(ctx)
		assert.Len(t, cs, 1, "and the late edit is listed")
		_, err := s.VersionByHLC(ctx, data.KindAssociation, x.ID, xp.HLC)
		assert.NoError(t, err, "the late edit is kept in history")
	}
}

// Undo the last import as a whole, unless something newer touched its records.
func TestUndoLastImport(t *testing.T) {
	ctx := context.Background()
	p := office(t, "QT", "", data.LevelProvince)
	a := office(t, "QT-A", "QT", data.LevelDistrict)
	link(t, p, a)
	x, y := assoc("Hội thứ nhất"), assoc("Hội thứ hai")
	require.NoError(t, a.CreateAll(ctx, []data.Record{x, y}))
	receive(t, p, send(t, a, "QT"))
	xa, _ := store.Get[data.Association](ctx, a, x.ID)
	xa.Phone = "mới"
	require.NoError(t, a.Update(ctx, xa))
	receive(t, p, send(t, a, "QT"))

	// Blocked while the province has edited the record since: the message names it.
	xp, _ := store.Get[data.Association](ctx, p, x.ID)
	xp.Email = "hoi@x.vn"
	require.NoError(t, p.Update(ctx, xp))
	_, err := p.UndoLastImport(ctx)
	var blocked *store.ErrUndoBlocked
	require.ErrorAs(t, err, &blocked)
	assert.Equal(t, []string{x.ID}, blocked.Records)
	assert.Contains(t, data.Message(err), "Không hoàn tác được")

	// A later import nothing has touched since can be undone.
	ya, _ := store.Get[data.Association](ctx, a, y.ID)
	ya.Address = "địa chỉ mới"
	require.NoError(t, a.Update(ctx, ya))
	res := receive(t, p, send(t, a, "QT"))
	got, _ := store.Get[data.Association](ctx, p, y.ID)
	require.Equal(t, "địa chỉ mới", got.Address)
	r, err := p.UndoLastImport(ctx)
	require.NoError(t, err)
	assert.Equal(t, res.Receipt.Seq, r.Seq)
	got, _ = store.Get[data.Association](ctx, p, y.ID)
	assert.Empty(t, got.Address, "back to the version before the import")
	h, _ := p.History(ctx, y.ID)
	assert.Equal(t, "undo-import", h[len(h)-1].Op, "the undo is a new version; nothing is lost")
}

// A district reports progress on a task the province gave it: at the province the task
// shows the progress and completion too.
func TestProgressFromDistrictUpdatesTask(t *testing.T) {
	ctx := context.Background()
	p := office(t, "QT", "", data.LevelProvince)
	a := office(t, "QT-A", "QT", data.LevelDistrict)
	link(t, p, a)
	ag, task := assignTask(t, p, a)

	require.NoError(t, a.Create(ctx, &data.ProgressUpdate{Task: task.ID, Date: data.MustDate("20/11/2026"), Agency: ag.ID, Text: "Đã hoàn thành", Completed: true}))
	res := receive(t, p, send(t, a, "QT"))
	assert.Equal(t, 1, res.Counts[data.KindProgress][store.Added])
	got, err := store.Get[data.Task](ctx, p, task.ID)
	require.NoError(t, err)
	assert.Equal(t, data.MustDate("20/11/2026"), got.CompletedOn)
	assert.Equal(t, data.DoneOnTime, got.StatusOn(data.MustDate("27/11/2026")))

	// Back at the district the province's version of the task (its owner) wins over the
	// district's own derived one, with the same content.
	receive(t, a, send(t, p, "QT-A"))
	back, _ := store.Get[data.Task](ctx, a, task.ID)
	assert.Equal(t, "QT", back.By)
	assert.Equal(t, data.MustDate("20/11/2026"), back.CompletedOn)
}

func TestSameChangeIsNoConflict(t *testing.T) {
	ctx := context.Background()
	p := office(t, "QT", "", data.LevelProvince)
	a := office(t, "QT-A", "QT", data.LevelDistrict)
	link(t, p, a)
	ag, task := assignTask(t, p, a)
	require.NoError(t, a.Create(ctx, &data.ProgressUpdate{Task: task.ID, Date: data.MustDate("20/11/2026"), Agency: ag.ID, Text: "Xong", Completed: true}))
	receive(t, p, send(t, a, "QT"))
	res := receive(t, a, send(t, p, "QT-A"))
	assert.Zero(t, res.Counts[data.KindTask][store.Conflicted])
	cs, _ := a.Conflicts(ctx)
	assert.Empty(t, cs, "the same progress carried over on both sides is not a conflict")
}

// assignTask has the province give a task to the district's committee and send it down.
func assignTask(t *testing.T, p, a *store.Store) (*data.Agency, *data.Task) {
	t.Helper()
	ctx := context.Background()
	ag := &data.Agency{Name: "Các huyện ủy", Group: data.AgencyLower}
	dir := &data.Directive{Number: "5-CV/TU", Date: data.MustDate("01/06/2026"), Issuer: "BTV", Summary: "Triển khai"}
	require.NoError(t, p.CreateAll(ctx, []data.Record{ag, dir}))
	task := &data.Task{Directive: dir.ID, Content: "Quán triệt Quyết định 118", Lead: ag.ID, Deadline: data.MustDate("30/11/2026")}
	require.NoError(t, p.Create(ctx, task))
	receive(t, a, send(t, p, "QT-A"))
	return ag, task
}

// The one progress rule holds through the merge too: the district adds, edits, deletes
// and restores progress reports in random order and sends them; after each bundle the
// province's task is what Task.DeriveProgress makes of the reports it holds.
func TestProgressFollowsOneRuleThroughMerge(t *testing.T) {
	ctx := context.Background()
	p := office(t, "QT", "", data.LevelProvince)
	a := office(t, "QT-A", "QT", data.LevelDistrict)
	link(t, p, a)
	ag, task := assignTask(t, p, a)
	rng := rand.New(rand.NewPCG(3, 14))
	var ups []*data.ProgressUpdate
	for step := range 30 {
		switch op := rng.IntN(4); {
		case op < 2 || len(ups) == 0:
			u := &data.ProgressUpdate{Task: task.ID, Agency: ag.ID, Date: data.MustDate(fmt.Sprintf("%02d/%02d/2026", 1+rng.IntN(28), 1+rng.IntN(10))),
				Percent: rng.IntN(101), Completed: rng.IntN(3) == 0, Text: fmt.Sprint("Báo cáo ", step)}
			require.NoError(t, a.Create(ctx, u, store.AllowNearDuplicate))
			ups = append(ups, u)
		case op == 2:
			u, err := store.Get[data.ProgressUpdate](ctx, a, ups[rng.IntN(len(ups))].ID)
			require.NoError(t, err)
			if u.Deleted {
				require.NoError(t, a.Undelete(ctx, data.KindProgress, u.ID))
				continue
			}
			u.Completed, u.Percent = !u.Completed, rng.IntN(101)
			require.NoError(t, a.Update(ctx, u, store.AllowNearDuplicate))
		default:
			u := ups[rng.IntN(len(ups))]
			if got, _ := store.Get[data.ProgressUpdate](ctx, a, u.ID); !got.Deleted {
				require.NoError(t, a.Delete(ctx, data.KindProgress, u.ID))
			}
		}
		receive(t, p, send(t, a, "QT"))
		stored, err := store.Get[data.Task](ctx, p, task.ID)
		require.NoError(t, err)
		live, err := store.List[data.ProgressUpdate](ctx, p, "task", task.ID)
		require.NoError(t, err)
		want := *stored
		want.DeriveProgress(live)
		require.Equal(t, []any{want.LastReport, want.Percent, want.CompletedOn, want.Result},
			[]any{stored.LastReport, stored.Percent, stored.CompletedOn, stored.Result}, "after step %d", step)
	}
}

// A report the province already holds stays its agency's after the task goes to
// another lead: the district's edit of it is received (it was refused, and the task
// and its report disagreed). A new report by the agency no longer assigned is not.
func TestEditedReportAfterLeadChanged(t *testing.T) {
	ctx := context.Background()
	p := office(t, "QT", "", data.LevelProvince)
	a := office(t, "QT-A", "QT", data.LevelDistrict)
	link(t, p, a)
	ag, task := assignTask(t, p, a)
	rep := &data.ProgressUpdate{Task: task.ID, Date: data.MustDate("20/11/2026"), Agency: ag.ID, Text: "Đã rà soát 3 hội", Percent: 40}
	require.NoError(t, a.Create(ctx, rep))
	receive(t, p, send(t, a, "QT"))
	// Written while the agency held the task, first sent after it went to another.
	early := &data.ProgressUpdate{Task: task.ID, Date: data.MustDate("21/11/2026"), Agency: ag.ID, Text: "Báo cáo viết trước khi đổi", Percent: 50}
	require.NoError(t, a.Create(ctx, early))

	other := &data.Agency{Name: "Ban Tổ chức Huyện ủy", Group: data.AgencyLower}
	require.NoError(t, p.Create(ctx, other))
	moved, err := store.Get[data.Task](ctx, p, task.ID)
	require.NoError(t, err)
	moved.Lead = other.ID
	now := p.Now
	p.Now = func() time.Time { return time.Date(2026, 11, 22, 9, 0, 0, 0, data.Vietnam) } // reassigned on 22/11
	require.NoError(t, p.Update(ctx, moved))
	p.Now = now
	receive(t, a, send(t, p, "QT-A"))

	edited, err := store.Get[data.ProgressUpdate](ctx, a, rep.ID)
	require.NoError(t, err)
	edited.Text, edited.Percent = "Đã rà soát 5 hội", 60
	require.NoError(t, a.Update(ctx, edited))
	// A new report by the agency that no longer holds the task is not written at the
	// district either (the province would refuse it).
	err = a.Create(ctx, &data.ProgressUpdate{Task: task.ID, Date: a.Today(), Agency: ag.ID, Text: "Báo cáo mới", Percent: 70})
	assert.Equal(t, []string{"ErrAgencyNotAssigned"}, data.Codes(err))
	res := receive(t, p, send(t, a, "QT"))
	assert.Zero(t, res.Counts[data.KindProgress][store.Refused])
	assert.Equal(t, 1, res.Counts[data.KindProgress][store.Added], "a report of a day the agency held the task")
	got, err := store.Get[data.ProgressUpdate](ctx, p, rep.ID)
	require.NoError(t, err)
	assert.Equal(t, "Đã rà soát 5 hội", got.Text, "the edit of a report held here is received")
}
