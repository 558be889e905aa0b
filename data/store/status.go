package store

import (
	"sort"

	"qlhoi/data"
)

// RatesByAgency computes each lead agency's on-time rate on r, ordered by agency id.
func RatesByAgency(tasks []*data.Task, r data.Date) []data.AgencyRate {
	var counts []TaskCount
	for _, t := range tasks {
		counts = append(counts, TaskCount{Lead: t.Lead, Status: t.StatusOn(r), N: 1})
	}
	return Rates(counts)
}

// Rates turns task counts (from Store.CountTasks) into per-agency rates, by agency id.
func Rates(counts []TaskCount) []data.AgencyRate {
	by := map[string]*data.AgencyRate{}
	for _, c := range counts {
		a := by[c.Lead]
		if a == nil {
			a = &data.AgencyRate{Agency: c.Lead, Counts: map[data.TaskStatus]int{}}
			by[c.Lead] = a
		}
		a.Add(c.Status, c.N)
	}
	out := make([]data.AgencyRate, 0, len(by))
	for _, a := range by {
		out = append(out, *a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Agency < out[j].Agency })
	return out
}
