package reports

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"qlhoi/data"
	"qlhoi/data/store"
)

// Params are what a clerk sets before making a report. Zero values take sensible
// defaults, so every report prints from the demo data without any.
type Params struct {
	Profile string    // "state" (default) or "party"
	Date    data.Date // report date (default: today)
	// From and To bound the period (default: 01/01 of the report year to the date).
	From, To data.Date
	// Filters of the association list and statistics.
	Scope  data.Scope
	Field  string
	Status data.Status
	// Association is the association of its file (default: the first by name).
	Association string
	// Directive is the directive reported on or reminded of (default: the newest).
	Directive string
	// Agency limits the reminder to one agency (default: one letter per agency).
	Agency string
	// Months is the window of "term ending" (default: 6).
	Months int
	// Signer and recipients (default: from settings).
	Signer, SignerTitle, Authority string
	Recipients                     []string
	// Sections replaces the placeholder text of a narrative section, by key.
	Sections map[string]string
	// Issue takes the next number of the register; otherwise the report is a draft.
	Issue bool
	// Progress, if set, is told how far the drawing of a long table is (0 to 1).
	Progress func(float64)
	// Expect, when issuing, is the number the clerk was shown and confirmed: if
	// another issue took it meanwhile, nothing is issued.
	Expect int
}

// Result is a made report.
type Result struct {
	PDF      []byte
	Font     string // the font used: Times New Roman (system) or Liberation Serif
	Number   string // the number line as printed
	Pages    int
	FileName string
	Issued   *data.IssuedDocument // the register entry, if issued
	// Replaced lists the characters the font could not draw, printed as "?".
	Replaced []Replacement
}

// Kind is one report of the catalogue.
type Kind struct {
	Name, Title string
	// TypeCode is the type abbreviation in the number ("BC"); empty for a letter.
	TypeCode string
	DocType  string // the printed type: "BÁO CÁO"
	build    func(b *builder) error
}

// Catalogue lists the reports.
var Catalogue = []Kind{
	{"danh-sach-hoi", "Danh sách hội", "BC", "Báo cáo", buildList},
	{"thong-ke-hoi", "Báo cáo thống kê hội", "BC", "Báo cáo", buildStats},
	{"ho-so-hoi", "Hồ sơ hội", "BC", "Báo cáo", buildFile},
	{"ket-qua-thuc-hien", "Báo cáo kết quả thực hiện", "BC", "Báo cáo", buildImplementation},
	{"cong-van-don-doc", "Công văn đôn đốc", "", "", buildReminder},
	{"het-nhiem-ky", "Hội sắp/đã hết nhiệm kỳ", "BC", "Báo cáo", buildTerms},
}

// KindByName finds a report by name.
func KindByName(name string) (Kind, bool) {
	for _, k := range Catalogue {
		if k.Name == name {
			return k, true
		}
	}
	return Kind{}, false
}

// ErrUnknownReport is returned for a report name not in the catalogue.
var ErrUnknownReport = &data.Error{Code: "ErrUnknownReport", Message: "Không có loại báo cáo này. Gõ “qlhoictl report list” để xem các loại báo cáo."}

// Maker makes reports from a store.
type Maker struct {
	Store *store.Store
	Fonts *Fonts
	// Now is the clock of the creation time written into the file.
	Now func() time.Time
}

// builder carries one report's making.
type builder struct {
	ctx    context.Context
	s      *store.Store
	kind   Kind
	p      Params
	prof   Profile
	fonts  *Fonts
	now    time.Time
	office *data.Office
	hdr    Header
	sig    Signature
	symbol string
	doc    *Doc
	// subject is set by the builder for the metadata and the register.
	subject string
	// err is the first error reading settings.
	err error
	// pending is the document being prepared (fonts loading) while the data is read.
	pending chan *Doc
	// breakAt is the body line a new page starts at (Doc.KeepWithSignature).
	breakAt int
	// Records of all associations, grouped by association, loaded once for a list.
	leaders map[string][]*data.Leader
	figures map[string][]*data.YearlyFigure
	events  map[string][]*data.AssociationEvent
}

// Make makes a report: a draft, or with Params.Issue the next numbered document,
// recorded in the register with the SHA-256 of its PDF.
func (m *Maker) Make(ctx context.Context, name string, p Params) (*Result, error) {
	kind, ok := KindByName(name)
	if !ok {
		return nil, ErrUnknownReport
	}
	prof, err := ProfileByName(p.Profile)
	if err != nil {
		return nil, err
	}
	b, err := m.prepare(ctx, kind, prof, p)
	if err != nil {
		return nil, err
	}
	res := &Result{Font: b.fonts.Name}
	render := func(number string) error {
		b.hdr.Number = prof.Number(number, kind.TypeCode, b.symbol)
		b.hdr.Draft = number == ""
		for b.breakAt = 0; ; {
			b.doc = nil
			b.pending = preloaded(prof, b.fonts)
			if err := kind.build(b); err != nil {
				return err
			}
			// A signature block alone on its page: drawn again with the last lines
			// moved over to it.
			if b.breakAt != 0 || b.doc.KeepWithSignature() == 0 {
				break
			}
			b.breakAt = b.doc.KeepWithSignature()
		}
		pdf, err := b.doc.Bytes()
		if err != nil {
			return err
		}
		res.PDF, res.Number, res.Pages, res.Replaced = pdf, b.hdr.Number, b.doc.Pages(), b.doc.Replaced()
		return nil
	}
	if !p.Issue {
		if err := render(""); err != nil {
			return nil, err
		}
		res.FileName = fileName(kind, prof, b.p.Date, "du-thao")
		return res, nil
	}
	if err := checkPlaceholders(kind, p); err != nil {
		return nil, err
	}
	series, err := b.series()
	if err != nil {
		return nil, err
	}
	issued, err := m.Store.Issue(ctx, series, func(n int) (*data.IssuedDocument, error) {
		if p.Expect > 0 && n != p.Expect {
			return nil, &data.Error{Code: "ErrNumberTaken", Args: []any{PadNumber(p.Expect), PadNumber(n)}, Message: fmt.Sprintf("Số %s vừa được cấp cho văn bản khác; số tiếp theo là %s. Hãy bấm tạo lại để xem và xác nhận số mới.", PadNumber(p.Expect), PadNumber(n))}
		}
		if err := render(PadNumber(n)); err != nil {
			return nil, err
		}
		sum := sha256.Sum256(res.PDF)
		res.FileName = fileName(kind, prof, b.p.Date, PadNumber(n))
		docType := kind.DocType
		if docType == "" {
			docType = "Công văn"
		}
		return &data.IssuedDocument{Symbol: strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(res.Number, "Số:"), "Số")),
			Date: b.p.Date, DocType: docType, Subject: b.subject, Signer: b.sig.Name,
			FileName: res.FileName, SHA256: hex.EncodeToString(sum[:])}, nil
	})
	if err != nil {
		return nil, err
	}
	res.Issued = issued
	return res, nil
}

// series is the register sequence the report's number belongs to.
func (b *builder) series() (string, error) {
	if b.prof.Name == "party" {
		term, _ := data.ParseDate(b.setting(store.SettingPartyTermStart)) // unset or unreadable: no term start
		if b.err != nil {
			return "", b.err
		}
		code := b.kind.TypeCode
		if code == "" {
			code = "CV"
		}
		return store.PartySeries(b.office.Code, code, term), nil
	}
	return store.StateSeries(b.office.Code, b.p.Date.Year()), nil
}

// Preview is what issuing the report now would write in the register — the exact
// number and symbol, date, type and subject — for the clerk to confirm. Nothing is
// written. It refuses a report that cannot be issued (placeholders left).
func (m *Maker) Preview(ctx context.Context, name string, p Params) (*data.IssuedDocument, error) {
	kind, ok := KindByName(name)
	if !ok {
		return nil, ErrUnknownReport
	}
	prof, err := ProfileByName(p.Profile)
	if err != nil {
		return nil, err
	}
	if err := checkPlaceholders(kind, p); err != nil {
		return nil, err
	}
	b, err := m.prepare(ctx, kind, prof, p)
	if err != nil {
		return nil, err
	}
	b.hdr.Draft = true
	if err := kind.build(b); err != nil { // the subject comes from the content
		return nil, err
	}
	series, err := b.series()
	if err != nil {
		return nil, err
	}
	n, err := m.Store.NextNumber(ctx, series)
	if err != nil {
		return nil, err
	}
	docType := kind.DocType
	if docType == "" {
		docType = "Công văn"
	}
	number := prof.Number(PadNumber(n), kind.TypeCode, b.symbol)
	return &data.IssuedDocument{Series: series, Number: n, Date: b.p.Date, DocType: docType, Subject: b.subject,
		Symbol: strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(number, "Số:"), "Số"))}, nil
}

// placeholder is template text in square brackets ("[Kiến nghị, đề xuất …]").
var placeholder = regexp.MustCompile(`\[[^\]]*\]`)

// sectionLabels name the narrative sections in messages.
var sectionLabels = map[string]string{
	"danh-gia": "Đánh giá", "phuong-huong": "Phương hướng, nhiệm vụ",
	"nhiem-vu-toi": "Nhiệm vụ, giải pháp thời gian tới", "kien-nghi": "Kiến nghị, đề xuất",
}

// checkPlaceholders refuses to issue a report whose narrative still holds template
// text: a draft may keep it, a numbered document may not.
func checkPlaceholders(kind Kind, p Params) error {
	keys := SectionKeys(kind.Name)
	names := make([]string, 0, len(keys))
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		text := keys[k]
		if v, ok := p.Sections[k]; ok {
			text = v
		}
		if m := placeholder.FindString(text); m != "" {
			return &data.Error{Code: "ErrPlaceholderLeft", Field: "section." + k, Args: []any{sectionLabels[k], m},
				Message: fmt.Sprintf("Phần “%s” còn chữ mẫu %s. Hãy viết nội dung hoặc xóa chữ mẫu rồi mới cấp số; bản dự thảo thì vẫn tạo được.", sectionLabels[k], m)}
		}
	}
	return nil
}

// fileName is the report's file name: its kind, date and number, and "dang" for the
// Party profile — the State and the Party series both start at 01, and one file
// overwrote the other (then the other's number was signed on it).
func fileName(k Kind, prof Profile, d data.Date, number string) string {
	if prof.Name == "party" {
		number += "-dang"
	}
	return fmt.Sprintf("%s-%s-%s.pdf", k.Name, d.ISO(), number)
}

// intSetting reads a numeric setting, def when unset or not a number; a read error is
// kept in b.err.
func (b *builder) intSetting(key string, def int) int {
	n, err := strconv.Atoi(b.setting(key))
	if err != nil {
		return def
	}
	return n
}

// setting reads a setting; a read error is kept in b.err (the report stops on it).
func (b *builder) setting(key string) string {
	v, err := b.s.Setting(b.ctx, key)
	if err != nil && b.err == nil {
		b.err = err
	}
	return v
}

// prepare fills the defaults and the header and signature from settings.
func (m *Maker) prepare(ctx context.Context, kind Kind, prof Profile, p Params) (*builder, error) {
	now := time.Now
	if m.Now != nil {
		now = m.Now
	}
	fonts := m.Fonts
	if fonts == nil {
		fonts = SystemOrEmbedded()
	}
	b := &builder{ctx: ctx, s: m.Store, kind: kind, p: p, prof: prof, fonts: fonts, now: now()}
	office, err := m.Store.OwnOffice(ctx)
	if err != nil {
		return nil, err
	}
	b.office = office
	if b.p.Date.IsZero() {
		b.p.Date = m.Store.Today()
	}
	if b.p.To.IsZero() {
		b.p.To = b.p.Date
	}
	if b.p.From.IsZero() {
		b.p.From = data.NewDate(b.p.To.Year(), 1, 1)
	}
	if b.p.From.After(b.p.To) {
		return nil, &data.Error{Code: "ErrDatesOrder", Message: "Ngày bắt đầu kỳ báo cáo phải trước ngày kết thúc."}
	}
	if b.p.Months <= 0 {
		b.p.Months = b.intSetting(store.SettingTermMonths, 6)
	}
	issuer := b.setting(store.SettingIssuer)
	if issuer == "" {
		issuer = office.Name
	}
	b.symbol = b.setting(store.SettingSymbol)
	if b.symbol == "" {
		b.symbol = store.DefaultSymbol(office.Code)
	}
	place := office.Place
	if place == "" {
		place = office.Name
	}
	b.hdr = Header{Superior: b.setting(store.SettingSuperior), Issuer: issuer, Place: place, Date: b.p.Date}
	b.sig = Signature{Authority: p.Authority, Title: p.SignerTitle, Name: p.Signer}
	if b.sig.Authority == "" {
		b.sig.Authority = b.setting(store.SettingAuthority)
	}
	if b.sig.Title == "" {
		b.sig.Title = b.setting(store.SettingSignerTitle)
	}
	if b.sig.Title == "" {
		b.sig.Title = "THỦ TRƯỞNG CƠ QUAN"
	}
	if b.sig.Name == "" {
		b.sig.Name = b.setting(store.SettingSigner)
	}
	if b.err != nil {
		return nil, b.err
	}
	return b, nil
}

// start begins the document with its header and title.
func (b *builder) start(subject string, landscape bool) *Doc {
	b.subject = subject
	var d *Doc
	if b.pending != nil {
		d, b.pending = <-b.pending, nil
	} else {
		d = newDoc(b.prof, b.fonts)
	}
	d.begin(Meta{Title: b.kind.Title + " – " + subject, Author: b.hdr.Issuer, Subject: subject, Created: b.now}, landscape)
	d.ctx, d.progress = b.ctx, b.p.Progress
	d.breakAt = b.breakAt
	b.doc = d
	d.Header(b.hdr)
	if b.kind.DocType != "" {
		d.Title(b.kind.DocType, subject)
	}
	return d
}

// recipients are the given ones, or the default list ending with the archive line.
func (b *builder) recipients(def ...string) []string {
	if len(b.p.Recipients) > 0 {
		return b.p.Recipients
	}
	return append(def, "Lưu: VT")
}

// section returns the clerk's text for a narrative section, or the placeholder.
// section is the clerk's text of a narrative section; a section not given keeps its
// template text, one given empty is left out.
func (b *builder) section(key, template string) string {
	if t, ok := b.p.Sections[key]; ok {
		return strings.TrimSpace(t)
	}
	return template
}

// SectionKeys lists the editable narrative sections of a report with their
// placeholder text, for the GUI and the CLI.
func SectionKeys(name string) map[string]string {
	switch name {
	case "thong-ke-hoi":
		return map[string]string{
			"danh-gia":     "[Đánh giá chung về tổ chức, hoạt động của các hội trong kỳ: ưu điểm, hạn chế.]",
			"phuong-huong": "[Phương hướng, nhiệm vụ thời gian tới.]",
		}
	case "ket-qua-thuc-hien":
		return map[string]string{
			"nhiem-vu-toi": "[Nhiệm vụ, giải pháp thời gian tới.]",
			"kien-nghi":    "[Kiến nghị, đề xuất với cấp trên.]",
		}
	}
	return nil
}
