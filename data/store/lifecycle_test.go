package store_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
)

func TestDeletedAndUndelete(t *testing.T) {
	ctx := t.Context()
	s := MustOpen(t)
	a := validAssociation("Hội Chữ thập đỏ tỉnh")
	MustCreate(t, s, a)
	require.NoError(t, s.Delete(ctx, data.KindAssociation, a.ID))
	gone, err := store.Deleted[data.Association](ctx, s)
	require.NoError(t, err)
	require.Len(t, gone, 1)
	assert.Equal(t, a.ID, gone[0].ID)

	require.NoError(t, s.Undelete(ctx, data.KindAssociation, a.ID))
	gone, err = store.Deleted[data.Association](ctx, s)
	require.NoError(t, err)
	assert.Empty(t, gone)
	back, err := store.Get[data.Association](ctx, s, a.ID)
	require.NoError(t, err)
	assert.False(t, back.Deleted)
	assert.Equal(t, "Hội Chữ thập đỏ tỉnh", back.Name)
	h, err := s.History(ctx, a.ID)
	require.NoError(t, err)
	require.Len(t, h, 3)
	assert.Equal(t, []string{"create", "delete", "restore"}, []string{h[0].Op, h[1].Op, h[2].Op})
}

func TestDirectiveWithTasksIsNotDeleted(t *testing.T) {
	ctx := t.Context()
	s := MustOpen(t)
	ag := &data.Agency{Name: "Sở Nội vụ"}
	MustCreate(t, s, ag)
	tk := taskSetup(t, s, ag.ID)
	err := s.Delete(ctx, data.KindDirective, tk.Directive)
	assert.True(t, data.HasCode(err, "ErrDirectiveHasTasks"))
	assert.Contains(t, data.Message(err), "còn 1 nhiệm vụ")

	require.NoError(t, s.Delete(ctx, data.KindTask, tk.ID))
	require.NoError(t, s.Delete(ctx, data.KindDirective, tk.Directive))
	t.Run("ErrParentDeleted", func(t *testing.T) {
		err := s.Undelete(ctx, data.KindTask, tk.ID)
		assert.True(t, data.HasCode(err, "ErrParentDeleted"))
	})
	require.NoError(t, s.Undelete(ctx, data.KindDirective, tk.Directive))
	require.NoError(t, s.Undelete(ctx, data.KindTask, tk.ID))
}

func TestEditedProgressKeepsTaskTrue(t *testing.T) {
	ctx := t.Context()
	s := MustOpen(t)
	ag := &data.Agency{Name: "Sở Nội vụ"}
	MustCreate(t, s, ag)
	tk := taskSetup(t, s, ag.ID)
	task := func() *data.Task {
		got, err := store.Get[data.Task](ctx, s, tk.ID)
		require.NoError(t, err)
		return got
	}
	first := &data.ProgressUpdate{Task: tk.ID, Date: data.MustDate("01/11/2026"), Agency: ag.ID, Text: "Đang rà soát", Percent: 40}
	MustCreate(t, s, first)
	last := &data.ProgressUpdate{Task: tk.ID, Date: data.MustDate("20/11/2026"), Agency: ag.ID, Text: "Đã hoàn thành", Completed: true}
	MustCreate(t, s, last)
	assert.Equal(t, data.MustDate("20/11/2026"), task().CompletedOn)

	// The completion was recorded by mistake: editing it undoes the completion.
	last.Completed, last.Percent, last.Text = false, 70, "Gần xong"
	require.NoError(t, s.Update(ctx, last))
	got := task()
	assert.True(t, got.CompletedOn.IsZero())
	assert.Equal(t, 70, got.Percent)
	assert.Equal(t, "Gần xong", got.Result)

	// Deleting the latest update brings the task back to the one before.
	require.NoError(t, s.Delete(ctx, data.KindProgress, last.ID))
	got = task()
	assert.Equal(t, 40, got.Percent)
	assert.Equal(t, data.MustDate("01/11/2026"), got.LastReport)
	assert.Equal(t, "Đang rà soát", got.Result)

	// Restoring it applies it again.
	require.NoError(t, s.Undelete(ctx, data.KindProgress, last.ID))
	assert.Equal(t, 70, task().Percent)
	assert.Equal(t, data.MustDate("20/11/2026"), task().LastReport)
}

func TestCancelledNumberIsNeverReused(t *testing.T) {
	ctx := t.Context()
	s := MustOpen(t)
	series := store.StateSeries("QT", 2026)
	issue := func() *data.IssuedDocument {
		d, err := s.Issue(ctx, series, func(n int) (*data.IssuedDocument, error) {
			return &data.IssuedDocument{Symbol: "x", Date: data.MustDate("27/11/2026"), Subject: "Báo cáo"}, nil
		})
		require.NoError(t, err)
		return d
	}
	first := issue()
	second := issue()
	got, err := s.CancelIssued(ctx, second.ID, "Cấp nhầm")
	require.NoError(t, err)
	assert.True(t, got.Cancelled)
	_, err = s.CancelIssued(ctx, second.ID, "")
	assert.True(t, data.HasCode(err, "ErrAlreadyCancelled"))
	assert.Equal(t, 3, issue().Number, "the cancelled number 2 is not given again")
	docs, err := s.IssuedDocuments(ctx)
	require.NoError(t, err)
	assert.Len(t, docs, 3, "a cancelled entry stays in the register")
	assert.Equal(t, 1, first.Number)
}

func TestKeepVersion(t *testing.T) {
	ctx := t.Context()
	s := MustOpen(t)
	a := validAssociation("Hội Làm vườn tỉnh")
	MustCreate(t, s, a)
	first := a.HLC
	a.Phone = "0233 111 222"
	require.NoError(t, s.Update(ctx, a))
	require.NoError(t, s.KeepVersion(ctx, data.KindAssociation, a.ID, first))
	got, err := store.Get[data.Association](ctx, s, a.ID)
	require.NoError(t, err)
	assert.Empty(t, got.Phone, "the kept version is current")
	assert.EqualValues(t, 3, got.Version, "as a new version; the other stays in history")
	assert.Error(t, s.KeepVersion(ctx, data.KindAssociation, a.ID, "khong-co"))
}
