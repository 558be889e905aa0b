package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"runtime/debug"
	"sort"
	"strings"

	"qlhoi/data"
	"qlhoi/data/exchange"
	"qlhoi/data/store"
	"qlhoi/reports"
)

func (c *cli) keys(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usageError("keys cần lệnh con: show, confirm MÃ hoặc dismiss MÃ.")
	}
	s, err := c.open(ctx, true)
	if err != nil {
		return err
	}
	switch args[0] {
	case "show":
	case "confirm", "dismiss":
		if len(args) != 2 {
			return usageError("keys %s cần đúng một MÃ đơn vị.", args[0])
		}
		if args[0] == "dismiss" {
			if err := s.DismissTrust(ctx, args[1]); err != nil {
				return err
			}
			fmt.Fprintf(c.out, "Đã bỏ đơn vị %s khỏi danh sách chờ; đơn vị này không được tin cậy.\n", args[1])
			return nil
		}
		if err := s.ConfirmTrust(ctx, args[1]); err != nil {
			return err
		}
		fmt.Fprintf(c.out, "Đã tin cậy lại đơn vị %s.\n", args[1])
		return nil
	default:
		return usageError("keys cần lệnh con: show, confirm MÃ hoặc dismiss MÃ.")
	}
	card, err := s.OwnCard(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out, "Đơn vị: %s – %s\nKhóa ký (Ed25519): %x\nKhóa nhận (age): %s\nDấu nhận dạng: %s\n", card.Code, card.Name, card.SignPublic, card.AgeRecipient, card.Fingerprint)
	return nil
}

func (c *cli) card(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usageError("card cần lệnh con: export hoặc import.")
	}
	switch args[0] {
	case "export":
		fs := c.flags("card export")
		out := fs.String("out", "", "")
		if _, err := parse(fs, args[1:]); err != nil {
			return err
		}
		if *out == "" {
			return usageError("card export cần --out TỆP.")
		}
		s, err := c.open(ctx, true)
		if err != nil {
			return err
		}
		card, err := s.OwnCard(ctx)
		if err != nil {
			return err
		}
		b, _ := json.MarshalIndent(card, "", "  ")
		if err := os.WriteFile(*out, b, 0o644); err != nil {
			return &exitError{1, fmt.Sprintf("không ghi được tệp %s.", *out), nil}
		}
		fmt.Fprintf(c.out, "Đã ghi thẻ đơn vị %s vào %s.\nDấu nhận dạng: %s\n", card.Code, *out, card.Fingerprint)
		return nil
	case "import":
		fs := c.flags("card import")
		yes := fs.Bool("yes", false, "")
		replace := fs.String("replace", "", "")
		pos, err := parse(fs, args[1:])
		if err != nil {
			return err
		}
		if len(pos) != 1 {
			return usageError("card import cần đúng một TỆP.")
		}
		b, err := os.ReadFile(pos[0])
		if err != nil {
			return &exitError{1, fmt.Sprintf("không đọc được tệp %s.", pos[0]), nil}
		}
		card, err := store.ReadCard(b)
		if err != nil {
			return err
		}
		s, err := c.open(ctx, true)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.out, "Thẻ đơn vị %s – %s (cấp %s, cấp trên %s)\nDấu nhận dạng: %s\n", card.Code, card.Name, card.Level.Label(), card.Parent, card.Fingerprint)
		if !*yes {
			fmt.Fprint(c.out, "Hãy gọi điện cho đơn vị đó và đọc đối chiếu dấu nhận dạng. Đúng thì gõ “co” rồi Enter: ")
			line, _ := bufio.NewReader(c.stdin).ReadString('\n')
			if a := strings.ToLower(strings.TrimSpace(line)); a != "co" && a != "có" && a != "yes" && a != "y" {
				return &exitError{1, "chưa tin cậy thẻ này (dấu nhận dạng chưa được xác nhận).", nil}
			}
		}
		if *replace != "" {
			if err := s.ReplaceTrust(ctx, card, *replace); err != nil {
				return err
			}
			fmt.Fprintf(c.out, "Đã thay khóa của đơn vị %s; khóa cũ (%s) được giữ trong lịch sử.\n", card.Code, *replace)
			return nil
		}
		if err := s.Trust(ctx, card); err != nil {
			return err
		}
		fmt.Fprintf(c.out, "Đã tin cậy đơn vị %s.\n", card.Code)
		return nil
	}
	return usageError("card không có lệnh con “%s”.", args[0])
}

func (c *cli) export(ctx context.Context, args []string) error {
	fs := c.flags("export")
	to := fs.String("to", "", "")
	out := fs.String("out", "", "")
	full := fs.Bool("full", false, "")
	slip := fs.String("slip", "", "")
	profile := fs.String("profile", "", "")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *to == "" || *out == "" {
		return usageError("export cần --to MÃ_ĐƠN_VỊ và --out THƯ_MỤC.")
	}
	s, err := c.open(ctx, true)
	if err != nil {
		return err
	}
	res, err := exchange.Export(ctx, s, *to, *out, *full)
	if err != nil {
		return err
	}
	fmt.Fprintln(c.out, res.Path)
	if *slip != "" {
		if err := c.writeSlip(ctx, s, res, *profile, *slip); err != nil {
			return err
		}
	}
	fmt.Fprintf(c.errOut, "Gói số %d gửi %s: %s bản ghi; dấu kiểm tra SHA-256 %s\n", res.Manifest.Seq, *to, data.FormatInt(int64(total(res.Manifest.Counts))), res.Hash)
	return nil
}

func total(m map[data.Kind]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func (c *cli) importBundle(ctx context.Context, args []string) error {
	fs := c.flags("import")
	dry := fs.Bool("dry-run", false, "")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError("import cần đúng một TỆP gói dữ liệu.")
	}
	defer limitMemory(importMemoryLimit)()
	s, err := c.open(ctx, true)
	if err != nil {
		return err
	}
	b, err := exchange.Open(ctx, s, pos[0], exchange.DefaultLimits)
	if err != nil {
		return err
	}
	defer b.Close()
	fmt.Fprintf(c.out, "Gói số %d từ đơn vị %s, tạo lúc %s: chữ ký và dấu kiểm tra hợp lệ.\nDấu kiểm tra của tệp (đối chiếu với phiếu gửi): %s\n",
		b.Manifest.Seq, b.Manifest.Sender, data.InVietnam(b.Manifest.Created).Format("15:04 02/01/2006"), b.Hash)
	if b.Repeat {
		fmt.Fprintln(c.out, "Gói này đã được nhập trước đây: không có gì thay đổi.")
		return nil
	}
	for _, n := range b.Missing {
		fmt.Fprintf(c.out, "Chú ý: thiếu gói số %d từ đơn vị %s (chưa nhập). Dữ liệu vẫn được gộp đúng; hãy xin gửi lại gói đó.\n", n, b.Manifest.Sender)
	}
	if more := b.MissingCount - int64(len(b.Missing)); more > 0 {
		fmt.Fprintf(c.out, "Chú ý: còn thiếu %s gói khác từ đơn vị %s. Hãy xin đơn vị đó xuất một gói đầy đủ (--full).\n", data.FormatInt(more), b.Manifest.Sender)
	}
	if b.ChainBroken {
		fmt.Fprintf(c.out, "Chú ý: gói này không nối tiếp gói số %d đã nhập từ đơn vị %s (dấu kiểm tra gói trước không khớp). Hãy đối chiếu phiếu gửi với đơn vị gửi.\n", b.Manifest.Seq-1, b.Manifest.Sender)
	}
	var p *exchange.Preview
	if *dry {
		p, err = b.Preview(ctx)
	} else {
		var res *exchange.Result
		if res, err = b.Apply(ctx); err == nil {
			p = &res.Preview
			defer fmt.Fprintf(c.out, "Đã nhập. Bản sao lưu trước khi nhập: %s\n", res.Receipt.Backup)
		}
	}
	if err != nil {
		return err
	}
	c.printPreview(p)
	return nil
}

// importMemoryLimit is the soft limit of the Go heap during an import. A large bundle
// allocates quickly (one decoded record after another) while holding little (~50 MB
// for 100,000 records); without a limit the collector lets the heap grow to twice
// that and the process keeps the pages, which with SQLite's page cache took the
// import of 100,000 records over 200 MB of memory.
const importMemoryLimit = 80 << 20

// limitMemory sets a soft memory limit for the Go runtime, unless one is set already
// (GOMEMLIMIT), and returns the function that restores the previous one.
func limitMemory(limit int64) func() {
	prev := debug.SetMemoryLimit(-1)
	if prev != math.MaxInt64 {
		return func() {}
	}
	debug.SetMemoryLimit(limit)
	return func() { debug.SetMemoryLimit(prev) }
}

var classLabels = map[string]string{store.Added: "thêm", store.Changed: "sửa", store.Unchanged: "không đổi", store.Conflicted: "xung đột", store.Refused: "từ chối"}

func (c *cli) printPreview(p *exchange.Preview) {
	var kinds []string
	for k := range p.Counts {
		kinds = append(kinds, string(k))
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		var parts []string
		for _, cl := range []string{store.Added, store.Changed, store.Unchanged, store.Conflicted, store.Refused} {
			if n := p.Counts[data.Kind(k)][cl]; n > 0 {
				parts = append(parts, fmt.Sprintf("%s %s", classLabels[cl], data.FormatInt(int64(n))))
			}
		}
		fmt.Fprintf(c.out, "  %s: %s\n", data.Kind(k).Label("vi"), strings.Join(parts, ", "))
	}
	for _, o := range p.Outcomes {
		if o.Class == store.Refused {
			fmt.Fprintf(c.out, "  Từ chối — %s: %s\n", o.Kind.Label("vi"), o.Reason)
		}
	}
}

func (c *cli) undoImport(ctx context.Context, args []string) error {
	if _, err := parse(c.flags("undo-import"), args); err != nil {
		return err
	}
	s, err := c.open(ctx, true)
	if err != nil {
		return err
	}
	r, err := s.UndoLastImport(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out, "Đã hoàn tác lần nhập gói số %d từ đơn vị %s.\n", r.Seq, r.Sender)
	return nil
}

func (c *cli) conflicts(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "list" {
		return usageError("conflicts cần lệnh con: list.")
	}
	fs := c.flags("conflicts list")
	asJSON := fs.Bool("json", false, "")
	if _, err := parse(fs, args[1:]); err != nil {
		return err
	}
	s, err := c.open(ctx, true)
	if err != nil {
		return err
	}
	list, err := s.Conflicts(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		type row struct {
			Kind     data.Kind `json:"kind"`
			RecordID string    `json:"record_id"`
			Versions []string  `json:"versions"`
			Winner   string    `json:"winner"`
			Detected string    `json:"detected"`
		}
		out := make([]row, len(list))
		for i, cf := range list {
			out[i] = row{cf.Kind, cf.RecordID, cf.Heads, cf.Winner, cf.Detected}
		}
		return c.json(out)
	}
	for _, cf := range list {
		fmt.Fprintf(c.out, "%s %s: %d phiên bản cạnh tranh, đang hiện %s\n", cf.Kind, cf.RecordID, len(cf.Heads), cf.Winner)
	}
	fmt.Fprintf(c.out, "Tổng số: %d xung đột\n", len(list))
	return nil
}

// writeSlip prints the handover slip of a written bundle to a PDF file.
func (c *cli) writeSlip(ctx context.Context, s *store.Store, res *exchange.ExportResult, profile, path string) error {
	m := &reports.Maker{Store: s, Now: s.Now}
	pdf, err := m.HandoverSlip(ctx, profile, res)
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		return &exitError{1, fmt.Sprintf("không ghi được phiếu gửi %s.", path), nil}
	}
	fmt.Fprintf(c.errOut, "Đã in phiếu gửi vào %s\n", path)
	return nil
}
