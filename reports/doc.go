package reports

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/text/unicode/norm"

	"qlhoi/data"
)

// Meta is the document's PDF metadata, in Vietnamese.
type Meta struct {
	Title, Author, Subject string
	// Created is the creation time written into the file (fixed in tests).
	Created time.Time
}

// Header is the first page's two-column header.
type Header struct {
	Superior string // cơ quan chủ quản, e.g. "TỈNH ỦY QUẢNG TRỊ" (may be empty)
	Issuer   string // cơ quan ban hành, e.g. "BAN DÂN VẬN"
	Number   string // the whole number line, from Profile.Number
	// Excerpt is a letter's subject under the number (công văn): "V/v …" (State) or
	// the bare subject in italics (Party).
	Excerpt string
	Place   string
	Date    data.Date
	Draft   bool
}

// Signature is the signing block.
type Signature struct {
	// Authority is the line above the title with its prefix, e.g. "KT. TRƯỞNG BAN"
	// or "T/M BAN THƯỜNG VỤ"; empty when the head signs directly.
	Authority string
	Title     string // "PHÓ TRƯỞNG BAN"
	Name      string
}

// Doc builds one PDF document.
type Doc struct {
	pdf   *gofpdf.Fpdf
	p     Profile
	fonts *Fonts
	err   error
	// section numbering: the page where the current section (document or appendix)
	// starts; its pages are numbered from there, the first one unnumbered.
	sectionStart int
	orientation  string
	// loaded lists the font styles added so far: each is parsed on first use.
	loaded map[string]bool
	// widths caches the width of each word drawn in a table, by font.
	widths map[fontKey]map[string]float64
	// ctx, if set, stops a long table when cancelled; progress is told how far it is.
	ctx      context.Context
	progress func(float64)
	// replaced lists the characters printed as "?" (printable).
	replaced []Replacement
	// Keeping the signature block with the last lines: lines counts the body lines
	// drawn; afterLine is where the last one ended (page, y), so Sign can tell whether
	// the text it follows ended on the page it leaves; signAt is the line after which the
	// block went to a page of its own (0: it did not); breakAt, if set, starts a new page before that
	// line (the second drawing moves the last lines over with the block).
	lines           int
	afterPage       int
	afterY          float64
	signAt, breakAt int
}

const family = "serif"

// ptmm converts points to millimetres.
func ptmm(pt float64) float64 { return pt * 25.4 / 72 }

// New starts a document with a profile and fonts, on an A4 page.
func New(p Profile, fonts *Fonts, m Meta, landscape bool) *Doc {
	d := newDoc(p, fonts)
	d.begin(m, landscape)
	return d
}

// newDoc makes an empty document: page setup, no page yet, fonts loaded on first use.
func newDoc(p Profile, fonts *Fonts) *Doc {
	pdf := gofpdf.NewCustom(&gofpdf.InitType{UnitStr: "mm", Size: gofpdf.SizeType{Wd: 210, Ht: 297}})
	d := &Doc{pdf: pdf, p: p, fonts: fonts}
	pdf.SetCompression(false)
	pdf.SetCatalogSort(true)
	d.loaded = map[string]bool{}
	d.widths = map[fontKey]map[string]float64{}
	pdf.SetMargins(p.Left, p.Top, p.Right)
	pdf.SetAutoPageBreak(false, p.Bottom)
	pdf.SetCellMargin(0)
	pdf.SetHeaderFuncMode(d.pageHeader, true)
	return d
}

// preloaded makes an empty document with all four styles loaded, in the background:
// parsing the fonts takes about as long as reading a long list from the database, and
// the two overlap. Every report uses the four styles (bold headings, italic date, bold
// italic "Nơi nhận:").
func preloaded(p Profile, fonts *Fonts) chan *Doc {
	ch := make(chan *Doc, 1)
	go func() {
		d := newDoc(p, fonts)
		for _, style := range []string{"", "B", "I", "BI"} {
			d.load(style)
		}
		ch <- d
	}()
	return ch
}

// begin writes the metadata and adds the first page.
func (d *Doc) begin(m Meta, landscape bool) {
	pdf := d.pdf
	pdf.SetCreationDate(m.Created.UTC())
	pdf.SetModificationDate(m.Created.UTC())
	pdf.SetTitle(data.Clean(m.Title), true)
	pdf.SetAuthor(data.Clean(m.Author), true)
	pdf.SetSubject(data.Clean(m.Subject), true)
	pdf.SetCreator("qlhoi – Quản lý Hội quần chúng", true)
	pdf.SetProducer("qlhoi (gofpdf), phông "+d.fonts.Name, true)
	d.setKeywords("")
	d.orientation = "P"
	if landscape {
		d.orientation = "L"
	}
	d.newPage()
	d.sectionStart = 1
}

// setKeywords writes the document's keywords: the font it is set in, and what else
// is given (where its signature block leaves room for a digital signature).
func (d *Doc) setKeywords(extra string) {
	kw := "phông chữ: " + d.fonts.Name
	if extra != "" {
		kw += "; " + extra
	}
	d.pdf.SetKeywords(kw, true)
}

// Replacement is a character the font cannot draw (or above U+FFFF, which gofpdf
// cannot measure): it is printed as "?" and listed for the clerk, so that one record
// never stops the whole report (an emoji in one association blocked the list once).
type Replacement struct {
	Field string
	Char  rune
}

// String says it for the clerk.
func (r Replacement) String() string {
	return fmt.Sprintf("Ký tự “%c” (U+%04X) trong “%s” không in được bằng phông chữ của văn bản, được in là “?”.", r.Char, r.Char, r.Field)
}

// printable replaces each character the font cannot draw by "?", listing it; field names
// where s comes from.
func (d *Doc) printable(field, s string) string {
	ok := func(r rune) bool { return r <= 0xFFFF && (unicode.IsSpace(r) || d.fonts.covers(r)) }
	if !strings.ContainsFunc(s, func(r rune) bool { return !ok(r) }) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if ok(r) {
			return r
		}
		if len(d.replaced) < maxReplacementsListed {
			d.replaced = append(d.replaced, Replacement{Field: field, Char: r})
		}
		return '?'
	}, s)
}

// maxReplacementsListed bounds the list of replaced characters.
const maxReplacementsListed = 100

// text cleans s (NFC, whitespace collapsed) and makes it printable; field names where s
// comes from, for the list of replaced characters.
func (d *Doc) text(field, s string) string {
	return d.printable(field, data.Clean(s))
}

// keep is text for a line whose spacing matters: NFC and printable, not collapsed.
func (d *Doc) keep(field, s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return ' '
		}
		return r
	}, s)
	return d.printable(field, norm.NFC.String(s))
}

// Replaced lists the characters printed as "?".
func (d *Doc) Replaced() []Replacement { return d.replaced }

func (d *Doc) font(style string, size float64) {
	d.load(style)
	d.pdf.SetFont(family, style, size)
}

// load adds a font style to the document unless it is there.
func (d *Doc) load(style string) {
	if d.loaded[style] {
		return
	}
	d.loaded[style] = true
	b := map[string][]byte{"": d.fonts.Regular, "B": d.fonts.Bold, "I": d.fonts.Italic, "BI": d.fonts.BoldItalic}[style]
	d.pdf.AddUTF8FontFromBytes(family, style, b)
	if d.pdf.Err() && d.err == nil {
		d.err = fmt.Errorf("reports: font %s %q: %w", d.fonts.Name, style, d.pdf.Error())
	}
}

// width is the text width between the margins.
func (d *Doc) width() float64 {
	w, _ := d.pdf.GetPageSize()
	return w - d.p.Left - d.p.Right
}

func (d *Doc) bottom() float64 {
	_, h := d.pdf.GetPageSize()
	return h - d.p.Bottom
}

func (d *Doc) lineH(size float64) float64 { return ptmm(size) * d.p.LineHeight }

func (d *Doc) newPage() {
	d.pdf.AddPageFormat(d.orientation, gofpdf.SizeType{Wd: 210, Ht: 297})
}

// need starts a new page unless h millimetres fit above the bottom margin.
func (d *Doc) need(h float64) bool {
	if d.pdf.GetY()+h > d.bottom() {
		d.newPage()
		return true
	}
	return false
}

// pageHeader writes the page number, centred in the top margin, from the second page of
// each section.
func (d *Doc) pageHeader() {
	n := d.pdf.PageNo() - d.sectionStart + 1
	if d.sectionStart == 0 || n < 2 {
		return
	}
	d.font("", d.p.PageNumber)
	w, _ := d.pdf.GetPageSize()
	d.pdf.SetXY(0, d.p.Top/2-ptmm(d.p.PageNumber)/2)
	d.pdf.CellFormat(w, ptmm(d.p.PageNumber), fmt.Sprint(n), "", 0, "C", false, 0, "")
}

// centred writes lines of text centred on x within width w from y; it returns the y
// below, and the width of the widest line.
func (d *Doc) centred(x, y, w float64, s, style string, size float64) (float64, float64) {
	d.font(style, size)
	h := d.lineH(size)
	var widest float64
	for _, line := range d.wrap(s, w, w) {
		d.pdf.SetXY(x, y)
		d.pdf.CellFormat(w, h, line, "", 0, "C", false, 0, "")
		widest = max(widest, d.pdf.GetStringWidth(line))
		y += h
	}
	return y, widest
}

// rule draws a horizontal line of width w centred on the column [x, x+cw].
func (d *Doc) rule(x, cw, y, w float64) {
	d.pdf.SetLineWidth(0.3)
	d.pdf.Line(x+(cw-w)/2, y, x+(cw+w)/2, y)
}

// DateLine writes "Quảng Trị, ngày 05 tháng 02 năm 2024": day padded below 10,
// months 1 and 2 padded, 3 to 9 not.
func DateLine(place string, day data.Date) string {
	t := day.Time()
	m := fmt.Sprint(int(t.Month()))
	if t.Month() <= 2 {
		m = fmt.Sprintf("%02d", int(t.Month()))
	}
	return fmt.Sprintf("%s, ngày %02d tháng %s năm %d", place, t.Day(), m, t.Year())
}

// dateLine is the place-and-date line that fits on one line of the column: the place as
// given, else its first part ("Gio Linh" of "Gio Linh, Quảng Trị" — the địa danh is the
// place the body sits in), else a smaller size (at most 2 pt less). It wrapped to
// "… năm / 2026" once.
func (d *Doc) dateLine(place string, day data.Date, width, size float64) (string, float64) {
	places := []string{place}
	if first, _, ok := strings.Cut(place, ","); ok && strings.TrimSpace(first) != "" {
		places = append(places, strings.TrimSpace(first))
	}
	fits := func(line string, sz float64) bool {
		d.font("I", sz)
		return d.pdf.GetStringWidth(line) <= width-2
	}
	for _, p := range places {
		if line := d.text("Địa danh", DateLine(p, day)); fits(line, size) {
			return line, size
		}
	}
	line := d.text("Địa danh", DateLine(places[len(places)-1], day))
	for sz := size - 0.5; sz >= size-2; sz -= 0.5 {
		if fits(line, sz) {
			return line, sz
		}
	}
	return line, size - 2
}

// Header draws the two-column header of the first page.
func (d *Doc) Header(h Header) {
	p := d.p
	total := d.width()
	leftW := total * 0.42
	rightW := total - leftW
	x0, xr := p.Left, p.Left+leftW
	y0 := p.Top
	if h.Draft {
		d.font("B", 12)
		d.pdf.SetXY(p.Left, p.Top/2-3)
		d.pdf.CellFormat(22, 6, "DỰ THẢO", "1", 0, "C", false, 0, "")
	}
	// Left: superior, issuer, mark, then the number.
	yl := y0
	if h.Superior != "" {
		yl, _ = d.centred(x0, yl, leftW, strings.ToUpper(d.text("Cơ quan chủ quản", h.Superior)), "", p.IssuerSize)
	}
	var issuerW float64
	yl, issuerW = d.centred(x0, yl, leftW, strings.ToUpper(d.text("Cơ quan ban hành", h.Issuer)), "B", p.IssuerSize)
	if p.IssuerMark == "star" {
		yl, _ = d.centred(x0, yl, leftW, "*", "", p.IssuerSize)
	} else {
		d.rule(x0, leftW, yl+0.8, max(issuerW/3, min(issuerW, 20)))
		yl += 2
	}
	// Right: title lines, the rule under the last as long as it, then the date.
	yr := y0
	var lastW float64
	for _, l := range p.RightLines {
		yr, lastW = d.centred(xr, yr, rightW, l.Text, l.Style, l.Size)
	}
	d.rule(xr, rightW, yr+0.8, lastW)
	yr += 2
	y := max(yl, yr) + 2
	// The number keeps its blank (a draft's number is written in by hand).
	d.font("", p.NumberSize)
	d.pdf.SetXY(x0, y)
	d.pdf.CellFormat(leftW, d.lineH(p.NumberSize), d.keep("Số văn bản", h.Number), "", 0, "C", false, 0, "")
	yNum := y + d.lineH(p.NumberSize)
	if !h.Date.IsZero() {
		line, size := d.dateLine(h.Place, h.Date, rightW, p.DateSize)
		d.centred(xr, y, rightW, line, "I", size)
	}
	if h.Excerpt != "" {
		style := ""
		if p.Name == "party" {
			style = "I"
		}
		yNum, _ = d.centred(x0, yNum+ptmm(6), leftW, d.text("Trích yếu", h.Excerpt), style, 12)
	}
	d.pdf.SetXY(p.Left, max(yNum, y+d.lineH(p.DateSize))+ptmm(12))
}

// Title writes the type (BÁO CÁO) and the subject, with its mark below.
func (d *Doc) Title(docType, subject string) {
	p := d.p
	x, w := p.Left, d.width()
	y := d.pdf.GetY()
	y, _ = d.centred(x, y, w, strings.ToUpper(d.text("Tên loại văn bản", docType)), "B", p.TypeSize)
	var last float64
	y, last = d.centred(x, y, w, d.text("Trích yếu", subject), "B", p.SubjectSize)
	if p.SubjectMark == "dashes" {
		y, _ = d.centred(x, y, w, "-----", "", p.SubjectSize)
	} else {
		d.rule(x, w, y+0.8, max(last/3, min(last, 30)))
		y += 2
	}
	d.pdf.SetXY(p.Left, y+ptmm(12))
}

// Recipient writes "Kính gửi: …" (a letter's addressee), on one line for one recipient
// and one line each, "- …;", for several.
func (d *Doc) Recipient(names ...string) {
	p := d.p
	d.font("", p.Body)
	h := d.lineH(p.Body)
	label := "Kính gửi:"
	lw := d.pdf.GetStringWidth(label + " ")
	x := p.Left + d.width()*0.2
	d.pdf.SetXY(x, d.pdf.GetY())
	d.pdf.CellFormat(lw, h, label, "", 0, "L", false, 0, "")
	for i, n := range names {
		n = d.text("Nơi nhận", n)
		if len(names) > 1 {
			end := ";"
			if i == len(names)-1 {
				end = "."
			}
			n = "- " + n + end
		}
		d.pdf.SetXY(x+lw, d.pdf.GetY())
		d.pdf.CellFormat(d.width()*0.8-lw, h, n, "", 1, "L", false, 0, "")
	}
	d.pdf.SetY(d.pdf.GetY() + ptmm(p.ParaAfter))
}

// wrap splits words into lines: the first line is first wide, the others rest wide.
// A word wider than a whole line is cut after "/" or "-", or between characters. Widths add up (the fonts
// have no kerning in gofpdf), so each word is measured once.
func (d *Doc) wrap(s string, first, rest float64) []string {
	var lines []string
	var cur strings.Builder
	var curW float64
	avail := first
	space := d.pdf.GetStringWidth(" ")
	push := func() {
		lines = append(lines, cur.String())
		cur.Reset()
		curW, avail = 0, rest
	}
	for _, w := range strings.Fields(s) {
		ww := d.pdf.GetStringWidth(w)
		if cur.Len() > 0 && curW+space+ww <= avail {
			cur.WriteByte(' ')
			cur.WriteString(w)
			curW += space + ww
			continue
		}
		if cur.Len() > 0 {
			push()
		}
		if ww <= avail {
			cur.WriteString(w)
			curW = ww
			continue
		}
		broken := d.breakWord(w, avail, rest)
		lines = append(lines, broken[:len(broken)-1]...)
		cur.WriteString(broken[len(broken)-1])
		curW = d.pdf.GetStringWidth(cur.String())
		if len(broken) > 1 {
			avail = rest
		}
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

// Para writes a justified paragraph with a first-line indent.
func (d *Doc) Para(field, s string) { d.para(field, s, "", true) }

// Heading writes a bold heading line (e.g. "I. TÌNH HÌNH TRIỂN KHAI"), indented, kept
// on the same page as at least three lines of what follows.
func (d *Doc) Heading(s string) {
	d.need(4 * d.lineH(d.p.Body))
	d.para("Tiêu đề mục", s, "B", false)
}

// Italic writes an italic paragraph (the căn cứ lines, notes).
func (d *Doc) Italic(field, s string) { d.para(field, s, "I", true) }

func (d *Doc) para(field, s, style string, justify bool) {
	p := d.p
	for _, block := range strings.Split(data.CleanMultiline(s), "\n") {
		block = d.text(field, block)
		if block == "" {
			continue
		}
		d.font(style, p.Body)
		h := d.lineH(p.Body)
		w := d.width()
		lines := d.wrap(block, w-p.Indent, w)
		for i, line := range lines {
			d.lines++
			if d.lines == d.breakAt {
				d.newPage()
			}
			d.need(h)
			x, lw := p.Left, w
			if i == 0 {
				x, lw = p.Left+p.Indent, w-p.Indent
			}
			align := "L"
			if justify && i < len(lines)-1 {
				align = "J"
			}
			d.pdf.SetXY(x, d.pdf.GetY())
			d.pdf.CellFormat(lw, h, line, "", 1, align, false, 0, "")
		}
		d.pdf.SetY(d.pdf.GetY() + ptmm(p.ParaAfter))
		d.afterPage, d.afterY = d.pdf.PageNo(), d.pdf.GetY()
	}
}

// Space adds vertical space (mm).
func (d *Doc) Space(mm float64) { d.pdf.SetY(d.pdf.GetY() + mm) }

// Appendix starts an appendix on a new page (landscape if asked), numbered separately:
// "Phụ lục I", its title, and "(Kèm theo … số … ngày … của …)".
func (d *Doc) Appendix(number, title, attached string, landscape bool) {
	d.NewSection(landscape)
	p := d.p
	x, w := p.Left, d.width()
	y := d.pdf.GetY()
	label := "Phụ lục"
	if number != "" {
		label += " " + number
	}
	y, _ = d.centred(x, y, w, label, "B", 14)
	y, _ = d.centred(x, y, w, strings.ToUpper(d.text("Tên phụ lục", title)), "B", p.Body)
	var last float64
	y, last = d.centred(x, y, w, d.text("Văn bản kèm theo", "("+attached+")"), "I", p.Body)
	d.rule(x, w, y+0.8, min(last/3, 40))
	d.pdf.SetXY(p.Left, y+ptmm(12))
}

// NewSection starts a new page whose pages are numbered on their own: an appendix, or
// the next letter in a file of letters.
func (d *Doc) NewSection(landscape bool) {
	d.orientation = "P"
	if landscape {
		d.orientation = "L"
	}
	d.sectionStart = d.pdf.PageCount() + 1
	d.newPage()
}

// Bytes finishes the document.
func (d *Doc) Bytes() ([]byte, error) {
	if d.err != nil {
		return nil, d.err
	}
	var buf bytes.Buffer
	if err := d.pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("reports: write pdf: %w", err)
	}
	return nameFonts(buf.Bytes(), d.fonts.faceNames())
}

// Pages is the number of pages so far.
func (d *Doc) Pages() int { return d.pdf.PageCount() }
