package data

import (
	"slices"
	"strings"
)

// AgencyKind is the kind of body an agency is; reports group agencies by it.
type AgencyKind string

// Agency kinds.
const (
	AgencyParty       AgencyKind = "dang"        // Party boards and committees
	AgencyState       AgencyKind = "chinh_quyen" // State bodies
	AgencyFront       AgencyKind = "mat_tran"    // the Fatherland Front and the mass organisations
	AgencyAssociation AgencyKind = "hoi"         // associations
	AgencyLower       AgencyKind = "cap_duoi"    // lower-level committees
)

// AgencyKinds lists the kinds in display order.
var AgencyKinds = []AgencyKind{AgencyParty, AgencyState, AgencyFront, AgencyAssociation, AgencyLower}

// Label is the Vietnamese name of the kind.
func (k AgencyKind) Label() string {
	switch k {
	case AgencyParty:
		return "Cơ quan Đảng"
	case AgencyState:
		return "Cơ quan Nhà nước"
	case AgencyFront:
		return "Mặt trận, đoàn thể"
	case AgencyAssociation:
		return "Hội"
	case AgencyLower:
		return "Cấp ủy cấp dưới"
	}
	return string(k)
}

// Valid reports whether k is a known kind; the empty kind is allowed (not classified).
func (k AgencyKind) Valid() bool { return k == "" || slices.Contains(AgencyKinds, k) }

// Agency (cơ quan) is a body that tasks are assigned to.
type Agency struct {
	Meta
	Name      string `json:"name"`
	ShortName string `json:"short_name,omitempty"`
	// Group is the agency's kind; it sorts agencies in reports.
	Group AgencyKind `json:"group,omitempty"`
	// Association links an agency that is itself an association.
	Association string `json:"association,omitempty"`
	Address     string `json:"address,omitempty"`
	// Retired agencies stay for the history of their tasks but are not offered for new
	// ones. MergedInto names the agency that took over their work.
	Retired    bool   `json:"retired,omitempty"`
	MergedInto string `json:"merged_into,omitempty"`
	// OfficeCode is the office that reports for the agency when that is not the office
	// owning its record: a lower committee with its own qlhoi (its office code).
	OfficeCode string `json:"office_code,omitempty"`
}

// ReportingOffice is the office whose progress updates speak for the agency.
func (a *Agency) ReportingOffice() string {
	if a.OfficeCode != "" {
		return a.OfficeCode
	}
	return a.Office
}

// Kind implements Record.
func (*Agency) Kind() Kind { return KindAgency }

func (a *Agency) Clean() {
	a.Name = Clean(a.Name)
	a.ShortName = Clean(a.ShortName)
	a.Group = AgencyKind(Clean(string(a.Group)))
	a.Address = Clean(a.Address)
	a.OfficeCode = strings.ToUpper(Clean(a.OfficeCode)) // office codes are capitals: "qt-gl" is QT-GL
}

// Validate checks the agency's own rules.
func (a *Agency) Validate() error {
	var p Problems
	if a.Name == "" {
		p.Add("ErrAgencyNameRequired", "name", "Chưa nhập tên cơ quan.")
	}
	if !a.Group.Valid() {
		p.Add("ErrAgencyKindInvalid", "group", "Loại cơ quan không hợp lệ. Chọn: cơ quan Đảng (dang), Nhà nước (chinh_quyen), Mặt trận, đoàn thể (mat_tran), hội (hoi) hoặc cấp ủy cấp dưới (cap_duoi).")
	}
	if a.OfficeCode != "" && !OfficeCodePattern.MatchString(a.OfficeCode) {
		p.Add("ErrOfficeCodeInvalid", "office_code", "Mã đơn vị báo cáo chỉ gồm chữ in hoa không dấu, chữ số và dấu gạch, ví dụ QT-GL; để trống nếu cơ quan không dùng qlhoi.")
	}
	if a.MergedInto != "" && a.MergedInto == a.ID {
		p.Add("ErrAgencyMergeSelf", "merged_into", "Không thể hợp nhất một cơ quan vào chính nó.")
	}
	return p.Err()
}

func (a *Agency) Columns() []Column {
	return []Column{{"name_fold", Fold(a.Name)}, {"sort_key", SortKey(a.Name)}}
}

// ErrAgencyMergeRetired refuses merging into a retired agency.
var ErrAgencyMergeRetired = &Error{Code: "ErrAgencyMergeRetired", Field: "merged_into", Message: "Cơ quan nhận đã thôi hoạt động. Hãy chọn cơ quan đang hoạt động để hợp nhất vào."}

// Reassign moves the task's work from one agency to another; it reports whether the
// task named from at all.
func (t *Task) Reassign(from, into string) bool {
	changed := false
	if t.Lead == from {
		t.Lead, changed = into, true
	}
	var coop []string
	for _, c := range t.Cooperating {
		if c == from {
			c, changed = into, true
		}
		if c != t.Lead && !slices.Contains(coop, c) {
			coop = append(coop, c)
		}
	}
	t.Cooperating = coop
	return changed
}

// DefaultAgencies are the bodies a fresh office of a level usually assigns tasks to;
// the list is a start for the clerk to edit, not a rule.
func DefaultAgencies(level Level) []*Agency {
	type row struct {
		name, short string
		kind        AgencyKind
	}
	var rows []row
	switch level {
	case LevelProvince:
		rows = []row{
			{"Ban Tổ chức Tỉnh ủy", "BTC", AgencyParty},
			{"Ban Tuyên giáo và Dân vận Tỉnh ủy", "BTG&DV", AgencyParty},
			{"Ủy ban Kiểm tra Tỉnh ủy", "UBKT", AgencyParty},
			{"Văn phòng Tỉnh ủy", "VPTU", AgencyParty},
			{"Đảng ủy UBND tỉnh", "ĐU UBND", AgencyParty},
			{"Đảng ủy Các cơ quan Đảng tỉnh", "ĐU CCQĐ", AgencyParty},
			{"Ủy ban nhân dân tỉnh", "UBND", AgencyState},
			{"Hội đồng nhân dân tỉnh", "HĐND", AgencyState},
			{"Sở Nội vụ", "SNV", AgencyState},
			{"Sở Tài chính", "STC", AgencyState},
			{"Ủy ban MTTQ Việt Nam tỉnh", "MTTQ", AgencyFront},
			{"Hội Liên hiệp Phụ nữ tỉnh", "HLHPN", AgencyFront},
			{"Hội Nông dân tỉnh", "HND", AgencyFront},
			{"Hội Cựu chiến binh tỉnh", "HCCB", AgencyFront},
			{"Tỉnh đoàn", "TĐ", AgencyFront},
			{"Liên đoàn Lao động tỉnh", "LĐLĐ", AgencyFront},
			{"Đảng ủy các xã, phường", "ĐU xã, phường", AgencyLower},
		}
	case LevelDistrict:
		rows = []row{
			{"Ban Tổ chức Huyện ủy", "BTC", AgencyParty},
			{"Ban Tuyên giáo và Dân vận Huyện ủy", "BTG&DV", AgencyParty},
			{"Ủy ban Kiểm tra Huyện ủy", "UBKT", AgencyParty},
			{"Ủy ban nhân dân huyện", "UBND", AgencyState},
			{"Phòng Nội vụ", "PNV", AgencyState},
			{"Ủy ban MTTQ Việt Nam huyện", "MTTQ", AgencyFront},
			{"Hội Liên hiệp Phụ nữ huyện", "HLHPN", AgencyFront},
			{"Hội Nông dân huyện", "HND", AgencyFront},
			{"Hội Cựu chiến binh huyện", "HCCB", AgencyFront},
			{"Huyện đoàn", "HĐ", AgencyFront},
			{"Đảng ủy các xã, thị trấn", "ĐU xã", AgencyLower},
		}
	default:
		rows = []row{
			{"Ban Xây dựng Đảng Đảng ủy xã", "BXDĐ", AgencyParty},
			{"Ủy ban Kiểm tra Đảng ủy xã", "UBKT", AgencyParty},
			{"Ủy ban nhân dân xã", "UBND", AgencyState},
			{"Phòng Văn hóa – Xã hội", "PVHXH", AgencyState},
			{"Ủy ban MTTQ Việt Nam xã", "MTTQ", AgencyFront},
			{"Hội Liên hiệp Phụ nữ xã", "HLHPN", AgencyFront},
			{"Hội Nông dân xã", "HND", AgencyFront},
			{"Hội Cựu chiến binh xã", "HCCB", AgencyFront},
			{"Đoàn Thanh niên xã", "ĐTN", AgencyFront},
			{"Các chi bộ thôn, bản, khu phố", "Chi bộ", AgencyLower},
		}
	}
	out := make([]*Agency, len(rows))
	for i, r := range rows {
		out[i] = &Agency{Name: r.name, ShortName: r.short, Group: r.kind}
	}
	return out
}
