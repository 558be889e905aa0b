package sheet

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"qlhoi/data"
	"qlhoi/data/store"
)

// byName finds the association a leaders or figures row names (by id or by name); the
// office may only write for its own associations.
func (idx *assocIndex) byName(rc *rowCells, field string) *data.Association {
	a := idx.lookup(rc, field)
	if a != nil && a.Office != idx.office {
		rc.fail(field, fmt.Sprintf("hội “%s” do đơn vị %s quản lý; bảng tính của đơn vị này không ghi được lãnh đạo, số liệu của hội đó", a.Name, a.Office))
		return nil
	}
	return a
}

func (idx *assocIndex) lookup(rc *rowCells, field string) *data.Association {
	v := data.Clean(rc.vals[field])
	if a, ok := idx.byID[v]; ok {
		return a
	}
	if v == "" {
		rc.fail(field, "chưa có tên hội")
		return nil
	}
	key := nameKey(v)
	var found []*data.Association
	for _, sc := range data.Scopes {
		if a, ok := idx.byKey[string(sc)+"|"+key]; ok {
			found = append(found, a)
		}
	}
	switch len(found) {
	case 0:
		msg := fmt.Sprintf("không có hội “%s” trong cơ sở dữ liệu; hãy nhập danh sách hội trước", v)
		for _, sc := range data.Scopes {
			if near := idx.near(key, sc); len(near) > 0 {
				msg += fmt.Sprintf(" (tên gần giống: “%s”)", near[0].Name)
				break
			}
		}
		rc.fail(field, msg)
		return nil
	case 1:
		return found[0]
	}
	rc.fail(field, fmt.Sprintf("có nhiều hội tên “%s” ở các cấp khác nhau; hãy ghi mã (id) của hội", v))
	return nil
}

func leaderBindings() []binding[data.Leader] {
	return []binding[data.Leader]{
		textField("association", "Tên hội", []string{"Hội", "Tên tổ chức hội", "Tên hội, tổ chức", "Mã hội"}, func(l *data.Leader) *string { return &l.Association }),
		textField("name", "Họ và tên", []string{"Họ tên", "Họ, tên", "Tên lãnh đạo", "Người giữ chức"}, func(l *data.Leader) *string { return &l.Name }),
		textField("position", "Chức vụ", []string{"Chức vụ trong hội", "Chức danh"}, func(l *data.Leader) *string { return &l.Position }),
		ordinalField("term", "Nhiệm kỳ (đại hội lần thứ)", []string{"Nhiệm kỳ", "Khóa", "Đại hội lần thứ"}, func(l *data.Leader) *int { return &l.Term }),
		intField("birth_year", "Năm sinh", []string{"Sinh năm"}, 2100, func(l *data.Leader) *int { return &l.BirthYear }),
		textField("gender", "Giới tính", []string{"Nam/Nữ", "Nam, nữ"}, func(l *data.Leader) *string { return &l.Gender }),
		boolField("party_member", "Đảng viên", []string{"Là đảng viên"}, func(l *data.Leader) *bool { return &l.PartyMember }),
		textField("phone", "Điện thoại", []string{"Số điện thoại", "ĐT"}, func(l *data.Leader) *string { return &l.Phone }),
		dateField("from", "Từ ngày", []string{"Ngày bắt đầu", "Thời gian giữ chức / Từ"}, false, func(l *data.Leader) *data.Date { return &l.From }),
		dateField("to", "Đến ngày", []string{"Ngày thôi giữ chức", "Thời gian giữ chức / Đến"}, false, func(l *data.Leader) *data.Date { return &l.To }),
	}
}

func leaderSpec() *kindSpec {
	bs := leaderBindings()
	return &kindSpec{fields: fields(bs), required: "name", rows: func(ctx context.Context, s *store.Store, p *Preview, cells []*rowCells, opts Options) error {
		idx, err := loadAssociations(ctx, s, opts.Year)
		if err != nil {
			return err
		}
		for _, rc := range cells {
			finish(p, rc, idx.leaderRow(rc, bs))
		}
		return nil
	}}
}

// leaderRow matches a leader by association, name and position: the same person in the
// same post is updated, anyone else added.
func (idx *assocIndex) leaderRow(rc *rowCells, bs []binding[data.Leader]) Row {
	a := idx.byName(rc, "association")
	var in data.Leader
	bind(rc, bs, &in)
	r := Row{Name: in.Name}
	if a == nil || len(rc.errs) > 0 {
		return r
	}
	in.Association = a.ID
	r.Name = in.Name + " – " + a.Name
	var existing *data.Leader
	for _, l := range idx.leaders[a.ID] {
		if nameKey(l.Name) == nameKey(in.Name) && nameKey(l.Position) == nameKey(in.Position) {
			existing = l
		}
	}
	if existing == nil {
		if in.Term == 0 {
			in.Term = a.CongressNumber
		}
		l := in
		problems(rc, checkRecord(&l), func(f string) string { return f })
		r.Action, r.creates = Create, []data.Record{&l}
		idx.leaders[a.ID] = append(idx.leaders[a.ID], &l)
		return r
	}
	return updateRow(rc, bs, r, existing, func(l *data.Leader) { l.Association = a.ID })
}

func figureBindings() []binding[data.YearlyFigure] {
	return []binding[data.YearlyFigure]{
		textField("association", "Tên hội", []string{"Hội", "Tên tổ chức hội", "Tên hội, tổ chức", "Mã hội"}, func(f *data.YearlyFigure) *string { return &f.Association }),
		intField("year", "Năm", []string{"Năm số liệu", "Năm báo cáo"}, 2100, func(f *data.YearlyFigure) *int { return &f.Year }),
		intField("members", "Số hội viên", []string{"Tổng số hội viên", "Hội viên", "Số lượng hội viên"}, 100_000_000, func(f *data.YearlyFigure) *int { return &f.Members }),
		intField("new_members", "Số hội viên mới", []string{"Hội viên mới", "Kết nạp mới", "Số hội viên kết nạp mới"}, 100_000_000, func(f *data.YearlyFigure) *int { return &f.NewMembers }),
		intField("party_members", "Số đảng viên", []string{"Đảng viên", "Hội viên là đảng viên"}, 100_000_000, func(f *data.YearlyFigure) *int { return &f.PartyMembers }),
		intField("branches", "Số chi hội", []string{"Chi hội", "Số chi hội, tổ chức trực thuộc", "Tổ chức trực thuộc"}, 1_000_000, func(f *data.YearlyFigure) *int { return &f.Branches }),
		moneyField("income_dues", "Thu hội phí", []string{"Hội phí", "Thu từ hội phí", "Thu hội phí của hội viên", "Thu/Hội phí", "Các khoản thu/Hội phí"}, func(f *data.YearlyFigure) *int64 { return &f.IncomeDues }),
		moneyField("income_activities", "Thu từ hoạt động", []string{"Thu hoạt động", "Thu từ các hoạt động", "Thu từ hoạt động của hội", "Thu từ hoạt động dịch vụ", "Thu dịch vụ", "Thu/Hoạt động", "Thu/Từ hoạt động", "Các khoản thu/Từ hoạt động"}, func(f *data.YearlyFigure) *int64 { return &f.IncomeActivities }),
		moneyField("income_donations", "Tài trợ, ủng hộ", []string{"Thu tài trợ, ủng hộ", "Thu từ tài trợ, ủng hộ", "Tài trợ", "Ủng hộ", "Thu tài trợ", "Tài trợ, ủng hộ của tổ chức, cá nhân", "Thu/Tài trợ, ủng hộ", "Các khoản thu/Tài trợ, ủng hộ"}, func(f *data.YearlyFigure) *int64 { return &f.IncomeDonations }),
		moneyField("budget", "Hỗ trợ của Nhà nước", []string{"Kinh phí hỗ trợ", "Kinh phí", "Ngân sách hỗ trợ", "Kinh phí ngân sách hỗ trợ", "Kinh phí NSNN hỗ trợ", "Ngân sách nhà nước hỗ trợ", "Nhà nước hỗ trợ", "Thu/Hỗ trợ của Nhà nước", "Thu/Ngân sách nhà nước", "Các khoản thu/Hỗ trợ của Nhà nước"}, func(f *data.YearlyFigure) *int64 { return &f.Budget }),
		moneyField("income_other", "Thu khác", []string{"Thu hợp pháp khác", "Các khoản thu khác", "Thu/Khác", "Thu/Thu khác", "Các khoản thu/Khác"}, func(f *data.YearlyFigure) *int64 { return &f.IncomeOther }),
		incomeTotalField(),
		moneyField("spending", "Tổng chi", []string{"Chi", "Tổng số chi", "Tổng chi trong năm", "Tổng các khoản chi", "Chi/Tổng", "Chi/Tổng số"}, func(f *data.YearlyFigure) *int64 { return &f.Spending }),
		multilineField("activities", "Hoạt động", []string{"Kết quả hoạt động", "Hoạt động chính"}, func(f *data.YearlyFigure) *string { return &f.Activities }),
		multilineField("awards", "Khen thưởng", []string{"Thi đua, khen thưởng"}, func(f *data.YearlyFigure) *string { return &f.Awards }),
		dateField("reported_on", "Ngày báo cáo", []string{"Ngày nộp báo cáo"}, false, func(f *data.YearlyFigure) *data.Date { return &f.ReportedOn }),
	}
}

func figureSpec() *kindSpec {
	bs := figureBindings()
	return &kindSpec{fields: fields(bs), required: "year", rows: func(ctx context.Context, s *store.Store, p *Preview, cells []*rowCells, opts Options) error {
		idx, err := loadAssociations(ctx, s, opts.Year)
		if err != nil {
			return err
		}
		all, err := store.List[data.YearlyFigure](ctx, s, "", nil)
		if err != nil {
			return err
		}
		byKey := map[string]*data.YearlyFigure{}
		for _, f := range all {
			byKey[fmt.Sprintf("%s|%d", f.Association, f.Year)] = f
		}
		for _, rc := range cells {
			finish(p, rc, figureRow(idx, byKey, rc, bs))
		}
		return nil
	}}
}

// figureRow matches one association's figures of one year: update or add.
func figureRow(idx *assocIndex, byKey map[string]*data.YearlyFigure, rc *rowCells, bs []binding[data.YearlyFigure]) Row {
	a := idx.byName(rc, "association")
	var in data.YearlyFigure
	bind(rc, bs, &in)
	r := Row{}
	if a == nil || len(rc.errs) > 0 {
		return r
	}
	in.Association = a.ID
	r.Name = fmt.Sprintf("%s – năm %d", a.Name, in.Year)
	if len(rc.vals) <= 2 && rc.vals["year"] != "" {
		r.Action = Skip
		r.Messages = append(r.Messages, fmt.Sprintf("Dòng %d: chưa có số liệu nào ngoài tên hội và năm.", rc.line))
		return r
	}
	key := fmt.Sprintf("%s|%d", a.ID, in.Year)
	existing := byKey[key]
	if existing == nil {
		f := in
		checkIncomeTotal(rc, &f)
		problems(rc, checkRecord(&f), func(f string) string { return f })
		r.Action, r.creates = Create, []data.Record{&f}
		byKey[key] = &f
		return r
	}
	return updateRow(rc, bs, r, existing, func(f *data.YearlyFigure) {
		f.Association = a.ID
		checkIncomeTotal(rc, f)
	})
}

// incomeTotalField is the "Tổng thu" column: written on export as the sum of the
// sources; on import it is not stored but checked against the sources the row (and,
// for an update, the figures already here) give.
func incomeTotalField() binding[data.YearlyFigure] {
	return binding[data.YearlyFigure]{Field{Key: "income_total", Label: "Tổng thu", Names: []string{"Tổng số thu", "Tổng các khoản thu", "Tổng thu trong năm", "Thu/Tổng", "Thu/Tổng số", "Thu/Tổng cộng", "Các khoản thu/Tổng số"}},
		func(*data.YearlyFigure) string { return "" }, // derived: never a change of its own
		func(_ *data.YearlyFigure, v string) error {
			_, err := parseAmount(v)
			return err
		},
		func(f *data.YearlyFigure) any { return f.Income() }}
}

// checkIncomeTotal fails the row when its "Tổng thu" cell differs from the sum of the
// income sources of f (the figures as they would be stored).
func checkIncomeTotal(rc *rowCells, f *data.YearlyFigure) {
	v, ok := rc.vals["income_total"]
	if !ok {
		return
	}
	total, err := parseAmount(v)
	if err != nil || total == f.Income() {
		return // a number that cannot be read is already reported
	}
	rc.fail("income_total", fmt.Sprintf("Tổng thu %s đồng khác tổng các khoản thu %s đồng (hội phí, hoạt động, tài trợ, ủng hộ, hỗ trợ của Nhà nước, thu khác); hãy ghi đủ từng khoản thu hoặc sửa lại tổng",
		data.FormatInt(total), data.FormatInt(f.Income())))
}

// taskRow is a task row: the task, and its agencies by name.
type taskRow struct {
	T           data.Task
	Lead        string
	Cooperating string
	Deadline    string
}

func taskBindings() []binding[taskRow] {
	return []binding[taskRow]{
		multilineField("content", "Nội dung", []string{"Nội dung nhiệm vụ", "Nhiệm vụ", "Nội dung công việc", "Công việc"}, func(t *taskRow) *string { return &t.T.Content }),
		textField("lead", "Cơ quan chủ trì", []string{"Chủ trì", "Đơn vị chủ trì", "Cơ quan, đơn vị chủ trì", "Cơ quan thực hiện"}, func(t *taskRow) *string { return &t.Lead }),
		textField("cooperating", "Cơ quan phối hợp", []string{"Phối hợp", "Đơn vị phối hợp", "Cơ quan, đơn vị phối hợp"}, func(t *taskRow) *string { return &t.Cooperating }),
		textField("deadline", "Thời hạn", []string{"Thời hạn hoàn thành", "Thời gian hoàn thành", "Hạn hoàn thành", "Thời gian thực hiện"}, func(t *taskRow) *string { return &t.Deadline }),
	}
}

var errDirectiveRequired = &data.Error{Code: "ErrSheetDirectiveRequired", Message: "Nhập nhiệm vụ cần chỉ rõ văn bản chỉ đạo giao các nhiệm vụ đó (--directive MÃ)."}

func taskSpec() *kindSpec {
	bs := taskBindings()
	return &kindSpec{fields: fields(bs), required: "content", rows: func(ctx context.Context, s *store.Store, p *Preview, cells []*rowCells, opts Options) error {
		d, err := store.Get[data.Directive](ctx, s, opts.Directive)
		if err != nil || d.Deleted {
			return &data.Error{Code: "ErrSheetDirectiveRequired", Message: fmt.Sprintf("Không có văn bản chỉ đạo mã “%s”. Hãy xem mã bằng “qlhoictl task list --json” hoặc trên màn hình Nhiệm vụ.", opts.Directive)}
		}
		ag, err := loadAgencies(ctx, s)
		if err != nil {
			return err
		}
		tasks, err := store.List[data.Task](ctx, s, "directive", d.ID)
		if err != nil {
			return err
		}
		byContent := map[string]*data.Task{}
		for _, t := range tasks {
			byContent[nameKey(t.Content)] = t
		}
		for _, rc := range cells {
			finish(p, rc, ag.taskRow(rc, bs, d, byContent))
		}
		used := map[string]bool{}
		for _, r := range p.Rows {
			for _, rec := range append(append([]data.Record(nil), r.creates...), r.updates...) {
				t := rec.(*data.Task)
				used[t.Lead] = true
				for _, c := range t.Cooperating {
					used[c] = true
				}
			}
		}
		p.NewAgencies, p.extra = ag.created(used)
		return nil
	}}
}

// agencies finds agencies by folded name or short name; names not found are created.
type agencies struct {
	byKey map[string]*data.Agency
	fresh map[string]*data.Agency
}

func loadAgencies(ctx context.Context, s *store.Store) (*agencies, error) {
	list, err := s.Agencies(ctx)
	if err != nil {
		return nil, err
	}
	a := &agencies{byKey: map[string]*data.Agency{}, fresh: map[string]*data.Agency{}}
	for _, g := range list {
		a.byKey[nameKey(g.Name)] = g
		if g.ShortName != "" {
			a.byKey[nameKey(g.ShortName)] = g
		}
	}
	return a, nil
}

func (a *agencies) find(name string) *data.Agency {
	k := nameKey(name)
	if g, ok := a.byKey[k]; ok {
		return g
	}
	if g, ok := a.fresh[k]; ok {
		return g
	}
	g := &data.Agency{Name: data.Clean(name)}
	g.ID = data.NewID()
	a.fresh[k] = g
	return g
}

// created lists the new agencies the written rows name (a row with an error creates none).
func (a *agencies) created(used map[string]bool) ([]string, []data.Record) {
	var names []string
	var recs []data.Record
	for _, g := range a.fresh {
		if !used[g.ID] {
			continue
		}
		names = append(names, g.Name)
		recs = append(recs, g)
	}
	sort.Slice(recs, func(i, j int) bool { return recs[i].(*data.Agency).Name < recs[j].(*data.Agency).Name })
	store.SortVietnamese(names, func(s string) string { return s })
	return names, recs
}

// splitAgencies splits "Sở Y tế, Sở Tài chính; Hội Nông dân" into names.
func splitAgencies(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == '+' })
}

// deadline reads the deadline cell: a day, or a cycle ("Hằng năm", "6 tháng").
func deadline(v string) (data.Date, data.Cycle, error) {
	f := data.Fold(v)
	switch {
	case strings.Contains(f, "hang nam") || strings.Contains(f, "hng nam"):
		return data.Date{}, data.CycleYearly, nil
	case strings.Contains(f, "6 thang") || strings.Contains(f, "sau thang"):
		return data.Date{}, data.CycleHalfYear, nil
	case strings.Contains(f, "thuong xuyen"):
		return data.Date{}, data.CycleOnce, nil
	}
	d, _, err := ParseDate(v, false)
	return d, data.CycleOnce, err
}

func (a *agencies) taskRow(rc *rowCells, bs []binding[taskRow], d *data.Directive, byContent map[string]*data.Task) Row {
	var in taskRow
	bind(rc, bs, &in)
	r := Row{Name: in.T.Content}
	if in.T.Content == "" {
		rc.fail("content", "chưa có nội dung nhiệm vụ")
	}
	if in.Lead == "" {
		rc.fail("lead", "chưa có cơ quan chủ trì")
	}
	if len(rc.errs) > 0 {
		return r
	}
	t := data.Task{Directive: d.ID, Content: in.T.Content}
	if existing := byContent[nameKey(in.T.Content)]; existing != nil {
		t = *existing
	}
	before := t
	t.Lead = a.find(in.Lead).ID
	if in.Cooperating != "" {
		t.Cooperating = nil
		for _, name := range splitAgencies(in.Cooperating) {
			if g := a.find(name); g.ID != t.Lead {
				t.Cooperating = append(t.Cooperating, g.ID)
			}
		}
	}
	if in.Deadline != "" {
		dl, cycle, err := deadline(in.Deadline)
		if err != nil {
			rc.fail("deadline", err.Error())
			return r
		}
		t.Deadline, t.Cycle = dl, cycle
	}
	problems(rc, checkRecord(&t), func(f string) string { return f })
	if before.ID == "" {
		t.ID = data.NewID()
		byContent[nameKey(t.Content)] = &t
		r.Action, r.creates = Create, []data.Record{&t}
		return r
	}
	r.Target = t.ID
	if t.Lead == before.Lead && t.Deadline == before.Deadline && t.Cycle == before.Cycle && strings.Join(t.Cooperating, ",") == strings.Join(before.Cooperating, ",") {
		r.Action = Skip
		r.Messages = append(r.Messages, fmt.Sprintf("Dòng %d: giống hệt nhiệm vụ đã có, không có gì thay đổi.", rc.line))
		return r
	}
	r.Action, r.updates, r.Changed = Update, []data.Record{&t}, []string{"Cơ quan chủ trì, phối hợp, thời hạn"}
	return r
}

// updateRow writes a row's cells over an existing record (fix sets what the cells do not
// hold): an update, or a skip when nothing would change.
func updateRow[T any, P interface {
	*T
	data.Record
}](rc *rowCells, bs []binding[T], r Row, existing P, fix func(P)) Row {
	after := P(new(T))
	*after = *existing
	bind(rc, bs, (*T)(after))
	fix(after)
	r.Target, r.Changed = data.MetaOf(existing).ID, describe(changes(bs, (*T)(existing), (*T)(after)))
	problems(rc, checkRecord(after), func(f string) string { return f })
	if len(r.Changed) == 0 {
		r.Action = Skip
		r.Messages = append(r.Messages, fmt.Sprintf("Dòng %d: giống hệt dữ liệu đã có, không có gì thay đổi.", rc.line))
		return r
	}
	r.Action, r.updates = Update, []data.Record{after}
	return r
}
