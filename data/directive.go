package data

import (
	"regexp"
	"time"
)

// Directive (văn bản chỉ đạo) is a document that assigns tasks.
type Directive struct {
	Meta
	Number  string `json:"number"` // số và ký hiệu: "1234-CV/TU"
	Date    Date   `json:"date"`
	Issuer  string `json:"issuer"`
	DocType string `json:"doc_type,omitempty"` // loại: Công văn, Chỉ thị, Kết luận…
	Summary string `json:"summary"`            // trích yếu
}

// Kind implements Record.
func (*Directive) Kind() Kind { return KindDirective }

var documentNumber = regexp.MustCompile(`^[0-9]{1,5}([/-][\p{Lu}0-9]+)+$`)

func (d *Directive) Clean() {
	d.Number = cleanDecisionNumber(d.Number)
	d.Issuer = Clean(d.Issuer)
	d.DocType = Clean(d.DocType)
	d.Summary = Clean(d.Summary)
}

// Validate checks the directive's own rules.
func (d *Directive) Validate() error {
	var p Problems
	if d.Number == "" {
		p.Add("ErrDocumentNumberRequired", "number", "Chưa nhập số, ký hiệu văn bản.")
	} else if !documentNumber.MatchString(d.Number) {
		p.Add("ErrDocumentNumberInvalid", "number", "Số, ký hiệu văn bản không đúng dạng. Ví dụ đúng: 1234-CV/TU hoặc 56/KH-UBND.")
	}
	if d.Date.IsZero() {
		p.Add("ErrDateRequired", "date", "Chưa nhập ngày ban hành.")
	}
	if d.Issuer == "" {
		p.Add("ErrIssuerRequired", "issuer", "Chưa nhập cơ quan ban hành.")
	}
	if d.Summary == "" {
		p.Add("ErrSummaryRequired", "summary", "Chưa nhập trích yếu nội dung.")
	}
	return p.Err()
}

func (d *Directive) Columns() []Column { return []Column{{"date", d.Date.ISO()}} }

// Cycle is how often a task reports.
type Cycle string

// Cycles.
const (
	CycleOnce     Cycle = ""
	CycleHalfYear Cycle = "6_thang"
	CycleYearly   Cycle = "hang_nam"
)

// Label is the Vietnamese name of the cycle.
func (c Cycle) Label() string {
	switch c {
	case CycleHalfYear:
		return "Định kỳ 6 tháng"
	case CycleYearly:
		return "Hằng năm"
	}
	return "Một lần"
}

// Task (nhiệm vụ) is work a directive assigns to a lead agency. Its status is never
// typed: it is computed from the deadline, the completion date and a report date.
type Task struct {
	Meta
	Directive    string   `json:"directive"`
	Content      string   `json:"content"`
	Lead         string   `json:"lead"`                   // lead agency id
	Cooperating  []string `json:"cooperating,omitempty"`  // agency ids
	Associations []string `json:"associations,omitempty"` // related association ids
	// Deadline is the due day of a one-off task. A periodic task (Cycle) has due days
	// that repeat every period instead, starting from Deadline if set.
	Deadline Date  `json:"deadline"`
	Cycle    Cycle `json:"cycle,omitempty"`
	// Percent is the latest reported progress; CompletedOn is set by the progress update
	// that completes the task.
	Percent     int    `json:"percent"`
	CompletedOn Date   `json:"completed_on"`
	Result      string `json:"result,omitempty"`
	Problems    string `json:"problems,omitempty"`
	Proposals   string `json:"proposals,omitempty"`
	// LastReport is the day of the latest progress update.
	LastReport Date `json:"last_report"`
}

// Kind implements Record.
func (*Task) Kind() Kind { return KindTask }

func (t *Task) Clean() {
	t.Content = CleanMultiline(t.Content)
	t.Result = CleanMultiline(t.Result)
	t.Problems = CleanMultiline(t.Problems)
	t.Proposals = CleanMultiline(t.Proposals)
}

// Validate checks the task's own rules.
func (t *Task) Validate() error {
	var p Problems
	if t.Directive == "" {
		p.Add("ErrDirectiveRequired", "directive", "Chưa chọn văn bản giao nhiệm vụ.")
	}
	if t.Content == "" {
		p.Add("ErrContentRequired", "content", "Chưa nhập nội dung nhiệm vụ.")
	}
	if t.Lead == "" {
		p.Add("ErrLeadRequired", "lead", "Chưa chọn cơ quan chủ trì.")
	}
	for _, c := range t.Cooperating {
		if c == t.Lead && c != "" {
			p.Add("ErrLeadAlsoCooperating", "cooperating", "Cơ quan chủ trì không đồng thời là cơ quan phối hợp.")
		}
	}
	if t.Cycle != CycleOnce && t.Cycle != CycleHalfYear && t.Cycle != CycleYearly {
		p.Add("ErrCycleInvalid", "cycle", "Chu kỳ báo cáo không hợp lệ.")
	}
	if t.Percent < 0 || t.Percent > 100 {
		p.Add("ErrPercentInvalid", "percent", "Tiến độ phải từ 0 đến 100%.")
	}
	return p.Err()
}

func (t *Task) Columns() []Column {
	return []Column{
		{"directive", t.Directive},
		{"lead", t.Lead},
		{"deadline", t.Deadline.ISO()},
		{"completed_on", t.CompletedOn.ISO()},
		{"cycle", string(t.Cycle)},
		{"percent", t.Percent},
		{"last_report", t.LastReport.ISO()},
	}
}

// ProgressUpdate reports progress on a task. Saving one updates the task's progress,
// completion date and last report day in the same transaction.
type ProgressUpdate struct {
	Meta
	Task      string `json:"task"`
	Date      Date   `json:"date"`
	Agency    string `json:"agency"` // reporting agency id
	Text      string `json:"text"`
	Percent   int    `json:"percent"`
	Completed bool   `json:"completed"`
	Reference string `json:"reference,omitempty"` // reference document number
}

// Kind implements Record.
func (*ProgressUpdate) Kind() Kind { return KindProgress }

func (u *ProgressUpdate) Clean() {
	u.Text = CleanMultiline(u.Text)
	u.Reference = Clean(u.Reference)
	if u.Completed {
		u.Percent = 100
	}
}

// Validate checks the update's own rules.
func (u *ProgressUpdate) Validate() error {
	var p Problems
	if u.Task == "" {
		p.Add("ErrTaskRequired", "task", "Chưa chọn nhiệm vụ.")
	}
	if u.Date.IsZero() {
		p.Add("ErrDateRequired", "date", "Chưa nhập ngày báo cáo.")
	}
	if u.Text == "" {
		p.Add("ErrContentRequired", "text", "Chưa nhập nội dung kết quả thực hiện.")
	}
	if u.Percent < 0 || u.Percent > 100 {
		p.Add("ErrPercentInvalid", "percent", "Tiến độ phải từ 0 đến 100%.")
	}
	return p.Err()
}

func (u *ProgressUpdate) Columns() []Column {
	return []Column{{"task", u.Task}, {"date", u.Date.ISO()}}
}

// IssuedDocument is an entry of the issued-documents register (sổ văn bản đi).
type IssuedDocument struct {
	Meta
	// Series is the numbering sequence the number belongs to, e.g. "state:QT:2026" or
	// "party:QT:BC:2025-2030".
	Series   string `json:"series"`
	Number   int    `json:"number"`
	Symbol   string `json:"symbol"` // full number and symbol as printed: "05/BC-BDVTU"
	Date     Date   `json:"date"`
	DocType  string `json:"doc_type"`
	Subject  string `json:"subject"`
	Signer   string `json:"signer"`
	FileName string `json:"file_name"`
	SHA256   string `json:"sha256"`
	// Cancelled marks a number issued by mistake: the entry stays, marked "hủy", and
	// the number is never given again.
	Cancelled  bool   `json:"cancelled,omitempty"`
	CancelNote string `json:"cancel_note,omitempty"`
	// Signatures are the digital signatures put on the issued file, in order; each
	// says the hash of the file it made, the one the next signature starts from.
	Signatures []DigitalSignature `json:"signatures,omitempty"`
}

// DigitalSignature is one digital signature on an issued document.
type DigitalSignature struct {
	Role   string `json:"role"`   // person, body or appendix
	Signer string `json:"signer"` // the certificate's name
	Serial string `json:"serial"` // the certificate's serial number, hex
	At     string `json:"at"`     // when, RFC 3339 in Vietnam time
	SHA256 string `json:"sha256"` // of the file as signed
}

// When is the time of the signature (zero if its record is damaged).
func (s DigitalSignature) When() time.Time {
	t, _ := time.Parse(time.RFC3339, s.At)
	return t
}

// CurrentSHA256 is the hash of the document's file as it stands: the last signed
// version, else the one issued.
func (d *IssuedDocument) CurrentSHA256() string {
	if n := len(d.Signatures); n > 0 {
		return d.Signatures[n-1].SHA256
	}
	return d.SHA256
}

// Kind implements Record.
func (*IssuedDocument) Kind() Kind { return KindIssuedDocument }

func (d *IssuedDocument) Clean() {
	d.Symbol = Clean(d.Symbol)
	d.DocType = Clean(d.DocType)
	d.Subject = Clean(d.Subject)
	d.Signer = Clean(d.Signer)
	d.CancelNote = Clean(d.CancelNote)
}

// Validate checks the register entry's own rules.
func (d *IssuedDocument) Validate() error {
	var p Problems
	if d.Series == "" {
		p.Add("ErrSeriesRequired", "series", "Thiếu sổ đăng ký văn bản.")
	}
	if d.Number <= 0 {
		p.Add("ErrNumberInvalid", "number", "Số văn bản phải lớn hơn 0.")
	}
	if d.Date.IsZero() {
		p.Add("ErrDateRequired", "date", "Chưa có ngày ban hành.")
	}
	if d.Subject == "" {
		p.Add("ErrSummaryRequired", "subject", "Chưa có trích yếu văn bản.")
	}
	return p.Err()
}

func (d *IssuedDocument) Columns() []Column {
	return []Column{{"series", d.Series}, {"number", d.Number}}
}
