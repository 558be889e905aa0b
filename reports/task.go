package reports

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"qlhoi/data"
	"qlhoi/data/store"
)

// directive returns the chosen directive, or the newest.
func (b *builder) directive() (*data.Directive, error) {
	if b.p.Directive != "" {
		return store.Get[data.Directive](b.ctx, b.s, b.p.Directive)
	}
	list, err := b.s.Directives(b.ctx)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, &data.Error{Code: "ErrNoDirectives", Message: "Chưa có văn bản chỉ đạo nào để báo cáo."}
	}
	return list[0], nil
}

func (b *builder) agencyNames() (map[string]string, error) {
	ags, err := b.s.Agencies(b.ctx)
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	for _, a := range ags {
		m[a.ID] = a.Name
	}
	return m, nil
}

func directiveRef(dir *data.Directive) string {
	kind := dir.DocType
	if kind == "" {
		kind = "Văn bản"
	}
	return fmt.Sprintf("%s số %s ngày %s của %s", kind, dir.Number, dir.Date, dir.Issuer)
}

// buildImplementation reports on the implementation of a directive's tasks, by agency,
// with the task table as a landscape appendix.
func buildImplementation(b *builder) error {
	dir, err := b.directive()
	if err != nil {
		return err
	}
	names, err := b.agencyNames()
	if err != nil {
		return err
	}
	tasks, _, err := b.s.FindTasks(b.ctx, store.TaskFilter{Directive: dir.ID, On: b.p.Date})
	if err != nil {
		return err
	}
	on := b.p.Date
	counts := map[data.TaskStatus]int{}
	byAgency := map[string][]*data.Task{}
	var agencies []string
	for _, t := range tasks {
		counts[t.StatusOn(on)]++
		if _, ok := byAgency[t.Lead]; !ok {
			agencies = append(agencies, t.Lead)
		}
		byAgency[t.Lead] = append(byAgency[t.Lead], t)
	}
	store.SortVietnamese(agencies, func(id string) string { return names[id] })
	subject := "Kết quả thực hiện " + dir.DocType + " số " + dir.Number + " ngày " + dir.Date.String()
	d := b.start(strings.TrimSpace(subject), false)
	d.Heading("I. TÌNH HÌNH TRIỂN KHAI")
	d.Para("Văn bản chỉ đạo", fmt.Sprintf("Thực hiện %s %s, các cơ quan, đơn vị được giao %s nhiệm vụ (%s cơ quan chủ trì). Đến ngày %s: %s nhiệm vụ hoàn thành đúng hạn, %s nhiệm vụ hoàn thành quá hạn, %s nhiệm vụ đang thực hiện trong hạn, %s nhiệm vụ quá hạn chưa hoàn thành, %s nhiệm vụ chưa đến hạn.",
		directiveRef(dir), aboutSummary(dir.Summary), num(len(tasks)), num(len(agencies)), on,
		num(counts[data.DoneOnTime]), num(counts[data.DoneLate]), num(counts[data.InProgress]), num(counts[data.Overdue]), num(counts[data.NotYetDue])))
	d.Heading("II. KẾT QUẢ THỰC HIỆN CỦA CÁC CƠ QUAN")
	for i, ag := range agencies {
		ts := byAgency[ag]
		c := map[data.TaskStatus]int{}
		var results []string
		for _, t := range ts {
			c[t.StatusOn(on)]++
			if t.Result != "" {
				results = append(results, t.Result)
			}
		}
		text := fmt.Sprintf("%d. %s: chủ trì %s nhiệm vụ; hoàn thành %s (đúng hạn %s), quá hạn chưa hoàn thành %s.",
			i+1, names[ag], num(len(ts)), num(c[data.DoneOnTime]+c[data.DoneLate]), num(c[data.DoneOnTime]), num(c[data.Overdue]))
		if len(results) > 0 {
			text += " Kết quả: " + strings.Join(results, " ")
		}
		d.Para("Kết quả thực hiện", text)
	}
	d.Heading("III. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN")
	var problems, proposals []string
	for _, t := range tasks {
		if t.Problems != "" {
			problems = append(problems, names[t.Lead]+": "+t.Problems)
		}
		if t.Proposals != "" {
			proposals = append(proposals, names[t.Lead]+": "+t.Proposals)
		}
	}
	if counts[data.Overdue] > 0 {
		problems = append([]string{fmt.Sprintf("Còn %s nhiệm vụ quá hạn chưa hoàn thành (chi tiết tại Phụ lục).", num(counts[data.Overdue]))}, problems...)
	}
	if len(problems) == 0 {
		problems = []string{"Không có tồn tại lớn được các cơ quan báo cáo."}
	}
	for _, p := range problems {
		d.Para("Tồn tại, hạn chế", "- "+p)
	}
	d.Heading("IV. NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI")
	d.Para("Nhiệm vụ thời gian tới", b.section("nhiem-vu-toi", SectionKeys("ket-qua-thuc-hien")["nhiem-vu-toi"]))
	d.Heading("V. KIẾN NGHỊ, ĐỀ XUẤT")
	for _, p := range proposals {
		d.Para("Kiến nghị", "- "+p)
	}
	d.Para("Kiến nghị", b.section("kien-nghi", SectionKeys("ket-qua-thuc-hien")["kien-nghi"]))
	d.Sign(b.recipients("Ban Thường vụ Tỉnh ủy (để báo cáo)", "Thường trực Tỉnh ủy (để báo cáo)"), b.sig)

	implementationAppendix(d, b.refLine(), dir, tasks, names, on)
	return nil
}

// implementationAppendix is the landscape table of every task of the directive.
func implementationAppendix(d *Doc, ref string, dir *data.Directive, tasks []*data.Task, names map[string]string, on data.Date) {
	d.Appendix("", "Tình hình thực hiện các nhiệm vụ", "Kèm theo "+ref, true)
	var rows [][]string
	for i, t := range tasks {
		var coop []string
		for _, id := range t.Cooperating {
			coop = append(coop, names[id])
		}
		due := t.DueOn(on).String()
		if t.Cycle != data.CycleOnce {
			due = t.Cycle.Label() + " (kỳ tới " + due + ")"
		}
		rows = append(rows, []string{strconv.Itoa(i + 1), t.Content, dir.Number + ", " + dir.Date.String(), names[t.Lead], strings.Join(coop, "; "),
			due, strings.TrimSpace(t.Result + " (" + strconv.Itoa(t.Percent) + "%)"), t.StatusOn(on).Label(), t.Problems, t.Proposals})
	}
	d.Table("Bảng nhiệm vụ", Table{Columns: []Column{
		{"STT", "C"}, {"Nội dung nhiệm vụ", ""}, {"Văn bản giao", ""}, {"Cơ quan chủ trì", ""},
		{"Cơ quan phối hợp", ""}, {"Thời hạn", "C"}, {"Kết quả, tiến độ (%)", ""}, {"Tình trạng", ""},
		{"Khó khăn, vướng mắc", ""}, {"Kiến nghị", ""},
	}, Rows: rows, Numbered: true})
}

// aboutSummary is "về" and a directive's trích yếu, which often starts with "Về" itself:
// "của Tỉnh ủy về về tăng cường…" was printed once.
func aboutSummary(summary string) string {
	l := lowerFirst(data.Clean(summary))
	if strings.HasPrefix(l, "về ") {
		return l
	}
	return "về " + l
}

func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) > 1 && !(r[1] >= 'A' && r[1] <= 'Z') {
		return strings.ToLower(string(r[:1])) + string(r[1:])
	}
	return s
}

// reminderBody is what a reminder letter says to one agency: its overdue and due-soon
// tasks, each with its directive (looked up once in dirs) and its deadline.
func (b *builder) reminderBody(d *Doc, agency string, ts []*data.Task, dirs map[string]*data.Directive) error {
	on := b.p.Date
	nOver, nSoon := 0, 0
	for _, t := range ts {
		if t.StatusOn(on) == data.Overdue {
			nOver++
		} else {
			nSoon++
		}
	}
	d.Para("Nội dung", fmt.Sprintf("Qua theo dõi việc thực hiện các nhiệm vụ được giao, đến ngày %s, %s còn %s nhiệm vụ quá hạn chưa hoàn thành và %s nhiệm vụ sắp đến hạn, cụ thể:", on, agency, num(nOver), num(nSoon)))
	for _, t := range ts {
		dir := dirs[t.Directive]
		if dir == nil {
			var err error
			dir, err = store.Get[data.Directive](b.ctx, b.s, t.Directive)
			if err != nil && !errors.Is(err, data.ErrNotFound) {
				return err
			}
			dirs[t.Directive] = dir
		}
		ref := ""
		if dir != nil {
			ref = "theo " + dir.DocType + " số " + dir.Number + "; "
		}
		state := fmt.Sprintf("thời hạn %s, đã quá hạn %s ngày", t.DueOn(on), num(t.OverdueDays(on)))
		if t.StatusOn(on) != data.Overdue {
			state = fmt.Sprintf("thời hạn %s", t.DueOn(on))
		}
		d.Para("Nhiệm vụ", "- "+strings.TrimRight(t.Content, ".")+" ("+ref+state+").")
	}
	d.Para("Nội dung", fmt.Sprintf("Đề nghị %s khẩn trương chỉ đạo thực hiện các nhiệm vụ trên, báo cáo kết quả về %s trước ngày %s.", agency, b.hdr.Issuer, on.AddDays(10)))
	return nil
}

// ErrReminderNeedsAgency is returned when issuing reminders without choosing an agency.
var ErrReminderNeedsAgency = &data.Error{Code: "ErrReminderNeedsAgency", Message: "Mỗi công văn được cấp một số: hãy chọn một cơ quan để cấp số, hoặc tạo bản dự thảo cho tất cả các cơ quan."}

// buildReminder writes one letter to each agency with overdue or due-soon tasks (or to
// the chosen agency), all in one file, each letter numbered on its own pages.
func buildReminder(b *builder) error {
	names, err := b.agencyNames()
	if err != nil {
		return err
	}
	on := b.p.Date
	days := b.intSetting(store.SettingDueSoonDays, data.DefaultDueSoonDays)
	if b.err != nil {
		return b.err
	}
	f := store.TaskFilter{On: on, Lead: b.p.Agency, Directive: b.p.Directive}
	overdue, _, err := b.s.FindTasks(b.ctx, store.TaskFilter{On: on, Lead: f.Lead, Directive: f.Directive, Overdue: true})
	if err != nil {
		return err
	}
	soon, _, err := b.s.FindTasks(b.ctx, store.TaskFilter{On: on, Lead: f.Lead, Directive: f.Directive, DueSoon: true, DueSoonDays: days})
	if err != nil {
		return err
	}
	byAgency := map[string][]*data.Task{}
	var agencies []string
	for _, t := range append(overdue, soon...) {
		if _, ok := byAgency[t.Lead]; !ok {
			agencies = append(agencies, t.Lead)
		}
		byAgency[t.Lead] = append(byAgency[t.Lead], t)
	}
	store.SortVietnamese(agencies, func(id string) string { return names[id] })
	if len(agencies) == 0 {
		return &data.Error{Code: "ErrNothingToRemind", Message: fmt.Sprintf("Đến ngày %s không có nhiệm vụ quá hạn hoặc sắp đến hạn nào để đôn đốc.", on), Args: []any{on}}
	}
	if b.p.Issue && len(agencies) > 1 {
		return ErrReminderNeedsAgency
	}
	dirs := map[string]*data.Directive{}
	excerpt := "đôn đốc thực hiện nhiệm vụ"
	if b.prof.Name == "state" {
		excerpt = "V/v " + excerpt
	}
	b.hdr.Excerpt = excerpt
	for i, ag := range agencies {
		var d *Doc
		if i == 0 {
			d = b.start("Đôn đốc thực hiện nhiệm vụ", false)
		} else {
			d = b.doc
			d.NewSection(false)
			d.Header(b.hdr)
		}
		d.Recipient(names[ag])
		if err := b.reminderBody(d, names[ag], byAgency[ag], dirs); err != nil {
			return err
		}
		rec := b.p.Recipients
		if len(rec) == 0 {
			rec = []string{"Như trên", "Thường trực Tỉnh ủy (để báo cáo)", "Lưu: VT"}
		}
		d.Sign(rec, b.sig)
	}
	return nil
}
