package demo_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/demo"
	"qlhoi/data/store"
)

func open(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "demo.db"))
	require.NoError(t, err)
	s.Now = func() time.Time { return time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC) }
	t.Cleanup(func() { s.Close() })
	return s
}

func TestLoadOnFreshDatabase(t *testing.T) {
	ctx := t.Context()
	s := open(t)
	require.NoError(t, demo.Load(ctx, s))
	assert.Equal(t, "QT", s.Office(), "a fresh database gets the demo provincial office")
	counts, err := s.Counts(ctx)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, counts[data.KindAssociation], 25)
	for _, k := range data.Kinds {
		if k != data.KindIssuedDocument {
			assert.NotZero(t, counts[k], "demo has %s", k)
		}
	}

	// Every computed task status occurs, and some tasks are due soon.
	tasks, _, err := s.FindTasks(ctx, store.TaskFilter{})
	require.NoError(t, err)
	seen := map[data.TaskStatus]int{}
	for _, task := range tasks {
		seen[task.StatusOn(s.Today())]++
	}
	for _, st := range data.TaskStatuses {
		assert.NotZero(t, seen[st], "demo has a task %s", st.Label())
	}
	soon, _, err := s.FindTasks(ctx, store.TaskFilter{DueSoon: true})
	require.NoError(t, err)
	assert.NotEmpty(t, soon)
	overdue, _, err := s.FindTasks(ctx, store.TaskFilter{Overdue: true})
	require.NoError(t, err)
	assert.Len(t, overdue, seen[data.Overdue])

	// Association alerts: term ending, congress overdue, missing figures.
	list, _, err := s.FindAssociations(ctx, store.AssociationFilter{})
	require.NoError(t, err)
	alerts := map[data.AlertKind]int{}
	merged := 0
	for _, a := range list {
		figs, err := store.List[data.YearlyFigure](ctx, s, "association", a.ID)
		require.NoError(t, err)
		var years []int
		for _, f := range figs {
			years = append(years, f.Year)
			assert.NoError(t, f.Validate())
			assert.Positive(t, f.IncomeDues, "%s %d: dues", a.Name, f.Year)
			assert.Positive(t, f.Spending, "%s %d: spending", a.Name, f.Year)
			assert.Less(t, f.Spending, f.Income(), "%s %d: spends a little less than it takes in", a.Name, f.Year)
		}
		for _, al := range a.Alerts(s.Today(), 6, years) {
			alerts[al.Kind]++
		}
		if a.MergedInto != "" {
			merged++
			into, err := store.Get[data.Association](ctx, s, a.MergedInto)
			require.NoError(t, err)
			assert.Equal(t, data.StatusActive, into.Status)
		}
	}
	assert.NotZero(t, alerts[data.AlertTermEnding])
	assert.NotZero(t, alerts[data.AlertCongressOverdue])
	assert.NotZero(t, alerts[data.AlertNoFigures])
	assert.Equal(t, 1, merged, "one association merged into another")

	err = demo.Load(ctx, s)
	assert.True(t, data.HasCode(err, "ErrDemoLoaded"))
}

func TestLoadIntoExistingOffice(t *testing.T) {
	ctx := t.Context()
	s := open(t)
	require.NoError(t, s.SetUp(ctx, &data.Office{Code: "HT", Name: "Ban Dân vận Tỉnh ủy Hà Tĩnh", Level: data.LevelProvince}))
	require.NoError(t, demo.Load(ctx, s))
	list, _, err := s.FindAssociations(ctx, store.AssociationFilter{Limit: 5})
	require.NoError(t, err)
	for _, a := range list {
		assert.Equal(t, "HT", a.Office, "demo data is owned by this office")
	}
}

func TestGenerate(t *testing.T) {
	ctx := t.Context()
	s := open(t)
	calls := 0
	require.NoError(t, demo.Generate(ctx, s, 300, 1200, 1, func(done, total int) { calls++ }))
	counts, err := s.Counts(ctx)
	require.NoError(t, err)
	assert.Equal(t, 300, counts[data.KindAssociation])
	assert.Equal(t, 1200, counts[data.KindTask])
	assert.Positive(t, calls)
}
