package data

import (
	"strconv"
	"time"
)

// TaskStatus is a task's computed status, in the categories the Government Office uses
// to follow up assigned tasks (QĐ 42/2014/QĐ-TTg, amended by QĐ 23/2018/QĐ-TTg).
type TaskStatus string

// Task statuses.
const (
	DoneOnTime  TaskStatus = "hoan_thanh_dung_han"
	DoneLate    TaskStatus = "hoan_thanh_qua_han"
	InProgress  TaskStatus = "dang_thuc_hien_trong_han"
	Overdue     TaskStatus = "qua_han_chua_hoan_thanh"
	NotYetDue   TaskStatus = "chua_den_han"
	AllStatuses            = "" // a filter value meaning "any status"
)

// TaskStatuses lists the statuses in report order.
var TaskStatuses = []TaskStatus{DoneOnTime, DoneLate, InProgress, Overdue, NotYetDue}

// Label is the Vietnamese name of the status.
func (s TaskStatus) Label() string {
	switch s {
	case DoneOnTime:
		return "Hoàn thành đúng hạn"
	case DoneLate:
		return "Hoàn thành quá hạn"
	case InProgress:
		return "Đang thực hiện trong hạn"
	case Overdue:
		return "Quá hạn chưa hoàn thành"
	case NotYetDue:
		return "Chưa đến hạn"
	}
	return string(s)
}

// Done reports whether the status is one of the completed ones.
func (s TaskStatus) Done() bool { return s == DoneOnTime || s == DoneLate }

// DefaultDueSoonDays is the default "due soon" window.
const DefaultDueSoonDays = 7

// DueOn returns the day the task is due as seen on report day r: the deadline of a
// one-off task; for a periodic task, the end of the first period its reports do not yet
// cover. Periods end on 15/06 and 15/12 (half-yearly) or 15/12 (yearly), the usual
// reporting days; a report covers the period it falls in. A periodic task's Deadline,
// if set, is its first due day.
func (t *Task) DueOn(r Date) Date {
	if t.Cycle == CycleOnce {
		return t.Deadline
	}
	from, covered := t.LastReport, !t.LastReport.IsZero()
	if !covered {
		if !t.Deadline.IsZero() {
			return t.Deadline
		}
		from = DateOf(t.CreatedAt)
		if t.CreatedAt.IsZero() {
			from = r
		}
	}
	for y := from.Year(); ; y++ {
		ends := []Date{NewDate(y, time.December, 15)}
		if t.Cycle == CycleHalfYear {
			ends = []Date{NewDate(y, time.June, 15), NewDate(y, time.December, 15)}
		}
		for _, e := range ends {
			if e.Before(from) {
				continue
			}
			if covered {
				covered = false
				continue
			}
			return e
		}
	}
}

// completedBy returns the completion day if the task was completed on or before r.
func (t *Task) completedBy(r Date) (Date, bool) {
	if t.Cycle != CycleOnce || t.CompletedOn.IsZero() || t.CompletedOn.After(r) {
		return Date{}, false
	}
	return t.CompletedOn, true
}

// StatusOn computes the task's status on report day r.
//   - completed by r: on time if completed on or before the deadline (or with none), else late;
//   - not completed, deadline passed (r after the due day): overdue;
//   - not completed, not yet past due: in progress if work has been reported, otherwise
//     not yet due. The deadline day itself is still in time.
func (t *Task) StatusOn(r Date) TaskStatus {
	due := t.DueOn(r)
	if done, ok := t.completedBy(r); ok {
		if due.IsZero() || !done.After(due) {
			return DoneOnTime
		}
		return DoneLate
	}
	if !due.IsZero() && r.After(due) {
		return Overdue
	}
	if t.Percent > 0 || (!t.LastReport.IsZero() && !t.LastReport.After(r)) {
		return InProgress
	}
	return NotYetDue
}

// DueSoon reports whether the task is not completed and due within the next days days
// (the due day itself included, today included).
func (t *Task) DueSoon(r Date, days int) bool {
	if _, ok := t.completedBy(r); ok {
		return false
	}
	due := t.DueOn(r)
	return !due.IsZero() && !r.After(due) && !due.After(r.AddDays(days))
}

// OverdueDays is how many days past due the task is on r (0 if not overdue).
func (t *Task) OverdueDays(r Date) int {
	if t.StatusOn(r) != Overdue {
		return 0
	}
	return t.DueOn(r).DaysUntil(r)
}

// AgeBucket groups overdue tasks by age.
type AgeBucket string

// Overdue age buckets.
const (
	AgeUpTo30   AgeBucket = "<=30"
	AgeOver30   AgeBucket = ">30"
	AgeOver120  AgeBucket = ">120"
	AgeNotLate  AgeBucket = ""
	ageLimit30            = 30
	ageLimit120           = 120
)

// Label is the Vietnamese name of the bucket.
func (b AgeBucket) Label() string {
	switch b {
	case AgeUpTo30:
		return "Quá hạn đến 30 ngày"
	case AgeOver30:
		return "Quá hạn trên 30 ngày"
	case AgeOver120:
		return "Quá hạn trên 120 ngày"
	}
	return "Không quá hạn"
}

// OverdueBucket puts the task in its overdue age bucket on r.
func (t *Task) OverdueBucket(r Date) AgeBucket {
	n := t.OverdueDays(r)
	switch {
	case n <= 0:
		return AgeNotLate
	case n > ageLimit120:
		return AgeOver120
	case n > ageLimit30:
		return AgeOver30
	}
	return AgeUpTo30
}

// AgencyRate is one agency's record of tasks on a report day.
type AgencyRate struct {
	Agency string
	// Due counts the tasks that are done or should have been (completed, or overdue);
	// OnTime those completed on time; Counts every task by status.
	Due    int
	OnTime int
	Counts map[TaskStatus]int
}

// Rate is the on-time rate among due tasks, 0 to 1; -1 when nothing was due yet.
func (a AgencyRate) Rate() float64 {
	if a.Due == 0 {
		return -1
	}
	return float64(a.OnTime) / float64(a.Due)
}

func (a *AgencyRate) Add(st TaskStatus, n int) {
	a.Counts[st] += n
	if st.Done() || st == Overdue {
		a.Due += n
	}
	if st == DoneOnTime {
		a.OnTime += n
	}
}

// AlertKind is a reason an association needs attention.
type AlertKind string

// Association alerts.
const (
	AlertTermEnding      AlertKind = "term_ending"
	AlertCongressOverdue AlertKind = "congress_overdue"
	AlertNoFigures       AlertKind = "no_figures"
)

// Alert is one reason an association needs attention on a given day.
type Alert struct {
	Kind    AlertKind
	Message string
}

// Alerts returns what needs attention about a on day r: a term ending within months
// months, a congress overdue (term ended, no new congress), no yearly figures for the
// previous year. years lists the years for which the association has figures.
// Only active associations get alerts.
func (a *Association) Alerts(r Date, months int, years []int) []Alert {
	if a.Status != StatusActive {
		return nil
	}
	var out []Alert
	if !a.TermEnd.IsZero() {
		switch {
		case a.TermEnd.Before(r):
			out = append(out, Alert{AlertCongressOverdue, "Nhiệm kỳ đã kết thúc ngày " + a.TermEnd.String() + " nhưng chưa tổ chức đại hội."})
		case !a.TermEnd.After(r.AddMonths(months)):
			out = append(out, Alert{AlertTermEnding, "Nhiệm kỳ kết thúc ngày " + a.TermEnd.String() + "."})
		}
	}
	last := r.Year() - 1
	has := false
	for _, y := range years {
		has = has || y == last
	}
	if !has && (a.Founding.Date.IsZero() || a.Founding.Date.Year() < last) {
		out = append(out, Alert{AlertNoFigures, "Chưa có số liệu năm " + strconv.Itoa(last) + "."})
	}
	return out
}
