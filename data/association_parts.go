package data

import (
	"fmt"
	"strings"
)

// EventKind is a kind of event in an association's life.
type EventKind string

// Event kinds.
const (
	EventFounding    EventKind = "thanh_lap"
	EventCongress    EventKind = "dai_hoi"
	EventRenaming    EventKind = "doi_ten"
	EventMerger      EventKind = "hop_nhat"
	EventAbsorption  EventKind = "sap_nhap"
	EventDivision    EventKind = "chia"
	EventSplit       EventKind = "tach"
	EventSuspension  EventKind = "dinh_chi"
	EventDissolution EventKind = "giai_the"
)

// EventKinds lists the event kinds in display order.
var EventKinds = []EventKind{EventFounding, EventCongress, EventRenaming, EventMerger, EventAbsorption, EventDivision, EventSplit, EventSuspension, EventDissolution}

// Label is the Vietnamese name of the event kind.
func (k EventKind) Label() string {
	switch k {
	case EventFounding:
		return "Thành lập"
	case EventCongress:
		return "Đại hội"
	case EventRenaming:
		return "Đổi tên"
	case EventMerger:
		return "Hợp nhất"
	case EventAbsorption:
		return "Sáp nhập"
	case EventDivision:
		return "Chia"
	case EventSplit:
		return "Tách"
	case EventSuspension:
		return "Đình chỉ"
	case EventDissolution:
		return "Giải thể"
	}
	return string(k)
}

// AssociationEvent is a dated event of an association: founding, congress, renaming,
// merger, split, suspension, dissolution. Related lists the other associations of a
// reorganisation: for a merger, the association merged into; for a split, the new ones.
type AssociationEvent struct {
	Meta
	Association string    `json:"association"`
	EventKind   EventKind `json:"event_kind"`
	Date        Date      `json:"date"`
	Decision    string    `json:"decision,omitempty"`
	Related     []string  `json:"related,omitempty"`
	Note        string    `json:"note,omitempty"`
}

// Kind implements Record.
func (*AssociationEvent) Kind() Kind { return KindEvent }

func (e *AssociationEvent) Clean() {
	e.Decision = cleanDecisionNumber(e.Decision)
	e.Note = CleanMultiline(e.Note)
}

// Validate checks the event's own rules.
func (e *AssociationEvent) Validate() error {
	var p Problems
	if e.Association == "" {
		p.Add("ErrAssociationRequired", "association", "Chưa chọn hội.")
	}
	known := false
	for _, k := range EventKinds {
		known = known || k == e.EventKind
	}
	if !known {
		p.Add("ErrEventKindInvalid", "event_kind", "Loại sự kiện không hợp lệ.")
	}
	if e.Date.IsZero() {
		p.Add("ErrDateRequired", "date", "Chưa nhập ngày của sự kiện.")
	}
	needsRelated := e.EventKind == EventMerger || e.EventKind == EventAbsorption || e.EventKind == EventDivision || e.EventKind == EventSplit
	if needsRelated && len(e.Related) == 0 {
		p.Add("ErrRelatedRequired", "related", "Sự kiện hợp nhất, sáp nhập, chia, tách phải ghi rõ hội liên quan.")
	}
	for _, r := range e.Related {
		if r == e.Association {
			p.Add("ErrLineageSelf", "related", "Hội liên quan không thể là chính hội này.")
		}
	}
	return p.Err()
}

func (e *AssociationEvent) Columns() []Column {
	return []Column{{"association", e.Association}, {"date", e.Date.ISO()}}
}

// Leader is a leader of an association in one congress term. Personal data.
type Leader struct {
	Meta
	Association string `json:"association"`
	Term        int    `json:"term"` // congress number
	Position    string `json:"position"`
	Name        string `json:"name"`
	BirthYear   int    `json:"birth_year,omitempty"`
	Gender      string `json:"gender,omitempty"` // "Nam", "Nữ"
	PartyMember bool   `json:"party_member"`
	Phone       string `json:"phone,omitempty"`
	From        Date   `json:"from"`
	To          Date   `json:"to"`
}

// Kind implements Record.
func (*Leader) Kind() Kind { return KindLeader }

func (l *Leader) Clean() {
	l.Position = Clean(l.Position)
	l.Name = Clean(l.Name)
	l.Gender = Clean(l.Gender)
	l.Phone = Clean(l.Phone)
}

// Validate checks the leader's own rules.
func (l *Leader) Validate() error {
	var p Problems
	if l.Association == "" {
		p.Add("ErrAssociationRequired", "association", "Chưa chọn hội.")
	}
	if l.Name == "" {
		p.Add("ErrLeaderNameRequired", "name", "Chưa nhập họ và tên.")
	}
	if l.Position == "" {
		p.Add("ErrPositionRequired", "position", "Chưa nhập chức vụ.")
	}
	if l.BirthYear != 0 && (l.BirthYear < 1900 || l.BirthYear > 2100) {
		p.Add("ErrBirthYearInvalid", "birth_year", "Năm sinh không hợp lệ (ví dụ 1965).")
	}
	if l.Term < 0 {
		p.Add("ErrCountNegative", "term", "Nhiệm kỳ không được âm.")
	}
	if !l.From.IsZero() && !l.To.IsZero() && l.To.Before(l.From) {
		p.Add("ErrDatesOrder", "to", "Ngày thôi giữ chức phải sau ngày bắt đầu.")
	}
	return p.Err()
}

func (l *Leader) Columns() []Column { return []Column{{"association", l.Association}} }

// YearlyFigure holds an association's figures for one year.
type YearlyFigure struct {
	Meta
	Association  string `json:"association"`
	Year         int    `json:"year"`
	Members      int    `json:"members"`
	NewMembers   int    `json:"new_members"`
	PartyMembers int    `json:"party_members"`
	Branches     int    `json:"branches"` // chi hội, tổ chức trực thuộc
	// Income of the year by source, as Decree 126/2024/NĐ-CP lists an association's
	// revenue, in đồng: membership dues (hội phí), income from the association's own
	// activities and services, donations and sponsorship (tài trợ, ủng hộ), the State's
	// support (Budget, kept under its old JSON name), and other lawful income.
	IncomeDues       int64 `json:"income_dues,omitempty"`
	IncomeActivities int64 `json:"income_activities,omitempty"`
	IncomeDonations  int64 `json:"income_donations,omitempty"`
	// Budget is the State budget support of the year (hỗ trợ của Nhà nước), in đồng.
	Budget      int64 `json:"budget"`
	IncomeOther int64 `json:"income_other,omitempty"`
	// Spending is the year's total spending (tổng chi), in đồng.
	Spending   int64  `json:"spending,omitempty"`
	Activities string `json:"activities,omitempty"`
	Awards     string `json:"awards,omitempty"`
	// ReportedOn is the day the annual report was submitted.
	ReportedOn Date `json:"reported_on"`
}

// Kind implements Record.
func (*YearlyFigure) Kind() Kind { return KindYearlyFigure }

// MaxAmount bounds every sum of money a record holds: under 10^15 đồng (a million
// billion). An amount at or above it is a typing slip or a hostile sender, never a
// real association's year.
const MaxAmount int64 = 1_000_000_000_000_000

// Income is the year's total income, the sum of the sources (each below MaxAmount, so
// the sum cannot overflow once the figures are valid).
func (y *YearlyFigure) Income() int64 {
	return y.IncomeDues + y.IncomeActivities + y.IncomeDonations + y.Budget + y.IncomeOther
}

// HasFinances says whether any income or spending is recorded for the year.
func (y *YearlyFigure) HasFinances() bool {
	return y.IncomeDues != 0 || y.IncomeActivities != 0 || y.IncomeDonations != 0 || y.Budget != 0 || y.IncomeOther != 0 || y.Spending != 0
}

func (y *YearlyFigure) Clean() {
	y.Activities = CleanMultiline(y.Activities)
	y.Awards = CleanMultiline(y.Awards)
}

// Validate checks the figures' own rules.
func (y *YearlyFigure) Validate() error {
	var p Problems
	if y.Association == "" {
		p.Add("ErrAssociationRequired", "association", "Chưa chọn hội.")
	}
	if y.Year < 1945 || y.Year > 2100 {
		p.Add("ErrYearInvalid", "year", "Năm số liệu không hợp lệ.")
	}
	if y.Members == 0 && y.NewMembers == 0 && y.PartyMembers == 0 && y.Branches == 0 && y.Income() == 0 && y.Spending == 0 &&
		strings.TrimSpace(y.Activities+y.Awards) == "" && y.ReportedOn.IsZero() {
		// A row of nothing printed as a row of zeros everywhere.
		p.Add("ErrFigureEmpty", "members", "Chưa nhập số liệu nào của năm này; hãy nhập ít nhất một số liệu (số hội viên, thu chi…) hoặc bỏ qua.")
	}
	for _, c := range []struct {
		field, label string
		n            int64
	}{
		{"members", "Số hội viên", int64(y.Members)},
		{"new_members", "Số hội viên mới", int64(y.NewMembers)},
		{"party_members", "Số đảng viên", int64(y.PartyMembers)},
		{"branches", "Số chi hội", int64(y.Branches)},
	} {
		if c.n < 0 {
			p.Add("ErrCountNegative", c.field, c.label+" không được âm.")
		}
	}
	for _, c := range []struct {
		field, label string
		n            int64
	}{
		{"income_dues", "Thu hội phí", y.IncomeDues},
		{"income_activities", "Thu từ hoạt động", y.IncomeActivities},
		{"income_donations", "Thu tài trợ, ủng hộ", y.IncomeDonations},
		{"budget", "Hỗ trợ của Nhà nước", y.Budget},
		{"income_other", "Thu hợp pháp khác", y.IncomeOther},
		{"spending", "Tổng chi", y.Spending},
	} {
		switch {
		case c.n < 0:
			p.Add("ErrAmountNegative", c.field, c.label+" không được âm.")
		case c.n >= MaxAmount:
			p.Add("ErrAmountTooLarge", c.field, c.label+" "+FormatInt(c.n)+" đồng là quá lớn (phải dưới 1 triệu tỷ đồng); hãy kiểm tra lại, số tiền ghi theo đồng.")
		}
	}
	if y.NewMembers > y.Members && y.Members >= 0 {
		p.Add("ErrNewMembersExceedMembers", "new_members", "Số hội viên mới không thể lớn hơn tổng số hội viên.")
	}
	if y.PartyMembers > y.Members && y.Members > 0 {
		p.Add("ErrPartyMembersExceedMembers", "party_members", "Số đảng viên không thể lớn hơn tổng số hội viên.")
	}
	return p.Err()
}

func (y *YearlyFigure) Columns() []Column {
	return []Column{{"association", y.Association}, {"year", y.Year}}
}

// Inspection is a check (kiểm tra) or inspection (thanh tra) of an association.
type Inspection struct {
	Meta
	Association string `json:"association"`
	Date        Date   `json:"date"`
	Body        string `json:"body"` // inspecting body
	Content     string `json:"content"`
	Findings    string `json:"findings,omitempty"`
	Violations  string `json:"violations,omitempty"`
	Measures    string `json:"measures,omitempty"`
	// FollowUp is the state of the follow-up: "", "đang khắc phục", "đã khắc phục".
	FollowUp string `json:"follow_up,omitempty"`
}

// Kind implements Record.
func (*Inspection) Kind() Kind { return KindInspection }

func (i *Inspection) Clean() {
	i.Body = Clean(i.Body)
	i.Content = CleanMultiline(i.Content)
	i.Findings = CleanMultiline(i.Findings)
	i.Violations = CleanMultiline(i.Violations)
	i.Measures = CleanMultiline(i.Measures)
	i.FollowUp = Clean(i.FollowUp)
}

// Validate checks the inspection's own rules.
func (i *Inspection) Validate() error {
	var p Problems
	if i.Association == "" {
		p.Add("ErrAssociationRequired", "association", "Chưa chọn hội.")
	}
	if i.Date.IsZero() {
		p.Add("ErrDateRequired", "date", "Chưa nhập ngày kiểm tra.")
	}
	if i.Body == "" {
		p.Add("ErrInspectingBodyRequired", "body", "Chưa nhập cơ quan kiểm tra.")
	}
	if i.Content == "" {
		p.Add("ErrContentRequired", "content", "Chưa nhập nội dung kiểm tra.")
	}
	return p.Err()
}

func (i *Inspection) Columns() []Column {
	return []Column{{"association", i.Association}, {"date", i.Date.ISO()}}
}

// String describes the event for lists and reports: "05/02/2024 – Hợp nhất".
func (e *AssociationEvent) String() string {
	return fmt.Sprintf("%s – %s", e.Date, e.EventKind.Label())
}
