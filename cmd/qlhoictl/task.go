package main

import (
	"context"
	"fmt"

	"qlhoi/data"
)

// taskJSON is a task as scripts see it: the record plus its computed status.
type taskJSON struct {
	*data.Task
	Status      data.TaskStatus `json:"status"`
	StatusLabel string          `json:"status_label"`
	Due         data.Date       `json:"due"`
	OverdueDays int             `json:"overdue_days"`
}

func (c *cli) task(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "list" {
		return usageError("task cần lệnh con: list.")
	}
	fs := c.flags("task list")
	var f data.TaskFilter
	fs.BoolVar(&f.Overdue, "overdue", false, "")
	fs.BoolVar(&f.DueSoon, "due-soon", false, "")
	on := fs.String("on", "", "")
	asJSON := fs.Bool("json", false, "")
	if _, err := parse(fs, args[1:]); err != nil {
		return err
	}
	if f.Overdue && f.DueSoon {
		return usageError("chọn một trong --overdue hoặc --due-soon.")
	}
	day, err := data.ParseDate(*on)
	if err != nil {
		return err
	}
	s, err := c.open(ctx, true)
	if err != nil {
		return err
	}
	if day.IsZero() {
		day = s.Today()
	}
	f.On = day
	f.DueSoonDays = s.IntSetting(ctx, data.SettingDueSoonDays, data.DefaultDueSoonDays)
	tasks, total, err := s.FindTasks(ctx, f)
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]taskJSON, len(tasks))
		for i, t := range tasks {
			st := t.StatusOn(day)
			out[i] = taskJSON{t, st, st.Label(), t.DueOn(day), t.OverdueDays(day)}
		}
		return c.json(out)
	}
	agencies, err := s.Agencies(ctx)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, a := range agencies {
		names[a.ID] = a.Name
	}
	w := c.table()
	fmt.Fprintln(w, "ID\tHạn\tTình trạng\tCơ quan chủ trì\tNội dung")
	for _, t := range tasks {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", t.ID, t.DueOn(day), t.StatusOn(day).Label(), names[t.Lead], shorten(t.Content, 60))
	}
	w.Flush()
	fmt.Fprintf(c.out, "Tổng số: %s nhiệm vụ (tính đến ngày %s)\n", data.FormatInt(int64(total)), day)
	return nil
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
