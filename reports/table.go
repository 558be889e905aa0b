package reports

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Column is a table column: its title and alignment ("L" by default, "C", or "R" for
// numbers). Its width comes from the content (see fitColumns).
type Column struct {
	Title string
	Align string
}

// Table is a table that breaks across pages with its header repeated and rows kept
// whole (a row taller than a page is the one exception, continued on the next).
type Table struct {
	Columns []Column
	Rows    [][]string
	// Numbered adds the (1), (2), … row under the header.
	Numbered bool
	// Bold marks rows (sums) drawn in bold.
	Bold map[int]bool
}

// Table cell spacing (mm) and line height (a multiple of the size): tight enough that a
// row is as tall as its lines, loose enough for the marks above capitals (Ộ, Ễ).
const (
	// shortColumn is the share of the text width under which a column's longest cell
	// is kept on one line if the others still fit.
	shortColumn     = 0.2
	tablePadX       = 0.9
	tablePadY       = 0.5
	tableLineHeight = 1.15
)

// cell is one table cell as words, each measured once.
type cell struct {
	words  []string
	widths []float64
}

// single is the cell's width on one line.
func (c cell) single(space float64) float64 {
	var w float64
	for _, x := range c.widths {
		w += x
	}
	if len(c.words) > 1 {
		w += space * float64(len(c.words)-1)
	}
	return w
}

// widest is the cell's widest word: the narrowest the column can be without cutting it.
func (c cell) widest() float64 {
	var w float64
	for _, x := range c.widths {
		w = max(w, x)
	}
	return w
}

type fontKey struct {
	style string
	size  float64
}

// measure returns the width of word in the current font, cached in m (the widths of
// that font), checking once per word that the font can draw it; field names the text
// for the message.
func (d *Doc) measure(field string, m map[string]float64, word string) float64 {
	if w, ok := m[word]; ok {
		return w
	}
	if strings.ContainsFunc(word, func(r rune) bool { return r > 0xFFFF || !d.fonts.covers(r) }) {
		return 0 // never: Table made every cell printable
	}
	w := d.pdf.GetStringWidth(word)
	m[word] = w
	return w
}

// widthsOf is the word width cache of a font.
func (d *Doc) widthsOf(k fontKey) map[string]float64 {
	m := d.widths[k]
	if m == nil {
		m = map[string]float64{}
		d.widths[k] = m
	}
	return m
}

// cellOf cleans s (NFC, whitespace collapsed, control characters dropped) into words
// measured in the current font (whose width cache is m).
func (d *Doc) cellOf(field string, m map[string]float64, s string) cell {
	words := strings.FieldsFunc(norm.NFC.String(s), func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) })
	c := cell{words: words, widths: make([]float64, len(words))}
	for i, w := range words {
		c.widths[i] = d.measure(field, m, w)
	}
	return c
}

// fitColumns gives each column a width from its content within total: every column at
// least as wide as its widest word (min), and what is left shared in proportion to how
// much more each column would need to hold its longest cell on one line (nat), so that
// short columns (STT, numbers, marks) stay narrow and long text takes the rest. When the
// widest words alone do not fit, the columns whose words can break at "/" or "-" (a
// decision number wider than any column could be) fall back to their widest piece
// (pieceMin), widest first; only if that is still too wide are the columns scaled down.
// When every row fits on one line, the header's titles (head: their width on one line)
// get the room left.
func fitColumns(minW, pieceMin, nat, head []float64, total float64) []float64 {
	n := len(minW)
	low := append([]float64(nil), minW...)
	sum := func(v []float64) float64 {
		var s float64
		for _, x := range v {
			s += x
		}
		return s
	}
	for sum(low) > total {
		widest, at := 0.0, -1
		for i := range low {
			if low[i] > pieceMin[i] && low[i] > widest {
				widest, at = low[i], i
			}
		}
		if at < 0 {
			break
		}
		low[at] = pieceMin[at]
	}
	out := make([]float64, n)
	if s := sum(low); s > total {
		for i := range low {
			out[i] = low[i] * total / s
		}
		return out
	}
	want := make([]float64, n)
	for i := range nat {
		want[i] = max(nat[i], low[i])
	}
	if s := sum(want); s <= total {
		// Every row fits on one line: the room left goes to the header's titles, so
		// they wrap less, then in proportion to the widths.
		titled := make([]float64, n)
		for i := range want {
			titled[i] = max(want[i], head[i])
		}
		if t := sum(titled); t > total {
			return share(want, titled, total-s)
		}
		for i := range titled {
			out[i] = titled[i] * total / sum(titled)
		}
		return out
	}
	return share(low, want, total-sum(low))
}

// share gives each column low plus a part of spare in proportion to how much more it
// wants (want - low).
func share(low, want []float64, spare float64) []float64 {
	out := make([]float64, len(low))
	var need float64
	for i := range want {
		need += want[i] - low[i]
	}
	for i := range low {
		out[i] = low[i]
		if need > 0 {
			out[i] += spare * (want[i] - low[i]) / need
		}
	}
	return out
}

// linesAt is the number of lines of c wrapped at width w, and how much wider w must be
// for one more word to fit on some line.
func linesAt(c cell, w, space float64) (int, float64) {
	n, cur := 0, -1.0
	step := math.Inf(1)
	for _, x := range c.widths {
		if cur >= 0 && cur+space+x <= w+1e-6 {
			cur += space + x
			continue
		}
		if cur >= 0 {
			step = min(step, cur+space+x-w)
		}
		n++
		cur = x
	}
	return n, step
}

// widthFor is the narrowest width at which c takes at most k lines.
func widthFor(c cell, k int, space float64) float64 {
	if len(c.words) <= 1 {
		return c.widest()
	}
	w := max(c.widest(), c.single(space)/float64(k))
	for {
		n, step := linesAt(c, w, space)
		if n <= k || math.IsInf(step, 1) {
			return w
		}
		w += step
	}
}

// needAt is each column's width for nearly every row (nearlyAll: all but the longest
// 5%) to fit in k lines, at least its minimum. It returns the widths and their sum.
func needAt(body [][]cell, minW []float64, space float64, k int) ([]float64, float64) {
	need := make([]float64, len(minW))
	needs := make([]float64, len(body))
	var sum float64
	for i := range minW {
		for r, cs := range body {
			needs[r] = widthFor(cs[i], k, space)
		}
		sort.Float64s(needs)
		w := needs[max(0, int(math.Ceil(nearlyAll*float64(len(needs))))-1)]
		need[i] = max(minW[i], w+2*tablePadX)
		sum += need[i]
	}
	return need, sum
}

// oneLine is each row's column widths on one line (at least the columns' minimums),
// rows sorted by their total width: the rows that are narrowest on one line as a whole
// come first (a long name often comes with a long field, so rows, not columns, are left
// to wrap).
func oneLine(body [][]cell, minW []float64, space float64) [][]float64 {
	type rowW struct {
		w   []float64
		sum float64
	}
	rows := make([]rowW, len(body))
	for r, cs := range body {
		rows[r].w = make([]float64, len(minW))
		for i := range minW {
			w := minW[i]
			if i < len(cs) {
				w = max(w, cs[i].single(space)+2*tablePadX)
			}
			rows[r].w[i] = w
			rows[r].sum += w
		}
	}
	sort.SliceStable(rows, func(a, b int) bool { return rows[a].sum < rows[b].sum })
	out := make([][]float64, len(rows))
	for i, r := range rows {
		out[i] = r.w
	}
	return out
}

// oneLineAt is each column's width for the share q of the rows (sorted by oneLine) to
// fit on one line. It returns the widths and their sum.
func oneLineAt(sorted [][]float64, minW []float64, q float64) ([]float64, float64) {
	need := append([]float64(nil), minW...)
	for _, w := range sorted[:max(1, int(math.Ceil(q*float64(len(sorted)))))] {
		for i, x := range w {
			need[i] = max(need[i], x)
		}
	}
	var sum float64
	for _, w := range need {
		sum += w
	}
	return need, sum
}

const (
	// nearlyAll is the share of rows the column widths are chosen for; the longest rest
	// wrap.
	nearlyAll = 0.95
	// oneLineShare is the least share of rows kept on one line before every row is
	// allowed two.
	oneLineShare = 0.6
)

// linesTarget finds the fewest lines k such that nearly every row fits in k lines within
// total (for one line, at least oneLineShare of the rows), and the columns' widths for
// it (needAt). k is 0 when no number of lines fits.
func linesTarget(body [][]cell, minW []float64, space, total float64) (int, []float64) {
	if len(body) == 0 {
		return 0, nil
	}
	maxWords := 1
	for _, cs := range body {
		for _, c := range cs {
			maxWords = max(maxWords, len(c.words))
		}
	}
	// One line for most rows is shorter than two lines for all: a long list keeps its
	// common rows on one line and lets its longest names wrap. (The one-line widths are
	// never under the minimums, so when they fit, any number of lines does.)
	sorted := oneLine(body, minW, space)
	for q := nearlyAll; q >= oneLineShare-1e-9; q -= 0.05 {
		if n, sum := oneLineAt(sorted, minW, q); sum <= total {
			return 1, n
		}
	}
	need, sum := needAt(body, minW, space, maxWords)
	if sum > total {
		return 0, nil
	}
	lo, hi := 2, maxWords
	if maxWords == 1 {
		lo = 1
	}
	for lo < hi {
		mid := (lo + hi) / 2
		if n, sum := needAt(body, minW, space, mid); sum <= total {
			hi, need = mid, n
		} else {
			lo = mid + 1
		}
	}
	return lo, need
}

// keepShort puts short columns (a status, a date, a number: natural width under
// shortColumn of the total) on one line, shortest first, as long as the columns (need:
// their widths for the rows to fit in the target lines) still fit in total; it returns
// the widths.
func keepShort(nat, need []float64, total float64) []float64 {
	order := make([]int, 0, len(nat))
	for i := range nat {
		if nat[i] > need[i] && nat[i] <= shortColumn*total {
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return nat[order[a]] < nat[order[b]] })
	out := append([]float64(nil), need...)
	var sum float64
	for _, w := range out {
		sum += w
	}
	for _, i := range order {
		if sum+nat[i]-out[i] <= total {
			sum += nat[i] - out[i]
			out[i] = nat[i]
		}
	}
	return out
}

// laidRow is a row wrapped into its columns.
type laidRow struct {
	lines [][]string
	n     int
	style string
	align []string
}

// tableLayout holds what a table needs to draw: widths, line height, header rows, and
// the top of the part of the table on the current page (the grid's vertical lines are
// drawn once per page, from there).
type tableLayout struct {
	widths []float64
	lh     float64
	space  map[string]float64
	head   []laidRow
	headH  float64
	top    float64
}

// measured is a table's text cleaned, split into words and measured.
type measured struct {
	head, nums []cell
	body       [][]cell
	styles     []string
	space      map[string]float64
}

// measureTable cleans and measures every cell once, in its row's style.
func (d *Doc) measureTable(field string, t Table) measured {
	size := d.p.TableSize
	m := measured{space: map[string]float64{}, body: make([][]cell, len(t.Rows)), styles: make([]string, len(t.Rows))}
	cellsOf := func(texts []string, style string) []cell {
		d.font(style, size)
		if _, ok := m.space[style]; !ok {
			m.space[style] = d.pdf.GetStringWidth(" ")
		}
		widths := d.widthsOf(fontKey{style, size})
		out := make([]cell, len(t.Columns))
		for i := range out {
			if i < len(texts) {
				out[i] = d.cellOf(field, widths, texts[i])
			}
		}
		return out
	}
	titles := make([]string, len(t.Columns))
	nums := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		titles[i] = c.Title
		nums[i] = fmt.Sprintf("(%d)", i+1)
	}
	m.head = cellsOf(titles, "B")
	if t.Numbered {
		m.nums = cellsOf(nums, "I")
	}
	for i, r := range t.Rows {
		if t.Bold[i] {
			m.styles[i] = "B"
		}
		m.body[i] = cellsOf(r, m.styles[i])
		if d.err != nil {
			break
		}
	}
	return m
}

// columnWidths fits the columns to the text width from their content: the fewest lines
// a row needs (linesTarget), then fitColumns.
func (d *Doc) columnWidths(m measured) []float64 {
	n := len(m.head)
	minW, nat, headNat := make([]float64, n), make([]float64, n), make([]float64, n)
	for i, c := range m.head {
		headNat[i] = c.single(m.space["B"]) + 2*tablePadX
	}
	consider := func(cs []cell, style string, natural bool) {
		for i, c := range cs {
			minW[i] = max(minW[i], c.widest()+2*tablePadX)
			if natural {
				nat[i] = max(nat[i], c.single(m.space[style])+2*tablePadX)
			}
		}
	}
	// The header's words set a minimum, not a natural width: "Giao nhiệm vụ" may wrap.
	consider(m.head, "B", false)
	consider(m.nums, "I", true)
	for i, cs := range m.body {
		consider(cs, m.styles[i], true)
	}
	total := d.width()
	var sum float64
	for _, w := range minW {
		sum += w
	}
	// Only when the widest words do not fit may decision numbers break at "/" or "-".
	pieceMin := minW
	if sum > total {
		pieceMin = make([]float64, n)
		all := append([][]cell{m.head, m.nums}, m.body...)
		for r, cs := range all {
			style := "B"
			if r == 1 {
				style = "I"
			} else if r > 1 {
				style = m.styles[r-2]
			}
			for i, c := range cs {
				pieceMin[i] = max(pieceMin[i], d.widestPiece(c, style, d.p.TableSize)+2*tablePadX)
			}
		}
	}
	if k, need := linesTarget(m.body, minW, m.space[""], total); k > 0 {
		return fitColumns(keepShort(nat, need, total), pieceMin, nat, headNat, total)
	}
	return fitColumns(minW, pieceMin, nat, headNat, total)
}

// Table draws a table across the text width, its column widths from its content.
func (d *Doc) Table(field string, t Table) {
	t = d.printableTable(field, t)
	m := d.measureTable(field, t)
	if d.err != nil {
		return
	}
	l := tableLayout{widths: d.columnWidths(m), lh: ptmm(d.p.TableSize) * tableLineHeight, space: m.space}
	l.head = append(l.head, d.layRow(l, m.head, "B", nil, true))
	if t.Numbered {
		l.head = append(l.head, d.layRow(l, m.nums, "I", nil, true))
	}
	for _, h := range l.head {
		l.headH += float64(h.n)*l.lh + 2*tablePadY
	}
	d.drawTable(&l, t, m)
}

// printableTable is t with every title and cell printable (a copy; t is the caller's).
func (d *Doc) printableTable(field string, t Table) Table {
	cols := make([]Column, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = Column{Title: d.printable(field, c.Title), Align: c.Align}
	}
	rows := make([][]string, len(t.Rows))
	for i, r := range t.Rows {
		rows[i] = make([]string, len(r))
		// A character replaced in a row is listed with the row: its number and its
		// first text (the association's or agency's name, as tables put it first).
		where := fmt.Sprintf("%s, dòng %d", field, i+1)
		for _, c := range r {
			if c = strings.TrimSpace(c); c != "" && strings.ContainsFunc(c, unicode.IsLetter) {
				where += ": " + shortName(c)
				break
			}
		}
		for j, c := range r {
			rows[i][j] = d.printable(where, c)
		}
	}
	t.Columns, t.Rows = cols, rows
	return t
}

// shortName is a name cut to about 60 characters, for a message.
func shortName(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:59]) + "…"
	}
	return s
}

// widestPiece is the widest part of a cell's words once they may break after "/" or "-".
func (d *Doc) widestPiece(c cell, style string, size float64) float64 {
	var w float64
	for i, word := range c.words {
		if !strings.ContainsAny(word, "/-") {
			w = max(w, c.widths[i])
			continue
		}
		d.font(style, size)
		for _, p := range pieces(word) {
			w = max(w, d.pdf.GetStringWidth(p))
		}
	}
	return w
}

// pieces splits a word after each "/" and "-": "1777/QĐ-UBND" is "1777/", "QĐ-", "UBND".
func pieces(word string) []string {
	var out []string
	start := 0
	for i, r := range word {
		if (r == '/' || r == '-') && i+1 < len(word) {
			out = append(out, word[start:i+1])
			start = i + 1
		}
	}
	return append(out, word[start:])
}

// layRow wraps a row's cells into their columns.
func (d *Doc) layRow(l tableLayout, cs []cell, style string, cols []Column, header bool) laidRow {
	r := laidRow{style: style, lines: make([][]string, len(cs)), align: make([]string, len(cs))}
	for i, c := range cs {
		avail := l.widths[i] - 2*tablePadX
		r.lines[i] = d.wrapWords(c, avail, l.space[style], style)
		if len(r.lines[i]) == 0 {
			r.lines[i] = []string{""}
		}
		r.n = max(r.n, len(r.lines[i]))
		switch {
		case header:
			r.align[i] = "C"
		case cols[i].Align != "":
			r.align[i] = cols[i].Align
		default:
			r.align[i] = "L"
		}
	}
	return r
}

// wrapWords fills lines of width avail with measured words; a word wider than the line
// (only when no column could hold it) breaks after "/" or "-", and as a last resort
// between characters.
func (d *Doc) wrapWords(c cell, avail, space float64, style string) []string {
	var lines []string
	var cur strings.Builder
	var curW float64
	for i, w := range c.words {
		ww := c.widths[i]
		if cur.Len() > 0 && curW+space+ww <= avail+1e-6 {
			cur.WriteByte(' ')
			cur.WriteString(w)
			curW += space + ww
			continue
		}
		if cur.Len() > 0 {
			lines = append(lines, cur.String())
			cur.Reset()
		}
		if ww <= avail+1e-6 {
			cur.WriteString(w)
			curW = ww
			continue
		}
		d.font(style, d.p.TableSize)
		broken := d.breakWord(w, avail, avail)
		lines = append(lines, broken[:len(broken)-1]...)
		last := broken[len(broken)-1]
		cur.WriteString(last)
		curW = d.pdf.GetStringWidth(last)
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

// breakWord cuts a word too wide for a line: after "/" or "-" where it can, between
// characters where a piece is still too wide. The first line is first wide, the others
// rest wide; the current font measures.
func (d *Doc) breakWord(w string, first, rest float64) []string {
	var lines []string
	var cur strings.Builder
	var curW float64
	avail := first
	push := func() {
		lines = append(lines, cur.String())
		cur.Reset()
		curW, avail = 0, rest
	}
	for _, p := range pieces(w) {
		pw := d.pdf.GetStringWidth(p)
		if cur.Len() > 0 && curW+pw > avail {
			push()
		}
		if pw <= avail {
			cur.WriteString(p)
			curW += pw
			continue
		}
		for _, r := range p {
			rw := d.pdf.GetStringWidth(string(r))
			if cur.Len() > 0 && curW+rw > avail {
				push()
			}
			cur.WriteRune(r)
			curW += rw
		}
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

// drawTable draws the header, then each row kept whole on a page (with the header
// repeated on each new page); a row taller than a page continues on the next.
func (d *Doc) drawTable(l *tableLayout, t Table, m measured) {
	d.pdf.SetLineWidth(0.2)
	drawHead := func() {
		l.top = d.pdf.GetY()
		d.hline(l, l.top)
		for _, h := range l.head {
			d.drawRow(l, h, 0, h.n)
		}
	}
	breakPage := func() {
		d.vlines(l)
		d.newPage()
		d.pdf.SetLineWidth(0.2)
		drawHead()
	}
	d.need(l.headH + l.lh + 2*tablePadY)
	drawHead()
	_, pageH := d.pdf.GetPageSize()
	room := pageH - d.p.Top - d.p.Bottom - l.headH
	for i, cs := range m.body {
		if i%progressEvery == 0 && d.stopped(i, len(m.body)) {
			return
		}
		r := d.layRow(*l, cs, m.styles[i], t.Columns, false)
		h := float64(r.n)*l.lh + 2*tablePadY
		if h <= room {
			// A row counts as a line of text for keeping the signature with the last
			// lines (Doc.KeepWithSignature): the last rows go over with it.
			d.lines++
			if d.pdf.GetY()+h > d.bottom() || d.lines == d.breakAt {
				breakPage()
			}
			d.drawRow(l, r, 0, r.n)
			continue
		}
		for from := 0; from < r.n; {
			fit := int((d.bottom() - d.pdf.GetY() - 2*tablePadY) / l.lh)
			if fit < 1 {
				breakPage()
				continue
			}
			to := min(r.n, from+fit)
			d.drawRow(l, r, from, to)
			from = to
			if from < r.n {
				breakPage()
			}
		}
	}
	d.vlines(l)
	d.stopped(len(m.body), len(m.body))
	d.pdf.SetY(d.pdf.GetY() + ptmm(d.p.ParaAfter))
	d.afterPage, d.afterY = d.pdf.PageNo(), d.pdf.GetY()
}

// progressEvery is how many rows are drawn between checks for cancellation and progress
// reports.
const progressEvery = 50

// stopped reports progress (done of total rows) and whether the work was cancelled; a
// cancelled document keeps the context's error and makes no PDF.
func (d *Doc) stopped(done, total int) bool {
	if d.ctx != nil && d.ctx.Err() != nil {
		if d.err == nil {
			d.err = d.ctx.Err()
		}
		return true
	}
	if d.progress != nil && total > 0 {
		d.progress(float64(done) / float64(total))
	}
	return false
}

// hline draws the table's horizontal rule at y.
func (d *Doc) hline(l *tableLayout, y float64) {
	var w float64
	for _, x := range l.widths {
		w += x
	}
	d.pdf.Line(d.p.Left, y, d.p.Left+w, y)
}

// vlines draws the column rules of the table's part on this page, from its top to the
// current y.
func (d *Doc) vlines(l *tableLayout) {
	x, y := d.p.Left, d.pdf.GetY()
	d.pdf.Line(x, l.top, x, y)
	for _, w := range l.widths {
		x += w
		d.pdf.Line(x, l.top, x, y)
	}
}

// drawRow draws lines [from, to) of a row at the current y, with the rule under it.
func (d *Doc) drawRow(l *tableLayout, r laidRow, from, to int) {
	y := d.pdf.GetY()
	h := float64(to-from)*l.lh + 2*tablePadY
	x := d.p.Left
	d.font(r.style, d.p.TableSize)
	for i, ls := range r.lines {
		for j := from; j < to && j < len(ls); j++ {
			if ls[j] == "" {
				continue
			}
			d.pdf.SetXY(x+tablePadX, y+tablePadY+float64(j-from)*l.lh)
			d.pdf.CellFormat(l.widths[i]-2*tablePadX, l.lh, ls[j], "", 0, r.align[i], false, 0, "")
		}
		x += l.widths[i]
	}
	d.hline(l, y+h)
	d.pdf.SetY(y + h)
}
