package demo

import "qlhoi/data"

func (b *builder) agencies() {
	for _, a := range []struct {
		key, name, short string
		group            data.AgencyKind
	}{
		{"bdv", "Ban Dân vận Tỉnh ủy", "BDV", "dang"},
		{"btc", "Ban Tổ chức Tỉnh ủy", "BTC", "dang"},
		{"btg", "Ban Tuyên giáo Tỉnh ủy", "BTG", "dang"},
		{"bcsd", "Ban cán sự đảng UBND tỉnh", "BCSĐ UBND", "chinh_quyen"},
		{"ddhdnd", "Đảng đoàn HĐND tỉnh", "ĐĐ HĐND", "chinh_quyen"},
		{"snv", "Sở Nội vụ", "SNV", "chinh_quyen"},
		{"dukcq", "Đảng ủy Các cơ quan tỉnh", "ĐUK CCQ", "dang"},
		{"tdoan", "Ban Thường vụ Tỉnh đoàn", "Tỉnh đoàn", "dang"},
		{"tu-dh", "Thành ủy Đông Hà", "TU Đông Hà", "cap_duoi"},
		{"hu-vl", "Huyện ủy Vĩnh Linh", "HU Vĩnh Linh", "cap_duoi"},
		{"hu-hl", "Huyện ủy Hải Lăng", "HU Hải Lăng", "cap_duoi"},
	} {
		if known, ok := b.known[data.Fold(a.name)]; ok {
			b.agency[a.key] = known
			continue
		}
		ag := &data.Agency{Name: a.name, ShortName: a.short, Group: a.group}
		b.add(ag)
		b.agency[a.key] = ag
	}
	for _, k := range []string{"nct", "ctd", "kh", "lg", "nb", "vhnt"} {
		as := b.assoc[k]
		ag := &data.Agency{Name: as.Name, ShortName: as.ShortName, Group: "hoi", Association: as.ID}
		b.add(ag)
		b.agency[k] = ag
	}
}

// taskRow is one task of the demo directives. Days are relative to the day the demo is
// loaded: deadline, and completion (0: not completed); progress is the latest percent.
type taskRow struct {
	lead        string
	cooperating []string
	assocs      []string
	content     string
	deadline    int
	noDeadline  bool
	cycle       data.Cycle
	completed   int
	progress    int
	problems    string
}

func (b *builder) directives() {
	letter := &data.Directive{
		Number: "1520-CV/TU", Date: b.day(-170), Issuer: "Ban Thường vụ Tỉnh ủy Quảng Trị", DocType: "Công văn",
		Summary: "Triển khai thực hiện Quy chế tổ chức và hoạt động của hội quần chúng do Đảng, Nhà nước giao nhiệm vụ ở Trung ương (Quyết định số 118-QĐ/TW)",
	}
	notice := &data.Directive{
		Number: "558-TB/TU", Date: data.MustDate("12/10/2021"), Issuer: "Thường trực Tỉnh ủy Quảng Trị", DocType: "Thông báo",
		Summary: "Kết luận của Thường trực Tỉnh ủy về việc phân công theo dõi, chỉ đạo công tác hội",
	}
	b.add(letter)
	b.add(notice)
	tasks := []taskRow{
		{lead: "bdv", cooperating: []string{"btc", "bcsd"}, content: "Chủ trì, phối hợp với các cơ quan liên quan tham mưu chỉ đạo hoạt động của các hội quần chúng do Đảng và Nhà nước giao nhiệm vụ trên địa bàn tỉnh.", cycle: data.CycleHalfYear, completed: 0, progress: 50},
		{lead: "bdv", content: "Theo dõi, đôn đốc, kiểm tra việc thực hiện Quyết định số 118-QĐ/TW và Công văn này; báo cáo kết quả thực hiện theo yêu cầu của Trung ương và Ban Thường vụ Tỉnh ủy.", deadline: 5, progress: 70},
		{lead: "bcsd", cooperating: []string{"snv"}, content: "Cụ thể hóa và triển khai thực hiện nghiêm các văn bản quy phạm pháp luật của Trung ương về quy trình thành lập, tổ chức đại hội, tổ chức bộ máy, hoạt động và quản lý hội.", deadline: -60, completed: -70},
		{lead: "bcsd", cooperating: []string{"snv"}, content: "Giải quyết các nội dung liên quan đến hoạt động, chế độ, chính sách đối với người làm việc tại hội theo quy định.", deadline: 45, progress: 30},
		{lead: "bcsd", content: "Rà soát, giao nhiệm vụ cho các hội phù hợp với điều kiện, yêu cầu nhiệm vụ của tỉnh; quan tâm hỗ trợ kinh phí để hội thực hiện tốt các mục tiêu, chức năng, nhiệm vụ được giao.", assocs: []string{"nct", "ctd", "kh"}, deadline: -45, progress: 60, problems: "Nguồn ngân sách hỗ trợ còn hạn chế; một số hội chưa xây dựng được đề án nhận nhiệm vụ."},
		{lead: "bcsd", cooperating: []string{"snv"}, content: "Tăng cường theo dõi, hướng dẫn, thanh tra, kiểm tra, xử lý nghiêm đối với các hội hoạt động không đúng pháp luật, tôn chỉ, mục đích, điều lệ hội.", cycle: data.CycleYearly},
		{lead: "bcsd", cooperating: []string{"btc", "snv"}, content: "Chủ trì, phối hợp với Ban Tổ chức Tỉnh ủy và các cơ quan liên quan rà soát, xây dựng đề án sắp xếp các tổ chức hội theo chủ trương của Trung ương, của tỉnh.", deadline: -150, progress: 40, problems: "Chờ hướng dẫn của Trung ương về sắp xếp hội quần chúng sau khi kết thúc hoạt động cấp huyện."},
		{lead: "ddhdnd", content: "Chỉ đạo kịp thời cụ thể hóa chế độ, chính sách của Trung ương; nghiên cứu, đề xuất chính sách của tỉnh đối với tổ chức hội, cán bộ hội trên địa bàn tỉnh.", deadline: -90, completed: -75},
		{lead: "btc", content: "Tham mưu thực hiện công tác cán bộ đối với nhân sự lãnh đạo, quản lý các hội quần chúng theo đúng Quy chế làm việc của Tỉnh ủy và quy định về phân cấp quản lý cán bộ.", deadline: 40, progress: 60},
		{lead: "tu-dh", content: "Tăng cường tuyên truyền, quán triệt Quyết định số 118-QĐ/TW và Thông báo số 158-TB/TW ngày 2/1/2020 của Ban Bí thư trong cán bộ, đảng viên.", deadline: -120, completed: -125},
		{lead: "hu-vl", content: "Tăng cường tuyên truyền, quán triệt Quyết định số 118-QĐ/TW và Thông báo số 158-TB/TW ngày 2/1/2020 của Ban Bí thư trong cán bộ, đảng viên.", deadline: -120, completed: -100},
		{lead: "hu-hl", content: "Tăng cường tuyên truyền, quán triệt Quyết định số 118-QĐ/TW và Thông báo số 158-TB/TW ngày 2/1/2020 của Ban Bí thư trong cán bộ, đảng viên.", deadline: -35, progress: 20, problems: "Đang kiện toàn tổ chức sau sắp xếp đơn vị hành chính."},
		{lead: "dukcq", content: "Lãnh đạo tổ chức đảng trong các hội thực hiện tốt Quy định số 162-QĐ/TW về chức năng, nhiệm vụ của đảng bộ, chi bộ cơ sở trong cơ quan hội.", deadline: 3, progress: 80},
		{lead: "btg", content: "Hướng dẫn tuyên truyền về vị trí, vai trò, tổ chức, hoạt động của các hội quần chúng do Đảng, Nhà nước giao nhiệm vụ.", deadline: 1},
		{lead: "nct", assocs: []string{"nct"}, content: "Chủ động phối hợp với Ủy ban MTTQ, các tổ chức chính trị - xã hội làm tốt công tác tập hợp, phát triển, đoàn kết hội viên.", deadline: 100, progress: 10},
		{lead: "ctd", assocs: []string{"ctd"}, content: "Tích cực tham gia các phong trào thi đua yêu nước, các cuộc vận động do các cấp, các ngành phát động.", deadline: -20, completed: -22},
		{lead: "kh", assocs: []string{"kh"}, content: "Thường xuyên nắm bắt tâm tư, nguyện vọng của hội viên và Nhân dân để kịp thời phản ánh đến cấp ủy, chính quyền.", deadline: -10, completed: -3},
		{lead: "lg", assocs: []string{"lg"}, content: "Xây dựng kế hoạch tổ chức đại hội nhiệm kỳ theo điều lệ và báo cáo cấp có thẩm quyền.", deadline: -25, progress: 30},
	}
	for _, r := range tasks {
		b.task(letter, r)
	}
	b.task(notice, taskRow{lead: "bdv", content: "Các đồng chí Thường trực, Ủy viên Ban Thường vụ Tỉnh ủy theo dõi, chỉ đạo, định hướng hoạt động của hội được phân công; kịp thời báo cáo tình hình, kiến nghị tháo gỡ khó khăn.", cycle: data.CycleHalfYear, progress: 50})
}

func (b *builder) task(d *data.Directive, r taskRow) {
	t := &data.Task{Directive: d.ID, Content: r.content, Lead: b.agency[r.lead].ID, Cycle: r.cycle, Problems: r.problems}
	if r.cycle == data.CycleOnce {
		t.Deadline = b.day(r.deadline)
	}
	for _, c := range r.cooperating {
		t.Cooperating = append(t.Cooperating, b.agency[c].ID)
	}
	for _, a := range r.assocs {
		t.Associations = append(t.Associations, b.assoc[a].ID)
	}
	b.add(t)
	// Progress updates: one when work started, one for the latest state.
	lead := t.Lead
	started := d.Date.AddDays(20)
	if r.progress > 0 || r.completed != 0 || r.cycle != data.CycleOnce {
		b.add(&data.ProgressUpdate{Task: t.ID, Date: started, Agency: lead, Text: "Đã ban hành kế hoạch triển khai thực hiện.", Percent: 10})
	}
	switch {
	case r.completed != 0:
		b.add(&data.ProgressUpdate{Task: t.ID, Date: b.day(r.completed), Agency: lead, Text: "Đã hoàn thành nhiệm vụ; có báo cáo kết quả gửi Ban Dân vận Tỉnh ủy.", Completed: true, Reference: "Báo cáo kết quả"})
	case r.cycle != data.CycleOnce:
		b.add(&data.ProgressUpdate{Task: t.ID, Date: b.day(-15), Agency: lead, Text: "Báo cáo định kỳ: các hội hoạt động ổn định, đúng điều lệ.", Percent: r.progress})
	case r.progress > 10:
		b.add(&data.ProgressUpdate{Task: t.ID, Date: b.day(-7), Agency: lead, Text: "Đang triển khai; đã hoàn thành một phần nội dung.", Percent: r.progress})
	}
}
