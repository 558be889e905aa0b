package reports

import (
	"fmt"
	"strings"

	"qlhoi/reports/sign"
)

// Sign draws "Nơi nhận" (left) beside the signing block (right). The last recipient is
// the archive line ("Lưu: VT, …"), which ends with a full stop; the others end with ";".
func (d *Doc) Sign(recipients []string, s Signature) {
	p := d.p
	w := d.width()
	half := w / 2
	// Keep the block together: recipients or the signature, whichever is taller.
	rh := ptmm(p.RecipientsTitle)*1.3 + float64(len(recipients))*d.lineH(p.Recipients)
	sh := 3*d.lineH(p.Sign) + 28
	ended := d.afterPage == d.pdf.PageNo() && d.afterY == d.pdf.GetY()
	if d.need(max(rh, sh)+4) && ended && d.breakAt == 0 {
		// The block leaves the text it closes: no page may hold only the signature.
		d.signAt = d.lines
	}
	y := d.pdf.GetY() + 2
	// Left: recipients.
	d.font("BI", p.RecipientsTitle)
	d.pdf.SetXY(p.Left, y)
	d.pdf.CellFormat(half, ptmm(p.RecipientsTitle)*1.3, "Nơi nhận:", "", 1, "L", false, 0, "")
	d.font("", p.Recipients)
	recipients = cleanRecipients(recipients, func(r string) string { return d.text("Nơi nhận", r) })
	for i, r := range recipients {
		end := ";"
		if i == len(recipients)-1 {
			end = "."
		}
		for _, line := range d.wrap("- "+r+end, half-4, half-6) {
			d.pdf.SetX(p.Left)
			if !strings.HasPrefix(line, "- ") {
				d.pdf.SetX(p.Left + 2)
			}
			d.pdf.CellFormat(half, d.lineH(p.Recipients), line, "", 1, "L", false, 0, "")
		}
	}
	yLeft := d.pdf.GetY()
	// Right: authority, title, room for signature and seal, name.
	xr := p.Left + half
	yr := y
	if s.Authority != "" {
		yr, _ = d.centred(xr, yr, half, strings.ToUpper(d.text("Thẩm quyền ký", s.Authority)), "B", p.Sign)
	}
	yr, _ = d.centred(xr, yr, half, strings.ToUpper(d.text("Chức vụ người ký", s.Title)), "B", p.Sign)
	// The room for the signature and the seal, for a digital signature to go in.
	d.setKeywords(fmt.Sprintf("%s%d,%.1f,%.1f,%.1f,%.1f", sign.KeywordsMark, d.pdf.PageNo(), xr, yr, half, 25.0))
	yr += 25
	yr, _ = d.centred(xr, yr, half, d.text("Người ký", s.Name), "B", p.Sign)
	d.pdf.SetXY(p.Left, max(yLeft, yr)+4)
}

// cleanRecipients is each recipient as NĐ 30 prints it between "- " and ";" (or the
// final "."): what the clerk typed around it — a dash, a comma, a semicolon ("Tỉnh ủy,"
// printed "Tỉnh ủy,;") — goes, and empty lines go.
func cleanRecipients(rs []string, text func(string) string) []string {
	var out []string
	for _, r := range rs {
		r = strings.TrimLeft(text(r), "-–•+* ")
		r = strings.TrimRight(r, ";.,: ")
		if r != "" {
			out = append(out, r)
		}
	}
	return out
}

// KeepWithSignature is the line to start a new page at so that the signature block
// does not stand alone on its page (0: it does not): the last two lines go with it,
// as a clerk moves lines over by hand.
func (d *Doc) KeepWithSignature() int {
	if d.signAt < 3 {
		return 0
	}
	return d.signAt - 1
}
