package store_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
)

// Days are Vietnamese days, whatever zone the computer's clock is in: tested at 00:30
// and 23:30 in Vietnam, seen from UTC and from a zone west of it.
func TestLocalDates(t *testing.T) {
	ict := func(day string, h, m int) time.Time {
		d := data.MustDate(day).Time()
		return time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, data.Vietnam)
	}
	west := time.FixedZone("EST", -5*60*60)
	for _, c := range []struct {
		at  time.Time
		day string
	}{
		{ict("16/12/2026", 0, 30), "16/12/2026"},
		{ict("15/12/2026", 23, 30), "15/12/2026"},
		{ict("01/01/2027", 0, 30), "01/01/2027"},
		{ict("31/12/2026", 23, 30), "31/12/2026"},
	} {
		for _, zone := range []*time.Location{time.UTC, west, data.Vietnam} {
			assert.Equal(t, c.day, data.DateOf(c.at.In(zone)).String(), "%s seen in %s", c.at, zone)
		}
	}
	assert.Equal(t, "+07:00", ict("16/12/2026", 0, 30).Format("-07:00"))
	assert.Equal(t, "16/12/2026", data.DayOf(time.Date(2026, 12, 16, 0, 0, 0, 0, time.FixedZone("LINT", 14*3600))).String(), "a picked day stays the day picked")
}

// A half-yearly task created at 00:30 on 16/12 in Vietnam (17:30 UTC on 15/12) starts on
// 16/12: its first report is due 15/06, it is not overdue the moment it is made. One
// created at 23:30 on 15/12 is due that day.
func TestTaskCreatedAtNight(t *testing.T) {
	ctx := t.Context()
	for _, c := range []struct {
		name  string
		at    time.Time
		today string
		due   string
		want  data.TaskStatus
	}{
		{"00:30", time.Date(2026, 12, 16, 0, 30, 0, 0, data.Vietnam), "16/12/2026", "15/06/2027", data.NotYetDue},
		{"23:30", time.Date(2026, 12, 15, 23, 30, 0, 0, data.Vietnam), "15/12/2026", "15/12/2026", data.NotYetDue},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := openOffice(t, "QT")
			at := c.at.UTC() // the computer's clock may be in any zone
			s.Now = func() time.Time { return at }
			require.Equal(t, c.today, s.Today().String())
			ag := &data.Agency{Name: "Sở Nội vụ"}
			require.NoError(t, s.Create(ctx, ag))
			dir := &data.Directive{Number: "12-CV/TU", Date: data.MustDate("01/12/2026"), Issuer: "Ban Thường vụ Tỉnh ủy", Summary: "Về công tác hội"}
			require.NoError(t, s.Create(ctx, dir))
			task := &data.Task{Directive: dir.ID, Lead: ag.ID, Content: "Báo cáo tình hình hội", Cycle: data.CycleHalfYear}
			require.NoError(t, s.Create(ctx, task))
			got, err := store.Get[data.Task](ctx, s, task.ID)
			require.NoError(t, err)
			assert.Equal(t, c.today, data.DateOf(got.CreatedAt).String())
			assert.Equal(t, c.due, got.DueOn(s.Today()).String())
			assert.Equal(t, c.want, got.StatusOn(s.Today()))
		})
	}
}
