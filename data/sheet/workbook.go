package sheet

import (
	"context"
	"fmt"
	"strconv"

	"qlhoi/data"
	"qlhoi/data/store"
)

// ExportStatistics writes the associations' information sheet and the year's statistics
// as one workbook, one sheet per table the statistical reports ask for: the
// associations (as ExportAssociations, plus president and members), their leaders and
// their figures of the year (both in the columns the import reads back), income by
// source and spending, and the totals by scope and by field. It returns how many
// associations were written.
func ExportStatistics(ctx context.Context, s *store.Store, year int, path string) (int, error) {
	list, _, err := s.FindAssociations(ctx, store.AssociationFilter{})
	if err != nil {
		return 0, err
	}
	byAssoc, figOf, err := leadersAndFigures(ctx, s, year)
	if err != nil {
		return 0, err
	}
	office, today := officeName(ctx, s), s.Today()
	y := strconv.Itoa(year)
	info := infoSheet(list, byAssoc, figOf)
	info.Name, info.Office, info.Title, info.Date = "Thông tin hội", office, "THÔNG TIN CÁC HỘI", today
	sheets := []*Sheet{info, leaderSheet(list, byAssoc), figureSheet(list, figOf, year), financeSheet(list, figOf, year)}
	sheets[1].Name, sheets[1].Office, sheets[1].Title, sheets[1].Date = "Lãnh đạo", office, "LÃNH ĐẠO CÁC HỘI", today
	sheets[2].Name, sheets[2].Office, sheets[2].Title, sheets[2].Date = "Số liệu năm "+y, office, "SỐ LIỆU CÁC HỘI NĂM "+y, today
	sheets[3].Name, sheets[3].Office, sheets[3].Title, sheets[3].Date = "Thu chi năm "+y, office, "THU, CHI TÀI CHÍNH CỦA CÁC HỘI NĂM "+y, today
	var scopes []string
	for _, sc := range data.Scopes {
		scopes = append(scopes, "Cấp "+sc.Label())
	}
	for _, by := range []struct {
		name, title string
		key         func(*data.Association) string
		order       []string
	}{
		{"Theo cấp", "SỐ LIỆU HỘI THEO CẤP NĂM " + y, func(a *data.Association) string { return "Cấp " + a.Scope.Label() }, scopes},
		{"Theo lĩnh vực", "SỐ LIỆU HỘI THEO LĨNH VỰC NĂM " + y, func(a *data.Association) string {
			if a.Field == "" {
				return "(chưa xác định)"
			}
			return a.Field
		}, nil},
	} {
		sh := totalsSheet(list, figOf, by.key, by.order)
		sh.Name, sh.Office, sh.Title, sh.Date = by.name, office, by.title, today
		sheets = append(sheets, sh)
	}
	return len(list), WriteBook(path, sheets...)
}

// leadersAndFigures are the leaders of every association and the figures of a year, by
// association id.
func leadersAndFigures(ctx context.Context, s *store.Store, year int) (map[string][]*data.Leader, map[string]*data.YearlyFigure, error) {
	leaders, err := store.List[data.Leader](ctx, s, "", nil)
	if err != nil {
		return nil, nil, err
	}
	figs, err := store.List[data.YearlyFigure](ctx, s, "year", year)
	if err != nil {
		return nil, nil, err
	}
	byAssoc := map[string][]*data.Leader{}
	for _, l := range leaders {
		byAssoc[l.Association] = append(byAssoc[l.Association], l)
	}
	figOf := map[string]*data.YearlyFigure{}
	for _, f := range figs {
		figOf[f.Association] = f
	}
	return byAssoc, figOf, nil
}

// infoSheet is the associations with their president and members of the figures given.
func infoSheet(list []*data.Association, leaders map[string][]*data.Leader, figs map[string]*data.YearlyFigure) *Sheet {
	var bs []binding[hoiRow]
	for _, b := range hoiBindings() {
		if b.out != nil {
			bs = append(bs, b)
		}
	}
	recs := make([]*hoiRow, len(list))
	for i, a := range list {
		r := &hoiRow{A: *a}
		for _, l := range leaders[a.ID] {
			if data.Fold(l.Position) == "chu tich" && (l.To.IsZero() || r.President == "") {
				r.President = l.Name
			}
		}
		if f := figs[a.ID]; f != nil {
			r.Members = f.Members
		}
		recs[i] = r
	}
	headers, rows := exportRows(bs, recs)
	return &Sheet{Headers: headers, Rows: rows}
}

func leaderSheet(list []*data.Association, leaders map[string][]*data.Leader) *Sheet {
	bs := leaderBindings()
	var recs []*data.Leader
	for _, a := range list {
		for _, l := range leaders[a.ID] {
			c := *l
			c.Association = a.Name // the import finds the association by its name
			recs = append(recs, &c)
		}
	}
	headers, rows := exportRows(bs, recs)
	return &Sheet{Headers: headers, Rows: rows}
}

func figureSheet(list []*data.Association, figs map[string]*data.YearlyFigure, year int) *Sheet {
	bs := figureBindings()
	var recs []*data.YearlyFigure
	for _, a := range list {
		c := data.YearlyFigure{Association: a.Name, Year: year}
		if f := figs[a.ID]; f != nil {
			c = *f
			c.Association = a.Name
		}
		recs = append(recs, &c)
	}
	headers, rows := exportRows(bs, recs)
	for i, a := range list {
		if figs[a.ID] == nil {
			for c := 2; c < len(rows[i]); c++ {
				rows[i][c] = nil // no figures yet: cells left for the clerk to fill
			}
		}
	}
	return &Sheet{Headers: headers, Rows: rows}
}

// financeSheet is the year's income by source, total income and spending of every
// association (blank for one without figures of the year), with a total line.
func financeSheet(list []*data.Association, figs map[string]*data.YearlyFigure, year int) *Sheet {
	sh := &Sheet{Note: fmt.Sprintf("Đơn vị tính: đồng. Hội để trống là hội chưa có số liệu năm %d.", year),
		Headers: []string{"STT", "Tên hội", "Thu hội phí", "Thu từ hoạt động", "Tài trợ, ủng hộ", "Hỗ trợ của Nhà nước", "Thu khác", "Tổng thu", "Tổng chi", "Chênh lệch thu – chi"}}
	var all data.YearlyFigure
	for i, a := range list {
		row := []any{i + 1, a.Name}
		if f := figs[a.ID]; f != nil {
			row = append(row, financeCells(f)...)
			addFinances(&all, f)
		}
		sh.Rows = append(sh.Rows, row)
	}
	sh.Rows = append(sh.Rows, append([]any{nil, "Tổng cộng"}, financeCells(&all)...))
	return sh
}

// financeCells are the income sources, total income, spending and their difference.
func financeCells(f *data.YearlyFigure) []any {
	return []any{f.IncomeDues, f.IncomeActivities, f.IncomeDonations, f.Budget, f.IncomeOther, f.Income(), f.Spending, f.Income() - f.Spending}
}

// addFinances adds f's income and spending to sum (each amount is below 10^15 đồng;
// int64 holds the sum of over a thousand associations at that bound, and real ones are
// millions of times smaller).
func addFinances(sum, f *data.YearlyFigure) {
	sum.IncomeDues += f.IncomeDues
	sum.IncomeActivities += f.IncomeActivities
	sum.IncomeDonations += f.IncomeDonations
	sum.Budget += f.Budget
	sum.IncomeOther += f.IncomeOther
	sum.Spending += f.Spending
}

// totals is one line of the statistics by scope or field.
type totals struct {
	label                                                               string
	n, assigned, partyOrgs, members, newMembers, party, fullTime, contr int
	budget, income, spending                                            int64
}

// totalsSheet sums the active associations by key, in the given order of keys
// (Vietnamese alphabetical order when nil), with a total line.
func totalsSheet(list []*data.Association, figs map[string]*data.YearlyFigure, key func(*data.Association) string, order []string) *Sheet {
	byKey := map[string]*totals{}
	all := &totals{label: "Tổng cộng"}
	for _, a := range list {
		if a.Status != data.StatusActive {
			continue
		}
		k := key(a)
		if byKey[k] == nil {
			byKey[k] = &totals{label: k}
		}
		for _, t := range []*totals{byKey[k], all} {
			t.add(a, figs[a.ID])
		}
	}
	var keys []string
	for _, k := range order {
		if byKey[k] != nil {
			keys = append(keys, k)
		}
	}
	if order == nil {
		for k := range byKey {
			keys = append(keys, k)
		}
		store.SortVietnamese(keys, func(s string) string { return s })
	}
	sh := &Sheet{Note: "Chỉ tính các hội đang hoạt động.", Headers: []string{"Nhóm", "Tổng số hội", "Do Đảng, Nhà nước giao nhiệm vụ", "Có tổ chức đảng",
		"Hội viên (người)", "Hội viên mới (người)", "Đảng viên (người)", "Cán bộ chuyên trách", "Người làm việc theo hợp đồng", "Kinh phí NSNN hỗ trợ (đồng)", "Tổng thu (đồng)", "Tổng chi (đồng)"}}
	for _, k := range append(keys, "") {
		t := all
		if k != "" {
			t = byKey[k]
		}
		sh.Rows = append(sh.Rows, []any{t.label, t.n, t.assigned, t.partyOrgs, t.members, t.newMembers, t.party, t.fullTime, t.contr, t.budget, t.income, t.spending})
	}
	return sh
}

func (t *totals) add(a *data.Association, f *data.YearlyFigure) {
	t.n++
	if a.Assigned {
		t.assigned++
	}
	if a.PartyOrg != data.PartyOrgNone {
		t.partyOrgs++
	}
	t.fullTime += a.FullTimeStaff
	t.contr += a.ContractStaff
	if f != nil && f.PartyMembers > 0 {
		t.party += f.PartyMembers // the year's figure, as members below
	} else {
		t.party += a.PartyMembers
	}
	if f != nil {
		t.members += f.Members
		t.newMembers += f.NewMembers
		t.budget += f.Budget
		t.income += f.Income()
		t.spending += f.Spending
	}
}

// ParseYear reads a year given on the command line; empty means def.
func ParseYear(s string, def int) (int, error) {
	if s == "" {
		return def, nil
	}
	y, err := strconv.Atoi(s)
	if err != nil || y < 1945 || y > 2100 {
		return 0, &data.Error{Code: "ErrYearInvalid", Message: fmt.Sprintf("Năm “%s” không hợp lệ (ví dụ 2025).", s)}
	}
	return y, nil
}

// StatisticsYear is the year the statistics workbook is for unless the clerk says
// otherwise: last year when the office has its figures and none yet for this year (the
// annual figures are reported after the year ends), else this year.
func StatisticsYear(ctx context.Context, s *store.Store) (int, error) {
	this := s.Today().Year()
	now, err := s.HasFigures(ctx, this)
	if err != nil || now {
		return this, err
	}
	last, err := s.HasFigures(ctx, this-1)
	if err != nil {
		return this, err
	}
	if last {
		return this - 1, nil
	}
	return this, nil
}
