package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"qlhoi/data"
	"qlhoi/data/store"
)

// Generate adds n synthetic associations and m tasks (with the agencies and directives
// they need), for benchmarks. It is deterministic for a given seed and today's date, and
// writes in batches of batch records per transaction. progress, if not nil, is called
// after each batch with the records written so far and the total.
func Generate(ctx context.Context, s *store.Store, n, m int, seed uint64, progress func(done, total int)) error {
	if s.Office() == "" {
		o := Office
		if err := s.SetUp(ctx, &o); err != nil {
			return err
		}
	}
	rnd := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	today := s.Today()
	const batch = 5000
	var buf []data.Record
	done, total := 0, n+m
	flush := func() error {
		if len(buf) == 0 {
			return nil
		}
		if err := s.CreateAll(ctx, buf, store.AllowNearDuplicate); err != nil {
			return fmt.Errorf("demo: generate: %w", err)
		}
		done += len(buf)
		buf = buf[:0]
		if progress != nil {
			progress(min(done, total), total)
		}
		return nil
	}
	prefixes := []string{"Hội", "Câu lạc bộ", "Hiệp hội", "Liên hiệp"}
	fields := []string{"Người cao tuổi", "Chữ thập đỏ", "Khuyến học", "Luật gia", "Nhà báo", "Đông y", "Cựu giáo chức", "Làm vườn", "Sinh vật cảnh", "Nạn nhân chất độc da cam", "Người mù", "Cựu thanh niên xung phong", "Doanh nghiệp nhỏ và vừa", "Nuôi ong", "Thủy sản", "Y học cổ truyền", "Bảo trợ người khuyết tật", "Tin học", "Kiến trúc sư", "Văn nghệ dân gian"}
	places := []string{"Đông Hà", "Vĩnh Linh", "Hải Lăng", "Gio Linh", "Triệu Phong", "Cam Lộ", "Đakrông", "Hướng Hóa", "Cồn Cỏ", "Quảng Trị", "Ái Tử", "Bến Quan", "Cửa Tùng", "Khe Sanh", "Lao Bảo", "Diên Sanh", "Hồ Xá", "Krông Klang", "Đồng Hới", "Ba Đồn"}
	scopes := []data.Scope{data.ScopeProvince, data.ScopeCommune, data.ScopeCommune, data.ScopeDistrict}
	for i := range n {
		field := fields[rnd.IntN(len(fields))]
		place := places[rnd.IntN(len(places))]
		end := today.AddDays(rnd.IntN(1800) - 300)
		a := &data.Association{
			Name:  fmt.Sprintf("%s %s %s số %d", prefixes[rnd.IntN(len(prefixes))], field, place, i+1),
			Scope: scopes[rnd.IntN(len(scopes))], Area: s.Office(), Field: field, Assigned: rnd.IntN(3) == 0,
			Founding:  data.Decision{Number: fmt.Sprintf("%d/QĐ-UBND", 1+rnd.IntN(3000)), Date: end.AddYears(-5 - rnd.IntN(20))},
			TermStart: end.AddYears(-5), TermEnd: end, PartyMembers: rnd.IntN(500), FullTimeStaff: rnd.IntN(10),
			Status: data.StatusActive,
		}
		buf = append(buf, a)
		if len(buf) >= batch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	agencies := make([]*data.Agency, 40)
	for i := range agencies {
		agencies[i] = &data.Agency{Name: fmt.Sprintf("Cơ quan %s số %d", places[i%len(places)], i+1)}
		buf = append(buf, agencies[i])
	}
	directives := make([]*data.Directive, 50)
	for i := range directives {
		directives[i] = &data.Directive{Number: fmt.Sprintf("%d-CV/TU", 100+i), Date: today.AddDays(-rnd.IntN(700)), Issuer: "Ban Thường vụ Tỉnh ủy", Summary: fmt.Sprintf("Văn bản chỉ đạo số %d về công tác hội", i+1)}
		buf = append(buf, directives[i])
	}
	if err := flush(); err != nil {
		return err
	}
	for i := range m {
		t := &data.Task{
			Directive: directives[rnd.IntN(len(directives))].ID, Lead: agencies[rnd.IntN(len(agencies))].ID,
			Content:  fmt.Sprintf("Nhiệm vụ số %d: rà soát, báo cáo tình hình tổ chức, hoạt động của hội", i+1),
			Deadline: today.AddDays(rnd.IntN(400) - 250),
		}
		if rnd.IntN(2) == 0 {
			t.CompletedOn = t.Deadline.AddDays(rnd.IntN(40) - 30)
			t.Percent = 100
		} else {
			t.Percent = rnd.IntN(90)
		}
		buf = append(buf, t)
		if len(buf) >= batch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}
