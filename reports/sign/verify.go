package sign

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Signature is what verifying one signature of a PDF found, in the words a clerk reads.
type Signature struct {
	Signer       string    `json:"signer"`       // the certificate's common name
	Organisation string    `json:"organisation"` // its organisation
	Serial       string    `json:"serial"`       // the certificate's serial number, hex
	Time         time.Time `json:"time"`         // the signing time the PDF states (/M)
	// Valid: the signature is the signer's, over the bytes it covers.
	Valid bool `json:"valid"`
	// Intact: nothing was changed after this signature, except later signatures.
	Intact bool `json:"intact"`
	// Trusted: the certificate chains to a root the office trusts.
	Trusted bool   `json:"trusted"`
	Problem string `json:"problem,omitempty"` // why not, in Vietnamese
}

var (
	reByteRange = regexp.MustCompile(`^/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]`)
)

// maxPDF bounds the PDFs verified (a received file is hostile until bounded).
const maxPDF = 200 << 20

// maxHashedFactor bounds the bytes hashed for all the signatures of a file, in file
// sizes: each real signature covers at most the whole file, and real files carry a
// few.
const maxHashedFactor = 8

// maxContents bounds the room of one signature (real ones use under 64 KB of hex).
const maxContents = 1 << 20

// Verify checks every signature of a PDF. roots are the office's trusted roots (nil:
// none trusted yet).
func Verify(b []byte, roots *x509.CertPool) ([]Signature, error) {
	if len(b) > maxPDF {
		return nil, fmt.Errorf("tệp PDF lớn quá %d MB", maxPDF>>20)
	}
	if !bytes.HasPrefix(bytes.TrimLeft(b[:min(len(b), 1024)], "\x00\t\n\r "), []byte("%PDF-")) {
		return nil, errors.New("tệp này không phải tệp PDF")
	}
	if end := bytes.LastIndex(b, []byte("%%EOF")); end < 0 || end < bytes.LastIndex(b, []byte("/ByteRange")) {
		// Cut short (a copy interrupted) in or after its last signature: what is left
		// may look unsigned. Bytes added after the end are a change, said per signature.
		return nil, errors.New("tệp PDF bị cắt cụt hoặc hỏng (thiếu phần kết thúc); hãy chép lại tệp từ nơi nhận")
	}
	var out []Signature
	ends := []int{}
	seen := map[[4]int]Signature{}
	var hashed int64
	for _, at := range indexAll(b, []byte("/ByteRange"), 64) {
		m := reByteRange.FindSubmatch(b[at:min(len(b), at+200)])
		if m == nil {
			// A range that is not four numbers from 0 is reported, not left out.
			out = append(out, Signature{Problem: "phạm vi ký (ByteRange) không hợp lệ: tệp đã bị sửa hoặc hỏng"})
			ends = append(ends, -1)
			continue
		}
		var br [4]int
		for i := range 4 {
			br[i], _ = strconv.Atoi(string(m[1+i]))
		}
		ends = append(ends, br[2]+br[3])
		// A range seen before is the same signature copied: it is checked once. All
		// the ranges together are hashed at most maxHashedFactor times the file's
		// size (a crafted file of 64 signatures over 45 MB took a minute).
		if sig, ok := seen[br]; ok {
			out = append(out, sig)
			continue
		}
		if hashed += int64(br[1]) + int64(br[3]); hashed > maxHashedFactor*int64(len(b)) {
			out = append(out, Signature{Problem: "tệp có quá nhiều chữ ký phủ cả tệp; chữ ký này không được kiểm tra"})
			continue
		}
		seen[br] = verifyOne(b, br, at, roots)
		out = append(out, seen[br])
	}
	if len(out) == 0 {
		return nil, errors.New("tệp PDF này không có chữ ký số nào")
	}
	// What was added after a signature is only trusted as a later signature's update
	// when a later valid signature covers the whole file: an unsigned update (a
	// signature field whose look covers the page, with nothing signed) is a change.
	for i := range out {
		if !out[i].Intact || ends[i] == len(b) {
			continue
		}
		covered := false
		for j := i + 1; j < len(out); j++ {
			covered = covered || out[j].Valid && ends[j] == len(b)
		}
		if !covered {
			out[i].Intact = false
			out[i].Problem = "tệp đã bị sửa thêm sau chữ ký này"
		}
	}
	return out, nil
}

// indexAll returns the offsets of sep in b, at most n of them.
func indexAll(b, sep []byte, n int) []int {
	var out []int
	for off := 0; len(out) < n; {
		i := bytes.Index(b[off:], sep)
		if i < 0 {
			break
		}
		out = append(out, off+i)
		off += i + len(sep)
	}
	return out
}

// dictAround returns the dictionary holding the byte at p, looking no further than
// maxSigDict either way (a signature dictionary is small; a crafted file must not
// make this quadratic).
func dictAround(b []byte, p int) string {
	const maxSigDict = 64 << 10
	lo, hi := max(0, p-maxSigDict), min(len(b), p+maxSigDict)
	w := b[lo:hi]
	q := p - lo
	start := bytes.LastIndex(w[:q], []byte("<<"))
	for tries := 0; start >= 0 && tries < 64; tries++ {
		if d, _, ok := readDict(w, start); ok && start+len(d) > q {
			return d
		}
		start = bytes.LastIndex(w[:start], []byte("<<"))
	}
	return ""
}

func verifyOne(b []byte, br [4]int, at int, roots *x509.CertPool) Signature {
	var s Signature
	if br[0] != 0 || br[1] <= 0 || br[2] <= br[1] || br[3] < 0 || br[2]+br[3] > len(b) || br[1] >= len(b) {
		s.Problem = "phạm vi ký (ByteRange) không hợp lệ: tệp đã bị sửa hoặc hỏng"
		return s
	}
	d := dictAround(b, at)
	if t, err := time.Parse("D:20060102150405", strings.SplitN(strings.TrimSpace(decodePDFText(dictValue(d, "/M"))), "+", 2)[0]); err == nil {
		s.Time = t.Add(-7 * time.Hour).In(vietnam)
	}
	if br[2]-br[1] > maxContents {
		s.Problem = "phần chữ ký lớn bất thường: tệp đã bị sửa hoặc hỏng"
		return s
	}
	contents := strings.Trim(string(b[br[1]:br[2]]), "<> \n\r")
	raw, err := hex.DecodeString(contents)
	if err != nil {
		s.Problem = "phần chữ ký không đọc được"
		return s
	}
	// The CMS is padded with zeros up to the room reserved.
	cms, err := parseCMS(trimDER(raw))
	if err != nil {
		s.Problem = "phần chữ ký không phải chữ ký số CMS/PAdES đọc được"
		return s
	}
	c := cms.signer
	s.Signer, s.Serial = c.Subject.CommonName, strings.ToUpper(c.SerialNumber.Text(16))
	if len(c.Subject.Organization) > 0 {
		s.Organisation = c.Subject.Organization[0]
	}
	h := sha256.New()
	h.Write(b[:br[1]])
	h.Write(b[br[2] : br[2]+br[3]])
	switch {
	case !bytes.Equal(h.Sum(nil), cms.digest):
		s.Problem = "nội dung đã bị thay đổi sau khi ký (mã băm không khớp)"
	case cms.check() != nil:
		s.Problem = "chữ ký không khớp với chứng thư số của người ký"
	case c.KeyUsage != 0 && c.KeyUsage&(x509.KeyUsageDigitalSignature|x509.KeyUsageContentCommitment) == 0:
		s.Problem = "chứng thư số của người ký không dùng để ký số văn bản"
	case !s.Time.IsZero() && (s.Time.Before(c.NotBefore) || s.Time.After(c.NotAfter)):
		s.Problem = fmt.Sprintf("chứng thư số của người ký không còn hiệu lực lúc ký (hiệu lực từ %s đến %s)",
			c.NotBefore.In(vietnam).Format("02/01/2006"), c.NotAfter.In(vietnam).Format("02/01/2006"))
	default:
		s.Valid = true
	}
	end := br[2] + br[3]
	s.Intact = s.Valid && (end == len(b) || onlySignaturesAfter(b[:end], b[end:]))
	if s.Valid && !s.Intact {
		s.Problem = "tệp đã bị sửa thêm sau chữ ký này"
	}
	if roots != nil {
		inter := x509.NewCertPool()
		for _, x := range cms.certs {
			inter.AddCert(x)
		}
		at := s.Time
		if at.IsZero() {
			at = time.Now()
		}
		_, err := c.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, CurrentTime: at, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}})
		s.Trusted = err == nil
		if err != nil && s.Problem == "" {
			s.Problem = "chứng thư số không thuộc tổ chức cung cấp dịch vụ tin cậy mà đơn vị đã khai báo"
		}
	}
	return s
}

// trimDER cuts the zero padding after a DER value.
func trimDER(b []byte) []byte {
	if len(b) < 2 || b[0] != 0x30 {
		return b
	}
	n, l := int(b[1]), 2
	if n&0x80 != 0 {
		k := n & 0x7f
		if k == 0 || k > 4 || len(b) < 2+k {
			return b
		}
		n = 0
		for _, c := range b[2 : 2+k] {
			n = n<<8 | int(c)
		}
		l = 2 + k
	}
	if l+n > len(b) {
		return b
	}
	return b[:l+n]
}

// onlySignaturesAfter tells whether the bytes after a signature's range are later
// incremental updates that only add signatures: each new object is a signature, its
// widget, its appearance or image, and each object written again (the catalog, a
// page) is the same as in the signed revision but for its form (/AcroForm) and its
// annotations (/Annots).
func onlySignaturesAfter(signed, rest []byte) bool {
	objs, ok := objectsIn(rest)
	if !ok || len(objs) == 0 {
		return false
	}
	before, err := readPDF(signed)
	if err != nil {
		return false
	}
	for _, o := range objs {
		n, body := o.n, o.body
		if _, old := before.offsets[n]; old {
			was, err := before.object(n)
			if err != nil || !sameBut(was, body, "/AcroForm", "/Annots") {
				return false
			}
			continue
		}
		switch {
		case strings.Contains(body, "/Type /Sig"), strings.Contains(body, "/FT /Sig"),
			strings.Contains(body, "/Subtype /Form"), strings.Contains(body, "/Subtype /Image"):
		default:
			return false
		}
	}
	return true
}

// maxObjectsAfter bounds the objects looked at after a signature: a signature adds a
// handful; more is not only signatures.
const maxObjectsAfter = 10000

type pdfObject struct {
	n    int
	body string
}

// objectsIn finds the objects "N 0 obj … endobj" of an update, in one pass (a lazy
// regular expression over a crafted 45 MB took a minute); ok is false past
// maxObjectsAfter or for an object that does not end.
func objectsIn(b []byte) (out []pdfObject, ok bool) {
	mark := []byte(" 0 obj")
	for off := 0; ; {
		i := bytes.Index(b[off:], mark)
		if i < 0 {
			return out, true
		}
		at := off + i
		start := at
		for start > 0 && b[start-1] >= '0' && b[start-1] <= '9' {
			start--
		}
		off = at + len(mark)
		if start == at || (start > 0 && !isSpace(b[start-1])) {
			continue // "10 0 obj" inside a string or a stream, not an object's start
		}
		end := bytes.Index(b[off:], []byte("endobj"))
		if end < 0 || len(out) == maxObjectsAfter {
			return nil, false
		}
		n, _ := strconv.Atoi(string(b[start:at]))
		out = append(out, pdfObject{n, strings.TrimSpace(string(b[off : off+end]))})
		off += end + len("endobj")
	}
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

// sameBut tells whether two dictionaries are the same but for the given keys.
func sameBut(a, b string, keys ...string) bool {
	for _, k := range keys {
		a, b = withValue(a, k, "null"), withValue(b, k, "null")
	}
	return strings.Join(strings.Fields(a), " ") == strings.Join(strings.Fields(b), " ")
}

// Verdict is what a clerk is told of a signature, worst first.
type Verdict int

const (
	// Broken: not the signer's, or the document changed after it.
	Broken Verdict = iota
	// Unchecked: valid and intact, but the office has no roots to trace it to, or the
	// signer's certificate does not chain to them.
	Unchecked
	// Good: valid, intact since, and the certificate chains to a trusted root.
	Good
)

// Describe says in a clerk's words what verifying found of one signature, and its
// verdict (rootsKnown: the office has declared trusted roots).
func (s Signature) Describe(rootsKnown bool) (string, Verdict) {
	if !s.Valid {
		who := s.Signer
		if who == "" {
			who = "không đọc được người ký"
		}
		return who + " — KHÔNG HỢP LỆ: " + s.Problem + ".", Broken
	}
	text := fmt.Sprintf("%s (%s), chứng thư số hiệu %s (hệ 16), ký lúc %s — ", s.Signer, s.Organisation, s.Serial, s.Time.In(vietnam).Format("15:04 02/01/2006"))
	if !s.Intact {
		return text + "KHÔNG HỢP LỆ: " + s.Problem + ".", Broken
	}
	text += "hợp lệ, văn bản còn nguyên vẹn từ khi ký."
	switch {
	case !rootsKnown:
		return text + "\n  Chưa kiểm tra chứng thư số gốc: chưa khai báo chứng thư gốc tin cậy.", Unchecked
	case s.Trusted:
		return text + "\n  Chứng thư số thuộc tổ chức cung cấp dịch vụ tin cậy.", Good
	}
	return text + "\n  Chứng thư số KHÔNG thuộc tổ chức cung cấp dịch vụ tin cậy đã khai báo.", Unchecked
}
