package sheet

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"qlhoi/data"
	"qlhoi/data/store"
)

// hoiRow is an association row: the association, and the president and member count
// lists of associations often carry.
type hoiRow struct {
	A         data.Association
	President string
	Members   int
}

func hoiBindings() []binding[hoiRow] {
	a := func(f func(*data.Association) *string) func(*hoiRow) *string {
		return func(r *hoiRow) *string { return f(&r.A) }
	}
	d := func(f func(*data.Association) *data.Date) func(*hoiRow) *data.Date {
		return func(r *hoiRow) *data.Date { return f(&r.A) }
	}
	n := func(f func(*data.Association) *int) func(*hoiRow) *int {
		return func(r *hoiRow) *int { return f(&r.A) }
	}
	return []binding[hoiRow]{
		textField("id", "id", []string{"Mã định danh", "Mã (id)"}, a(func(x *data.Association) *string { return &x.ID })),
		textField("name", "Tên hội", []string{"Tên tổ chức hội", "Tên tổ chức", "Tên hội quần chúng", "Tên", "Tên đơn vị", "Tên hội, tổ chức"}, a(func(x *data.Association) *string { return &x.Name })),
		textField("short_name", "Tên viết tắt", []string{"Tên tắt", "Viết tắt"}, a(func(x *data.Association) *string { return &x.ShortName })),
		choiceField("scope", "Phạm vi hoạt động", []string{"Phạm vi", "Cấp", "Cấp hội"}, data.Scopes, data.Scope.Label, func(r *hoiRow) *data.Scope { return &r.A.Scope }),
		textField("field", "Lĩnh vực", []string{"Lĩnh vực hoạt động", "Ngành, lĩnh vực", "Ngành nghề"}, a(func(x *data.Association) *string { return &x.Field })),
		boolField("assigned", "Được Đảng, Nhà nước giao nhiệm vụ", []string{"Giao nhiệm vụ", "Hội được giao nhiệm vụ", "Hội được Đảng, Nhà nước giao nhiệm vụ"}, func(r *hoiRow) *bool { return &r.A.Assigned }),
		boolField("special", "Hội đặc thù", []string{"Đặc thù"}, func(r *hoiRow) *bool { return &r.A.Special }),
		textField("founding.number", "Số quyết định thành lập", []string{"Quyết định thành lập / Số", "Số QĐ thành lập", "QĐ thành lập / Số", "Quyết định thành lập", "Số, ký hiệu quyết định thành lập"}, a(func(x *data.Association) *string { return &x.Founding.Number })),
		dateField("founding.date", "Ngày thành lập", []string{"Quyết định thành lập / Ngày", "Ngày quyết định thành lập", "QĐ thành lập / Ngày", "Năm thành lập", "Ngày, tháng, năm thành lập", "Quyết định thành lập / Ngày ban hành"}, true, d(func(x *data.Association) *data.Date { return &x.Founding.Date })),
		textField("founding.issuer", "Cơ quan ra quyết định thành lập", []string{"Quyết định thành lập / Cơ quan ban hành", "Quyết định thành lập / Cơ quan ký", "Cơ quan quyết định thành lập"}, a(func(x *data.Association) *string { return &x.Founding.Issuer })),
		textField("charter.number", "Số quyết định phê duyệt điều lệ", []string{"Quyết định phê duyệt điều lệ / Số", "Điều lệ / Số", "Số QĐ phê duyệt điều lệ", "Quyết định phê duyệt điều lệ"}, a(func(x *data.Association) *string { return &x.Charter.Number })),
		dateField("charter.date", "Ngày phê duyệt điều lệ", []string{"Quyết định phê duyệt điều lệ / Ngày", "Điều lệ / Ngày", "Ngày QĐ phê duyệt điều lệ"}, false, d(func(x *data.Association) *data.Date { return &x.Charter.Date })),
		textField("managing_body", "Cơ quan quản lý ngành", []string{"Cơ quan quản lý nhà nước", "Cơ quan quản lý", "Cơ quan chủ quản"}, a(func(x *data.Association) *string { return &x.ManagingBody })),
		textField("address", "Địa chỉ", []string{"Địa chỉ trụ sở", "Trụ sở", "Trụ sở làm việc"}, a(func(x *data.Association) *string { return &x.Address })),
		textField("phone", "Điện thoại", []string{"Số điện thoại", "ĐT", "SĐT"}, a(func(x *data.Association) *string { return &x.Phone })),
		textField("email", "Thư điện tử", []string{"Email", "E-mail"}, a(func(x *data.Association) *string { return &x.Email })),
		ordinalField("congress_number", "Đại hội lần thứ", []string{"Nhiệm kỳ thứ", "Số lần đại hội", "Đại hội", "Nhiệm kỳ / Lần thứ", "Nhiệm kỳ / Khóa"}, n(func(x *data.Association) *int { return &x.CongressNumber })),
		dateField("term_start", "Bắt đầu nhiệm kỳ", []string{"Nhiệm kỳ / Từ", "Nhiệm kỳ / Từ ngày", "Nhiệm kỳ / Bắt đầu", "Ngày bắt đầu nhiệm kỳ", "Nhiệm kỳ từ"}, false, d(func(x *data.Association) *data.Date { return &x.TermStart })),
		dateField("term_end", "Kết thúc nhiệm kỳ", []string{"Nhiệm kỳ / Đến", "Nhiệm kỳ / Đến ngày", "Nhiệm kỳ / Kết thúc", "Ngày kết thúc nhiệm kỳ", "Hết nhiệm kỳ", "Nhiệm kỳ đến"}, false, d(func(x *data.Association) *data.Date { return &x.TermEnd })),
		dateField("last_congress", "Ngày đại hội gần nhất", []string{"Đại hội gần nhất", "Ngày đại hội", "Ngày tổ chức đại hội"}, false, d(func(x *data.Association) *data.Date { return &x.LastCongress })),
		dateField("next_congress", "Ngày đại hội tới", []string{"Đại hội tới", "Dự kiến đại hội", "Dự kiến đại hội nhiệm kỳ tới"}, false, d(func(x *data.Association) *data.Date { return &x.NextCongress })),
		choiceField("party_org", "Tổ chức đảng", []string{"Tổ chức Đảng trong hội"}, []data.PartyOrg{data.PartyOrgCell, data.PartyOrgCommitee, data.PartyOrgNone}, data.PartyOrg.Label, func(r *hoiRow) *data.PartyOrg { return &r.A.PartyOrg }),
		intField("party_members", "Số đảng viên", []string{"Đảng viên", "Tổng số đảng viên"}, 10_000_000, n(func(x *data.Association) *int { return &x.PartyMembers })),
		intField("full_time_staff", "Số cán bộ chuyên trách", []string{"Cán bộ chuyên trách", "Biên chế", "Số biên chế"}, 100_000, n(func(x *data.Association) *int { return &x.FullTimeStaff })),
		intField("contract_staff", "Số người làm việc theo hợp đồng", []string{"Hợp đồng", "Lao động hợp đồng", "Số lao động hợp đồng"}, 100_000, n(func(x *data.Association) *int { return &x.ContractStaff })),
		textField("followed_by", "Ủy viên Ban Thường vụ theo dõi", []string{"Đồng chí theo dõi", "Người theo dõi", "Lãnh đạo theo dõi"}, a(func(x *data.Association) *string { return &x.FollowedBy })),
		choiceField("status", "Tình trạng", []string{"Tình trạng hoạt động", "Trạng thái"}, data.Statuses, data.Status.Label, func(r *hoiRow) *data.Status { return &r.A.Status }),
		multilineField("note", "Ghi chú", nil, a(func(x *data.Association) *string { return &x.Note })),
		textField("president", "Chủ tịch", []string{"Người đứng đầu", "Họ tên Chủ tịch", "Chủ tịch hội", "Họ và tên Chủ tịch"}, func(r *hoiRow) *string { return &r.President }),
		blankZero(intField("members", "Số hội viên", []string{"Tổng số hội viên", "Hội viên", "Số lượng hội viên"}, 100_000_000, func(r *hoiRow) *int { return &r.Members })),
	}
}

func hoiSpec() *kindSpec {
	bs := hoiBindings()
	return &kindSpec{fields: fields(bs), required: "name", rows: func(ctx context.Context, s *store.Store, p *Preview, cells []*rowCells, opts Options) error {
		idx, err := loadAssociations(ctx, s, opts.Year)
		if err != nil {
			return err
		}
		idx.decisions = opts.Decisions
		// Each row's cells are bound to a record (and the record a new row would
		// make is drafted) on another goroutine ahead of the matching, which depends
		// on the rows before.
		return data.Ahead(ctx, cells, func(rc *rowCells) *boundHoi {
			b := &boundHoi{}
			bind(rc, bs, &b.in)
			b.key = nameKey(b.in.A.Name)
			if b.in.A.ID == "" {
				b.draft = idx.draft(&b.in)
			}
			return b
		}, func(rc *rowCells, b *boundHoi) error {
			finish(p, rc, idx.row(rc, b, bs))
			return nil
		})
	}}
}

// assocIndex finds existing associations by id, by folded name and scope, and by near
// names.
type assocIndex struct {
	office string
	scope  data.Scope
	byID   map[string]*data.Association
	byKey  map[string]*data.Association
	// halves indexes name keys by their first and last halves: two names one typing
	// slip apart share one of them.
	halves map[string][]*data.Association
	keys   map[*data.Association]string
	// inFile remembers the rows of this file by name key, to catch a name twice.
	inFile map[string]int
	// figures of the year, by association id, for the member count.
	year    int
	figures map[string]*data.YearlyFigure
	leaders map[string][]*data.Leader
	// decisions are the clerk's choices for near-duplicate rows (Options.Decisions).
	decisions map[int]string
}

func loadAssociations(ctx context.Context, s *store.Store, year int) (*assocIndex, error) {
	if year == 0 {
		year = s.Today().Year()
	}
	all, err := store.List[data.Association](ctx, s, "", nil)
	if err != nil {
		return nil, err
	}
	idx := &assocIndex{office: s.Office(), scope: data.ScopeProvince, byID: map[string]*data.Association{}, byKey: map[string]*data.Association{},
		halves: map[string][]*data.Association{}, keys: map[*data.Association]string{}, inFile: map[string]int{},
		year: year, figures: map[string]*data.YearlyFigure{}, leaders: map[string][]*data.Leader{}}
	if o, err := s.OwnOffice(ctx); err == nil {
		idx.scope = data.Scope(o.Level)
	}
	for _, a := range all {
		idx.add(a)
	}
	figs, err := store.List[data.YearlyFigure](ctx, s, "year", idx.year)
	if err != nil {
		return nil, err
	}
	for _, f := range figs {
		idx.figures[f.Association] = f
	}
	leaders, err := store.List[data.Leader](ctx, s, "", nil)
	if err != nil {
		return nil, err
	}
	for _, l := range leaders {
		idx.leaders[l.Association] = append(idx.leaders[l.Association], l)
	}
	return idx, nil
}

func (idx *assocIndex) add(a *data.Association) {
	k := nameKey(a.Name)
	idx.byID[a.ID] = a
	idx.byKey[string(a.Scope)+"|"+k] = a
	idx.keys[a] = k
	n := len(k)
	idx.halves[fmt.Sprintf("P%d|%s", n, k[:n/2])] = append(idx.halves[fmt.Sprintf("P%d|%s", n, k[:n/2])], a)
	idx.halves[fmt.Sprintf("S%d|%s", n, k[n-n/2:])] = append(idx.halves[fmt.Sprintf("S%d|%s", n, k[n-n/2:])], a)
}

// nameKey is the form under which two association names count as the same: folded,
// letters and digits only, single spaces.
func nameKey(name string) string {
	var b strings.Builder
	space := false
	for _, r := range data.Fold(name) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		} else {
			space = true
		}
	}
	return b.String()
}

// near lists existing associations of the scope whose name is one typing slip from key.
func (idx *assocIndex) near(key string, scope data.Scope) []*data.Association {
	if len(key) < 10 {
		return nil
	}
	seen := map[*data.Association]bool{}
	var out []*data.Association
	m := len(key)
	for n := m - 1; n <= m+1; n++ {
		if n/2 > m {
			continue
		}
		for _, b := range []string{fmt.Sprintf("P%d|%s", n, key[:n/2]), fmt.Sprintf("S%d|%s", n, key[m-n/2:])} {
			for _, a := range idx.halves[b] {
				if !seen[a] && a.Scope == scope && data.OneSlip(idx.keys[a], key) {
					seen[a] = true
					out = append(out, a)
				}
			}
		}
	}
	return out
}

// boundHoi is an association row's cells bound to a record, with its name key and,
// for a row without id, the association it would create.
type boundHoi struct {
	in    hoiRow
	key   string
	draft data.Association
}

// row makes the preview of one association row.
func (idx *assocIndex) row(rc *rowCells, b *boundHoi, bs []binding[hoiRow]) Row {
	in := b.in
	r := Row{Name: in.A.Name}
	if len(rc.errs) > 0 {
		return r
	}
	if in.A.ID != "" && idx.byID[in.A.ID] == nil {
		// An id from another database (a province's list given to a commune, an office
		// on a new machine): the row is matched by name and scope like any other.
		r.Messages = append(r.Messages, fmt.Sprintf("Dòng %d: mã “%s” là mã của cơ sở dữ liệu khác — ghép theo tên.", rc.line, shortID(in.A.ID)))
		in.A.ID = ""
		b.draft = idx.draft(&in)
	}
	existing := idx.match(rc, &in, b.key)
	if len(rc.errs) > 0 {
		return r
	}
	if existing == nil {
		if id := idx.decisions[rc.line]; id != "" && id != DecideNew {
			// The clerk said which existing association a near-duplicate row is about.
			if existing = idx.byID[id]; existing == nil {
				rc.fail("name", fmt.Sprintf("không có hội mã “%s” để cập nhật", id))
				return r
			}
			return idx.update(rc, &in, existing, bs, r) // keeps the existing spelling of the name
		}
		return idx.create(rc, &in, b, r)
	}
	return idx.update(rc, &in, existing, bs, r)
}

// match finds the existing association the row is about: by id, else by name (its
// key) and scope.
func (idx *assocIndex) match(rc *rowCells, in *hoiRow, key string) *data.Association {
	if in.A.ID != "" {
		return idx.byID[in.A.ID]
	}
	if in.A.Name == "" {
		rc.fail("name", "chưa có tên hội")
		return nil
	}
	scope := in.A.Scope
	if scope == "" {
		scope = idx.scope
	}
	if first, ok := idx.inFile[string(scope)+"|"+key]; ok {
		rc.fail("name", fmt.Sprintf("tên hội trùng với dòng %d của tệp", first))
		return nil
	}
	idx.inFile[string(scope)+"|"+key] = rc.line
	return idx.byKey[string(scope)+"|"+key]
}

// draft is the association a row without id would create: the office's scope and area
// unless the row says otherwise, and a new id.
func (idx *assocIndex) draft(in *hoiRow) data.Association {
	a := in.A
	if a.Scope == "" {
		a.Scope = idx.scope
	}
	if a.Area == "" {
		a.Area = idx.office
	}
	a.ID = data.NewID()
	return a
}

func (idx *assocIndex) create(rc *rowCells, in *hoiRow, b *boundHoi, r Row) Row {
	a := b.draft
	if near := idx.near(b.key, a.Scope); len(near) > 0 && idx.decisions[rc.line] != DecideNew {
		for _, n := range near {
			r.Near = append(r.Near, n.Name)
			r.NearIDs = append(r.NearIDs, n.ID)
		}
		r.Action = Skip
		r.Messages = append(r.Messages, fmt.Sprintf("Dòng %d: tên gần trùng với hội đã có “%s”; không nhập dòng này. Nếu đúng là hội đó, hãy ghi mã (id) của hội vào tệp; nếu là hội khác, hãy sửa tên cho rõ.", rc.line, near[0].Name))
		return r
	}
	check := a
	problems(rc, checkRecord(&check), func(f string) string { return f })
	if len(rc.errs) > 0 {
		return r
	}
	r.Action, r.Name = Create, a.Name
	r.creates = append(r.creates, &a)
	extras, _ := idx.extras(rc, in, &a, nil)
	r.creates = append(r.creates, extras...)
	return r
}

func (idx *assocIndex) update(rc *rowCells, in *hoiRow, existing *data.Association, bs []binding[hoiRow], r Row) Row {
	if existing.Office != idx.office {
		rc.fail("name", fmt.Sprintf("hội “%s” do đơn vị %s quản lý; bảng tính của đơn vị này không sửa được hội đó", existing.Name, existing.Office))
		return r
	}
	before := hoiRow{A: *existing}
	after := hoiRow{A: *existing}
	bind(rc, bs, &after)
	after.A.ID = existing.ID
	if in.A.ID == "" {
		after.A.Name = existing.Name // matched by the folded name: keep its spelling
	}
	r.Target, r.Name = existing.ID, existing.Name
	check := after.A
	problems(rc, checkRecord(&check), func(f string) string { return f })
	if len(rc.errs) > 0 {
		return r
	}
	var fieldsChanged []change
	for _, c := range changes(bs, &before, &after) {
		if c.Label != "Chủ tịch" && c.Label != "Số hội viên" {
			fieldsChanged = append(fieldsChanged, c)
		}
	}
	var updates []data.Record
	if len(fieldsChanged) > 0 {
		a := after.A
		updates = append(updates, &a)
	}
	extras, more := idx.extras(rc, in, existing, &updates)
	r.Changed = describe(append(fieldsChanged, more...))
	if len(updates) == 0 && len(extras) == 0 {
		r.Action = Skip
		r.Messages = append(r.Messages, fmt.Sprintf("Dòng %d: giống hệt dữ liệu đã có, không có gì thay đổi.", rc.line))
		return r
	}
	r.Action, r.creates, r.updates = Update, extras, updates
	return r
}

// extras makes the president and this year's member count the row carries: new records
// are returned, changed ones appended to updates.
// The figures row of the year is the only one the sheet writes: one row per
// association and year (an existing row is updated, never doubled).
func (idx *assocIndex) extras(rc *rowCells, in *hoiRow, a *data.Association, updates *[]data.Record) ([]data.Record, []change) {
	var out []data.Record
	var said []change
	if in.President != "" && !idx.hasLeader(a.ID, in.President) {
		out = append(out, &data.Leader{Association: a.ID, Term: a.CongressNumber, Position: "Chủ tịch", Name: in.President, From: a.TermStart, To: a.TermEnd})
		said = append(said, change{"Chủ tịch (thêm)", "", in.President})
	}
	if _, ok := rc.vals["members"]; ok {
		label := fmt.Sprintf("Số hội viên năm %d", idx.year)
		if f := idx.figures[a.ID]; f != nil && updates != nil {
			if f.Members != in.Members {
				c := *f
				c.Members = in.Members
				problems(rc, checkRecord(&c), func(string) string { return "members" })
				*updates = append(*updates, &c)
				said = append(said, change{label, strconv.Itoa(f.Members), strconv.Itoa(in.Members)})
			}
		} else if f == nil {
			fig := &data.YearlyFigure{Association: a.ID, Year: idx.year, Members: in.Members, PartyMembers: min(a.PartyMembers, in.Members)}
			out = append(out, fig)
			said = append(said, change{label, "", strconv.Itoa(in.Members)})
		}
	}
	return out, said
}

func (idx *assocIndex) hasLeader(assoc, name string) bool {
	for _, l := range idx.leaders[assoc] {
		if nameKey(l.Name) == nameKey(name) {
			return true
		}
	}
	return false
}

// checkRecord cleans a copy of a record and checks its own rules.
func checkRecord(r data.Record) error { return data.Check(r) }

// shortID is the first part of a record id, enough for a clerk to tell ids apart.
func shortID(id string) string {
	if i := strings.IndexByte(id, '-'); i > 0 {
		return id[:i] + "…"
	}
	return id
}
