package reports

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"qlhoi/data"
	"qlhoi/data/exchange"
	"qlhoi/data/store"
)

// groupHash writes a hash in groups of eight for reading aloud and comparing on paper.
func groupHash(h string) string {
	var parts []string
	for i := 0; i < len(h); i += 8 {
		parts = append(parts, strings.ToUpper(h[i:min(i+8, len(h))]))
	}
	return strings.Join(parts, " ")
}

// HandoverSlip makes the printable slip (Phiếu gửi) that travels with a written bundle:
// sender, recipient, date, counts and the bundle's fingerprint, in the office's format
// (profile "" takes the office's setting).
func (m *Maker) HandoverSlip(ctx context.Context, profile string, res *exchange.ExportResult) ([]byte, error) {
	if profile == "" {
		var err error
		if profile, err = m.Store.Setting(ctx, store.SettingProfile); err != nil {
			return nil, err
		}
	}
	prof, err := ProfileByName(profile)
	if err != nil {
		return nil, err
	}
	kind := Kind{Name: "phieu-gui-goi-du-lieu", Title: "Phiếu gửi gói dữ liệu", TypeCode: "PG", DocType: "Phiếu gửi"}
	b, err := m.prepare(ctx, kind, prof, Params{})
	if err != nil {
		return nil, err
	}
	man := res.Manifest
	toName := man.Recipient
	o, err := m.Store.OfficeByCode(ctx, man.Recipient)
	switch {
	case err == nil:
		toName = o.Name
	case !errors.Is(err, data.ErrNotFound):
		return nil, err
	}
	b.hdr.Number = prof.Number("", kind.TypeCode, b.symbol)
	b.hdr.Draft = false
	d := b.start("Gói dữ liệu trao đổi giữa các đơn vị", false)
	d.Recipient(toName)
	what := "các dữ liệu thay đổi chưa được xác nhận"
	if man.Full {
		what = "toàn bộ dữ liệu thuộc phạm vi được xem"
	}
	d.Para("Nội dung", fmt.Sprintf("%s gửi %s gói dữ liệu số %d (%s), tạo lúc %s ngày %s, gồm:", b.office.Name, toName, man.Seq, what,
		data.InVietnam(man.Created).Format("15:04"), data.DateOf(man.Created)))
	var rows [][]string
	var kinds []string
	total := 0
	for k, n := range man.Counts {
		kinds = append(kinds, string(k))
		total += n
	}
	sort.Strings(kinds)
	for i, k := range kinds {
		name := data.Kind(k).Label("vi")
		rows = append(rows, []string{fmt.Sprint(i + 1), name, data.FormatInt(int64(man.Counts[data.Kind(k)]))})
	}
	rows = append(rows, []string{"", "Tổng cộng", data.FormatInt(int64(total))})
	d.Table("Số bản ghi", Table{Columns: []Column{{"STT", "C"}, {"Loại dữ liệu", ""}, {"Số bản ghi", "R"}}, Rows: rows, Bold: map[int]bool{len(rows) - 1: true}})
	d.Para("Tệp", "Tên tệp: "+filepath.Base(res.Path))
	d.Para("Dấu kiểm tra", "Dấu kiểm tra của tệp (SHA-256): "+groupHash(res.Hash))
	d.Para("Hướng dẫn", "Đơn vị nhận đối chiếu dấu kiểm tra trên với dấu kiểm tra hiện trong phần mềm khi nhập gói; nếu khác nhau, không nhập và báo lại đơn vị gửi.")
	d.Sign([]string{"Như trên", "Lưu: VT"}, b.sig)
	return d.Bytes()
}
