package main

import (
	"bufio"
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"qlhoi/data"
	"qlhoi/data/sheet"
	"qlhoi/data/store"
)

func (c *cli) importSheet(ctx context.Context, args []string) error {
	fs := c.flags("import-sheet")
	var opts sheet.Options
	var maps multiFlag
	fs.StringVar(&opts.Kind, "kind", "", "")
	fs.StringVar(&opts.Directive, "directive", "", "")
	fs.StringVar(&opts.Sheet, "sheet", "", "")
	fs.Var(&maps, "map", "")
	fs.IntVar(&opts.Year, "year", 0, "")
	dryRun := fs.Bool("dry-run", false, "")
	yes := fs.Bool("yes", false, "")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || opts.Kind == "" {
		return usageError("import-sheet cần đúng một TỆP và --kind hoi|leaders|figures|tasks.")
	}
	if opts.Map, err = sheet.ParseMap(maps); err != nil {
		return err
	}
	s, err := c.open(ctx, true)
	if err != nil {
		return err
	}
	p, err := sheet.PreviewFile(ctx, s, pos[0], opts)
	if err != nil {
		return err
	}
	c.printSheetPreview(p)
	if opts.Kind == sheet.KindHoi {
		from := map[string]string{"chọn": "theo --year", "tiêu đề": "năm ghi ở tiêu đề bảng; đổi bằng --year NĂM", "tên tệp": "năm ghi ở tên trang tính hoặc tên tệp; đổi bằng --year NĂM", "năm nay": "bảng không ghi năm; đổi bằng --year NĂM"}[p.YearFrom]
		fmt.Fprintf(c.out, "Số hội viên ghi vào số liệu năm %d (%s).\n", p.Year, from)
	}
	if *dryRun {
		fmt.Fprintln(c.out, "Chạy thử (--dry-run): chưa ghi gì vào cơ sở dữ liệu.")
		return nil
	}
	if p.Counts[sheet.Create]+p.Counts[sheet.Update] == 0 {
		fmt.Fprintln(c.out, "Không có dòng nào để thêm mới hay cập nhật; cơ sở dữ liệu không thay đổi.")
		return nil
	}
	if !*yes && !c.confirm(fmt.Sprintf("Ghi %d dòng thêm mới và %d dòng cập nhật vào cơ sở dữ liệu? Gõ “có” để đồng ý: ", p.Counts[sheet.Create], p.Counts[sheet.Update])) {
		return &exitError{1, "chưa ghi gì vì chưa được đồng ý. Thêm --yes để ghi không cần hỏi.", nil}
	}
	imp, err := p.Apply(ctx, s)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out, "Đã nhập từ tệp %s: %d thêm mới, %d cập nhật. Bản sao lưu trước khi nhập: %s\nMuốn hoàn tác: qlhoictl undo-import-sheet\n",
		imp.File, p.Counts[sheet.Create], p.Counts[sheet.Update], imp.Backup)
	if n := p.Counts[sheet.Fail]; n > 0 {
		fmt.Fprintf(c.out, "%d dòng lỗi không được ghi; sửa trong tệp rồi nhập lại (các dòng đã nhập sẽ được bỏ qua).\n", n)
	}
	return nil
}

// confirm asks a yes/no question on the standard input.
func (c *cli) confirm(question string) bool {
	fmt.Fprint(c.out, question)
	line, err := bufio.NewReader(c.stdin).ReadString('\n')
	if err != nil && line == "" {
		fmt.Fprintln(c.out)
		return false // no answer (end of input)
	}
	switch data.Fold(strings.TrimSpace(line)) {
	case "co", "c", "y", "yes", "dong y":
		return true
	}
	fmt.Fprintln(c.out)
	return false
}

func (c *cli) printSheetPreview(p *sheet.Preview) {
	header := fmt.Sprintf("dòng tiêu đề %d", p.HeaderRow)
	if p.HeaderRows == 2 {
		header = fmt.Sprintf("dòng tiêu đề %d–%d (hai tầng)", p.HeaderRow, p.HeaderRow+1)
	}
	fmt.Fprintf(c.out, "Tệp %s, trang “%s”, %s.\nGhép cột:\n", filepath.Base(p.File), p.Sheet, header)
	w := c.table()
	for _, col := range p.Columns {
		target := "(không nhập)"
		switch {
		case col.Field == "-":
			target = "(bỏ qua)"
		case col.Field != "":
			target = col.Label + " [" + col.Field + "]"
		case col.Guess != "":
			target = fmt.Sprintf("? có lẽ là %s [%s] – chưa nhập; xác nhận bằng --map \"Cột %s=%s\"", col.GuessLabel, col.Guess, col.Letter, col.Guess)
		}
		if col.Remembered {
			target += " – đã lưu từ lần trước"
		}
		fmt.Fprintf(w, "  Cột %s\t%s\t→ %s\n", col.Letter, col.Header, target)
	}
	w.Flush()
	fmt.Fprintln(c.out, "Xem trước:")
	w = c.table()
	var details []string
	for _, r := range p.Rows {
		extra := strings.Join(r.Changed, ", ")
		if note := r.Note(); note != "" {
			extra = strings.TrimPrefix(extra+"; "+note, "; ")
		}
		fmt.Fprintf(w, "  Dòng %d\t%s\t%s\t%s\n", r.Line, r.Action.Label(), r.Name, extra)
		details = append(details, r.Messages...)
	}
	w.Flush()
	if len(details) > 0 {
		fmt.Fprintln(c.out, "Chi tiết:")
		for _, m := range details {
			fmt.Fprintln(c.out, "  "+m)
		}
	}
	for _, name := range p.NewAgencies {
		fmt.Fprintf(c.out, "Sẽ tạo cơ quan mới: %s\n", name)
	}
	for _, n := range p.Notes {
		fmt.Fprintln(c.out, "Lưu ý: "+n)
	}
	fmt.Fprintf(c.out, "Tổng: %d thêm mới, %d cập nhật, %d bỏ qua, %d lỗi.\n", p.Counts[sheet.Create], p.Counts[sheet.Update], p.Counts[sheet.Skip], p.Counts[sheet.Fail])
}

func (c *cli) undoImportSheet(ctx context.Context, args []string) error {
	if _, err := parse(c.flags("undo-import-sheet"), args); err != nil {
		return err
	}
	s, err := c.open(ctx, true)
	if err != nil {
		return err
	}
	imp, err := s.UndoLastSheetImport(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out, "Đã hoàn tác lần nhập bảng tính %s (%s).\n", imp.File, imp.At[:10])
	return nil
}

func (c *cli) exportSheet(ctx context.Context, args []string) error {
	fs := c.flags("export-sheet")
	kind := fs.String("kind", "", "")
	out := fs.String("out", "", "")
	var af store.AssociationFilter
	fs.StringVar(&af.Query, "q", "", "")
	scope := fs.String("scope", "", "")
	status := fs.String("status", "", "")
	fs.StringVar(&af.Field, "field", "", "")
	fs.StringVar(&af.Assigned, "assigned", "", "")
	var tf store.TaskFilter
	fs.StringVar(&tf.Directive, "directive", "", "")
	fs.StringVar(&tf.Lead, "agency", "", "")
	fs.BoolVar(&tf.Overdue, "overdue", false, "")
	fs.BoolVar(&tf.DueSoon, "due-soon", false, "")
	on := fs.String("on", "", "")
	year := fs.String("year", "", "")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 || *out == "" || (*kind != "hoi" && *kind != "tasks" && *kind != "register" && *kind != "stats") {
		return usageError("export-sheet cần --kind hoi|tasks|register|stats và --out TỆP.xlsx.")
	}
	if !strings.EqualFold(filepath.Ext(*out), ".xlsx") {
		return usageError("tệp xuất phải có đuôi .xlsx.")
	}
	af.Scope, af.Status = data.Scope(*scope), data.Status(*status)
	if tf.On, err = data.ParseDate(*on); err != nil {
		return err
	}
	s, err := c.open(ctx, true)
	if err != nil {
		return err
	}
	var n int
	switch *kind {
	case "hoi":
		n, err = sheet.ExportAssociations(ctx, s, af, *out)
	case "stats":
		def, yerr := sheet.StatisticsYear(ctx, s) // the window's default too
		if yerr != nil {
			return yerr
		}
		y, yerr := sheet.ParseYear(*year, def)
		if yerr != nil {
			return yerr
		}
		n, err = sheet.ExportStatistics(ctx, s, y, *out)
	case "tasks":
		tf.DueSoonDays = s.IntSetting(ctx, store.SettingDueSoonDays, data.DefaultDueSoonDays)
		n, err = sheet.ExportTasks(ctx, s, tf, *out)
	default:
		n, err = sheet.ExportRegister(ctx, s, *out)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out, "Đã xuất %s dòng ra %s\n", data.FormatInt(int64(n)), *out)
	return nil
}
