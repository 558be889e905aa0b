package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"qlhoi/data"
	"qlhoi/data/demo"
	"qlhoi/data/store"
)

func (c *cli) initOffice(ctx context.Context, args []string) error {
	fs := c.flags("init")
	code := fs.String("code", "", "")
	name := fs.String("name", "", "")
	level := fs.String("level", "", "")
	parent := fs.String("parent", "", "")
	place := fs.String("place", "", "")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *code == "" || *name == "" || *level == "" {
		return usageError("init cần --code, --name và --level (tinh, huyen hoặc xa).")
	}
	s, err := c.open(ctx, false)
	if err != nil {
		return err
	}
	o := &data.Office{Code: *code, Name: *name, Level: data.Level(*level), Parent: *parent, Place: *place}
	if err := s.SetUp(ctx, o); err != nil {
		return err
	}
	n, err := s.SeedDefaultAgencies(ctx)
	if err != nil {
		return err
	}
	if err := s.SeedDefaultProfile(ctx); err != nil {
		return err
	}
	fmt.Fprintf(c.out, "Đã tạo cơ sở dữ liệu cho đơn vị %s – %s tại %s\n", o.Code, o.Name, s.Path())
	fmt.Fprintf(c.out, "Đã thêm %d cơ quan thường được giao nhiệm vụ (sửa bằng “qlhoictl agency …”).\n", n)
	return nil
}

func (c *cli) demo(ctx context.Context, args []string) error {
	if _, err := parse(c.flags("demo"), args); err != nil {
		return err
	}
	s, err := c.open(ctx, false)
	if err != nil {
		return err
	}
	if err := demo.Load(ctx, s); err != nil {
		return err
	}
	counts, err := s.Counts(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out, "Đã nạp dữ liệu mẫu cho đơn vị %s: %s hội, %s văn bản chỉ đạo, %s nhiệm vụ.\n", s.Office(),
		data.FormatInt(int64(counts[data.KindAssociation])), data.FormatInt(int64(counts[data.KindDirective])), data.FormatInt(int64(counts[data.KindTask])))
	return nil
}

func (c *cli) gen(ctx context.Context, args []string) error {
	fs := c.flags("gen")
	n := fs.Int("associations", 0, "")
	m := fs.Int("tasks", 0, "")
	seed := fs.Uint64("seed", 1, "")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *n < 0 || *m < 0 || *n+*m == 0 {
		return usageError("gen cần --associations N và/hoặc --tasks M (số dương).")
	}
	s, err := c.open(ctx, false)
	if err != nil {
		return err
	}
	last := -1
	err = demo.Generate(ctx, s, *n, *m, *seed, func(done, total int) {
		if pct := done * 100 / total; pct/10 != last/10 {
			last = pct
			fmt.Fprintf(c.errOut, "\rĐang sinh dữ liệu: %d%%", pct)
		}
	})
	fmt.Fprintln(c.errOut)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out, "Đã sinh %s hội và %s nhiệm vụ.\n", data.FormatInt(int64(*n)), data.FormatInt(int64(*m)))
	return nil
}

func (c *cli) check(ctx context.Context, args []string) error {
	if _, err := parse(c.flags("check"), args); err != nil {
		return err
	}
	s, err := c.open(ctx, false)
	if err != nil {
		return err
	}
	res, err := s.Check(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out, "Phiên bản lược đồ: %d (bản qlhoi này hỗ trợ đến %d)\n", res.Schema, res.Known)
	for _, line := range res.Integrity {
		fmt.Fprintf(c.out, "Kiểm tra toàn vẹn (integrity_check): %s\n", line)
	}
	if !res.OK() {
		return &exitError{1, "cơ sở dữ liệu có lỗi. Hãy khôi phục từ bản sao lưu gần nhất.", nil}
	}
	fmt.Fprintln(c.out, "Cơ sở dữ liệu tốt.")
	return nil
}

func (c *cli) backup(ctx context.Context, args []string) error {
	fs := c.flags("backup")
	out := fs.String("out", "", "")
	encrypt := fs.Bool("encrypt", false, "")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usageError("backup cần --out TỆP.")
	}
	s, err := c.open(ctx, false)
	if err != nil {
		return err
	}
	if *encrypt {
		pass, err := c.passphrase("Mật khẩu cho bản sao lưu (ít nhất 10 ký tự), rồi Enter: ")
		if err != nil {
			return err
		}
		if err := s.BackupEncrypted(ctx, *out, pass); err != nil {
			return err
		}
		fmt.Fprintf(c.out, "Đã sao lưu (mã hóa, gồm cả khóa của đơn vị) vào %s\nGhi giữ mật khẩu ở nơi an toàn: mất mật khẩu thì không khôi phục được.\n", *out)
		return nil
	}
	if err := s.Backup(ctx, *out); err != nil {
		return err
	}
	fmt.Fprintf(c.out, "Đã sao lưu vào %s\nBản sao lưu này không chứa khóa bí mật của đơn vị; để mang cả khóa sang máy khác, dùng --encrypt.\n", *out)
	return nil
}

// restore replaces the database content with a backup's.
func (c *cli) restore(ctx context.Context, args []string) error {
	fs := c.flags("restore")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError("restore cần đúng một TỆP sao lưu.")
	}
	s, err := c.open(ctx, false)
	if err != nil {
		return err
	}
	var safety string
	if store.IsEncryptedBackup(pos[0]) {
		pass, err := c.passphrase("Mật khẩu của bản sao lưu, rồi Enter: ")
		if err != nil {
			return err
		}
		safety, err = s.RestoreEncrypted(ctx, pos[0], pass)
		if err != nil {
			return err
		}
	} else if safety, err = s.RestoreFrom(ctx, pos[0]); err != nil {
		return err
	}
	fmt.Fprintf(c.out, "Đã khôi phục từ %s. Dữ liệu trước khi khôi phục được giữ ở %s.\nCác gói gửi tiếp theo sẽ mang toàn bộ dữ liệu; gói đã nhập sau ngày sao lưu có thể nhập lại.\n", pos[0], safety)
	pending, err := s.PendingTrust(ctx)
	if err != nil {
		return err
	}
	if len(pending) > 0 {
		fmt.Fprintln(c.out, "Bản sao lưu tin cậy các đơn vị dưới đây, máy này chưa tin cậy. Hãy gọi điện cho từng đơn vị, đối chiếu dấu nhận dạng, rồi gõ “qlhoictl keys confirm MÃ” (đúng) hoặc “qlhoictl keys dismiss MÃ” (sai):")
		for _, p := range pending {
			if p.Problem != "" {
				fmt.Fprintf(c.out, "  %s – %s – KHÔNG xác nhận được: %s\n", p.Code, p.Name, p.Problem)
				continue
			}
			fmt.Fprintf(c.out, "  %s – %s – dấu nhận dạng %s\n", p.Code, p.Name, p.Fingerprint)
		}
	}
	return nil
}

// passphrase reads one line from stdin (the clerk types it, or a script pipes it).
func (c *cli) passphrase(prompt string) (string, error) {
	fmt.Fprint(c.errOut, prompt)
	line, err := bufio.NewReader(c.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", &exitError{1, "chưa nhập mật khẩu.", nil}
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func (c *cli) table() *tabwriter.Writer {
	return tabwriter.NewWriter(c.out, 2, 4, 2, ' ', 0)
}
