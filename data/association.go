package data

import (
	"regexp"
	"strings"
)

// Scope is the territorial scope of an association.
type Scope string

// Scopes.
const (
	ScopeProvince Scope = "tinh"
	ScopeDistrict Scope = "huyen"
	ScopeCommune  Scope = "xa"
)

// Scopes lists the scopes in display order.
var Scopes = []Scope{ScopeProvince, ScopeDistrict, ScopeCommune}

// Label is the Vietnamese name of the scope.
func (s Scope) Label() string { return Level(s).Label() }

// Status is an association's legal status.
type Status string

// Statuses (NĐ 126/2024 and the reorganisation events).
const (
	StatusActive    Status = "hoat_dong"
	StatusSuspended Status = "dinh_chi"
	StatusDissolved Status = "giai_the"
	StatusMerged    Status = "hop_nhat" // merged with others into a new association
	StatusAbsorbed  Status = "sap_nhap" // absorbed into another association
	StatusDivided   Status = "chia"
	StatusSplit     Status = "tach"
)

// Statuses lists every status in display order.
var Statuses = []Status{StatusActive, StatusSuspended, StatusDissolved, StatusMerged, StatusAbsorbed, StatusDivided, StatusSplit}

// Label is the Vietnamese name of the status.
func (s Status) Label() string {
	switch s {
	case StatusActive:
		return "Đang hoạt động"
	case StatusSuspended:
		return "Đình chỉ có thời hạn"
	case StatusDissolved:
		return "Giải thể"
	case StatusMerged:
		return "Hợp nhất"
	case StatusAbsorbed:
		return "Sáp nhập"
	case StatusDivided:
		return "Chia"
	case StatusSplit:
		return "Tách"
	}
	return string(s)
}

// PartyOrg is the kind of Party organisation inside an association.
type PartyOrg string

// Party organisations.
const (
	PartyOrgNone     PartyOrg = ""
	PartyOrgCell     PartyOrg = "chi_bo"
	PartyOrgCommitee PartyOrg = "dang_bo"
)

// Label is the Vietnamese name of the Party organisation.
func (p PartyOrg) Label() string {
	switch p {
	case PartyOrgCell:
		return "Chi bộ"
	case PartyOrgCommitee:
		return "Đảng bộ"
	}
	return "Không có"
}

// Decision is a legal decision referenced by a record (founding, charter approval).
type Decision struct {
	Number string `json:"number,omitempty"` // "123/QĐ-UBND"
	Date   Date   `json:"date"`
	Issuer string `json:"issuer,omitempty"`
}

// Association (hội) is a mass association and its current state.
type Association struct {
	Meta
	Name      string `json:"name"`
	ShortName string `json:"short_name,omitempty"`
	Scope     Scope  `json:"scope"`
	// Area is the code of the office whose territory the association covers.
	Area  string `json:"area,omitempty"`
	Field string `json:"field,omitempty"` // lĩnh vực: "Nhân đạo", "Khuyến học", …
	// Assigned marks an association assigned tasks by the Party and State (NĐ 126 Ch. VI);
	// AssignedBy is the assigning document. Special keeps the pre-2024 "đặc thù" flag.
	Assigned     bool     `json:"assigned"`
	AssignedBy   string   `json:"assigned_by,omitempty"`
	Special      bool     `json:"special,omitempty"`
	Founding     Decision `json:"founding"`
	Charter      Decision `json:"charter"`
	ManagingBody string   `json:"managing_body,omitempty"` // cơ quan quản lý ngành
	Address      string   `json:"address,omitempty"`
	Phone        string   `json:"phone,omitempty"`
	Email        string   `json:"email,omitempty"`
	// The current congress term.
	CongressNumber int      `json:"congress_number,omitempty"` // đại hội lần thứ
	TermStart      Date     `json:"term_start"`
	TermEnd        Date     `json:"term_end"`
	LastCongress   Date     `json:"last_congress"`
	NextCongress   Date     `json:"next_congress"`
	PartyOrg       PartyOrg `json:"party_org,omitempty"`
	PartyMembers   int      `json:"party_members"`
	FullTimeStaff  int      `json:"full_time_staff"`
	ContractStaff  int      `json:"contract_staff"`
	// FollowedBy is the Standing Committee member assigned to follow it (TB 558-TB/TU).
	FollowedBy string `json:"followed_by,omitempty"`
	Status     Status `json:"status"`
	// MergedInto is the association this one was merged or absorbed into.
	MergedInto string `json:"merged_into,omitempty"`
	// SplitFrom is the association this one was divided or split from.
	SplitFrom string `json:"split_from,omitempty"`
	Note      string `json:"note,omitempty"`
}

// Kind implements Record.
func (*Association) Kind() Kind { return KindAssociation }

func (a *Association) Clean() {
	a.Name = Clean(a.Name)
	a.ShortName = Clean(a.ShortName)
	a.Area = Clean(a.Area)
	a.Field = Clean(a.Field)
	a.AssignedBy = Clean(a.AssignedBy)
	a.Founding.Number = cleanDecisionNumber(a.Founding.Number)
	a.Founding.Issuer = Clean(a.Founding.Issuer)
	a.Charter.Number = cleanDecisionNumber(a.Charter.Number)
	a.Charter.Issuer = Clean(a.Charter.Issuer)
	a.ManagingBody = Clean(a.ManagingBody)
	a.Address = Clean(a.Address)
	a.Phone = Clean(a.Phone)
	a.Email = Clean(a.Email)
	a.FollowedBy = Clean(a.FollowedBy)
	a.Note = CleanMultiline(a.Note)
	if a.Status == "" {
		a.Status = StatusActive
	}
}

// cleanDecisionNumber removes the spaces people type around separators: "123 / QĐ - UBND".
func cleanDecisionNumber(s string) string {
	s = Clean(s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "Số:"), "Số")
	return strings.ReplaceAll(strings.TrimSpace(s), " ", "")
}

// decisionNumber accepts the State form "123/QĐ-UBND" or "45/2010/QĐ-UBND" and the
// Party form "15-QĐ/TU": a number, then symbol groups of capitals and digits.
var decisionNumber = regexp.MustCompile(`^[0-9]{1,5}(/[0-9]{4})?[/-][\p{Lu}0-9]+([/-][\p{Lu}0-9]+)*$`)

// MaxTermYears is the longest congress term the law allows.
const MaxTermYears = 5

// Validate checks the association's own rules. The near-duplicate name check needs the
// other associations and is done by the store.
func (a *Association) Validate() error {
	var p Problems
	if a.Name == "" {
		p.Add("ErrNameRequired", "name", "Chưa nhập tên hội.")
	} else if len([]rune(a.Name)) > 300 {
		p.Add("ErrNameTooLong", "name", "Tên hội dài quá 300 ký tự; hãy rút gọn.")
	}
	if a.Scope != ScopeProvince && a.Scope != ScopeDistrict && a.Scope != ScopeCommune {
		p.Add("ErrScopeInvalid", "scope", "Phạm vi hoạt động phải là tỉnh, huyện hoặc xã.")
	}
	valid := false
	for _, s := range Statuses {
		valid = valid || s == a.Status
	}
	if !valid {
		p.Add("ErrStatusInvalid", "status", "Tình trạng hội không hợp lệ.")
	}
	if a.Founding.Number != "" && !decisionNumber.MatchString(a.Founding.Number) {
		p.Add("ErrFoundingNumberInvalid", "founding.number", "Số quyết định thành lập không đúng dạng. Ví dụ đúng: 123/QĐ-UBND, 45/2010/QĐ-UBND hoặc 15-QĐ/TU.")
	}
	if a.Charter.Number != "" && !decisionNumber.MatchString(a.Charter.Number) {
		p.Add("ErrCharterNumberInvalid", "charter.number", "Số quyết định phê duyệt điều lệ không đúng dạng. Ví dụ đúng: 124/QĐ-UBND.")
	}
	if !a.Founding.Date.IsZero() && !a.Charter.Date.IsZero() && a.Charter.Date.Before(a.Founding.Date) {
		p.Add("ErrCharterBeforeFounding", "charter.date", "Ngày phê duyệt điều lệ không thể trước ngày quyết định thành lập.")
	}
	if !a.TermStart.IsZero() && !a.TermEnd.IsZero() {
		if !a.TermStart.Before(a.TermEnd) {
			p.Add("ErrTermDatesOrder", "term_end", "Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu.")
		} else if a.TermEnd.After(a.TermStart.AddYears(MaxTermYears)) {
			p.Add("ErrTermTooLong", "term_end", "Nhiệm kỳ đại hội không được quá 5 năm.")
		}
	}
	if !a.Founding.Date.IsZero() && !a.TermStart.IsZero() && a.TermStart.Before(a.Founding.Date) {
		p.Add("ErrTermBeforeFounding", "term_start", "Nhiệm kỳ không thể bắt đầu trước ngày thành lập hội.")
	}
	if !a.LastCongress.IsZero() && !a.NextCongress.IsZero() && !a.LastCongress.Before(a.NextCongress) {
		p.Add("ErrCongressDatesOrder", "next_congress", "Ngày đại hội tới phải sau ngày đại hội gần nhất.")
	}
	if a.CongressNumber < 0 {
		p.Add("ErrCountNegative", "congress_number", "Số lần đại hội không được âm.")
	}
	for _, c := range []struct {
		field string
		n     int
		label string
	}{{"party_members", a.PartyMembers, "Số đảng viên"}, {"full_time_staff", a.FullTimeStaff, "Số cán bộ chuyên trách"}, {"contract_staff", a.ContractStaff, "Số người làm việc theo hợp đồng"}} {
		if c.n < 0 {
			p.Add("ErrCountNegative", c.field, c.label+" không được âm.")
		}
	}
	if a.MergedInto != "" && a.MergedInto == a.ID {
		p.Add("ErrLineageSelf", "merged_into", "Hội không thể hợp nhất vào chính nó.")
	}
	if (a.Status == StatusMerged || a.Status == StatusAbsorbed) && a.MergedInto == "" {
		p.Add("ErrMergedIntoRequired", "merged_into", "Hội đã hợp nhất hoặc sáp nhập: hãy chọn hội tiếp nhận.")
	}
	if a.Email != "" && !strings.Contains(a.Email, "@") {
		p.Add("ErrEmailInvalid", "email", "Địa chỉ thư điện tử không đúng dạng.")
	}
	return p.Err()
}

func (a *Association) Columns() []Column {
	var assigned int
	if a.Assigned {
		assigned = 1
	}
	names := a.Name
	if a.ShortName != "" {
		names += " " + a.ShortName
	}
	return []Column{
		{"name_lower", Lower(names)},
		{"name_fold", Fold(names)},
		{"sort_key", SortKey(a.Name)},
		{"scope", string(a.Scope)},
		{"area", a.Area},
		{"field", a.Field},
		{"status", string(a.Status)},
		{"assigned", assigned},
		{"term_end", a.TermEnd.ISO()},
	}
}

// nameKey is the form under which two association names count as the same.
func nameKey(name string) string {
	f := Fold(name)
	var b strings.Builder
	for _, r := range f {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 {
			b.WriteRune(r)
		} else if b.Len() > 0 && !strings.HasSuffix(b.String(), " ") {
			b.WriteByte(' ')
		}
	}
	return strings.TrimSpace(b.String())
}

// NearDuplicate reports whether two association names are the same but for case,
// diacritics, punctuation or one typing slip.
func NearDuplicate(a, b string) bool {
	ka, kb := nameKey(a), nameKey(b)
	if ka == kb {
		return ka != ""
	}
	if len(ka) < 10 || len(kb) < 10 {
		return false
	}
	return OneSlip(ka, kb)
}

// OneSlip reports whether two name keys are one typing slip (a letter added, dropped
// or changed) or nothing apart.
func OneSlip(a, b string) bool {
	if a == b {
		return true
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if len(a) == len(b) {
		return a[i+1:] == b[i+1:]
	}
	return a[i:] == b[i+1:]
}
