// Command qlhoictl is qlhoi from the command line: the same records, store and rules as
// the desktop application, for scripts, checks and offices without a screen.
// It is pure Go (CGO_ENABLED=0 builds it).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"qlhoi/data"
	"qlhoi/data/logfile"
	"qlhoi/data/store"
)

const usage = `qlhoictl — quản lý hội quần chúng từ dòng lệnh

Cách dùng: qlhoictl [--db TỆP] LỆNH [tham số]

Lệnh:
  init --code MÃ --name TÊN --level tinh|huyen|xa [--parent MÃ] [--place ĐỊA_DANH]
                          tạo cơ sở dữ liệu cho một đơn vị
  demo                    nạp dữ liệu mẫu
  gen --associations N --tasks M
                          sinh dữ liệu giả để đo tốc độ
  hoi list [--q CHỮ] [--scope tinh|huyen|xa] [--field LĨNH_VỰC] [--status TÌNH_TRẠNG] [--json]
  hoi show ID [--json]
  hoi add --json TỆP [--force]
  hoi set ID TRƯỜNG=GIÁ_TRỊ…
  hoi delete ID | hoi deleted [--json] | hoi restore ID
  agency list [--all] [--json]   cơ quan được giao nhiệm vụ (--all: cả cơ quan đã thôi hoạt động)
  agency add --name TÊN [--short VIẾT_TẮT] [--kind dang|chinh_quyen|mat_tran|hoi|cap_duoi]
  agency show ID [--json] | agency set ID TRƯỜNG=GIÁ_TRỊ…
  agency merge ID --into ID  hợp nhất: nhiệm vụ chưa xong chuyển sang cơ quan nhận
  agency retire ID           thôi hoạt động (giữ lịch sử, không hiện khi giao việc mới)
  agency delete ID | agency deleted | agency restore ID
  directive list [--json] | directive show ID [--json] | directive add --json TỆP
  directive set ID TRƯỜNG=GIÁ_TRỊ… | directive delete ID | directive deleted | directive restore ID
  task list [--overdue|--due-soon] [--on dd/mm/yyyy] [--json]
  task show ID [--json] | task add --json TỆP | task set ID TRƯỜNG=GIÁ_TRỊ…
  task delete ID | task deleted | task restore ID
  task progress ID [--date dd/mm/yyyy] [--percent N] --text NỘI_DUNG [--done] [--ref SỐ] [--agency ID]
  progress show ID | progress set ID TRƯỜNG=GIÁ_TRỊ… | progress delete ID | progress deleted | progress restore ID
                          (ngày trong JSON viết yyyy-mm-dd; “show --json” in đúng dạng “add --json” đọc)
  check                   kiểm tra phiên bản lược đồ và tính toàn vẹn
  settings                cài đặt của đơn vị (phần đầu, chữ ký văn bản, cảnh báo)
  settings set KHÓA=GIÁ_TRỊ…
                          đổi cài đặt; khóa: superior (cơ quan chủ quản), issuer (cơ quan
                          ban hành), symbol (ký hiệu, ví dụ BDVTU), authority (ví dụ KT. TRƯỞNG BAN),
                          party_term_start (dd/mm/yyyy), signer, signer_title, profile state|party,
                          due_soon_days, term_months
  backup --out TỆP [--encrypt]
                          sao lưu trong khi ứng dụng vẫn mở (không gồm khóa bí mật;
                          --encrypt: mã hóa bằng mật khẩu đọc từ bàn phím, gồm cả khóa)
  restore TỆP             khôi phục từ bản sao lưu (hỏi mật khẩu nếu đã mã hóa)
  report list             các loại báo cáo (tên<TAB>tiêu đề)
  report LOẠI --profile state|party --out TỆP.pdf [--issue] [--date dd/mm/yyyy]
         [--from …] [--to …] [--scope …] [--field …] [--association ID] [--directive ID]
         [--agency ID] [--months N] [--signer …] [--signer-title …] [--authority …]
         [--recipients "A; B; Lưu: VT"] [--section KHÓA=NỘI_DUNG]
                          tạo báo cáo đúng thể thức (mặc định là bản dự thảo; --issue cấp số)
  register list [--json]  sổ văn bản đi
  register cancel ID [--reason LÝ_DO]
                          hủy số cấp nhầm (giữ trong sổ, không cấp lại)
  keys show               khóa và dấu nhận dạng của đơn vị
  keys confirm MÃ | keys dismiss MÃ
                          tin cậy lại (hoặc bỏ) một đơn vị mà bản sao lưu vừa khôi phục tin cậy
  card export --out TỆP   ghi thẻ đơn vị để gửi đơn vị khác
  card import TỆP [--yes] [--replace DẤU-CŨ]
                          tin cậy một đơn vị (sau khi đối chiếu dấu nhận dạng);
                          --replace thay khóa đã tin cậy, ghi dấu nhận dạng cũ
  export --to MÃ --out THƯ_MỤC [--full] [--slip PHIẾU.pdf]
                          xuất gói dữ liệu cho một đơn vị (in ra đường dẫn tệp;
                          --slip in kèm phiếu gửi để ký, đóng dấu)
  import TỆP [--dry-run]  kiểm tra, xem trước và nhập gói dữ liệu
  undo-import             hoàn tác lần nhập gói gần nhất
  conflicts list [--json] các bản ghi có xung đột giữa các đơn vị
  import-sheet TỆP --kind hoi|leaders|figures|tasks [--directive MÃ] [--sheet TÊN_TRANG]
         [--map "Cột E=term_end; Cột F=-"] [--year NĂM] [--dry-run] [--yes]
                          nhập danh sách từ bảng tính .xlsx hoặc .csv (xem trước rồi ghi);
                          --year: năm của số hội viên (mặc định: năm ghi ở tiêu đề, hoặc năm nay)
  undo-import-sheet       hoàn tác lần nhập bảng tính gần nhất
  export-sheet --kind hoi|tasks|register --out TỆP.xlsx [--q …] [--scope …] [--field …]
         [--status …] [--assigned yes|no] [--directive MÃ] [--agency MÃ] [--overdue|--due-soon]
                          xuất danh sách ra Excel
  export-sheet --kind stats --out TỆP.xlsx [--year NĂM] (mặc định: năm trước nếu năm nay chưa có số liệu)
                          sổ Excel thông tin hội và số liệu thống kê của năm
  sign TỆP.pdf --role person|body|appendix [--module ĐƯỜNG_DẪN] [--cert TÊN] [--pin-stdin]
         [--image ẢNH.png] [--symbol SỐ_KÝ_HIỆU] [--rsa pss|pkcs1v15] --out TỆP_ĐÃ_KÝ.pdf
                          ký số văn bản đã cấp số bằng thiết bị ký số (USB token, PKCS#11):
                          person – người có thẩm quyền (ảnh chữ ký), body – cơ quan (ảnh con dấu),
                          appendix – phụ lục; RSA ký theo RSASSA-PSS (TT 15/2025/TT-BKHCN)
  token [--module ĐƯỜNG_DẪN] [--pin-stdin]
                          các chứng thư số trên thiết bị ký số (tên, tổ chức, hiệu lực)
  verify TỆP.pdf [--roots CA.pem|CA.cer] [--json]
                          kiểm tra các chữ ký số của một tệp PDF nhận được

--db mặc định: ` + "%s" + `
`

// exitError carries an exit code and the user's Vietnamese sentence (msg, printed); the
// log gets Error — the code and the cause, never the sentence, which may quote a record.
type exitError struct {
	code  int
	msg   string
	cause error
}

func (e *exitError) Error() string {
	if e.cause != nil {
		return fmt.Sprintf("exit %d: %s", e.code, e.cause.Error())
	}
	return fmt.Sprintf("exit %d", e.code)
}

func (e *exitError) Unwrap() error { return e.cause }

// Refusal says the log takes an error without a cause as the user's (a wrong command,
// a missing file), not a fault.
func (e *exitError) Refusal() bool { return e.cause == nil }

func usageError(format string, args ...any) error {
	return &exitError{2, fmt.Sprintf(format, args...), nil}
}

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes one command and returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	stdout, stderr = safeText(stdout), safeProgress(stderr)
	c := &cli{stdin: stdin, out: stdout, errOut: stderr, dbPath: store.DefaultPath()}
	err := c.dispatch(ctx, args)
	if c.store != nil {
		c.store.Close()
	}
	if c.log == nil && err != nil {
		// An error before the database was opened (a card, a spreadsheet, a path): the
		// log goes in the data folder if there is one.
		if _, serr := os.Stat(filepath.Dir(c.dbPath)); serr == nil {
			c.log, _ = logfile.Open(c.dbPath, "qlhoictl")
		}
	}
	if c.log != nil {
		logfile.Error(ctx, "qlhoictl "+c.command, err)
		c.log.Close()
	}
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		fmt.Fprintln(stderr, "Lỗi: "+ee.msg)
		if ee.code == 2 {
			fmt.Fprintln(stderr, "Gõ “qlhoictl help” để xem cách dùng.")
		}
		return ee.code
	}
	fmt.Fprintln(stderr, "Lỗi: "+data.Message(err))
	return 1
}

type cli struct {
	stdin       io.Reader
	out, errOut io.Writer
	dbPath      string
	store       *store.Store
	log         *logfile.File // open once the database is (its folder holds the log)
	command     string        // the command running, for the log
}

func (c *cli) dispatch(ctx context.Context, args []string) error {
	// Global flags before the command.
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		name, val, hasVal := strings.Cut(strings.TrimLeft(args[0], "-"), "=")
		if name != "db" {
			if name == "h" || name == "help" {
				return c.help()
			}
			return usageError("không có tùy chọn chung “%s”.", args[0])
		}
		if !hasVal {
			if len(args) < 2 {
				return usageError("--db cần đường dẫn tệp.")
			}
			val, args = args[1], args[1:]
		}
		c.dbPath = val
		args = args[1:]
	}
	if len(args) == 0 {
		return c.help()
	}
	cmd, rest := args[0], args[1:]
	c.command = cmd
	switch cmd {
	case "help", "-h", "--help":
		return c.help()
	case "init":
		return c.initOffice(ctx, rest)
	case "demo":
		return c.demo(ctx, rest)
	case "gen":
		return c.gen(ctx, rest)
	case "hoi":
		return c.hoi(ctx, rest)
	case "task":
		return c.task(ctx, rest)
	case "agency":
		return c.agency(ctx, rest)
	case "directive":
		return c.directive(ctx, rest)
	case "progress":
		return c.progress(ctx, rest)
	case "register":
		return c.register(ctx, rest)
	case "check":
		return c.check(ctx, rest)
	case "settings":
		return c.settings(ctx, rest)
	case "backup":
		return c.backup(ctx, rest)
	case "restore":
		return c.restore(ctx, rest)
	case "report":
		return c.report(ctx, rest)
	case "keys":
		return c.keys(ctx, rest)
	case "card":
		return c.card(ctx, rest)
	case "export":
		return c.export(ctx, rest)
	case "import":
		return c.importBundle(ctx, rest)
	case "undo-import":
		return c.undoImport(ctx, rest)
	case "conflicts":
		return c.conflicts(ctx, rest)
	case "import-sheet":
		return c.importSheet(ctx, rest)
	case "undo-import-sheet":
		return c.undoImportSheet(ctx, rest)
	case "export-sheet":
		return c.exportSheet(ctx, rest)
	case "sign", "verify", "token":
		return c.signing(ctx, cmd, rest)
	}
	return usageError("không có lệnh “%s”.", cmd)
}

func (c *cli) help() error {
	fmt.Fprintf(c.out, usage, store.DefaultPath())
	return nil
}

// flags returns a flag set for a subcommand; every subcommand also accepts --db.
func (c *cli) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&c.dbPath, "db", c.dbPath, "")
	return fs
}

// parse parses flags that may come before or after the positional arguments and
// returns the positionals.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usageError("%s: %s", fs.Name(), flagMessage(err))
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func flagMessage(err error) string {
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "flag provided but not defined: "):
		return "không có tùy chọn " + strings.TrimPrefix(msg, "flag provided but not defined: ")
	case strings.HasPrefix(msg, "flag needs an argument: "):
		return "tùy chọn " + strings.TrimPrefix(msg, "flag needs an argument: ") + " cần giá trị"
	case strings.Contains(msg, "invalid value"):
		return "giá trị không hợp lệ (" + msg + ")"
	}
	return msg
}

// open opens the database; needOffice refuses a database not yet set up.
func (c *cli) open(ctx context.Context, needOffice bool) (*store.Store, error) {
	if c.store != nil {
		return c.store, nil
	}
	if needOffice {
		if _, err := os.Stat(c.dbPath); err != nil {
			return nil, &exitError{1, fmt.Sprintf("chưa có cơ sở dữ liệu ở %s. Hãy chạy “qlhoictl init …” hoặc “qlhoictl demo” trước.", c.dbPath), nil}
		}
	}
	if c.log == nil {
		if l, err := logfile.Open(c.dbPath, "qlhoictl"); err == nil {
			c.log = l
		}
	}
	s, err := store.Open(ctx, c.dbPath)
	if err != nil {
		return nil, err
	}
	c.store = s
	if needOffice && s.Office() == "" {
		return nil, &exitError{1, "cơ sở dữ liệu chưa được thiết lập cho đơn vị nào. Hãy chạy “qlhoictl init …” hoặc “qlhoictl demo”.", nil}
	}
	return s, nil
}
