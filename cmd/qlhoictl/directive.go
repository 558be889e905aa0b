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

var directiveCommands = kindCommands[data.Directive, *data.Directive]{
	name: "directive", noun: "văn bản",
	title: func(d *data.Directive) string { return d.Number + " ngày " + d.Date.String() },
	describe: func(ctx context.Context, s *store.Store, d *data.Directive) ([][2]string, error) {
		tasks, err := store.List[data.Task](ctx, s, "directive", d.ID)
		if err != nil {
			return nil, err
		}
		return [][2]string{
			{"Số, ký hiệu", d.Number}, {"Ngày ban hành", d.Date.String()}, {"Cơ quan ban hành", d.Issuer},
			{"Loại văn bản", d.DocType}, {"Trích yếu", d.Summary}, {"Số nhiệm vụ", strconv.Itoa(len(tasks))},
		}, nil
	},
}

func (c *cli) directive(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usageError("directive cần một lệnh con: list, show, add, set, delete, deleted, restore.")
	}
	if args[0] == "list" {
		return c.directiveList(ctx, args[1:])
	}
	if ok, err := directiveCommands.run(ctx, c, args[0], args[1:]); ok {
		return err
	}
	return usageError("directive không có lệnh con “%s”.", args[0])
}

func (c *cli) directiveList(ctx context.Context, args []string) error {
	fs := c.flags("directive list")
	asJSON := fs.Bool("json", false, "")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	s, err := c.open(ctx, true)
	if err != nil {
		return err
	}
	list, err := s.Directives(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		return c.json(list)
	}
	w := c.table()
	fmt.Fprintln(w, "ID\tSố, ký hiệu\tNgày\tTrích yếu")
	for _, d := range list {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", d.ID, d.Number, d.Date, data.Shorten(d.Summary, 60))
	}
	w.Flush()
	fmt.Fprintf(c.out, "Tổng số: %s văn bản\n", data.FormatInt(int64(len(list))))
	return nil
}

var agencyCommands = kindCommands[data.Agency, *data.Agency]{
	name: "agency", noun: "cơ quan",
	title: func(a *data.Agency) string { return a.Name },
	describe: func(ctx context.Context, s *store.Store, a *data.Agency) ([][2]string, error) {
		lines := [][2]string{{"Tên cơ quan", a.Name}, {"Tên viết tắt", a.ShortName}, {"Loại", a.Group.Label()}, {"Đơn vị báo cáo", a.OfficeCode}, {"Địa chỉ", a.Address}}
		if a.Retired {
			lines = append(lines, [2]string{"Tình trạng", "Thôi hoạt động"})
		}
		if a.MergedInto != "" {
			if into, err := store.Get[data.Agency](ctx, s, a.MergedInto); err == nil {
				lines = append(lines, [2]string{"Hợp nhất vào", into.Name})
			}
		}
		return lines, nil
	},
}

func (c *cli) agency(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usageError("agency cần một lệnh con: list, show, add, set, merge, retire, delete, deleted, restore.")
	}
	switch args[0] {
	case "list":
		return c.agencyList(ctx, args[1:])
	case "add":
		return c.agencyAdd(ctx, args[1:])
	case "merge":
		return c.agencyMerge(ctx, args[1:])
	case "retire":
		return c.agencyRetire(ctx, args[1:])
	}
	if ok, err := agencyCommands.run(ctx, c, args[0], args[1:]); ok {
		return err
	}
	return usageError("agency không có lệnh con “%s”.", args[0])
}

func (c *cli) agencyList(ctx context.Context, args []string) error {
	fs := c.flags("agency list")
	asJSON := fs.Bool("json", false, "")
	all := fs.Bool("all", false, "")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	s, err := c.open(ctx, true)
	if err != nil {
		return err
	}
	list, err := s.ActiveAgencies(ctx)
	if *all {
		list, err = s.Agencies(ctx)
	}
	if err != nil {
		return err
	}
	if *asJSON {
		return c.json(list)
	}
	w := c.table()
	fmt.Fprintln(w, "ID\tTên cơ quan\tLoại\tTình trạng")
	for _, a := range list {
		state := "Đang hoạt động"
		if a.Retired {
			state = "Thôi hoạt động"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", a.ID, a.Name, a.Group.Label(), state)
	}
	w.Flush()
	fmt.Fprintf(c.out, "Tổng số: %s cơ quan\n", data.FormatInt(int64(len(list))))
	return nil
}

// agencyKind reads --kind: the code (dang, chinh_quyen, mat_tran, hoi, cap_duoi) or
// its Vietnamese label with or without diacritics.
func agencyKind(v string) (data.AgencyKind, error) {
	v = strings.TrimSpace(v)
	for _, k := range data.AgencyKinds {
		if v == string(k) || data.Fold(v) == data.Fold(k.Label()) {
			return k, nil
		}
	}
	if v == "" {
		return "", nil
	}
	var codes []string
	for _, k := range data.AgencyKinds {
		codes = append(codes, string(k)+" ("+k.Label()+")")
	}
	return "", &exitError{1, fmt.Sprintf("loại cơ quan “%s” không có. Chọn một trong: %s.", v, strings.Join(codes, ", ")), nil}
}

func (c *cli) agencyAdd(ctx context.Context, args []string) error {
	fs := c.flags("agency add")
	name := fs.String("name", "", "")
	short := fs.String("short", "", "")
	kind := fs.String("kind", "", "")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if strings.TrimSpace(*name) == "" {
		return usageError("agency add cần --name TÊN.")
	}
	k, err := agencyKind(*kind)
	if err != nil {
		return err
	}
	s, err := c.open(ctx, true)
	if err != nil {
		return err
	}
	a := &data.Agency{Name: *name, ShortName: *short, Group: k}
	if err := s.Create(ctx, a); err != nil {
		return err
	}
	fmt.Fprintf(c.out, "%s\t%s\n", a.ID, a.Name)
	return nil
}

func (c *cli) agencyMerge(ctx context.Context, args []string) error {
	var into *string
	s, from, err := agencyCommands.one(ctx, c, "merge", args, false, func(fs *flag.FlagSet) { into = fs.String("into", "", "") })
	if err != nil {
		return err
	}
	if *into == "" {
		return usageError("agency merge cần --into ID của cơ quan nhận.")
	}
	to, err := agencyCommands.load(ctx, s, *into, false)
	if err != nil {
		return err
	}
	moved, err := s.MergeAgency(ctx, from.ID, to.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out, "Đã hợp nhất %s vào %s; %d nhiệm vụ chưa hoàn thành đã chuyển sang %s.\n", from.Name, to.Name, moved, to.Name)
	return nil
}

func (c *cli) agencyRetire(ctx context.Context, args []string) error {
	s, a, err := agencyCommands.one(ctx, c, "retire", args, false, nil)
	if err != nil {
		return err
	}
	if err := s.RetireAgency(ctx, a.ID); err != nil {
		return err
	}
	fmt.Fprintf(c.out, "%s thôi hoạt động: không còn hiện khi giao nhiệm vụ mới; nhiệm vụ và lịch sử vẫn giữ.\n", a.Name)
	return nil
}
