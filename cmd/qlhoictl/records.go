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

// kindCommands are the commands every editable kind shares — show, add --json, set,
// delete, deleted, restore — in the same shapes as "hoi".
type kindCommands[T any, P interface {
	*T
	data.Record
}] struct {
	name string // the command: "directive"
	noun string // what the record is called in messages: "văn bản"
	// title names one record in messages and lists.
	title func(P) string
	// describe gives the label/value lines of "show" without --json.
	describe func(ctx context.Context, s *store.Store, r P) ([][2]string, error)
}

// run dispatches the shared subcommands; it reports false for one it does not know.
func (k kindCommands[T, P]) run(ctx context.Context, c *cli, sub string, args []string) (bool, error) {
	switch sub {
	case "show":
		return true, k.show(ctx, c, args)
	case "add":
		return true, k.add(ctx, c, args)
	case "set":
		return true, k.set(ctx, c, args)
	case "delete":
		return true, k.delete(ctx, c, args)
	case "deleted":
		return true, k.deleted(ctx, c, args)
	case "restore":
		return true, k.restore(ctx, c, args)
	}
	return false, nil
}

// load returns the record with an id; deleted ones only when wanted.
func (k kindCommands[T, P]) load(ctx context.Context, s *store.Store, id string, deleted bool) (P, error) {
	r, err := store.Get[T, P](ctx, s, id)
	if data.HasCode(err, "ErrNotFound") {
		return nil, &exitError{1, fmt.Sprintf("không có %s với ID %s. Dùng “qlhoictl %s list” để xem ID.", k.noun, id, k.name), nil}
	}
	if err != nil {
		return nil, err
	}
	if data.MetaOf(r).Deleted != deleted {
		if deleted {
			return nil, &exitError{1, fmt.Sprintf("%s %s chưa bị xóa.", k.noun, id), nil}
		}
		return nil, &exitError{1, fmt.Sprintf("%s %s đã bị xóa. Dùng “qlhoictl %s restore %s” để khôi phục.", k.noun, id, k.name, id), nil}
	}
	return r, nil
}

// one parses a command taking one ID and loads that record.
func (k kindCommands[T, P]) one(ctx context.Context, c *cli, cmd string, args []string, deleted bool, flags func(*flag.FlagSet)) (*store.Store, P, error) {
	fs := c.flags(k.name + " " + cmd)
	if flags != nil {
		flags(fs)
	}
	pos, err := parse(fs, args)
	if err != nil {
		return nil, nil, err
	}
	id, err := c.oneID(fs, pos)
	if err != nil {
		return nil, nil, err
	}
	s, err := c.open(ctx, true)
	if err != nil {
		return nil, nil, err
	}
	r, err := k.load(ctx, s, id, deleted)
	return s, r, err
}

func (k kindCommands[T, P]) show(ctx context.Context, c *cli, args []string) error {
	var asJSON *bool
	s, r, err := k.one(ctx, c, "show", args, false, func(fs *flag.FlagSet) { asJSON = fs.Bool("json", false, "") })
	if err != nil {
		return err
	}
	if *asJSON {
		return c.json([]P{r})
	}
	lines, err := k.describe(ctx, s, r)
	if err != nil {
		return err
	}
	m := data.MetaOf(r)
	lines = append(lines, [2]string{"Cập nhật lần cuối", data.InVietnam(m.UpdatedAt).Format("02/01/2006 15:04") + fmt.Sprintf(" (phiên bản %d)", m.Version)})
	w := c.table()
	for _, l := range lines {
		if l[1] != "" {
			fmt.Fprintf(w, "%s:\t%s\n", l[0], l[1])
		}
	}
	return w.Flush()
}

// add creates records from JSON of the shape "show --json" prints: one object or an
// array; identity, version and history fields are ignored, dates are yyyy-mm-dd.
func (k kindCommands[T, P]) add(ctx context.Context, c *cli, args []string) error {
	fs := c.flags(k.name + " add")
	file := fs.String("json", "", "")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *file == "" {
		return usageError("%s add cần --json TỆP (một đối tượng hoặc một mảng; “-” để đọc từ đầu vào chuẩn).", k.name)
	}
	raw, err := c.readInput(*file)
	if err != nil {
		return err
	}
	list, err := decodeRecords[T, P](raw, k.name)
	if err != nil {
		return err
	}
	s, err := c.open(ctx, true)
	if err != nil {
		return err
	}
	recs := make([]data.Record, len(list))
	for i, r := range list {
		*data.MetaOf(r) = data.Meta{}
		recs[i] = r
	}
	if err := s.CreateAll(ctx, recs); err != nil {
		return err
	}
	for _, r := range list {
		fmt.Fprintf(c.out, "%s\t%s\n", data.MetaOf(r).ID, k.title(r))
	}
	return nil
}

// decodeRecords reads one record or an array of them, refusing unknown fields.
func decodeRecords[T any, P interface {
	*T
	data.Record
}](raw []byte, cmd string) ([]P, error) {
	raw = bytes.TrimSpace(raw)
	dec := func(v any) error {
		d := json.NewDecoder(bytes.NewReader(raw))
		d.DisallowUnknownFields()
		return d.Decode(v)
	}
	var list []P
	var err error
	if bytes.HasPrefix(raw, []byte("[")) {
		err = dec(&list)
	} else {
		one := P(new(T))
		err = dec(one)
		list = []P{one}
	}
	if err != nil {
		if data.HasCode(err, "ErrDateInvalid") || data.HasCode(err, "ErrDateNotReal") {
			return nil, &exitError{1, data.Message(err), err}
		}
		return nil, &exitError{1, fmt.Sprintf("tệp JSON không đúng dạng (%s). Hãy xem mẫu bằng “qlhoictl %s show ID --json”.", strings.TrimPrefix(err.Error(), "json: "), cmd), nil}
	}
	if len(list) == 0 {
		return nil, &exitError{1, "tệp JSON không có bản ghi nào.", nil}
	}
	return list, nil
}

func (c *cli) readInput(file string) ([]byte, error) {
	var raw []byte
	var err error
	if file == "-" {
		raw, err = readAll(c.stdin)
	} else {
		raw, err = os.ReadFile(file)
	}
	if err != nil {
		return nil, &exitError{1, fmt.Sprintf("không đọc được tệp %s.", file), nil}
	}
	return raw, nil
}

func (k kindCommands[T, P]) set(ctx context.Context, c *cli, args []string) error {
	fs := c.flags(k.name + " set")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) < 2 {
		return usageError("%s set cần ID và ít nhất một TRƯỜNG=GIÁ_TRỊ.", k.name)
	}
	s, err := c.open(ctx, true)
	if err != nil {
		return err
	}
	r, err := k.load(ctx, s, pos[0], false)
	if err != nil {
		return err
	}
	if err := setFields(r, pos[1:]); err != nil {
		return err
	}
	if err := s.Update(ctx, r); err != nil {
		return err
	}
	fmt.Fprintf(c.out, "Đã lưu %s (phiên bản %d).\n", k.title(r), data.MetaOf(r).Version)
	return nil
}

// setFields applies FIELD=VALUE arguments to a record.
func setFields(r any, kvs []string) error {
	for _, kv := range kvs {
		field, value, ok := strings.Cut(kv, "=")
		if !ok {
			return usageError("“%s” phải có dạng TRƯỜNG=GIÁ_TRỊ.", kv)
		}
		if err := setField(r, strings.TrimSpace(field), value); err != nil {
			return err
		}
	}
	return nil
}

func (k kindCommands[T, P]) delete(ctx context.Context, c *cli, args []string) error {
	s, r, err := k.one(ctx, c, "delete", args, false, nil)
	if err != nil {
		return err
	}
	if err := s.Delete(ctx, r.Kind(), data.MetaOf(r).ID); err != nil {
		return err
	}
	fmt.Fprintf(c.out, "Đã xóa %s. Lịch sử vẫn được giữ; khôi phục bằng “qlhoictl %s restore %s”.\n", k.title(r), k.name, data.MetaOf(r).ID)
	return nil
}

func (k kindCommands[T, P]) deleted(ctx context.Context, c *cli, args []string) error {
	fs := c.flags(k.name + " deleted")
	asJSON := fs.Bool("json", false, "")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	s, err := c.open(ctx, true)
	if err != nil {
		return err
	}
	list, err := store.Deleted[T, P](ctx, s)
	if err != nil {
		return err
	}
	if *asJSON {
		return c.json(list)
	}
	w := c.table()
	fmt.Fprintln(w, "ID\tXóa lúc\tTên")
	for _, r := range list {
		m := data.MetaOf(r)
		fmt.Fprintf(w, "%s\t%s\t%s\n", m.ID, data.InVietnam(m.UpdatedAt).Format("02/01/2006 15:04"), k.title(r))
	}
	w.Flush()
	fmt.Fprintf(c.out, "Tổng số: %s %s đã xóa\n", data.FormatInt(int64(len(list))), k.noun)
	return nil
}

func (k kindCommands[T, P]) restore(ctx context.Context, c *cli, args []string) error {
	s, r, err := k.one(ctx, c, "restore", args, true, nil)
	if err != nil {
		return err
	}
	if err := s.Undelete(ctx, r.Kind(), data.MetaOf(r).ID); err != nil {
		return err
	}
	fmt.Fprintf(c.out, "Đã khôi phục %s.\n", k.title(r))
	return nil
}
