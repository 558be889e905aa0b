package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"

	"qlhoi/data"
	"qlhoi/data/store"
)

func (c *cli) hoi(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usageError("hoi cần một lệnh con: list, show, add, set, delete, deleted, restore.")
	}
	switch args[0] {
	case "list":
		return c.hoiList(ctx, args[1:])
	case "show":
		return c.hoiShow(ctx, args[1:])
	case "add":
		return c.hoiAdd(ctx, args[1:])
	case "set":
		return c.hoiSet(ctx, args[1:])
	case "delete":
		return c.hoiDelete(ctx, args[1:])
	case "deleted", "restore":
		_, err := associationCommands.run(ctx, c, args[0], args[1:])
		return err
	}
	return usageError("hoi không có lệnh con “%s”.", args[0])
}

func (c *cli) hoiList(ctx context.Context, args []string) error {
	fs := c.flags("hoi list")
	var f store.AssociationFilter
	fs.StringVar(&f.Query, "q", "", "")
	scope := fs.String("scope", "", "")
	status := fs.String("status", "", "")
	fs.StringVar(&f.Field, "field", "", "")
	fs.IntVar(&f.Limit, "limit", 0, "")
	asJSON := fs.Bool("json", false, "")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	f.Scope, f.Status = data.Scope(*scope), data.Status(*status)
	s, err := c.open(ctx, true)
	if err != nil {
		return err
	}
	list, total, err := s.FindAssociations(ctx, f)
	if err != nil {
		return err
	}
	if *asJSON {
		return c.json(list)
	}
	w := c.table()
	fmt.Fprintln(w, "ID\tTên hội\tPhạm vi\tLĩnh vực\tTình trạng\tHết nhiệm kỳ")
	for _, a := range list {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", a.ID, a.Name, a.Scope.Label(), a.Field, a.Status.Label(), a.TermEnd)
	}
	w.Flush()
	fmt.Fprintf(c.out, "Tổng số: %s hội\n", data.FormatInt(int64(total)))
	return nil
}

// json prints v as indented JSON; slices print as arrays (never null).
func (c *cli) json(v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	if bytes.Equal(b, []byte("null")) {
		b = []byte("[]")
	}
	_, err = fmt.Fprintln(c.out, string(b))
	return err
}

func (c *cli) oneID(fs interface{ Name() string }, pos []string) (string, error) {
	if len(pos) != 1 {
		return "", usageError("%s cần đúng một ID.", fs.Name())
	}
	return pos[0], nil
}

func (c *cli) hoiShow(ctx context.Context, args []string) error {
	var asJSON *bool
	s, a, err := associationCommands.one(ctx, c, "show", args, false, func(fs *flag.FlagSet) { asJSON = fs.Bool("json", false, "") })
	if err != nil {
		return err
	}
	if *asJSON {
		return c.json([]*data.Association{a})
	}
	w := c.table()
	row := func(label, value string) {
		if value != "" {
			fmt.Fprintf(w, "%s:\t%s\n", label, value)
		}
	}
	row("Tên hội", a.Name)
	row("Tên viết tắt", a.ShortName)
	row("Phạm vi", a.Scope.Label())
	row("Lĩnh vực", a.Field)
	row("Tình trạng", a.Status.Label())
	if a.Assigned {
		row("Do Đảng, Nhà nước giao nhiệm vụ", "Có – "+a.AssignedBy)
	}
	row("Quyết định thành lập", decisionText(a.Founding))
	row("Nhiệm kỳ", termText(a))
	row("Tổ chức đảng", a.PartyOrg.Label())
	row("Số đảng viên", data.FormatFigure(int64(a.PartyMembers)))
	row("Cán bộ chuyên trách / hợp đồng", fmt.Sprintf("%d / %d", a.FullTimeStaff, a.ContractStaff))
	row("Đồng chí theo dõi", a.FollowedBy)
	row("Địa chỉ", a.Address)
	row("Điện thoại", a.Phone)
	row("Cập nhật lần cuối", data.InVietnam(a.UpdatedAt).Format("02/01/2006 15:04")+fmt.Sprintf(" (phiên bản %d)", a.Version))
	w.Flush()
	leaders, err := store.List[data.Leader](ctx, s, "association", a.ID)
	if err != nil {
		return err
	}
	if len(leaders) > 0 {
		fmt.Fprintln(c.out, "\nLãnh đạo:")
		for _, l := range leaders {
			born := ""
			if l.BirthYear > 0 {
				born = fmt.Sprintf(" (sinh năm %d)", l.BirthYear)
			}
			fmt.Fprintf(c.out, "  %s: %s%s\n", l.Position, l.Name, born)
		}
	}
	figs, err := store.List[data.YearlyFigure](ctx, s, "association", a.ID)
	if err != nil {
		return err
	}
	if len(figs) > 0 {
		fmt.Fprintln(c.out, "\nSố liệu hằng năm:")
		for _, f := range figs {
			fmt.Fprintf(c.out, "  Năm %d: %s hội viên, %s đảng viên\n", f.Year, data.FormatInt(int64(f.Members)), data.FormatInt(int64(f.PartyMembers)))
			if f.HasFinances() {
				fmt.Fprintf(c.out, "    Thu %s đồng: hội phí %s; từ hoạt động %s; tài trợ, ủng hộ %s; Nhà nước hỗ trợ %s; thu khác %s. Chi %s đồng.\n",
					data.FormatInt(f.Income()), data.FormatInt(f.IncomeDues), data.FormatInt(f.IncomeActivities), data.FormatInt(f.IncomeDonations),
					data.FormatInt(f.Budget), data.FormatInt(f.IncomeOther), data.FormatInt(f.Spending))
			}
		}
	}
	return nil
}

func (c *cli) hoiAdd(ctx context.Context, args []string) error {
	fs := c.flags("hoi add")
	file := fs.String("json", "", "")
	force := fs.Bool("force", false, "")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *file == "" {
		return usageError("hoi add cần --json TỆP (một đối tượng hoặc một mảng; “-” để đọc từ đầu vào chuẩn).")
	}
	var raw []byte
	var err error
	if *file == "-" {
		raw, err = readAll(c.stdin)
	} else {
		raw, err = os.ReadFile(*file)
	}
	if err != nil {
		return &exitError{1, fmt.Sprintf("không đọc được tệp %s.", *file), nil}
	}
	list, err := decodeAssociations(raw)
	if err != nil {
		return err
	}
	s, err := c.open(ctx, true)
	if err != nil {
		return err
	}
	recs := make([]data.Record, len(list))
	for i, a := range list {
		a.Meta = data.Meta{}
		recs[i] = a
	}
	var opts []store.WriteOption
	if *force {
		opts = append(opts, store.AllowNearDuplicate)
	}
	if err := s.CreateAll(ctx, recs, opts...); err != nil {
		if data.HasCode(err, "ErrNameNearDuplicate") {
			return &exitError{1, data.Message(err) + " (Dòng lệnh: thêm --force để vẫn lưu.)", err}
		}
		return err
	}
	for _, a := range list {
		fmt.Fprintf(c.out, "%s\t%s\n", a.ID, a.Name)
	}
	return nil
}

func decodeAssociations(raw []byte) ([]*data.Association, error) {
	raw = bytes.TrimSpace(raw)
	dec := func(v any) error {
		d := json.NewDecoder(bytes.NewReader(raw))
		d.DisallowUnknownFields()
		return d.Decode(v)
	}
	var list []*data.Association
	var err error
	if bytes.HasPrefix(raw, []byte("[")) {
		err = dec(&list)
	} else {
		var one data.Association
		err = dec(&one)
		list = []*data.Association{&one}
	}
	if err != nil {
		msg := data.Message(err)
		if !data.HasCode(err, "ErrDateInvalid") {
			msg = "tệp JSON không đúng dạng hồ sơ hội (" + strings.TrimPrefix(err.Error(), "json: ") + "). Hãy xem mẫu bằng “qlhoictl hoi show ID --json”."
		}
		return nil, &exitError{1, msg, nil}
	}
	if len(list) == 0 {
		return nil, &exitError{1, "tệp JSON không có hội nào.", nil}
	}
	return list, nil
}

func (c *cli) hoiSet(ctx context.Context, args []string) error {
	fs := c.flags("hoi set")
	force := fs.Bool("force", false, "")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) < 2 {
		return usageError("hoi set cần ID và ít nhất một TRƯỜNG=GIÁ_TRỊ, ví dụ: hoi set ID phone=\"0233 3852 111\".")
	}
	s, err := c.open(ctx, true)
	if err != nil {
		return err
	}
	a, err := associationCommands.load(ctx, s, pos[0], false)
	if err != nil {
		return err
	}
	for _, kv := range pos[1:] {
		field, value, ok := strings.Cut(kv, "=")
		if !ok {
			return usageError("“%s” phải có dạng TRƯỜNG=GIÁ_TRỊ.", kv)
		}
		if err := setField(a, strings.TrimSpace(field), value); err != nil {
			return err
		}
	}
	var opts []store.WriteOption
	if *force {
		opts = append(opts, store.AllowNearDuplicate)
	}
	if err := s.Update(ctx, a, opts...); err != nil {
		return err
	}
	fmt.Fprintf(c.out, "Đã lưu %s (phiên bản %d).\n", a.Name, a.Version)
	return nil
}

func (c *cli) hoiDelete(ctx context.Context, args []string) error {
	s, a, err := associationCommands.one(ctx, c, "delete", args, false, nil)
	if err != nil {
		return err
	}
	if err := s.Delete(ctx, data.KindAssociation, a.ID); err != nil {
		return err
	}
	fmt.Fprintf(c.out, "Đã xóa %s. Lịch sử vẫn được giữ; khôi phục bằng “qlhoictl hoi restore %s” hoặc trong ứng dụng (Hội → Đã xóa).\n", a.Name, a.ID)
	return nil
}

// associationCommands serve "hoi deleted" and "hoi restore"; the other hoi commands
// have their own shapes (near-duplicate --force, the association file).
var associationCommands = kindCommands[data.Association, *data.Association]{
	name: "hoi", noun: "hội",
	title: func(a *data.Association) string { return a.Name },
}

// decisionText is a decision as a sentence: only the parts it has ("12/QĐ-UBND ngày
// 15/06/2001 của UBND tỉnh").
func decisionText(d data.Decision) string {
	parts := []string{d.Number}
	if !d.Date.IsZero() {
		parts = append(parts, "ngày "+d.Date.String())
	}
	if d.Issuer != "" {
		parts = append(parts, "của "+d.Issuer)
	}
	return strings.TrimSpace(strings.Join(parts, " "))
}

// termText is the congress and the term, only as far as they are known.
func termText(a *data.Association) string {
	var parts []string
	if a.CongressNumber > 0 {
		parts = append(parts, fmt.Sprintf("Đại hội lần thứ %d", a.CongressNumber))
	}
	if !a.TermStart.IsZero() || !a.TermEnd.IsZero() {
		parts = append(parts, strings.TrimSpace(a.TermStart.String()+" – "+a.TermEnd.String()))
	}
	return strings.Join(parts, ": ")
}
