package store_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
)

// The bug of two rules: a "done" update, then a later 50 % update, left the task at
// 50 % with a completion date; editing the later update's reference flipped it to 100 %.
func TestLaterPartialReportKeepsCompletion(t *testing.T) {
	ctx := t.Context()
	s := MustOpen(t)
	ag := &data.Agency{Name: "Sở Nội vụ"}
	MustCreate(t, s, ag)
	tk := taskSetup(t, s, ag.ID)
	MustCreate(t, s, &data.ProgressUpdate{Task: tk.ID, Date: data.MustDate("01/03/2026"), Agency: ag.ID, Text: "Đã xong", Percent: 100, Completed: true})
	later := &data.ProgressUpdate{Task: tk.ID, Date: data.MustDate("01/04/2026"), Agency: ag.ID, Text: "Bổ sung", Percent: 50}
	MustCreate(t, s, later)
	got, err := store.Get[data.Task](ctx, s, tk.ID)
	require.NoError(t, err)
	assert.Equal(t, data.MustDate("01/03/2026"), got.CompletedOn)
	assert.Equal(t, 100, got.Percent, "a completed task is at 100 %")
	before := *got

	later.Reference = "Báo cáo số 7"
	require.NoError(t, s.Update(ctx, later))
	got, err = store.Get[data.Task](ctx, s, tk.ID)
	require.NoError(t, err)
	assert.Equal(t, before.Percent, got.Percent, "editing a reference changes no progress")
	assert.Equal(t, before.CompletedOn, got.CompletedOn)
}

// Whatever the path — add, edit, delete, undelete, restore of an old version — a task's
// progress fields are what Task.DeriveProgress makes of its live updates.
func TestProgressFollowsOneRule(t *testing.T) {
	ctx := t.Context()
	for seed := uint64(1); seed <= 6; seed++ {
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 99))
			s := MustOpen(t)
			ag := &data.Agency{Name: "Sở Nội vụ"}
			MustCreate(t, s, ag)
			tasks := []*data.Task{taskSetup(t, s, ag.ID), taskSetup(t, s, ag.ID)}
			tasks[1].Cycle = data.CycleYearly
			tasks[1].Deadline = data.Date{}
			require.NoError(t, s.Update(ctx, tasks[1]))
			var ups []*data.ProgressUpdate
			var log []string
			for step := range 80 {
				op := rng.IntN(10)
				switch {
				case op < 4 || len(ups) == 0:
					u := &data.ProgressUpdate{Task: tasks[rng.IntN(2)].ID, Agency: ag.ID,
						Date:    data.MustDate(fmt.Sprintf("%02d/%02d/2026", 1+rng.IntN(28), 1+rng.IntN(10))),
						Percent: rng.IntN(101), Completed: rng.IntN(4) == 0, Text: fmt.Sprint("Báo cáo ", step)}
					if u.Completed {
						u.Percent = 100
					}
					MustCreate(t, s, u)
					ups = append(ups, u)
					log = append(log, fmt.Sprintf("add %s %d%% done=%v", u.Date, u.Percent, u.Completed))
				case op < 6:
					u := mustLive(t, s, ups[rng.IntN(len(ups))])
					if u == nil {
						continue
					}
					switch rng.IntN(3) {
					case 0:
						u.Date = data.MustDate(fmt.Sprintf("%02d/%02d/2026", 1+rng.IntN(28), 1+rng.IntN(10)))
					case 1:
						u.Completed = !u.Completed
						u.Percent = map[bool]int{true: 100, false: rng.IntN(100)}[u.Completed]
					default:
						u.Reference = fmt.Sprint("Số ", step)
					}
					require.NoError(t, s.Update(ctx, u, store.AllowNearDuplicate))
					log = append(log, fmt.Sprintf("edit %s %s %d%% done=%v", u.ID[:8], u.Date, u.Percent, u.Completed))
				case op < 8:
					u := ups[rng.IntN(len(ups))]
					if mustLive(t, s, u) != nil {
						require.NoError(t, s.Delete(ctx, data.KindProgress, u.ID))
						log = append(log, "delete "+u.ID[:8])
					} else {
						require.NoError(t, s.Undelete(ctx, data.KindProgress, u.ID))
						log = append(log, "undelete "+u.ID[:8])
					}
				default:
					u := ups[rng.IntN(len(ups))]
					h, err := s.History(ctx, u.ID)
					require.NoError(t, err)
					v := h[rng.IntN(len(h))].Version
					if err := s.Restore(ctx, data.KindProgress, u.ID, v); err != nil {
						continue // a version that cannot come back (e.g. the same as now)
					}
					log = append(log, fmt.Sprintf("restore %s v%d", u.ID[:8], v))
				}
				for _, tk := range tasks {
					assertProgressDerived(t, s, tk.ID, log)
				}
			}
		})
	}
}

func mustLive(t *testing.T, s *store.Store, u *data.ProgressUpdate) *data.ProgressUpdate {
	t.Helper()
	got, err := store.Get[data.ProgressUpdate](t.Context(), s, u.ID)
	require.NoError(t, err)
	if got.Deleted {
		return nil
	}
	return got
}

// assertProgressDerived compares the stored task with DeriveProgress over its live
// updates.
func assertProgressDerived(t *testing.T, s *store.Store, taskID string, log []string) {
	t.Helper()
	stored, err := store.Get[data.Task](t.Context(), s, taskID)
	require.NoError(t, err)
	live, err := store.List[data.ProgressUpdate](t.Context(), s, "task", taskID)
	require.NoError(t, err)
	want := *stored
	want.DeriveProgress(live)
	require.Equal(t, []any{want.LastReport, want.Percent, want.CompletedOn, want.Result},
		[]any{stored.LastReport, stored.Percent, stored.CompletedOn, stored.Result}, "after %v", log)
}

// A progress report is not dated after today (the store's clock): a "done" report dated
// next year made a task 100 % yet "in progress".
func TestReportInFutureRefused(t *testing.T) {
	ctx := t.Context()
	s := MustOpen(t)
	ag := &data.Agency{Name: "Sở Nội vụ"}
	MustCreate(t, s, ag)
	tk := taskSetup(t, s, ag.ID)
	u := &data.ProgressUpdate{Task: tk.ID, Date: data.MustDate("01/03/2027"), Agency: ag.ID, Text: "Xong", Completed: true}
	err := s.Create(ctx, u)
	assert.True(t, data.HasCode(err, "ErrReportInFuture"), "ErrReportInFuture: %v", err)
	assert.Contains(t, data.Message(err), "01/03/2027")
	u.Date = data.MustDate("27/11/2026") // today is fine
	require.NoError(t, s.Create(ctx, u))
	u.Date = data.MustDate("28/11/2026")
	assert.True(t, data.HasCode(s.Update(ctx, u), "ErrReportInFuture"), "an edit too")
}

// One row of yearly figures per association and year (ErrFigureYearTaken): a second row
// for a year is refused, added or edited into; another year is fine.
func TestOneFigureRowAYear(t *testing.T) {
	ctx := t.Context()
	s := MustOpen(t)
	a := validAssociation("Hội Nông dân tỉnh")
	MustCreate(t, s, a)
	MustCreate(t, s, &data.YearlyFigure{Association: a.ID, Year: 2025, Members: 100})
	err := s.Create(ctx, &data.YearlyFigure{Association: a.ID, Year: 2025, Members: 120})
	assert.True(t, data.HasCode(err, "ErrFigureYearTaken"), "ErrFigureYearTaken: %v", err)
	assert.Contains(t, data.FieldErrors(err), "year")
	other := &data.YearlyFigure{Association: a.ID, Year: 2024, Members: 90}
	MustCreate(t, s, other)
	other.Year = 2025
	assert.True(t, data.HasCode(s.Update(ctx, other), "ErrFigureYearTaken"), "an edit into a taken year too")
}
