package store_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
)

func TestSeedDefaultAgencies(t *testing.T) {
	ctx := t.Context()
	s := MustOpen(t)
	n, err := s.SeedDefaultAgencies(ctx)
	require.NoError(t, err)
	assert.Equal(t, len(data.DefaultAgencies(data.LevelProvince)), n)
	list, err := s.ActiveAgencies(ctx)
	require.NoError(t, err)
	var names []string
	kinds := map[data.AgencyKind]bool{}
	for _, a := range list {
		names = append(names, a.Name)
		kinds[a.Group] = true
	}
	assert.Contains(t, names, "Sở Nội vụ")
	assert.Contains(t, names, "Ủy ban MTTQ Việt Nam tỉnh")
	for _, k := range []data.AgencyKind{data.AgencyParty, data.AgencyState, data.AgencyFront, data.AgencyLower} {
		assert.True(t, kinds[k], "a default of kind %s", k)
	}
	// In Vietnamese order: "Ban …" before "Đảng ủy …" before "Hội …".
	assert.Less(t, indexOf(names, "Ban Tổ chức Tỉnh ủy"), indexOf(names, "Đảng ủy UBND tỉnh"))
	assert.Less(t, indexOf(names, "Đảng ủy UBND tỉnh"), indexOf(names, "Hội Nông dân tỉnh"))

	// Seeding again adds nothing: the list is the clerk's to edit.
	n, err = s.SeedDefaultAgencies(ctx)
	require.NoError(t, err)
	assert.Zero(t, n)
	for _, l := range []data.Level{data.LevelDistrict, data.LevelCommune} {
		assert.NotEmpty(t, data.DefaultAgencies(l))
	}
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

func TestAgencyRules(t *testing.T) {
	t.Run("ErrAgencyNameRequired", func(t *testing.T) {
		assert.True(t, data.HasCode(data.Check(&data.Agency{}), "ErrAgencyNameRequired"))
	})
	t.Run("ErrAgencyKindInvalid", func(t *testing.T) {
		assert.True(t, data.HasCode(data.Check(&data.Agency{Name: "Sở Y tế", Group: "khac"}), "ErrAgencyKindInvalid"))
	})
	t.Run("ErrOfficeCodeInvalid", func(t *testing.T) {
		for _, code := range []string{"QT GL", "Gio Linh", "-QT", "qt-đl"} {
			err := data.Check(&data.Agency{Name: "Huyện ủy Gio Linh", Group: data.AgencyLower, OfficeCode: code})
			assert.True(t, data.HasCode(err, "ErrOfficeCodeInvalid"), code)
		}
	})
	t.Run("OK", func(t *testing.T) {
		assert.NoError(t, data.Check(&data.Agency{Name: "Sở Y tế", Group: data.AgencyState}))
		assert.NoError(t, data.Check(&data.Agency{Name: "Huyện ủy Gio Linh", Group: data.AgencyLower, OfficeCode: "QT-GL"}))
		lower := &data.Agency{Name: "Huyện ủy Gio Linh", Group: data.AgencyLower, OfficeCode: " qt-gl "}
		assert.NoError(t, data.Check(lower), "typed in small letters")
		assert.Equal(t, "QT-GL", lower.OfficeCode)
	})
}

// taskSetup makes a directive and a task led by lead with co-operating agencies.
func taskSetup(t *testing.T, s *store.Store, lead string, coop ...string) *data.Task {
	t.Helper()
	ctx := t.Context()
	d := &data.Directive{Number: "12-CV/TU", Date: data.MustDate("01/10/2026"), Issuer: "Tỉnh ủy", Summary: "Về việc thực hiện Quy định 118"}
	if ds, _ := s.Directives(ctx); len(ds) > 0 {
		d = ds[0]
	} else {
		MustCreate(t, s, d)
	}
	tk := &data.Task{Directive: d.ID, Content: "Rà soát các hội", Lead: lead, Cooperating: coop, Deadline: data.MustDate("31/12/2026")}
	MustCreate(t, s, tk)
	return tk
}

func TestMergeAgencyMovesOpenTasks(t *testing.T) {
	ctx := t.Context()
	s := MustOpen(t)
	tg := &data.Agency{Name: "Ban Tuyên giáo Tỉnh ủy", Group: data.AgencyParty}
	dv := &data.Agency{Name: "Ban Dân vận Tỉnh ủy", Group: data.AgencyParty}
	merged := &data.Agency{Name: "Ban Tuyên giáo và Dân vận Tỉnh ủy", Group: data.AgencyParty}
	snv := &data.Agency{Name: "Sở Nội vụ", Group: data.AgencyState}
	for _, a := range []*data.Agency{tg, dv, merged, snv} {
		MustCreate(t, s, a)
	}
	open := taskSetup(t, s, tg.ID, snv.ID)
	coop := taskSetup(t, s, snv.ID, tg.ID, dv.ID)
	done := taskSetup(t, s, tg.ID)
	MustCreate(t, s, &data.ProgressUpdate{Task: done.ID, Date: data.MustDate("20/11/2026"), Agency: tg.ID, Text: "Đã xong", Completed: true})
	other := taskSetup(t, s, snv.ID)

	moved, err := s.MergeAgency(ctx, tg.ID, merged.ID)
	require.NoError(t, err)
	assert.Equal(t, 2, moved)
	moved, err = s.MergeAgency(ctx, dv.ID, merged.ID)
	require.NoError(t, err)
	assert.Equal(t, 1, moved)

	get := func(id string) *data.Task {
		tk, err := store.Get[data.Task](ctx, s, id)
		require.NoError(t, err)
		return tk
	}
	assert.Equal(t, merged.ID, get(open.ID).Lead)
	assert.Equal(t, []string{snv.ID}, get(open.ID).Cooperating)
	// Both merged bodies co-operated: the new one appears once.
	assert.Equal(t, []string{merged.ID}, get(coop.ID).Cooperating)
	// A completed task keeps the body that did it.
	assert.Equal(t, tg.ID, get(done.ID).Lead)
	assert.Equal(t, int64(1), get(other.ID).Version)

	old, err := store.Get[data.Agency](ctx, s, tg.ID)
	require.NoError(t, err)
	assert.True(t, old.Retired)
	assert.Equal(t, merged.ID, old.MergedInto)
	active, err := s.ActiveAgencies(ctx)
	require.NoError(t, err)
	for _, a := range active {
		assert.NotEqual(t, tg.ID, a.ID, "a merged agency is not offered for new tasks")
	}
	all, err := s.Agencies(ctx)
	require.NoError(t, err)
	assert.Len(t, all, 4, "retired agencies stay for history")

	t.Run("ErrAgencyMergeSelf", func(t *testing.T) {
		_, err := s.MergeAgency(ctx, snv.ID, snv.ID)
		assert.True(t, data.HasCode(err, "ErrAgencyMergeSelf"))
	})
	t.Run("ErrAgencyMergeRetired", func(t *testing.T) {
		_, err := s.MergeAgency(ctx, snv.ID, tg.ID)
		assert.True(t, data.HasCode(err, "ErrAgencyMergeRetired"))
		assert.Equal(t, snv.ID, get(other.ID).Lead, "nothing moved")
	})
}

func TestRetireAgency(t *testing.T) {
	ctx := t.Context()
	s := MustOpen(t)
	a := &data.Agency{Name: "Sở Y tế", Group: data.AgencyState}
	MustCreate(t, s, a)
	require.NoError(t, s.RetireAgency(ctx, a.ID))
	active, err := s.ActiveAgencies(ctx)
	require.NoError(t, err)
	assert.Empty(t, active)
	got, err := store.Get[data.Agency](ctx, s, a.ID)
	require.NoError(t, err)
	assert.True(t, got.Retired)
	assert.False(t, got.Deleted)
}

// A new Party office (Đảng ủy xã, a Tỉnh ủy's agency) prints in the Party's format; a
// State office keeps the State's; a format chosen is never changed.
func TestSeedDefaultProfile(t *testing.T) {
	ctx := t.Context()
	for name, want := range map[string]string{"Đảng ủy xã Gio Mai": "party", "Ban Dân vận Huyện ủy Gio Linh": "party", "Phòng Nội vụ huyện Gio Linh": "", "Ủy ban nhân dân xã Gio Mai": ""} {
		s, err := store.Open(ctx, filepath.Join(t.TempDir(), "qlhoi.db"))
		require.NoError(t, err)
		require.NoError(t, s.SetUp(ctx, &data.Office{Code: "QT-GM", Name: name, Level: data.LevelCommune, Parent: "QT"}))
		require.NoError(t, s.SeedDefaultProfile(ctx))
		got, err := s.Setting(ctx, store.SettingProfile)
		require.NoError(t, err)
		assert.Equal(t, want, got, name)
		require.NoError(t, s.SetSetting(ctx, store.SettingProfile, "state"))
		require.NoError(t, s.SeedDefaultProfile(ctx))
		got, _ = s.Setting(ctx, store.SettingProfile)
		assert.Equal(t, "state", got, "a choice stays")
		s.Close()
	}
}
