package sign

import (
	"fmt"
	"image"
	"image/color"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/go-fonts/liberation/liberationserifregular"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/unicode/norm"
)

// Where a signature goes, in PDF points from the page's lower left corner.
type box = [4]float64

const mm = 72 / 25.4

// KeywordsMark is how a qlhoi report says, in its /Keywords, where its signature
// block leaves room for the signature: "qlhoi-ky=PAGE,X,Y,W,H", the page from 1 and
// the room in mm from the page's top left.
const KeywordsMark = "qlhoi-ky="

// room is where a signature goes: a page (from 0) and, when a report said so, a box
// in mm from the page's top left (else the usual place of a signature block).
type room struct {
	page int
	mm   []float64 // x, y, w, h; nil for the usual place
}

// signatureRoom reads the room a qlhoi report left for the signature, else the last
// page.
func signatureRoom(f *pdfFile, pages int) room {
	def := room{page: pages - 1}
	n := refNumber(f.info)
	if n == 0 {
		return def
	}
	info, err := f.object(n)
	if err != nil {
		return def
	}
	kw := decodePDFText(dictValue(info, "/Keywords"))
	i := strings.Index(kw, KeywordsMark)
	if i < 0 {
		return def
	}
	parts := strings.FieldsFunc(kw[i+len(KeywordsMark):], func(r rune) bool { return r == ',' || r == ';' || r == ' ' })
	if len(parts) < 5 {
		return def
	}
	var v [5]float64
	for k := range 5 {
		x, err := strconv.ParseFloat(parts[k], 64)
		if err != nil || x < 0 || x > 1000 {
			return def
		}
		v[k] = x
	}
	if page := int(v[0]) - 1; page >= 0 && page < pages {
		return room{page, v[1:]}
	}
	return def
}

// on is the room on a page of w×h points, in points from its lower left corner.
func (r room) on(w, h float64) box {
	if len(r.mm) == 4 {
		x, y, bw, bh := r.mm[0]*mm, r.mm[1]*mm, r.mm[2]*mm, r.mm[3]*mm
		if x+bw <= w && y+bh <= h {
			return box{x, h - y - bh, x + bw, h - y}
		}
	}
	return box{w / 2, 150, w - 20*mm, 150 + 25*mm}
}

// placement is the rectangle of the role's signature widget (on the page whose
// size is w×h).
func placement(r room, role Role, w, h float64, img image.Image) box {
	if role == RoleAppendix {
		return box{w - 20*mm - 75*mm, h - 10*mm - 12*mm, w - 20*mm, h - 10*mm}
	}
	b := r.on(w, h)
	rw, rh := b[2]-b[0], b[3]-b[1]
	cx, cy := (b[0]+b[2])/2, (b[1]+b[3])/2
	if role == RoleBody {
		// No person's signature on the page: over the left third of where it goes.
		sw := min(rw, 60*mm)
		return sealOver(box{cx - sw/2, cy - rh/2, cx + sw/2, cy + rh/2}, img)
	}
	iw, ih := fit(img, min(rw, 60*mm), rh)
	return box{cx - iw/2, cy - ih/2, cx + iw/2, cy + ih/2}
}

// sealSide is the printed size of the seal's image: a round seal of a Party or State
// body is about 36 mm across (the image is cropped to the seal's edge).
const sealSide = 36 * mm

// sealOver places the seal over the left third of the person's signature image (its
// widget's rectangle): the seal's right edge a third of the way in, centred on it
// vertically (NĐ 30/2020, Phụ lục I: dấu trùm lên khoảng 1/3 chữ ký về phía bên trái).
func sealOver(sig box, img image.Image) box {
	sw, sh := fit(img, sealSide, sealSide)
	right := sig[0] + (sig[2]-sig[0])/3
	cy := (sig[1] + sig[3]) / 2
	return box{right - sw, cy - sh/2, right, cy + sh/2}
}

// overPerson is where the body's signature goes on a page the person signed: the seal
// over the left third of the person's image, or, with no seal image, the body's lines
// under the person's in the same room (drawn over them, the two were unreadable).
func overPerson(sig box, seal image.Image) box {
	if seal == nil {
		return box{sig[0], sig[1] - 26, sig[2], sig[3] - 26}
	}
	return sealOver(sig, seal)
}

// personWidget finds the rectangle of the first signature widget on a page (the
// person's, signed before the body's).
func personWidget(f *pdfFile, cat string, page int) (box, bool) {
	u := &update{f: f}
	for _, ref := range u.fields(cat) {
		n := refNumber(ref)
		if n <= 0 {
			continue
		}
		wd, err := f.object(n)
		if err != nil || refNumber(dictValue(wd, "/P")) != page {
			continue
		}
		var r box
		if _, err := fmt.Sscanf(strings.Trim(strings.TrimSpace(dictValue(wd, "/Rect")), "[]"), "%f %f %f %f", &r[0], &r[1], &r[2], &r[3]); err == nil && r[2] > r[0] && r[3] > r[1] {
			return r, true
		}
	}
	return box{}, false
}

// fit is the size of an image scaled into w×h, keeping its shape.
func fit(img image.Image, w, h float64) (float64, float64) {
	if img == nil {
		return w, h
	}
	b := img.Bounds()
	iw, ih := float64(b.Dx()), float64(b.Dy())
	if iw <= 0 || ih <= 0 {
		return w, h
	}
	s := min(w/iw, h/ih)
	return iw * s, ih * s
}

// appearance writes the widget's look, an image over the whole box: the image
// chosen in Settings, or else the signature's words (Times-metric serif, upright,
// black, as Liberation Serif draws every Vietnamese letter), and returns its
// resources and content.
func (u *update) appearance(o Options, r box, at time.Time) (string, string) {
	w, h := r[2]-r[0], r[3]-r[1]
	if o.Role == RoleAppendix && o.Symbol != "" {
		// An appendix's signature is text, as NĐ 30 sets it: the number and symbol and
		// the time, Times 10, upright, black (a symbol is capitals, Đ, digits, "-/").
		line := stampLines(o, at)[0]
		return "<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding /WinAnsiEncoding >> >> >>",
			fmt.Sprintf("BT /F1 10 Tf 0 g 1 0 0 1 2 %.2f Tm %s Tj ET", h-12, latin1(line))
	}
	img := o.Image
	if img == nil {
		img = textStamp(stampLines(o, at), w, h)
	}
	im, smask := imageObjects(img)
	in := u.reserve()
	sm := u.reserve()
	u.add(sm, smask)
	u.add(in, strings.Replace(im, "/SMask", fmt.Sprintf("/SMask %d 0 R", sm), 1))
	return fmt.Sprintf("<< /XObject << /Im1 %d 0 R >> >>", in), fmt.Sprintf("q %.2f 0 0 %.2f 0 0 cm /Im1 Do Q", w, h)
}

// stampLines are the words of a signature without an image: the number and time
// of an appendix, or who signed and when.
func stampLines(o Options, at time.Time) []string {
	when := at.Format("2006-01-02T15:04:05-07:00")
	if o.Role == RoleAppendix && o.Symbol != "" {
		return []string{o.Symbol + "; " + when}
	}
	if len(o.Chain) > 0 {
		return []string{"Ký bởi: " + o.Chain[0].Subject.CommonName, when}
	}
	return []string{when}
}

// latin1 is a literal string for a standard font's WinAnsi encoding: Đ as its
// look-alike Ð (the same glyph in Times), anything else outside Latin-1 as "?".
func latin1(s string) string {
	var b strings.Builder
	b.WriteByte('(')
	for _, r := range s {
		switch {
		case r == 'Đ':
			r = 'Ð'
		case r == 'đ':
			r = 'ð'
		case r > 0xFF || unicode.IsControl(r):
			r = '?'
		}
		if r == '(' || r == ')' || r == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(byte(r))
	}
	b.WriteByte(')')
	return b.String()
}

// stampScale is the stamp's pixels per point (288 dpi: sharp when printed).
const stampScale = 4

// textStamp draws lines in 10-point serif on a transparent image of w×h points,
// from the top left, each line cut to the width.
func textStamp(lines []string, w, h float64) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, max(1, int(w*stampScale)), max(1, int(h*stampScale))))
	f, err := opentype.Parse(liberationserifregular.TTF)
	if err != nil {
		return img // the embedded font parses: a test proves it
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 10 * stampScale, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return img
	}
	defer face.Close()
	d := &font.Drawer{Dst: img, Src: image.NewUniform(color.Black), Face: face}
	for i, l := range lines {
		l = strings.Map(func(r rune) rune {
			if unicode.IsControl(r) {
				return ' '
			}
			return r
		}, norm.NFC.String(l))
		d.Dot = fixed.P(2*stampScale, (12*i+10)*stampScale)
		for _, r := range l {
			if (d.Dot.X + d.MeasureString(string(r))).Ceil() > img.Rect.Dx() {
				break
			}
			d.DrawString(string(r))
		}
	}
	return img
}

// imageObjects are an image XObject (RGB) and its soft mask (the alpha), both
// Flate-compressed; the image's "/SMask" is left for the caller to point.
func imageObjects(img image.Image) (string, string) {
	b := img.Bounds()
	rgb := make([]byte, 0, b.Dx()*b.Dy()*3)
	alpha := make([]byte, 0, b.Dx()*b.Dy())
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			if a > 0 { // un-premultiply
				r, g, bl = r*0xffff/a, g*0xffff/a, bl*0xffff/a
			}
			rgb = append(rgb, byte(r>>8), byte(g>>8), byte(bl>>8))
			alpha = append(alpha, byte(a>>8))
		}
	}
	zr, za := zlibBytes(rgb), zlibBytes(alpha)
	head := fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /BitsPerComponent 8 /Filter /FlateDecode", b.Dx(), b.Dy())
	return fmt.Sprintf("<< %s /ColorSpace /DeviceRGB /SMask /Length %d >>\nstream\n%s\nendstream", head, len(zr), zr),
		fmt.Sprintf("<< %s /ColorSpace /DeviceGray /Length %d >>\nstream\n%s\nendstream", head, len(za), za)
}

// decodePDFText reads a PDF text string: literal "(…)" (PDFDocEncoding, read as
// Latin-1) or hex, UTF-16BE with a byte-order mark.
func decodePDFText(v string) string {
	v = strings.TrimSpace(v)
	var raw []byte
	switch {
	case strings.HasPrefix(v, "<"):
		h := strings.Trim(v, "<>")
		for i := 0; i+1 < len(h); i += 2 {
			n, err := strconv.ParseUint(h[i:i+2], 16, 8)
			if err != nil {
				return ""
			}
			raw = append(raw, byte(n))
		}
	case strings.HasPrefix(v, "("):
		raw = unescapeLiteral(v[1 : len(v)-1])
	default:
		return ""
	}
	if len(raw) >= 2 && raw[0] == 0xFE && raw[1] == 0xFF {
		var rs []rune
		for i := 2; i+1 < len(raw); i += 2 {
			rs = append(rs, rune(raw[i])<<8|rune(raw[i+1]))
		}
		return string(rs)
	}
	rs := make([]rune, len(raw))
	for i, c := range raw {
		rs[i] = rune(c)
	}
	return string(rs)
}

func unescapeLiteral(s string) []byte {
	var out []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			default:
				if s[i] >= '0' && s[i] <= '7' {
					n := 0
					j := i
					for ; j < len(s) && j < i+3 && s[j] >= '0' && s[j] <= '7'; j++ {
						n = n*8 + int(s[j]-'0')
					}
					i = j - 1
					c = byte(n)
				} else {
					c = s[i]
				}
			}
		}
		out = append(out, c)
	}
	return out
}
