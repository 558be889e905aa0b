package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"qlhoi/data"
	"qlhoi/reports"
)

// report: `report list` prints the catalogue; `report KIND --profile state|party
// --out FILE.pdf [parameters]` makes one.
func (c *cli) report(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usageError("report cần “list” hoặc tên một loại báo cáo.")
	}
	if args[0] == "list" {
		for _, k := range reports.Catalogue {
			fmt.Fprintf(c.out, "%s\t%s\n", k.Name, k.Title)
		}
		return nil
	}
	name := args[0]
	if _, ok := reports.KindByName(name); !ok {
		return reports.ErrUnknownReport
	}
	fs := c.flags("report " + name)
	var p reports.Params
	out := fs.String("out", "", "")
	fs.StringVar(&p.Profile, "profile", "", "")
	date := fs.String("date", "", "")
	from := fs.String("from", "", "")
	to := fs.String("to", "", "")
	scope := fs.String("scope", "", "")
	fs.StringVar(&p.Field, "field", "", "")
	status := fs.String("status", "", "")
	fs.StringVar(&p.Association, "association", "", "")
	fs.StringVar(&p.Directive, "directive", "", "")
	fs.StringVar(&p.Agency, "agency", "", "")
	fs.IntVar(&p.Months, "months", 0, "")
	fs.StringVar(&p.Signer, "signer", "", "")
	fs.StringVar(&p.SignerTitle, "signer-title", "", "")
	fs.StringVar(&p.Authority, "authority", "", "")
	recipients := fs.String("recipients", "", "")
	var sections multiFlag
	fs.Var(&sections, "section", "")
	fs.BoolVar(&p.Issue, "issue", false, "")
	if _, err := parse(fs, args[1:]); err != nil {
		return err
	}
	if *out == "" {
		return usageError("report cần --out TỆP.pdf.")
	}
	for _, d := range []struct {
		s   string
		dst *data.Date
	}{{*date, &p.Date}, {*from, &p.From}, {*to, &p.To}} {
		v, err := data.ParseDate(d.s)
		if err != nil {
			return err
		}
		*d.dst = v
	}
	p.Scope, p.Status = data.Scope(*scope), data.Status(*status)
	if err := readTexts(&p, name, *recipients, sections); err != nil {
		return err
	}
	// A report is one short burst of allocation (records, measured words, page streams,
	// font subsets: about 40 MB for the 1,000-association list) in a process that ends
	// right after; collecting at 4× the live heap instead of 2× spares most of the
	// collections for a few megabytes more.
	defer debug.SetGCPercent(debug.SetGCPercent(reportGCPercent))
	s, err := c.open(ctx, true)
	if err != nil {
		return err
	}
	m := &reports.Maker{Store: s, Now: s.Now}
	res, err := m.Make(ctx, name, p)
	if err != nil {
		return err
	}
	return c.writeReport(*out, res)
}

// writeReport writes the made report and says what it is; characters printed as "?"
// are listed on stderr.
func (c *cli) writeReport(out string, res *reports.Result) error {
	if err := os.WriteFile(out, res.PDF, 0o644); err != nil {
		return &exitError{1, fmt.Sprintf("không ghi được tệp %s. Hãy kiểm tra thư mục và quyền ghi.", out), err}
	}
	state := "bản dự thảo (chưa cấp số)"
	if res.Issued != nil {
		state = "đã cấp số, vào sổ văn bản đi; SHA-256 " + res.Issued.SHA256
		// The window signs it where it is, without asking for the file.
		if abs, err := filepath.Abs(out); err == nil && c.store != nil {
			_ = c.store.SetSignFile(context.Background(), res.Issued.ID, abs) // a convenience: best effort
		}
	}
	fmt.Fprintf(c.out, "Đã tạo %s: %s, %d trang, %s; phông chữ %s.\n", out, strings.TrimSpace(res.Number), res.Pages, state, res.Font)
	if len(res.Replaced) > 0 {
		fmt.Fprintf(c.errOut, "Lưu ý: %d ký tự không in được, đã in là “?”:\n", len(res.Replaced))
		for _, r := range res.Replaced {
			fmt.Fprintln(c.errOut, "  "+r.String())
		}
	}
	return nil
}

// readTexts puts --recipients ("A; B; Lưu: VT") and each --section KEY=TEXT into p.
func readTexts(p *reports.Params, name, recipients string, sections []string) error {
	for _, r := range strings.Split(recipients, ";") {
		if r = strings.TrimSpace(r); r != "" {
			p.Recipients = append(p.Recipients, r)
		}
	}
	for _, s := range sections {
		k, v, ok := strings.Cut(s, "=")
		if !ok {
			return usageError("--section phải có dạng KHÓA=NỘI_DUNG (các khóa: %s).", sectionKeys(name))
		}
		if p.Sections == nil {
			p.Sections = map[string]string{}
		}
		p.Sections[k] = v
	}
	return nil
}

func sectionKeys(name string) string {
	var keys []string
	for k := range reports.SectionKeys(name) {
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return "báo cáo này không có"
	}
	return strings.Join(keys, ", ")
}

// reportGCPercent is the garbage collector's target while a report is made.
const reportGCPercent = 400

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }
