package reports

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"qlhoi/data"
	"qlhoi/data/store"
)

func (b *builder) associations() ([]*data.Association, error) {
	list, _, err := b.s.FindAssociations(b.ctx, store.AssociationFilter{Scope: b.p.Scope, Field: b.p.Field, Status: b.p.Status})
	return list, err
}

func scopeLabel(s data.Scope) string { return s.Label() }

func termText(a *data.Association) string {
	if a.TermStart.IsZero() && a.TermEnd.IsZero() {
		return ""
	}
	out := a.TermStart.String() + " – " + a.TermEnd.String()
	if a.CongressNumber > 0 {
		out = "Lần thứ " + strconv.Itoa(a.CongressNumber) + ": " + out
	}
	return out
}

// listTermText is the term as a list cell: the congress and the years only
// ("Lần thứ 3: 2023–2028"); the association file keeps the full dates.
func listTermText(a *data.Association) string {
	if a.TermStart.IsZero() || a.TermEnd.IsZero() {
		return termText(a)
	}
	out := strconv.Itoa(a.TermStart.Year()) + "–" + strconv.Itoa(a.TermEnd.Year())
	if a.CongressNumber > 0 {
		out = "Lần thứ " + strconv.Itoa(a.CongressNumber) + ": " + out
	}
	return out
}

func num(n int) string { return data.FormatInt(int64(n)) }

// byAssociation loads every live record of a kind once and groups it by association:
// one query for a whole list instead of one per association.
func byAssociation[T any, P interface {
	*T
	data.Record
}](b *builder, cache *map[string][]P, of func(P) string) (map[string][]P, error) {
	if *cache != nil {
		return *cache, nil
	}
	all, err := store.List[T, P](b.ctx, b.s, "", nil)
	if err != nil {
		return nil, err
	}
	m := map[string][]P{}
	for _, r := range all {
		m[of(r)] = append(m[of(r)], r)
	}
	*cache = m
	return m, nil
}

func (b *builder) leadersOf(a *data.Association) ([]*data.Leader, error) {
	m, err := byAssociation(b, &b.leaders, func(l *data.Leader) string { return l.Association })
	return m[a.ID], err
}

func (b *builder) figuresOf(a *data.Association) ([]*data.YearlyFigure, error) {
	m, err := byAssociation(b, &b.figures, func(f *data.YearlyFigure) string { return f.Association })
	return m[a.ID], err
}

func (b *builder) eventsOf(a *data.Association) ([]*data.AssociationEvent, error) {
	m, err := byAssociation(b, &b.events, func(e *data.AssociationEvent) string { return e.Association })
	return m[a.ID], err
}

// chair returns the name of the chair in the current term ("" when none is recorded).
func (b *builder) chair(a *data.Association) (string, error) {
	leaders, err := b.leadersOf(a)
	if err != nil {
		return "", err
	}
	for _, l := range leaders {
		if l.Position == "Chủ tịch" && (a.CongressNumber == 0 || l.Term == a.CongressNumber) {
			return l.Name, nil
		}
	}
	return "", nil
}

// latestFigures returns the newest yearly figures (nil when none are recorded).
func (b *builder) latestFigures(a *data.Association) (*data.YearlyFigure, error) {
	figs, err := b.figuresOf(a)
	if err != nil || len(figs) == 0 {
		return nil, err
	}
	latest := figs[0]
	for _, f := range figs[1:] {
		if f.Year > latest.Year {
			latest = f
		}
	}
	return latest, nil
}

// recorded is the newest recorded value of one figure and its year (0, 0 when no year
// has it): a figure left blank in the newest row is taken from the year before ("0
// (2026)" was printed where 2026 had no party members and 2025 had 138). A figure of 0
// is one nobody recorded.
func (b *builder) recorded(a *data.Association, value func(*data.YearlyFigure) int) (int, int, error) {
	figs, err := b.figuresOf(a)
	if err != nil {
		return 0, 0, err
	}
	v, year := 0, 0
	for _, f := range figs {
		if n := value(f); n > 0 && f.Year > year {
			v, year = n, f.Year
		}
	}
	return v, year, nil
}

// listCount is an association's members and party members in the list, each with the
// year it is of (0: the general field, of no year; a value 0: nobody recorded it).
type listCount struct{ mv, my, pv, py int }

// listCounts takes members and party members from each association's newest yearly
// figures that recorded them. The year most associations' figures are of goes in the
// column titles (year); the party column names no year when a count of no year, from
// the general field, is in it (partyYear 0).
func listCounts(b *builder, list []*data.Association) (values []listCount, year, partyYear int, err error) {
	years := map[int]int{}
	for _, a := range list {
		f, err := b.latestFigures(a)
		if err != nil {
			return nil, 0, 0, err
		}
		if f != nil {
			years[f.Year]++
		}
	}
	for y, n := range years {
		if n > years[year] || n == years[year] && y > year {
			year = y
		}
	}
	values = make([]listCount, len(list))
	partyYear = year
	for i, a := range list {
		c := &values[i]
		if c.mv, c.my, err = b.recorded(a, func(f *data.YearlyFigure) int { return f.Members }); err != nil {
			return nil, 0, 0, err
		}
		if c.pv, c.py, err = b.recorded(a, func(f *data.YearlyFigure) int { return f.PartyMembers }); err != nil {
			return nil, 0, 0, err
		}
		if c.pv == 0 && a.PartyMembers > 0 {
			c.pv, c.py, partyYear = a.PartyMembers, 0, 0 // the general field, of no year
		}
	}
	return values, year, partyYear, nil
}

// buildList is the list of associations: a landscape table.
func buildList(b *builder) error {
	list, err := b.associations()
	if err != nil {
		return err
	}
	subject := "Danh sách các hội quần chúng trên địa bàn (đến ngày " + b.p.Date.String() + ")"
	d := b.start(subject, true)
	d.Para("Lời dẫn", fmt.Sprintf("%s báo cáo danh sách %s hội quần chúng trên địa bàn, tính đến ngày %s, như sau:", b.hdr.Issuer, num(len(list)), b.p.Date))
	values, year, partyYear, err := listCounts(b, list)
	if err != nil {
		return err
	}
	// A figure's cell: blank when nobody recorded it, its year when not the column's.
	cell := func(v, y, column int) string {
		switch {
		case v == 0:
			return ""
		case y != column && y != 0:
			return fmt.Sprintf("%s (%d)", num(v), y)
		}
		return num(v)
	}
	var rows [][]string
	for i, a := range list {
		c := values[i]
		members, party := cell(c.mv, c.my, year), cell(c.pv, c.py, partyYear)
		chair, err := b.chair(a)
		if err != nil {
			return err
		}
		assigned := ""
		if a.Assigned {
			assigned = "x"
		}
		founding := a.Founding.Number
		if !a.Founding.Date.IsZero() {
			founding = strings.TrimPrefix(founding+", "+a.Founding.Date.String(), ", ")
		}
		rows = append(rows, []string{strconv.Itoa(i + 1), a.Name, scopeLabel(a.Scope), assigned, founding, listTermText(a), chair, members, party, a.Status.Label()})
	}
	of := func(y int) string {
		if y == 0 {
			return ""
		}
		return fmt.Sprintf(", năm %d", y)
	}
	d.Table("Danh sách hội", Table{Columns: []Column{
		{"STT", "C"}, {"Tên hội", ""}, {"Phạm vi", "C"}, {"Giao nhiệm vụ", "C"},
		{"QĐ thành lập (số, ngày)", ""}, {"Đại hội, nhiệm kỳ", ""}, {"Chủ tịch hội", ""}, {"Hội viên (người" + of(year) + ")", "R"},
		{"Đảng viên (người" + of(partyYear) + ")", "R"}, {"Tình trạng", ""},
	}, Rows: rows, Numbered: true})
	d.Sign(b.recipients("Thường trực Tỉnh ủy (để báo cáo)", "Sở Nội vụ"), b.sig)
	return nil
}

type statRow struct {
	total, assigned, founded, merged, dissolved, members, partyMembers, partyOrgs, fullTime, contract int
	budget                                                                                            int64
}

func (r *statRow) cells(label string) []string {
	return []string{label, num(r.total), num(r.assigned), num(r.total - r.assigned), num(r.founded), num(r.merged), num(r.dissolved),
		num(r.members), num(r.partyMembers), num(r.partyOrgs), num(r.fullTime) + " / " + num(r.contract), data.FormatInt(r.budget / 1_000_000)}
}

func (r *statRow) add(o statRow) {
	r.total += o.total
	r.assigned += o.assigned
	r.founded += o.founded
	r.merged += o.merged
	r.dissolved += o.dissolved
	r.members += o.members
	r.partyMembers += o.partyMembers
	r.partyOrgs += o.partyOrgs
	r.fullTime += o.fullTime
	r.contract += o.contract
	r.budget += o.budget
}

// statsOf counts one association in the period.
func (b *builder) statsOf(a *data.Association) (statRow, error) {
	var r statRow
	in := func(d data.Date) bool { return !d.IsZero() && !d.Before(b.p.From) && !d.After(b.p.To) }
	events, err := b.eventsOf(a)
	if err != nil {
		return r, err
	}
	for _, e := range events {
		if !in(e.Date) {
			continue
		}
		switch e.EventKind {
		case data.EventFounding:
			r.founded++
		case data.EventMerger, data.EventAbsorption:
			if a.MergedInto != "" {
				r.merged++
			}
		case data.EventDissolution, data.EventSuspension:
			r.dissolved++
		}
	}
	if a.Status != data.StatusActive {
		return r, nil
	}
	r.total = 1
	if a.Assigned {
		r.assigned = 1
	}
	f, err := b.latestFigures(a)
	if err != nil {
		return r, err
	}
	if f != nil {
		r.members, r.budget = f.Members, f.Budget
	}
	r.partyMembers = a.PartyMembers
	if a.PartyOrg != data.PartyOrgNone {
		r.partyOrgs = 1
	}
	r.fullTime, r.contract = a.FullTimeStaff, a.ContractStaff
	return r, nil
}

var statColumns = []Column{
	{"", ""}, {"Tổng số hội", "R"}, {"Do Đảng, NN giao nhiệm vụ", "R"}, {"Không giao nhiệm vụ", "R"},
	{"Thành lập mới trong kỳ", "R"}, {"Hợp nhất, sáp nhập", "R"}, {"Giải thể, đình chỉ", "R"},
	{"Hội viên (người)", "R"}, {"Đảng viên (người)", "R"}, {"Tổ chức đảng", "R"},
	{"Cán bộ chuyên trách / hợp đồng", "C"}, {"Kinh phí NSNN (triệu đồng)", "R"},
}

// buildStats is the statistics of associations by scope and field.
func buildStats(b *builder) error {
	list, _, err := b.s.FindAssociations(b.ctx, store.AssociationFilter{Scope: b.p.Scope, Field: b.p.Field})
	if err != nil {
		return err
	}
	byScope := map[data.Scope]*statRow{}
	byField := map[string]*statRow{}
	var total statRow
	for _, a := range list {
		r, err := b.statsOf(a)
		if err != nil {
			return err
		}
		for _, m := range []*statRow{get(byScope, a.Scope), getField(byField, a.Field), &total} {
			m.add(r)
		}
	}
	subject := fmt.Sprintf("Tình hình tổ chức, hoạt động của các hội quần chúng từ ngày %s đến ngày %s", b.p.From, b.p.To)
	d := b.start(subject, false)
	d.Heading("I. TÌNH HÌNH CHUNG")
	d.Para("Số liệu", fmt.Sprintf("Đến ngày %s, trên địa bàn có %s hội đang hoạt động, trong đó %s hội do Đảng, Nhà nước giao nhiệm vụ; tổng số %s hội viên, %s đảng viên sinh hoạt tại các hội; %s hội có tổ chức đảng. Trong kỳ có %s hội được thành lập mới, %s hội hợp nhất, sáp nhập, %s hội giải thể hoặc bị đình chỉ hoạt động. Kinh phí ngân sách nhà nước hỗ trợ %s triệu đồng.",
		b.p.To, num(total.total), num(total.assigned), num(total.members), num(total.partyMembers), num(total.partyOrgs),
		num(total.founded), num(total.merged), num(total.dissolved), data.FormatInt(total.budget/1_000_000)))
	d.Para("Số liệu", "Số liệu chi tiết theo cấp và theo lĩnh vực tại Phụ lục kèm theo.")
	d.Heading("II. ĐÁNH GIÁ")
	d.Para("Đánh giá", b.section("danh-gia", SectionKeys("thong-ke-hoi")["danh-gia"]))
	d.Heading("III. PHƯƠNG HƯỚNG, NHIỆM VỤ")
	d.Para("Phương hướng", b.section("phuong-huong", SectionKeys("thong-ke-hoi")["phuong-huong"]))
	d.Sign(b.recipients("Thường trực Tỉnh ủy (để báo cáo)", "Ban Tổ chức Tỉnh ủy", "Sở Nội vụ"), b.sig)

	d.Appendix("", "Số liệu hội quần chúng theo cấp và lĩnh vực", "Kèm theo "+b.refLine(), true)
	var rows [][]string
	for _, sc := range data.Scopes {
		if r, ok := byScope[sc]; ok {
			rows = append(rows, r.cells("Cấp "+sc.Label()))
		}
	}
	rows = append(rows, total.cells("Tổng cộng"))
	cols := append([]Column{{"Cấp", ""}}, statColumns[1:]...)
	d.Table("Số liệu theo cấp", Table{Columns: cols, Rows: rows, Numbered: true, Bold: map[int]bool{len(rows) - 1: true}})
	var fields []string
	for f := range byField {
		fields = append(fields, f)
	}
	store.SortVietnamese(fields, func(s string) string { return s })
	rows = nil
	for _, f := range fields {
		label := f
		if label == "" {
			label = "(chưa xác định)"
		}
		rows = append(rows, byField[f].cells(label))
	}
	rows = append(rows, total.cells("Tổng cộng"))
	cols = append([]Column{{"Lĩnh vực", ""}}, statColumns[1:]...)
	d.Table("Số liệu theo lĩnh vực", Table{Columns: cols, Rows: rows, Numbered: true, Bold: map[int]bool{len(rows) - 1: true}})
	return nil
}

func get(m map[data.Scope]*statRow, k data.Scope) *statRow {
	if m[k] == nil {
		m[k] = &statRow{}
	}
	return m[k]
}

func getField(m map[string]*statRow, k string) *statRow {
	if m[k] == nil {
		m[k] = &statRow{}
	}
	return m[k]
}

// refLine is "Báo cáo số …/BC-… ngày … của …" for the appendix's "Kèm theo".
func (b *builder) refLine() string {
	number := b.hdr.Number
	for _, p := range []string{"Số:", "Số"} {
		if len(number) > len(p) && number[:len(p)] == p {
			number = number[len(p):]
			break
		}
	}
	return fmt.Sprintf("%s số %s ngày %s của %s", b.kind.DocType, trimSpace(number), b.p.Date, b.hdr.Issuer)
}

func trimSpace(s string) string { return data.Clean(s) }

// buildFile is one association's file. Everything is read before anything is written.
func buildFile(b *builder) error {
	a, err := b.fileAssociation()
	if err != nil {
		return err
	}
	f, err := b.readFile(a)
	if err != nil {
		return err
	}
	d := b.start("Hồ sơ "+a.Name, false)
	fileGeneral(d, a)
	fileLeaders(d, f.leaders)
	fileFigures(d, f.figures)
	fileInspections(d, f.inspections)
	fileEvents(d, f.events, f.related)
	d.Sign(b.recipients("Thường trực Tỉnh ủy (để báo cáo)"), b.sig)
	return nil
}

// fileAssociation is the association asked for, or the first by name.
func (b *builder) fileAssociation() (*data.Association, error) {
	if b.p.Association != "" {
		return store.Get[data.Association](b.ctx, b.s, b.p.Association)
	}
	list, _, err := b.s.FindAssociations(b.ctx, store.AssociationFilter{Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, &data.Error{Code: "ErrNoAssociations", Message: "Chưa có hội nào để lập hồ sơ."}
	}
	return list[0], nil
}

// fileRecords is what an association's file shows besides the association itself.
type fileRecords struct {
	leaders     []*data.Leader
	figures     []*data.YearlyFigure
	inspections []*data.Inspection
	events      []*data.AssociationEvent
	// related names the associations the events name (a deleted one is left out).
	related map[string]string
}

// readFile reads an association's leaders, figures, inspections and events.
func (b *builder) readFile(a *data.Association) (*fileRecords, error) {
	f := &fileRecords{related: map[string]string{}}
	var err error
	if f.leaders, err = store.List[data.Leader](b.ctx, b.s, "association", a.ID); err != nil {
		return nil, err
	}
	if f.figures, err = store.List[data.YearlyFigure](b.ctx, b.s, "association", a.ID); err != nil {
		return nil, err
	}
	if f.inspections, err = store.List[data.Inspection](b.ctx, b.s, "association", a.ID); err != nil {
		return nil, err
	}
	if f.events, err = store.List[data.AssociationEvent](b.ctx, b.s, "association", a.ID); err != nil {
		return nil, err
	}
	for _, e := range f.events {
		for _, id := range e.Related {
			o, err := store.Get[data.Association](b.ctx, b.s, id)
			if errors.Is(err, data.ErrNotFound) {
				continue // a related association since deleted is not named
			}
			if err != nil {
				return nil, err
			}
			f.related[id] = o.Name
		}
	}
	sort.Slice(f.figures, func(i, j int) bool { return f.figures[i].Year < f.figures[j].Year })
	sort.Slice(f.events, func(i, j int) bool { return f.events[i].Date.Before(f.events[j].Date) })
	return f, nil
}

// fileGeneral writes section I, the association's particulars.
func fileGeneral(d *Doc, a *data.Association) {
	d.Heading("I. THÔNG TIN CHUNG")
	line := func(label, value string) {
		if data.Clean(value) != "" {
			d.Para(label, label+": "+value)
		}
	}
	line("Tên hội", a.Name)
	line("Tên viết tắt", a.ShortName)
	line("Phạm vi hoạt động", a.Scope.Label())
	line("Lĩnh vực", a.Field)
	if a.Assigned {
		line("Hội do Đảng, Nhà nước giao nhiệm vụ", "Có; "+a.AssignedBy)
	}
	if a.Founding.Number != "" {
		line("Quyết định thành lập", fmt.Sprintf("số %s ngày %s của %s", a.Founding.Number, a.Founding.Date, a.Founding.Issuer))
	}
	if a.Charter.Number != "" {
		line("Quyết định phê duyệt điều lệ", fmt.Sprintf("số %s ngày %s", a.Charter.Number, a.Charter.Date))
	}
	line("Cơ quan quản lý ngành", a.ManagingBody)
	line("Địa chỉ", a.Address)
	line("Điện thoại", a.Phone)
	line("Thư điện tử", a.Email)
	line("Nhiệm kỳ hiện tại", termText(a))
	line("Tổ chức đảng", a.PartyOrg.Label()+"; "+num(a.PartyMembers)+" đảng viên")
	line("Cán bộ chuyên trách / hợp đồng", num(a.FullTimeStaff)+" / "+num(a.ContractStaff))
	line("Đồng chí Thường vụ theo dõi", a.FollowedBy)
	line("Tình trạng", a.Status.Label())
}

// fileLeaders writes section II, the leaders table.
func fileLeaders(d *Doc, leaders []*data.Leader) {
	d.Heading("II. LÃNH ĐẠO HỘI")
	var rows [][]string
	for i, l := range leaders {
		rows = append(rows, []string{strconv.Itoa(i + 1), l.Name, l.Position, strconv.Itoa(l.Term), yearOrEmpty(l.BirthYear), l.Gender, yes(l.PartyMember)})
	}
	d.Table("Lãnh đạo", Table{Columns: []Column{{"STT", "C"}, {"Họ và tên", ""}, {"Chức vụ", ""}, {"Nhiệm kỳ", "C"}, {"Năm sinh", "C"}, {"Giới tính", "C"}, {"Đảng viên", "C"}}, Rows: rows})
}

// fileFigures writes section III, the yearly figures, oldest first.
func fileFigures(d *Doc, figs []*data.YearlyFigure) {
	d.Heading("III. SỐ LIỆU HẰNG NĂM")
	var rows [][]string
	for _, f := range figs {
		rows = append(rows, []string{strconv.Itoa(f.Year), num(f.Members), num(f.NewMembers), num(f.PartyMembers), num(f.Branches), data.FormatInt(f.Budget / 1_000_000), f.Awards})
	}
	d.Table("Số liệu hằng năm", Table{Columns: []Column{{"Năm", "C"}, {"Hội viên", "R"}, {"Hội viên mới", "R"}, {"Đảng viên", "R"}, {"Chi hội", "R"}, {"Kinh phí (triệu đồng)", "R"}, {"Khen thưởng", ""}}, Rows: rows})
	fileFinances(d, figs)
}

// fileFinances writes, under the yearly figures, the income by source and the spending
// of the years that record them, in thousand đồng (a commune association's dues are a
// few million đồng, lost in millions).
func fileFinances(d *Doc, figs []*data.YearlyFigure) {
	k := func(v int64) string { return data.FormatInt((v + 500) / 1000) }
	var rows [][]string
	for _, f := range figs {
		if f.HasFinances() {
			rows = append(rows, []string{strconv.Itoa(f.Year), k(f.IncomeDues), k(f.IncomeActivities), k(f.IncomeDonations), k(f.Budget), k(f.IncomeOther), k(f.Income()), k(f.Spending)})
		}
	}
	if len(rows) == 0 {
		return
	}
	d.need(6 * d.lineH(d.p.Body)) // the lead-in stays with the table's header and first row
	d.Para("Thu, chi", "Thu, chi tài chính của hội (đơn vị tính: nghìn đồng):")
	d.Table("Thu, chi tài chính", Table{Columns: []Column{{"Năm", "C"}, {"Thu hội phí", "R"}, {"Thu từ hoạt động", "R"}, {"Tài trợ, ủng hộ", "R"},
		{"Hỗ trợ của Nhà nước", "R"}, {"Thu khác", "R"}, {"Tổng thu", "R"}, {"Tổng chi", "R"}}, Rows: rows})
}

// fileInspections writes section IV; "none recorded" only when the list was read.
func fileInspections(d *Doc, ins []*data.Inspection) {
	d.Heading("IV. KIỂM TRA, THANH TRA")
	if len(ins) == 0 {
		d.Para("Kiểm tra", "Chưa có cuộc kiểm tra, thanh tra nào được ghi nhận.")
	}
	for _, i := range ins {
		text := fmt.Sprintf("Ngày %s, %s: %s. Kết luận: %s", i.Date, i.Body, i.Content, i.Findings)
		if i.Violations != "" {
			text += " Vi phạm: " + i.Violations + " Biện pháp: " + i.Measures + " Tình trạng khắc phục: " + i.FollowUp + "."
		}
		d.Para("Kiểm tra", text)
	}
}

// fileEvents writes section V, the association's history, oldest first.
func fileEvents(d *Doc, events []*data.AssociationEvent, related map[string]string) {
	d.Heading("V. QUÁ TRÌNH HÌNH THÀNH, SẮP XẾP")
	for _, e := range events {
		text := e.Date.String() + ": " + e.EventKind.Label()
		if e.Decision != "" {
			text += " (Quyết định số " + e.Decision + ")"
		}
		for _, id := range e.Related {
			if name, ok := related[id]; ok {
				text += " – " + name
			}
		}
		if e.Note != "" {
			text += ". " + e.Note
		}
		d.Para("Sự kiện", text+".")
	}
}

func yearOrEmpty(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}

func yes(v bool) string {
	if v {
		return "x"
	}
	return ""
}

// buildTerms lists associations whose term ends within the window or has ended.
func buildTerms(b *builder) error {
	limit := b.p.Date.AddMonths(b.p.Months)
	list, _, err := b.s.FindAssociations(b.ctx, store.AssociationFilter{Status: data.StatusActive, TermEndsBy: limit, Scope: b.p.Scope, Field: b.p.Field})
	if err != nil {
		return err
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].TermEnd.Before(list[j].TermEnd) })
	subject := fmt.Sprintf("Các hội quần chúng đã hết nhiệm kỳ hoặc sẽ hết nhiệm kỳ trong %d tháng tới", b.p.Months)
	d := b.start(subject, false)
	ended := 0
	for _, a := range list {
		if a.TermEnd.Before(b.p.Date) {
			ended++
		}
	}
	d.Para("Lời dẫn", fmt.Sprintf("Đến ngày %s, có %s hội đã hết nhiệm kỳ nhưng chưa tổ chức đại hội và %s hội sẽ hết nhiệm kỳ trước ngày %s. Đề nghị các cơ quan liên quan đôn đốc, hướng dẫn các hội chuẩn bị và tổ chức đại hội theo điều lệ.",
		b.p.Date, num(ended), num(len(list)-ended), limit))
	var rows [][]string
	for i, a := range list {
		state := fmt.Sprintf("Còn %s ngày", num(b.p.Date.DaysUntil(a.TermEnd)))
		if a.TermEnd.Before(b.p.Date) {
			state = fmt.Sprintf("Quá %s ngày", num(a.TermEnd.DaysUntil(b.p.Date)))
		}
		rows = append(rows, []string{strconv.Itoa(i + 1), a.Name, scopeLabel(a.Scope), termText(a), a.TermEnd.String(), state, a.FollowedBy})
	}
	d.Table("Danh sách hội", Table{Columns: []Column{{"STT", "C"}, {"Tên hội", ""}, {"Phạm vi", "C"}, {"Đại hội, nhiệm kỳ", ""}, {"Hết nhiệm kỳ", "C"}, {"Tình trạng", ""}, {"Đồng chí theo dõi", ""}}, Rows: rows, Numbered: true})
	d.Sign(b.recipients("Thường trực Tỉnh ủy (để báo cáo)", "Sở Nội vụ"), b.sig)
	return nil
}
