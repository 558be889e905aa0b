package store_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"qlhoi/data"
	"qlhoi/data/store"
)

func TestTaskStatusOn(t *testing.T) {
	d := data.MustDate
	report := d("27/11/2026")
	cases := []struct {
		name     string
		task     data.Task
		want     data.TaskStatus
		overdue  int
		bucket   data.AgeBucket
		dueSoon7 bool
	}{
		{"done before deadline", data.Task{Deadline: d("30/11/2026"), CompletedOn: d("20/11/2026")}, data.DoneOnTime, 0, data.AgeNotLate, false},
		{"done on the deadline day", data.Task{Deadline: d("20/11/2026"), CompletedOn: d("20/11/2026")}, data.DoneOnTime, 0, data.AgeNotLate, false},
		{"done the day after the deadline", data.Task{Deadline: d("20/11/2026"), CompletedOn: d("21/11/2026")}, data.DoneLate, 0, data.AgeNotLate, false},
		{"done without deadline", data.Task{CompletedOn: d("01/11/2026")}, data.DoneOnTime, 0, data.AgeNotLate, false},
		{"completion after the report day does not count yet", data.Task{Deadline: d("25/11/2026"), CompletedOn: d("28/11/2026")}, data.Overdue, 2, data.AgeUpTo30, false},
		{"deadline is the report day: still in time", data.Task{Deadline: d("27/11/2026")}, data.NotYetDue, 0, data.AgeNotLate, true},
		{"deadline today with progress", data.Task{Deadline: d("27/11/2026"), Percent: 50}, data.InProgress, 0, data.AgeNotLate, true},
		{"deadline yesterday", data.Task{Deadline: d("26/11/2026")}, data.Overdue, 1, data.AgeUpTo30, false},
		{"overdue 30 days", data.Task{Deadline: d("28/10/2026")}, data.Overdue, 30, data.AgeUpTo30, false},
		{"overdue 31 days", data.Task{Deadline: d("27/10/2026")}, data.Overdue, 31, data.AgeOver30, false},
		{"overdue 121 days", data.Task{Deadline: d("29/07/2026")}, data.Overdue, 121, data.AgeOver120, false},
		{"no deadline, nothing reported", data.Task{}, data.NotYetDue, 0, data.AgeNotLate, false},
		{"no deadline, reported", data.Task{LastReport: d("01/11/2026"), Percent: 10}, data.InProgress, 0, data.AgeNotLate, false},
		{"due in 7 days", data.Task{Deadline: d("04/12/2026")}, data.NotYetDue, 0, data.AgeNotLate, true},
		{"due in 8 days", data.Task{Deadline: d("05/12/2026")}, data.NotYetDue, 0, data.AgeNotLate, false},
		{"half-yearly, reported in June: due 15/12", data.Task{Cycle: data.CycleHalfYear, LastReport: d("10/06/2026")}, data.InProgress, 0, data.AgeNotLate, false},
		{"half-yearly, last report in 2025: overdue since 15/06", data.Task{Cycle: data.CycleHalfYear, LastReport: d("10/12/2025")}, data.Overdue, 165, data.AgeOver120, false},
		{"yearly, reported 2025: due 15/12/2026", data.Task{Cycle: data.CycleYearly, LastReport: d("12/12/2025")}, data.InProgress, 0, data.AgeNotLate, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, c.task.StatusOn(report))
			assert.Equal(t, c.overdue, c.task.OverdueDays(report))
			assert.Equal(t, c.bucket, c.task.OverdueBucket(report))
			assert.Equal(t, c.dueSoon7, c.task.DueSoon(report, 7))
		})
	}
	t.Run("due-soon window is configurable", func(t *testing.T) {
		task := data.Task{Deadline: d("10/12/2026")}
		assert.False(t, task.DueSoon(report, 7))
		assert.True(t, task.DueSoon(report, 14))
	})
	t.Run("labels are the Government Office categories", func(t *testing.T) {
		assert.Equal(t, "Hoàn thành đúng hạn", data.DoneOnTime.Label())
		assert.Equal(t, "Quá hạn chưa hoàn thành", data.Overdue.Label())
		assert.Equal(t, "Chưa đến hạn", data.NotYetDue.Label())
	})
}

func TestRatesByAgency(t *testing.T) {
	d := data.MustDate
	tasks := []*data.Task{
		{Lead: "A", Deadline: d("01/11/2026"), CompletedOn: d("01/11/2026")},
		{Lead: "A", Deadline: d("01/11/2026"), CompletedOn: d("05/11/2026")},
		{Lead: "A", Deadline: d("01/10/2026")},
		{Lead: "A", Deadline: d("01/12/2026")}, // not due yet: not counted
		{Lead: "B", Deadline: d("01/12/2026")},
	}
	rates := store.RatesByAgency(tasks, d("27/11/2026"))
	assert.Len(t, rates, 2)
	assert.Equal(t, 3, rates[0].Due)
	assert.Equal(t, 1, rates[0].OnTime)
	assert.InDelta(t, 1.0/3, rates[0].Rate(), 1e-9)
	assert.Equal(t, 1, rates[0].Counts[data.Overdue])
	assert.Equal(t, -1.0, rates[1].Rate(), "nothing due: no rate")
}

func TestAssociationAlerts(t *testing.T) {
	d := data.MustDate
	r := d("27/11/2026")
	kinds := func(as []data.Alert) []data.AlertKind {
		var out []data.AlertKind
		for _, a := range as {
			out = append(out, a.Kind)
		}
		return out
	}
	a := data.Association{Status: data.StatusActive, TermEnd: d("15/03/2027")}
	assert.Equal(t, []data.AlertKind{data.AlertTermEnding}, kinds(a.Alerts(r, 6, []int{2025})))
	assert.Empty(t, kinds(a.Alerts(r, 3, []int{2025})), "outside a 3-month window")
	a.TermEnd = d("26/11/2026")
	assert.Equal(t, []data.AlertKind{data.AlertCongressOverdue}, kinds(a.Alerts(r, 6, []int{2025})))
	a.TermEnd = d("01/01/2030")
	assert.Equal(t, []data.AlertKind{data.AlertNoFigures}, kinds(a.Alerts(r, 6, []int{2024})))
	assert.Contains(t, a.Alerts(r, 6, nil)[0].Message, "năm 2025")
	a.Status = data.StatusDissolved
	assert.Empty(t, a.Alerts(r, 6, nil), "a dissolved association needs no congress")
	_ = time.Now
}
