package store_test

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
)

// The status SQL computes for one-off tasks must equal Task.StatusOn, on every kind of
// task and report day, including the deadline and completion days themselves.
func TestSQLStatusMatchesGo(t *testing.T) {
	ctx := t.Context()
	s := MustOpen(t)
	dir := &data.Directive{Number: "1-CV/TU", Date: data.MustDate("01/01/2026"), Issuer: "BTV", Summary: "x"}
	MustCreate(t, s, dir)
	rnd := rand.New(rand.NewPCG(7, 7))
	base := data.MustDate("01/11/2026")
	var recs []data.Record
	var tasks []*data.Task
	for i := range 300 {
		tk := &data.Task{Directive: dir.ID, Content: "Nhiệm vụ", Lead: []string{"A", "B", "C"}[i%3]}
		if rnd.IntN(6) > 0 {
			tk.Deadline = base.AddDays(rnd.IntN(60))
		}
		if rnd.IntN(2) == 0 {
			tk.CompletedOn = base.AddDays(rnd.IntN(60))
		}
		if rnd.IntN(3) == 0 {
			tk.Percent = rnd.IntN(100)
		}
		if rnd.IntN(3) == 0 {
			tk.LastReport = base.AddDays(rnd.IntN(60))
		}
		if i%50 == 0 {
			tk.Cycle = data.CycleHalfYear
			tk.Deadline, tk.CompletedOn = data.Date{}, data.Date{}
		}
		recs = append(recs, tk)
		tasks = append(tasks, tk)
	}
	require.NoError(t, s.CreateAll(ctx, recs))
	for day := 0; day < 60; day += 3 {
		on := base.AddDays(day)
		want := map[data.TaskStatus]int{}
		soon, open, doneYear := 0, 0, 0
		for _, tk := range tasks {
			want[tk.StatusOn(on)]++
			if !tk.StatusOn(on).Done() {
				open++
			}
			if tk.Cycle == data.CycleOnce && !tk.CompletedOn.IsZero() && !tk.CompletedOn.After(on) && tk.CompletedOn.Year() == on.Year() {
				doneYear++
			}
			if tk.DueSoon(on, 7) {
				soon++
			}
		}
		for _, st := range data.TaskStatuses {
			_, n, err := s.FindTasks(ctx, store.TaskFilter{On: on, Status: st})
			require.NoError(t, err)
			assert.Equal(t, want[st], n, "%s on %s", st, on)
		}
		_, n, err := s.FindTasks(ctx, store.TaskFilter{On: on, DueSoon: true})
		require.NoError(t, err)
		assert.Equal(t, soon, n, "due soon on %s", on)
		_, n, err = s.FindTasks(ctx, store.TaskFilter{On: on, Open: true})
		require.NoError(t, err)
		assert.Equal(t, open, n, "open on %s", on)
		_, n, err = s.FindTasks(ctx, store.TaskFilter{On: on, CompletedFrom: data.NewDate(on.Year(), 1, 1)})
		require.NoError(t, err)
		assert.Equal(t, doneYear, n, "done this year on %s", on)

		counts, err := s.CountTasks(ctx, on, 7)
		require.NoError(t, err)
		got := map[data.TaskStatus]int{}
		gotSoon, gotDone := 0, 0
		for _, c := range counts {
			got[c.Status] += c.N
			gotSoon += c.DueSoon
			gotDone += c.DoneThisYear
		}
		assert.Equal(t, doneYear, gotDone, "the overview's tile and the list it opens agree")
		assert.Equal(t, want, got, "counts on %s", on)
		assert.Equal(t, soon, gotSoon)
	}
}

func TestFindTasksPaging(t *testing.T) {
	ctx := t.Context()
	s := MustOpen(t)
	dir := &data.Directive{Number: "1-CV/TU", Date: data.MustDate("01/01/2026"), Issuer: "BTV", Summary: "x"}
	MustCreate(t, s, dir)
	var recs []data.Record
	for i := range 23 {
		tk := &data.Task{Directive: dir.ID, Content: "Nhiệm vụ", Lead: "A", Deadline: data.MustDate("01/01/2026").AddDays(i)}
		if i < 3 {
			tk.Cycle, tk.Deadline = data.CycleYearly, data.Date{}
		}
		recs = append(recs, tk)
	}
	require.NoError(t, s.CreateAll(ctx, recs))
	all, total, err := s.FindTasks(ctx, store.TaskFilter{})
	require.NoError(t, err)
	require.Equal(t, 23, total)
	require.Len(t, all, 23)
	for i := range 3 {
		assert.Equal(t, data.CycleYearly, all[i].Cycle, "periodic tasks first")
	}
	var paged []*data.Task
	for off := 0; off < 23; off += 5 {
		page, n, err := s.FindTasks(ctx, store.TaskFilter{Offset: off, Limit: 5})
		require.NoError(t, err)
		assert.Equal(t, 23, n)
		paged = append(paged, page...)
	}
	assert.Equal(t, all, paged, "pages join up to the whole list")
	for i := 4; i < 23; i++ {
		assert.False(t, all[i].Deadline.Before(all[i-1].Deadline), "one-off tasks by deadline")
	}
}
