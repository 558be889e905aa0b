package store_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
)

// fixedNow is the clock of every store test: 27/11/2026 09:00 in Hanoi.
var fixedNow = time.Date(2026, 11, 27, 9, 0, 0, 0, time.FixedZone("ICT", 7*3600))

// MustOpen opens a new store in a temporary directory, set up for office QT.
func MustOpen(tb testing.TB) *store.Store {
	tb.Helper()
	s := MustOpenEmpty(tb, filepath.Join(tb.TempDir(), "qlhoi.db"))
	require.NoError(tb, s.SetUp(context.Background(), &data.Office{Code: "QT", Name: "Ban Dân vận Tỉnh ủy Quảng Trị", Level: data.LevelProvince, Place: "Quảng Trị"}))
	return s
}

// MustOpenEmpty opens the store at path without setting up an office.
func MustOpenEmpty(tb testing.TB, path string) *store.Store {
	tb.Helper()
	s, err := store.Open(context.Background(), path)
	require.NoError(tb, err)
	s.Now = func() time.Time { return fixedNow }
	s.Actor = "tester"
	tb.Cleanup(func() { s.Close() })
	return s
}

// MustCreate stores a record and fails the test on error.
func MustCreate(tb testing.TB, s *store.Store, r data.Record) {
	tb.Helper()
	require.NoError(tb, s.Create(context.Background(), r, store.AllowNearDuplicate))
}

func validAssociation(name string) *data.Association {
	return &data.Association{
		Name: name, Scope: data.ScopeProvince, Field: "Nhân đạo", Status: data.StatusActive,
		Founding:  data.Decision{Number: "123/QĐ-UBND", Date: data.MustDate("12/03/2008"), Issuer: "UBND tỉnh"},
		TermStart: data.MustDate("15/06/2022"), TermEnd: data.MustDate("15/06/2027"),
	}
}

func TestRoundTripEveryKind(t *testing.T) {
	ctx := context.Background()
	s := MustOpen(t)
	assoc := validAssociation("Hội Chữ thập đỏ tỉnh")
	MustCreate(t, s, assoc)
	agency := &data.Agency{Name: "Ban Dân vận Tỉnh ủy", Group: "dang"}
	MustCreate(t, s, agency)
	dir := &data.Directive{Number: "2150-CV/TU", Date: data.MustDate("10/06/2024"), Issuer: "Ban Thường vụ Tỉnh ủy", Summary: "Triển khai Quyết định 118-QĐ/TW"}
	MustCreate(t, s, dir)
	task := &data.Task{Directive: dir.ID, Content: "Theo dõi, đôn đốc", Lead: agency.ID, Deadline: data.MustDate("31/12/2026"), Associations: []string{assoc.ID}}
	MustCreate(t, s, task)
	records := []data.Record{
		&data.Office{Code: "QT-DH", Name: "Huyện ủy Đông Hà", Level: data.LevelDistrict, Parent: "QT", ValidTo: data.MustDate("30/06/2025")},
		&data.AssociationEvent{Association: assoc.ID, EventKind: data.EventCongress, Date: data.MustDate("15/06/2022"), Note: "Đại hội lần thứ V"},
		&data.Leader{Association: assoc.ID, Term: 5, Position: "Chủ tịch", Name: "Nguyễn Thị Hoa", BirthYear: 1970, Gender: "Nữ", PartyMember: true},
		&data.YearlyFigure{Association: assoc.ID, Year: 2025, Members: 12345, NewMembers: 300, PartyMembers: 800, Budget: 1_250_000_000},
		&data.Inspection{Association: assoc.ID, Date: data.MustDate("05/09/2025"), Body: "Sở Nội vụ", Content: "Kiểm tra việc thực hiện điều lệ"},
		&data.ProgressUpdate{Task: task.ID, Date: data.MustDate("20/11/2026"), Agency: agency.ID, Text: "Đã ban hành kế hoạch", Percent: 40},
		&data.IssuedDocument{Series: "state:QT:2026", Number: 1, Symbol: "01/BC-BDVTU", Date: data.MustDate("27/11/2026"), DocType: "Báo cáo", Subject: "Kết quả công tác hội", SHA256: "ab"},
	}
	for _, r := range records {
		MustCreate(t, s, r)
	}
	for _, r := range append(records, assoc, agency, dir) {
		m := data.MetaOf(r)
		got, err := s.Load(ctx, r.Kind(), m.ID)
		require.NoError(t, err, r.Kind())
		assert.Equal(t, r, got, r.Kind())
		if r.Kind() == data.KindOffice {
			assert.Equal(t, "QT-DH", m.Office, "an office owns its own record")
		} else {
			assert.Equal(t, "QT", m.Office)
		}
		assert.EqualValues(t, 1, m.Version)
		assert.Equal(t, time.UTC, m.CreatedAt.Location())
		id, err := uuid7(m.ID)
		require.NoError(t, err)
		if r.Kind() == data.KindOffice {
			assert.Equal(t, data.OfficeID("QT-DH"), m.ID, "an office's id comes from its code, the same everywhere")
		} else {
			assert.Equal(t, 7, id, "record ids are UUID v7")
		}
	}
	// The progress update carried over to its task in the same transaction.
	gotTask, err := store.Get[data.Task](ctx, s, task.ID)
	require.NoError(t, err)
	assert.Equal(t, 40, gotTask.Percent)
	assert.Equal(t, data.MustDate("20/11/2026"), gotTask.LastReport)
	assert.Equal(t, data.InProgress, gotTask.StatusOn(data.MustDate("27/11/2026")))
}

func TestUpdateConflictAndNotFound(t *testing.T) {
	ctx := context.Background()
	s := MustOpen(t)
	a := validAssociation("Hội Khuyến học tỉnh")
	MustCreate(t, s, a)
	first, _ := store.Get[data.Association](ctx, s, a.ID)
	second, _ := store.Get[data.Association](ctx, s, a.ID)
	first.Phone = "0233 3852 111"
	require.NoError(t, s.Update(ctx, first))
	second.Phone = "0233 0000 000"
	err := s.Update(ctx, second)
	assert.True(t, data.HasCode(err, "ErrConflict"), "a stale edit must not overwrite a newer one")
	got, _ := store.Get[data.Association](ctx, s, a.ID)
	assert.Equal(t, "0233 3852 111", got.Phone)
	_, err = store.Get[data.Association](ctx, s, "no-such-id")
	assert.True(t, data.HasCode(err, "ErrNotFound"))
}

func TestHistoryAndRestore(t *testing.T) {
	ctx := context.Background()
	s := MustOpen(t)
	a := validAssociation("Hội Người cao tuổi tỉnh")
	MustCreate(t, s, a)
	a.Phone = "0233 1"
	require.NoError(t, s.Update(ctx, a))
	a.Phone = "0233 2"
	a.Address = "Số 5 Lê Lợi"
	require.NoError(t, s.Update(ctx, a))
	require.NoError(t, s.Delete(ctx, data.KindAssociation, a.ID))

	h, err := s.History(ctx, a.ID)
	require.NoError(t, err)
	require.Len(t, h, 4)
	assert.Equal(t, []string{"create", "update", "update", "delete"}, []string{h[0].Op, h[1].Op, h[2].Op, h[3].Op})
	assert.Nil(t, h[0].Before)
	assert.Contains(t, string(h[1].Before), `"version":1`)
	assert.Contains(t, string(h[1].After), `"phone":"0233 1"`)
	assert.Equal(t, "tester", h[3].Actor)
	assert.Equal(t, "QT", h[3].Office)

	deleted, _ := store.Get[data.Association](ctx, s, a.ID)
	assert.True(t, deleted.Deleted, "delete leaves a tombstone")
	list, _, _ := s.FindAssociations(ctx, store.AssociationFilter{})
	assert.Empty(t, list, "a deleted association is not listed")

	v2, err := s.Version(ctx, data.KindAssociation, a.ID, 2)
	require.NoError(t, err)
	assert.Equal(t, "0233 1", v2.(*data.Association).Phone)

	require.NoError(t, s.Restore(ctx, data.KindAssociation, a.ID, 2))
	got, _ := store.Get[data.Association](ctx, s, a.ID)
	assert.False(t, got.Deleted)
	assert.Equal(t, "0233 1", got.Phone)
	assert.Empty(t, got.Address)
	assert.EqualValues(t, 5, got.Version, "a restore is a new version; the ones between stay")
	h, _ = s.History(ctx, a.ID)
	assert.Len(t, h, 5)
	assert.Equal(t, "restore", h[4].Op)
}

func TestNearDuplicateWarning(t *testing.T) {
	ctx := context.Background()
	s := MustOpen(t)
	MustCreate(t, s, validAssociation("Hội Cựu giáo chức tỉnh"))
	twin := validAssociation("hoi cuu giao chuc  TINH")
	err := s.Create(ctx, twin)
	require.True(t, data.HasCode(err, "ErrNameNearDuplicate"), "got %v", err)
	var de *data.Error
	require.ErrorAs(t, err, &de)
	assert.True(t, de.Warning)
	_, n, _ := s.FindAssociations(ctx, store.AssociationFilter{})
	assert.Equal(t, 1, n, "a warned create saves nothing")

	other := validAssociation("Hội Cựu giáo chức tỉnh")
	other.Scope = data.ScopeCommune
	other.Area = "QT-X1"
	assert.NoError(t, s.Create(ctx, other), "the same name in another scope is not a duplicate")

	require.NoError(t, s.Create(ctx, twin, store.AllowNearDuplicate), "the user may override")
	_, n, _ = s.FindAssociations(ctx, store.AssociationFilter{})
	assert.Equal(t, 3, n)
}

func TestSetUpNeedsParentBelowProvince(t *testing.T) {
	s := MustOpenEmpty(t, filepath.Join(t.TempDir(), "qlhoi.db"))
	err := s.SetUp(t.Context(), &data.Office{Code: "QT-GL", Name: "Huyện ủy Gio Linh", Level: data.LevelDistrict})
	assert.True(t, data.HasCode(err, "ErrParentRequired"))
	assert.Equal(t, "", s.Office())
	require.NoError(t, s.SetUp(t.Context(), &data.Office{Code: "QT-GL", Name: "Huyện ủy Gio Linh", Level: data.LevelDistrict, Parent: "QT"}))
}

func TestSetUpOnce(t *testing.T) {
	ctx := context.Background()
	s := MustOpen(t)
	assert.Equal(t, "QT", s.Office())
	err := s.SetUp(ctx, &data.Office{Code: "XX", Name: "Khác", Level: data.LevelCommune})
	assert.True(t, data.HasCode(err, "ErrOfficeExists"))
	o, err := s.OwnOffice(ctx)
	require.NoError(t, err)
	assert.Equal(t, "Ban Dân vận Tỉnh ủy Quảng Trị", o.Name)
}

func TestSettings(t *testing.T) {
	ctx := context.Background()
	s := MustOpen(t)
	assert.Equal(t, 7, s.IntSetting(ctx, store.SettingDueSoonDays, 7))
	require.NoError(t, s.SetSetting(ctx, store.SettingDueSoonDays, " 10 "))
	assert.Equal(t, 10, s.IntSetting(ctx, store.SettingDueSoonDays, 7))
	h, err := s.History(ctx, store.SettingDueSoonDays)
	require.NoError(t, err)
	require.Len(t, h, 1)
	assert.Equal(t, "10", string(h[0].After))
}
