package sign

import (
	"bytes"
	"compress/zlib"
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"image"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"qlhoi/data"
)

// Role is who signs, as NĐ 30/2020 Phụ lục I sets it.
type Role string

const (
	// RolePerson is the competent person's signature: the image of their signature
	// between the title line and the name.
	RolePerson Role = "person"
	// RoleBody is the issuing body's: the seal's image over the left third of the
	// person's signature.
	RoleBody Role = "body"
	// RoleAppendix is the body's signature on an appendix in its own file: at the top
	// right of the first page, the number and symbol and the time of signing.
	RoleAppendix Role = "appendix"
)

// Roles are the roles a signature may take, in the order a clerk chooses from.
var Roles = []Role{RolePerson, RoleBody, RoleAppendix}

// Check refuses a role that is none of Roles: a signature without a role would
// be registered as nobody's and placed nowhere NĐ 30 allows.
func (r Role) Check() error {
	if slices.Contains(Roles, r) {
		return nil
	}
	return &data.Error{Code: "ErrSignRole", Message: "Chưa chọn ký với tư cách nào (người có thẩm quyền, cơ quan hay phụ lục). Hãy chọn rồi ký lại."}
}

// Options say how to sign.
type Options struct {
	Role   Role
	Signer crypto.Signer
	// Chain is the signer's certificate first, then what leads to a root.
	Chain []*x509.Certificate
	// PKCS1v15 signs RSA keys with PKCS#1 v1.5 instead of RSASSA-PSS, for a token
	// whose module does not offer PSS. TT 15/2025/TT-BKHCN (Phụ lục, 1.2) requires
	// PKCS #1 from version 2.1 with RSASSA-PSS for signing, so PSS is the default.
	PKCS1v15 bool
	// Image is the signature's or the seal's picture (PNG with transparency).
	Image image.Image
	// Symbol is the document's number and symbol, printed by an appendix signature.
	Symbol string
	Time   time.Time
}

// contentsSize is the room reserved for the CMS, in bytes (hex doubles it): a
// signer's chain of three RSA-4096 certificates fits with room to spare.
const contentsSize = 16 << 10

// vietnam is the time zone of the signing time.
var vietnam = time.FixedZone("ICT", 7*3600)

// Sign appends a signature to the PDF in b, as an incremental update.
func Sign(b []byte, o Options) ([]byte, error) {
	if len(o.Chain) == 0 || o.Signer == nil {
		return nil, fmt.Errorf("sign: no certificate or key")
	}
	if err := o.Role.Check(); err != nil {
		return nil, err
	}
	f, err := readPDF(b)
	if err != nil {
		return nil, err
	}
	pages, err := f.pages()
	if err != nil || len(pages) == 0 {
		return nil, fmt.Errorf("%w: no pages", errPDF)
	}
	where := signatureRoom(f, len(pages))
	if o.Role == RoleAppendix {
		where.page = 0
	}
	pageNo := pages[where.page]
	page, err := f.object(pageNo)
	if err != nil {
		return nil, err
	}
	cat, err := f.object(f.root)
	if err != nil {
		return nil, err
	}
	w, h := f.mediaBox(page)
	rect := placement(where, o.Role, w, h, o.Image)
	if sig, ok := personWidget(f, cat, pageNo); ok && o.Role == RoleBody {
		rect = overPerson(sig, o.Image)
	}
	at := o.Time.In(vietnam)
	if o.Time.IsZero() {
		at = time.Now().In(vietnam)
	}

	u := &update{f: f, next: f.size}
	sigN, widgetN, apN := u.reserve(), u.reserve(), u.reserve()
	res, content := u.appearance(o, rect, at)
	u.add(apN, fmt.Sprintf("<< /Type /XObject /Subtype /Form /BBox [0 0 %.2f %.2f] /Resources %s /Length %d >>\nstream\n%s\nendstream",
		rect[2]-rect[0], rect[3]-rect[1], res, len(content), content))
	field := fmt.Sprintf("Chữ ký %d", len(u.fields(cat))+1)
	u.add(widgetN, fmt.Sprintf("<< /Type /Annot /Subtype /Widget /FT /Sig /T %s /V %d 0 R /P %d 0 R /Rect [%.2f %.2f %.2f %.2f] /F 132 /AP << /N %d 0 R >> >>",
		pdfText(field), sigN, pageNo, rect[0], rect[1], rect[2], rect[3], apN))
	cert := o.Chain[0]
	sigDict := fmt.Sprintf("<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 %s] /Contents <%s> /M %s /Name %s >>",
		strings.Repeat(" ", 32), strings.Repeat("0", 2*contentsSize), pdfText(pdfDate(at)), pdfText(cert.Subject.CommonName))
	u.add(sigN, sigDict)
	fields := append(u.fields(cat), fmt.Sprintf("%d 0 R", widgetN))
	u.add(f.root, withValue(cat, "/AcroForm", "<< /Fields ["+strings.Join(fields, " ")+"] /SigFlags 3 >>"))
	annots := u.array(dictValue(page, "/Annots"))
	u.add(pageNo, withValue(page, "/Annots", "["+strings.Join(append(annots, fmt.Sprintf("%d 0 R", widgetN)), " ")+"]"))
	return fillSignature(u.write(), o)
}

// fillSignature writes the byte ranges of the update just written (everything but the
// hex string of /Contents) and the CMS signature over them.
func fillSignature(out []byte, o Options) ([]byte, error) {
	at0 := bytes.LastIndex(out, []byte("/ByteRange [0 "))
	c0 := bytes.Index(out[at0:], []byte("/Contents <")) + at0 + len("/Contents ")
	c1 := c0 + 2 + 2*contentsSize
	ranges := fmt.Sprintf("%d %d %d", c0, c1, len(out)-c1)
	if len(ranges) > 32 {
		return nil, fmt.Errorf("%w: too large", errPDF)
	}
	copy(out[at0+len("/ByteRange [0 "):], ranges)
	hash := sha256.New()
	hash.Write(out[:c0])
	hash.Write(out[c1:])
	cms, err := buildCMS(hash.Sum(nil), o.Signer, o.Chain, !o.PKCS1v15)
	if err != nil {
		return nil, err
	}
	if len(cms) > contentsSize {
		return nil, fmt.Errorf("sign: the signature (%d bytes) does not fit", len(cms))
	}
	hex.Encode(out[c0+1:], cms)
	return out, nil
}

// update is an incremental update being written.
type update struct {
	f    *pdfFile
	next int
	objs map[int]string
}

func (u *update) reserve() int { u.next++; return u.next - 1 }

func (u *update) add(n int, body string) {
	if u.objs == nil {
		u.objs = map[int]string{}
	}
	u.objs[n] = body
}

// fields are the references of the catalog's signature fields so far.
func (u *update) fields(cat string) []string {
	acro := dictValue(cat, "/AcroForm")
	if n := refNumber(acro); n > 0 {
		acro, _ = u.f.object(n)
	}
	return u.array(dictValue(acro, "/Fields"))
}

// array reads the references of an array, given inline or by reference.
func (u *update) array(v string) []string {
	if n := refNumber(v); n > 0 && !strings.HasPrefix(strings.TrimSpace(v), "[") {
		off, ok := u.f.offsets[n]
		if !ok {
			return nil
		}
		end := bytes.Index(u.f.b[off:], []byte("endobj"))
		if end < 0 {
			return nil
		}
		v = string(u.f.b[off : off+end])
		if i := strings.Index(v, "obj"); i >= 0 {
			v = v[i+3:]
		}
	}
	return reRefs.FindAllString(v, -1)
}

func (u *update) write() []byte {
	var buf bytes.Buffer
	buf.Write(u.f.b)
	if !bytes.HasSuffix(u.f.b, []byte("\n")) {
		buf.WriteByte('\n')
	}
	nums := make([]int, 0, len(u.objs))
	for n := range u.objs {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	offsets := map[int]int{}
	for _, n := range nums {
		offsets[n] = buf.Len()
		fmt.Fprintf(&buf, "%d 0 obj\n%s\nendobj\n", n, u.objs[n])
	}
	xref := buf.Len()
	buf.WriteString("xref\n0 1\n0000000000 65535 f \n")
	for _, n := range nums {
		fmt.Fprintf(&buf, "%d 1\n%010d 00000 n \n", n, offsets[n])
	}
	trailer := fmt.Sprintf("<< /Size %d /Root %d 0 R /Prev %d", u.next, u.f.root, u.f.xref)
	if u.f.info != "" {
		trailer += " /Info " + u.f.info
	}
	fmt.Fprintf(&buf, "trailer\n%s >>\nstartxref\n%d\n%%%%EOF\n", trailer, xref)
	return buf.Bytes()
}

// mediaBox is the page's width and height in points, its own or inherited from the
// page tree (A4 when none says).
func (f *pdfFile) mediaBox(page string) (float64, float64) {
	d := page
	for range 32 {
		if fs := strings.Fields(strings.Trim(dictValue(d, "/MediaBox"), "[]")); len(fs) == 4 {
			var v [4]float64
			for i, x := range fs {
				v[i], _ = strconv.ParseFloat(x, 64)
			}
			if v[2] > v[0] && v[3] > v[1] {
				return v[2] - v[0], v[3] - v[1]
			}
		}
		parent := refNumber(dictValue(d, "/Parent"))
		if parent == 0 {
			break
		}
		var err error
		if d, err = f.object(parent); err != nil {
			break
		}
	}
	return 595.28, 841.89
}

// pdfText is a PDF text string: UTF-16BE with its byte-order mark, hex.
func pdfText(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, r := range s {
		if r > 0xFFFF {
			r = '?'
		}
		fmt.Fprintf(&b, "%04X", r)
	}
	b.WriteString(">")
	return b.String()
}

// pdfDate is a PDF date: D:YYYYMMDDHHmmSS+07'00'.
func pdfDate(t time.Time) string {
	return t.Format("D:20060102150405") + "+07'00'"
}

// zlibBytes compresses b for a /FlateDecode stream.
func zlibBytes(b []byte) []byte {
	var buf bytes.Buffer
	w := zlib.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}
