package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"qlhoi/data"
	"qlhoi/data/store"
)

// taskJSON is a task as scripts see it: the record plus its computed status.
type taskJSON struct {
	*data.Task
	Status      data.TaskStatus `json:"status"`
	StatusLabel string          `json:"status_label"`
	Due         data.Date       `json:"due"`
	OverdueDays int             `json:"overdue_days"`
}

var taskCommands = kindCommands[data.Task, *data.Task]{
	name: "task", noun: "nhiệm vụ",
	title: func(t *data.Task) string { return data.Shorten(t.Content, 60) },
	describe: func(ctx context.Context, s *store.Store, t *data.Task) ([][2]string, error) {
		names, err := agencyNames(ctx, s)
		if err != nil {
			return nil, err
		}
		today := s.Today()
		var coop []string
		for _, id := range t.Cooperating {
			coop = append(coop, names[id])
		}
		lines := [][2]string{
			{"Nội dung", t.Content}, {"Cơ quan chủ trì", names[t.Lead]}, {"Cơ quan phối hợp", strings.Join(coop, "; ")},
			{"Chu kỳ", t.Cycle.Label()}, {"Hạn", t.DueOn(today).String()}, {"Tình trạng", t.StatusOn(today).Label()},
			{"Tiến độ", strconv.Itoa(t.Percent) + "%"}, {"Ngày hoàn thành", t.CompletedOn.String()}, {"Kết quả", t.Result},
		}
		if d, err := store.Get[data.Directive](ctx, s, t.Directive); err == nil {
			lines = append([][2]string{{"Văn bản", d.Number + " ngày " + d.Date.String()}}, lines...)
		}
		updates, err := store.List[data.ProgressUpdate](ctx, s, "task", t.ID)
		if err != nil {
			return nil, err
		}
		for _, u := range updates {
			lines = append(lines, [2]string{"Báo cáo " + u.Date.String(), fmt.Sprintf("%s – %d%% – %s (ID %s)", names[u.Agency], u.Percent, data.Shorten(u.Text, 50), u.ID)})
		}
		return lines, nil
	},
}

var progressCommands = kindCommands[data.ProgressUpdate, *data.ProgressUpdate]{
	name: "progress", noun: "báo cáo tiến độ",
	title: func(u *data.ProgressUpdate) string { return "báo cáo ngày " + u.Date.String() },
	describe: func(ctx context.Context, s *store.Store, u *data.ProgressUpdate) ([][2]string, error) {
		names, err := agencyNames(ctx, s)
		if err != nil {
			return nil, err
		}
		done := "Chưa"
		if u.Completed {
			done = "Đã hoàn thành"
		}
		return [][2]string{{"Nhiệm vụ", u.Task}, {"Ngày", u.Date.String()}, {"Cơ quan báo cáo", names[u.Agency]},
			{"Nội dung", u.Text}, {"Tiến độ", strconv.Itoa(u.Percent) + "%"}, {"Hoàn thành", done}, {"Văn bản", u.Reference}}, nil
	},
}

func agencyNames(ctx context.Context, s *store.Store) (map[string]string, error) {
	agencies, err := s.Agencies(ctx)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, a := range agencies {
		names[a.ID] = a.Name
	}
	return names, nil
}

func (c *cli) task(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usageError("task cần một lệnh con: list, show, add, set, delete, deleted, restore, progress.")
	}
	switch args[0] {
	case "list":
		return c.taskList(ctx, args[1:])
	case "progress":
		return c.taskProgress(ctx, args[1:])
	}
	if ok, err := taskCommands.run(ctx, c, args[0], args[1:]); ok {
		return err
	}
	return usageError("task không có lệnh con “%s”.", args[0])
}

// progress edits, deletes and restores progress updates.
func (c *cli) progress(ctx context.Context, args []string) error {
	if len(args) > 0 {
		if ok, err := progressCommands.run(ctx, c, args[0], args[1:]); ok {
			return err
		}
	}
	return usageError("progress cần một lệnh con: show, set, delete, deleted, restore.")
}

// taskProgress records a progress update on a task.
func (c *cli) taskProgress(ctx context.Context, args []string) error {
	var date, text, ref, agency *string
	var percent *int
	var done *bool
	s, t, err := taskCommands.one(ctx, c, "progress", args, false, func(fs *flag.FlagSet) {
		date, text, ref, agency = fs.String("date", "", ""), fs.String("text", "", ""), fs.String("ref", "", ""), fs.String("agency", "", "")
		percent, done = fs.Int("percent", -1, ""), fs.Bool("done", false, "")
	})
	if err != nil {
		return err
	}
	day, err := data.ParseDate(*date)
	if err != nil {
		return err
	}
	if day.IsZero() {
		day = s.Today()
	}
	u := &data.ProgressUpdate{Task: t.ID, Date: day, Agency: t.Lead, Text: *text, Percent: *percent, Completed: *done, Reference: *ref}
	if *agency != "" {
		u.Agency = *agency
	}
	if u.Percent < 0 {
		u.Percent = t.Percent
	}
	if err := s.Create(ctx, u); err != nil {
		return err
	}
	t, err = store.Get[data.Task](ctx, s, t.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out, "%s\tĐã ghi báo cáo ngày %s; nhiệm vụ: %d%%, %s.\n", u.ID, u.Date, t.Percent, t.StatusOn(s.Today()).Label())
	return nil
}

func (c *cli) taskList(ctx context.Context, args []string) error {
	fs := c.flags("task list")
	var f store.TaskFilter
	fs.BoolVar(&f.Overdue, "overdue", false, "")
	fs.BoolVar(&f.DueSoon, "due-soon", false, "")
	on := fs.String("on", "", "")
	asJSON := fs.Bool("json", false, "")
	if _, err := parse(fs, args); err != nil {
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
	f.DueSoonDays = s.IntSetting(ctx, store.SettingDueSoonDays, data.DefaultDueSoonDays)
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
	names, err := agencyNames(ctx, s)
	if err != nil {
		return err
	}
	w := c.table()
	fmt.Fprintln(w, "ID\tHạn\tTình trạng\tCơ quan chủ trì\tNội dung")
	for _, t := range tasks {
		state := t.StatusOn(day).Label()
		if t.DueSoon(day, f.DueSoonDays) {
			// As the window says it (Tổng quan, the list, the pane).
			if t.StatusOn(day) == data.NotYetDue {
				state = "Sắp đến hạn"
			} else {
				state += " · sắp đến hạn"
			}
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", t.ID, t.DueOn(day), state, names[t.Lead], data.Shorten(t.Content, 60))
	}
	w.Flush()
	fmt.Fprintf(c.out, "Tổng số: %s nhiệm vụ (tính đến ngày %s)\n", data.FormatInt(int64(total)), day)
	return nil
}
