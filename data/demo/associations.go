package demo

import (
	"strconv"
	"strings"

	"qlhoi/data"
)

type assocRow struct {
	key, name, short string
	scope            data.Scope
	area             string // office code suffix; "" for the province itself
	field            string
	assigned         bool
	founding         string // number
	founded          string // dd/mm/yyyy
	congress         int
	termEnd          int // days from today
	members          int
	partyMembers     int
	partyOrg         data.PartyOrg
	fullTime         int
	contract         int
	budget           int64 // million đồng a year
	follower         string
	noFigures        bool
}

var assocRows = []assocRow{
	{"nct", "Hội Người cao tuổi tỉnh Quảng Trị", "Hội NCT", data.ScopeProvince, "", "Người cao tuổi", true, "215/QĐ-UBND", "12/05/1995", 7, 420, 118500, 31200, data.PartyOrgCell, 6, 2, 1450, "Đồng chí Phó Bí thư Thường trực Tỉnh ủy", false},
	{"ctd", "Hội Chữ thập đỏ tỉnh Quảng Trị", "Hội CTĐ", data.ScopeProvince, "", "Nhân đạo", true, "87/QĐ-UBND", "20/03/1990", 10, 160, 95400, 8100, data.PartyOrgCell, 9, 3, 2100, "Đồng chí Trưởng Ban Dân vận Tỉnh ủy", false},
	{"kh", "Hội Khuyến học tỉnh Quảng Trị", "Hội KH", data.ScopeProvince, "", "Khuyến học", true, "1024/QĐ-UBND", "15/08/1997", 6, 700, 210300, 15400, data.PartyOrgCell, 5, 1, 980, "Đồng chí Trưởng Ban Tuyên giáo Tỉnh ủy", false},
	{"lg", "Hội Luật gia tỉnh Quảng Trị", "Hội LG", data.ScopeProvince, "", "Luật gia", true, "456/QĐ-UBND", "02/09/1998", 5, -40, 1850, 1420, data.PartyOrgCell, 3, 1, 620, "Đồng chí Trưởng Ban Nội chính Tỉnh ủy", false},
	{"nb", "Hội Nhà báo tỉnh Quảng Trị", "Hội NB", data.ScopeProvince, "", "Báo chí", true, "33/QĐ-UBND", "21/06/1989", 9, 900, 420, 390, data.PartyOrgCell, 4, 2, 850, "Đồng chí Trưởng Ban Tuyên giáo Tỉnh ủy", false},
	{"vhnt", "Liên hiệp các hội Văn học nghệ thuật tỉnh Quảng Trị", "Liên hiệp các hội VHNT", data.ScopeProvince, "", "Văn học nghệ thuật", true, "120/QĐ-UB", "10/10/1991", 6, 130, 640, 410, data.PartyOrgCell, 12, 4, 3200, "Đồng chí Trưởng Ban Tuyên giáo Tỉnh ủy", false},
	{"khkt", "Liên hiệp các hội Khoa học và Kỹ thuật tỉnh Quảng Trị", "Liên hiệp các hội KH&KT", data.ScopeProvince, "", "Khoa học kỹ thuật", true, "1590/QĐ-UBND", "25/12/2001", 5, 1100, 12600, 5100, data.PartyOrgCell, 8, 2, 1900, "Đồng chí Phó Chủ tịch UBND tỉnh", false},
	{"hn", "Liên hiệp các tổ chức hữu nghị tỉnh Quảng Trị", "Liên hiệp các tổ chức hữu nghị", data.ScopeProvince, "", "Đối ngoại nhân dân", true, "2035/QĐ-UBND", "14/11/2008", 4, 75, 3100, 900, data.PartyOrgCell, 5, 1, 760, "Đồng chí Phó Chủ tịch HĐND tỉnh", false},
	{"lmhtx", "Liên minh Hợp tác xã tỉnh Quảng Trị", "Liên minh HTX", data.ScopeProvince, "", "Kinh tế tập thể", true, "76/QĐ-UB", "18/04/1997", 6, 520, 480, 260, data.PartyOrgCommitee, 18, 6, 4100, "Đồng chí Phó Chủ tịch UBND tỉnh", false},
	{"nm", "Hội Người mù tỉnh Quảng Trị", "Hội NM", data.ScopeProvince, "", "Bảo trợ xã hội", true, "688/QĐ-UBND", "03/03/1996", 7, 300, 2400, 35, data.PartyOrgNone, 3, 1, 540, "Đồng chí Trưởng Ban Dân vận Tỉnh ủy", false},
	{"dy", "Hội Đông y tỉnh Quảng Trị", "Hội ĐY", data.ScopeProvince, "", "Y dược", true, "301/QĐ-UBND", "27/02/1993", 6, 1300, 2900, 410, data.PartyOrgCell, 2, 1, 310, "Đồng chí Trưởng Ban Tổ chức Tỉnh ủy", false},
	{"tnxp", "Hội Cựu Thanh niên xung phong tỉnh Quảng Trị", "Hội Cựu TNXP", data.ScopeProvince, "", "Cựu thanh niên xung phong", true, "1777/QĐ-UBND", "26/03/2006", 4, -200, 9600, 4300, data.PartyOrgCell, 3, 1, 450, "Đồng chí Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy", false},
	{"dc", "Hội Nạn nhân chất độc da cam/dioxin tỉnh Quảng Trị", "Hội NNCĐDC", data.ScopeProvince, "", "Bảo trợ xã hội", true, "1450/QĐ-UBND", "10/08/2005", 4, 610, 7800, 2600, data.PartyOrgCell, 4, 1, 690, "Đồng chí Trưởng Ban Dân vận Tỉnh ủy", false},
	{"btnkt", "Hội Bảo trợ người khuyết tật và trẻ mồ côi tỉnh Quảng Trị", "Hội BTNKT&TMC", data.ScopeProvince, "", "Bảo trợ xã hội", true, "2210/QĐ-UBND", "01/06/2009", 3, 95, 1300, 210, data.PartyOrgNone, 2, 1, 380, "Đồng chí Phó Chủ tịch UBND tỉnh", false},
	{"cgc", "Hội Cựu giáo chức tỉnh Quảng Trị", "Hội CGC", data.ScopeProvince, "", "Giáo dục", true, "912/QĐ-UBND", "20/11/2000", 5, 830, 8400, 5200, data.PartyOrgNone, 1, 1, 210, "Đồng chí Trưởng Ban Tuyên giáo Tỉnh ủy", false},
	{"ccand", "Hội Cựu Công an nhân dân tỉnh Quảng Trị", "Hội Cựu CAND", data.ScopeProvince, "", "Cựu chiến binh, cựu công an", true, "155/QĐ-UBND", "19/08/2016", 2, 1500, 3300, 3300, data.PartyOrgNone, 1, 1, 180, "Đồng chí Trưởng Ban Nội chính Tỉnh ủy", false},
	{"yh", "Hội Y học tỉnh Quảng Trị", "Hội YH", data.ScopeProvince, "", "Y dược", false, "508/QĐ-UBND", "06/04/2004", 4, 1200, 1650, 900, data.PartyOrgNone, 0, 1, 0, "", true},
	{"kts", "Hội Kiến trúc sư tỉnh Quảng Trị", "Hội KTS", data.ScopeProvince, "", "Kiến trúc", false, "1120/QĐ-UBND", "12/12/2012", 3, 50, 140, 70, data.PartyOrgNone, 0, 1, 0, "", false},
	{"lamvuon", "Hội Làm vườn tỉnh Quảng Trị", "Hội LV", data.ScopeProvince, "", "Nông nghiệp", false, "420/QĐ-UBND", "30/07/2003", 5, 980, 5400, 600, data.PartyOrgNone, 0, 0, 0, "", true},
	{"dhtd", "Hội Doanh nhân trẻ tỉnh Quảng Trị", "Hội DNT", data.ScopeProvince, "", "Doanh nghiệp", false, "1388/QĐ-UBND", "15/05/2014", 3, 700, 230, 40, data.PartyOrgNone, 0, 2, 0, "", false},
	// Commune (and former district) scope.
	{"nct-dh", "Hội Người cao tuổi phường Đông Hà", "", data.ScopeCommune, "X-DONGHA", "Người cao tuổi", true, "45/QĐ-UBND", "12/08/2025", 1, 1600, 6100, 1900, data.PartyOrgNone, 0, 0, 45, "", false},
	{"ctd-vl", "Hội Chữ thập đỏ xã Vĩnh Linh", "", data.ScopeCommune, "X-VINHLINH", "Nhân đạo", true, "12/QĐ-UBND", "05/09/2025", 1, 1650, 2300, 310, data.PartyOrgNone, 1, 0, 60, "", false},
	{"kh-hl", "Hội Khuyến học xã Hải Lăng", "", data.ScopeCommune, "X-HAILANG", "Khuyến học", true, "20/QĐ-UBND", "10/09/2025", 1, 150, 3400, 420, data.PartyOrgNone, 0, 0, 25, "", false},
	{"kh-vl", "Hội Khuyến học huyện Vĩnh Linh", "", data.ScopeDistrict, "VL", "Khuyến học", true, "310/QĐ-UBND", "02/04/2001", 5, -400, 5200, 800, data.PartyOrgNone, 1, 0, 0, "", false},
	{"nct-vl", "Hội Người cao tuổi huyện Vĩnh Linh", "", data.ScopeDistrict, "VL", "Người cao tuổi", true, "115/QĐ-UBND", "11/05/1996", 6, -420, 9100, 2800, data.PartyOrgNone, 1, 0, 0, "", false},
}

var leaderNames = []string{
	"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Đức", "Võ Thị Hà",
	"Đặng Văn Hải", "Bùi Thị Hạnh", "Đỗ Văn Hùng", "Hồ Thị Lan", "Ngô Văn Long", "Dương Thị Mai",
	"Lý Văn Nam", "Phan Thị Nga", "Trương Văn Phúc", "Huỳnh Thị Quyên", "Lương Văn Sơn", "Đinh Thị Thảo",
	"Tạ Văn Thắng", "Mai Thị Thu", "Cao Văn Tiến", "Lâm Thị Uyên", "Hà Văn Vinh", "Chu Thị Xuân",
	"Kiều Văn Yên", "Nguyễn Thị Ánh", "Trần Văn Bảo", "Lê Thị Châu", "Phạm Văn Danh", "Hoàng Thị Diệp",
}

func (b *builder) associations() {
	lastYear := b.today.Year() - 1
	for i, r := range assocRows {
		area := b.own
		if r.area != "" {
			area = own(b, r.area)
		}
		end := b.day(r.termEnd)
		start := end.AddYears(-data.MaxTermYears)
		founded := data.MustDate(r.founded)
		if start.Before(founded) {
			start = founded
		}
		a := &data.Association{
			Name: r.name, ShortName: r.short, Scope: r.scope, Area: area, Field: r.field,
			Assigned: r.assigned, Special: r.assigned && founded.Year() < 2010,
			Founding:       data.Decision{Number: r.founding, Date: founded, Issuer: "UBND tỉnh Quảng Trị"},
			Charter:        data.Decision{Number: r.founding, Date: founded},
			ManagingBody:   managingBody(r.field),
			Address:        "Số " + strconv.Itoa(3+i*7) + " đường Hùng Vương, " + placeOf(r.area),
			Phone:          "0233 38" + strconv.Itoa(10000 + i*371)[1:],
			Email:          strings.ReplaceAll(r.key, "-", "") + "@quangtri.gov.vn",
			CongressNumber: r.congress, TermStart: start, TermEnd: end,
			LastCongress: start, NextCongress: end,
			PartyOrg: r.partyOrg, PartyMembers: r.partyMembers,
			FullTimeStaff: r.fullTime, ContractStaff: r.contract,
			FollowedBy: r.follower, Status: data.StatusActive,
		}
		if r.assigned {
			a.AssignedBy = "Quyết định số 1256/QĐ-UBND ngày 15/06/2021 của UBND tỉnh"
		}
		if r.scope == data.ScopeDistrict {
			a.Founding.Issuer = "UBND huyện Vĩnh Linh"
		}
		b.add(a)
		b.assoc[r.key] = a
		b.add(&data.AssociationEvent{Association: a.ID, EventKind: data.EventFounding, Date: founded, Decision: r.founding, Note: "Thành lập hội"})
		b.add(&data.AssociationEvent{Association: a.ID, EventKind: data.EventCongress, Date: start, Note: "Đại hội lần thứ " + strconv.Itoa(r.congress)})
		// Leaders of the current term.
		for j, pos := range []string{"Chủ tịch", "Phó Chủ tịch", "Phó Chủ tịch kiêm Tổng thư ký"} {
			if r.scope != data.ScopeProvince && j == 2 {
				break
			}
			name := leaderNames[(i*3+j)%len(leaderNames)]
			b.add(&data.Leader{Association: a.ID, Term: r.congress, Position: pos, Name: name,
				BirthYear: 1955 + (i*7+j*5)%15, Gender: genderOf(name), PartyMember: j < 2 || i%2 == 0,
				Phone: "0912 " + strconv.Itoa(100000 + i*1013 + j*7)[1:], From: start})
		}
		// Yearly figures for the last three years (none for some, to show the alert).
		for y := lastYear - 2; y <= lastYear; y++ {
			if r.noFigures && y == lastYear || y < founded.Year() {
				continue
			}
			grow := 1.0 - float64(lastYear-y)*0.03
			f := &data.YearlyFigure{Association: a.ID, Year: y,
				Members: int(float64(r.members) * grow), NewMembers: int(float64(r.members) * 0.04),
				PartyMembers: int(float64(r.partyMembers) * grow), Branches: 3 + r.members/2500,
				Budget:     r.budget * 1_000_000,
				Activities: "Tổ chức các hoạt động theo điều lệ; tuyên truyền chủ trương, chính sách đến hội viên.",
				Awards:     awardOf(i, y), ReportedOn: data.NewDate(y, 12, 10)}
			finances(f, i)
			b.add(f)
		}
	}
	b.lineage()
	b.inspections()
}

// lineage records the 2025 reorganisation: the former district's Hội Khuyến học was
// merged into the commune-level one, and the district's Hội Người cao tuổi dissolved.
func (b *builder) lineage() {
	from, into := b.assoc["kh-vl"], b.assoc["kh-hl"]
	day := data.MustDate("15/08/2025")
	from.Status, from.MergedInto = data.StatusAbsorbed, into.ID
	b.add(&data.AssociationEvent{Association: from.ID, EventKind: data.EventAbsorption, Date: day, Decision: "95/QĐ-UBND", Related: []string{into.ID}, Note: "Sáp nhập vào Hội Khuyến học xã Hải Lăng khi sắp xếp đơn vị hành chính"})
	b.add(&data.AssociationEvent{Association: into.ID, EventKind: data.EventAbsorption, Date: day, Decision: "95/QĐ-UBND", Related: []string{from.ID}, Note: "Tiếp nhận Hội Khuyến học huyện Vĩnh Linh"})
	gone := b.assoc["nct-vl"]
	gone.Status = data.StatusDissolved
	b.add(&data.AssociationEvent{Association: gone.ID, EventKind: data.EventDissolution, Date: data.MustDate("30/06/2025"), Decision: "88/QĐ-UBND", Note: "Giải thể do kết thúc hoạt động cấp huyện"})
}

func (b *builder) inspections() {
	for i, k := range []string{"lg", "tnxp", "dhtd", "ctd"} {
		a := b.assoc[k]
		ins := &data.Inspection{Association: a.ID, Date: b.day(-30 - 95*i), Body: []string{"Sở Nội vụ", "Ban Dân vận Tỉnh ủy"}[i%2],
			Content:  "Kiểm tra việc thực hiện điều lệ hội, quản lý tài chính và tổ chức đại hội nhiệm kỳ",
			Findings: "Hội hoạt động đúng tôn chỉ, mục đích; một số chi hội chưa sinh hoạt đều."}
		switch k {
		case "tnxp":
			ins.Violations = "Chậm tổ chức đại hội nhiệm kỳ so với điều lệ."
			ins.Measures = "Yêu cầu xây dựng kế hoạch, tổ chức đại hội trong quý tới."
			ins.FollowUp = "Đang khắc phục"
		case "dhtd":
			ins.Violations = "Chưa báo cáo tình hình tổ chức, hoạt động hằng năm đúng hạn."
			ins.Measures = "Nhắc nhở; yêu cầu nộp báo cáo trước ngày 15/12."
			ins.FollowUp = "Đã khắc phục"
		}
		b.add(ins)
	}
}

func managingBody(field string) string {
	switch field {
	case "Y dược":
		return "Sở Y tế"
	case "Khuyến học", "Giáo dục":
		return "Sở Giáo dục và Đào tạo"
	case "Báo chí", "Văn học nghệ thuật":
		return "Sở Văn hóa, Thể thao và Du lịch"
	case "Nông nghiệp":
		return "Sở Nông nghiệp và Môi trường"
	case "Luật gia":
		return "Sở Tư pháp"
	}
	return "Sở Nội vụ"
}

func placeOf(area string) string {
	switch area {
	case "X-VINHLINH", "VL":
		return "xã Vĩnh Linh, tỉnh Quảng Trị"
	case "X-HAILANG":
		return "xã Hải Lăng, tỉnh Quảng Trị"
	}
	return "phường Đông Hà, tỉnh Quảng Trị"
}

func genderOf(name string) string {
	if strings.Contains(name, " Thị ") {
		return "Nữ"
	}
	return "Nam"
}

// finances fills in a plausible year of income and spending around the State's
// support: dues of a few thousand đồng a member, some income from activities and
// donations, now and then other income, and spending of 93–98% of the income.
func finances(f *data.YearlyFigure, i int) {
	thousands := func(v float64) int64 { return int64(v/1000) * 1000 }
	f.IncomeDues = thousands(float64(f.Members) * float64(3_000+(i%4)*1_500))
	f.IncomeActivities = thousands(float64(f.Budget) * float64(i%3) * 0.12)
	f.IncomeDonations = thousands(float64(f.Budget+f.IncomeDues/2) * float64(1+(i*7+f.Year)%5) * 0.09)
	if i%4 == 1 {
		f.IncomeOther = thousands(float64(2_500_000 + (f.Year%3)*750_000))
	}
	f.Spending = thousands(float64(f.Income()) * float64(93+(i+f.Year)%6) / 100)
}

func awardOf(i, y int) string {
	if (i+y)%3 == 0 {
		return "Bằng khen của Chủ tịch UBND tỉnh"
	}
	return ""
}
