package data

// DeriveProgress sets the task's latest report day, percent, result and completion
// from its live updates (in the order they were entered). It is the one rule for a
// task's progress: the latest report gives the percent and the result; the earliest
// update that says "done" gives the completion day, and a completed one-off task is at
// 100 % whatever a later report says.
func (t *Task) DeriveProgress(updates []*ProgressUpdate) {
	t.LastReport, t.Percent, t.CompletedOn = Date{}, 0, Date{}
	for _, u := range updates {
		if t.LastReport.IsZero() || !u.Date.Before(t.LastReport) {
			t.LastReport, t.Percent = u.Date, u.Percent
			if u.Text != "" {
				t.Result = u.Text
			}
		}
		if u.Completed && t.Cycle == CycleOnce && (t.CompletedOn.IsZero() || u.Date.Before(t.CompletedOn)) {
			t.CompletedOn = u.Date
		}
	}
	if !t.CompletedOn.IsZero() {
		t.Percent = 100
	}
}
