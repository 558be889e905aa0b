package sign

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"image"
	"image/color"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/jung-kurt/gofpdf"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
)

// testPKI is a root CA and two signers (a person and a body, names with diacritics).
type testPKI struct {
	root         *x509.Certificate
	rootKey      crypto.Signer
	person, body *x509.Certificate
	personKey    crypto.Signer
	bodyKey      crypto.Signer
}

func newCert(t testing.TB, tmpl *x509.Certificate, parent *x509.Certificate, pub crypto.PublicKey, parentKey crypto.Signer) *x509.Certificate {
	if parent == nil {
		parent = tmpl
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, parentKey)
	require.NoError(t, err)
	c, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	return c
}

func makePKI(t testing.TB) *testPKI {
	p := &testPKI{}
	rk, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	p.rootKey = rk
	now := time.Now()
	p.root = newCert(t, &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "CA thử nghiệm qlhoi", Organization: []string{"Ban Cơ yếu thử"}},
		NotBefore: now.Add(-72 * time.Hour), NotAfter: now.Add(24 * time.Hour), IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}, nil, rk.Public(), rk)
	pk, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	p.personKey = pk
	p.person = newCert(t, &x509.Certificate{SerialNumber: big.NewInt(0x1A2B), Subject: pkix.Name{CommonName: "Nguyễn Văn Hùng", Organization: []string{"Ban Dân vận Tỉnh ủy Quảng Trị"}},
		NotBefore: now.Add(-72 * time.Hour), NotAfter: now.Add(24 * time.Hour), KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment}, p.root, pk.Public(), rk)
	bk, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	p.bodyKey = bk
	p.body = newCert(t, &x509.Certificate{SerialNumber: big.NewInt(0x3C4D), Subject: pkix.Name{CommonName: "Ban Dân vận Tỉnh ủy Quảng Trị", Organization: []string{"Tỉnh ủy Quảng Trị"}},
		NotBefore: now.Add(-72 * time.Hour), NotAfter: now.Add(24 * time.Hour), KeyUsage: x509.KeyUsageDigitalSignature}, p.root, bk.Public(), rk)
	return p
}

func testPDF(t testing.TB, pages int) []byte {
	pdf := gofpdf.New("P", "mm", "A4", "")
	pdf.SetCompression(false)
	pdf.SetKeywords(KeywordsMark+fmt.Sprint(pages)+",105,200,85,25", false)
	for i := range pages {
		pdf.AddPage()
		pdf.SetFont("Times", "", 14)
		pdf.Cell(0, 10, "Bao cao trang "+string(rune('1'+i)))
	}
	var buf bytes.Buffer
	require.NoError(t, pdf.Output(&buf))
	return buf.Bytes()
}

func stamp(c color.RGBA) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 120, 120))
	for y := range 120 {
		for x := range 120 {
			if d := (x-60)*(x-60) + (y-60)*(y-60); d < 3400 && d > 2500 {
				img.Set(x, y, c)
			}
		}
	}
	return img
}

func roots(p *testPKI) *x509.CertPool {
	pool := x509.NewCertPool()
	pool.AddCert(p.root)
	return pool
}

// A document signed by the person, then by the body: both signatures verify, the
// first stays intact under the second, and both are trusted with the test root.
func TestSignPersonThenBody(t *testing.T) {
	p := makePKI(t)
	at := time.Now().In(vietnam).Add(-time.Hour).Truncate(time.Second)
	one, err := Sign(testPDF(t, 2), Options{Role: RolePerson, Signer: p.personKey, Chain: []*x509.Certificate{p.person}, Image: stamp(color.RGBA{0, 0, 200, 255}), Time: at})
	require.NoError(t, err)
	two, err := Sign(one, Options{Role: RoleBody, Signer: p.bodyKey, Chain: []*x509.Certificate{p.body}, Image: stamp(color.RGBA{220, 0, 0, 255}), Time: at.Add(time.Minute)})
	require.NoError(t, err)
	sigs, err := Verify(two, roots(p))
	require.NoError(t, err)
	require.Len(t, sigs, 2)
	for _, s := range sigs {
		assert.True(t, s.Valid && s.Intact && s.Trusted, "%+v", s)
	}
	assert.Equal(t, "Nguyễn Văn Hùng", sigs[0].Signer)
	assert.Equal(t, "Ban Dân vận Tỉnh ủy Quảng Trị", sigs[0].Organisation)
	assert.Equal(t, "1A2B", sigs[0].Serial)
	assert.Equal(t, at, sigs[0].Time)
	assert.Equal(t, "Ban Dân vận Tỉnh ủy Quảng Trị", sigs[1].Signer)

	// Not trusted without the root; still valid and intact.
	sigs, err = Verify(two, x509.NewCertPool())
	require.NoError(t, err)
	assert.True(t, sigs[0].Valid && !sigs[0].Trusted)

	dir := t.TempDir()
	path := filepath.Join(dir, "signed.pdf")
	require.NoError(t, os.WriteFile(path, two, 0o644))
	checkWithPoppler(t, path, 2)
	checkWithOpenSSL(t, two, p)
}

// A byte changed after signing is found, by us and by pdfsig.
func TestChangedAfterSigning(t *testing.T) {
	p := makePKI(t)
	signed, err := Sign(testPDF(t, 1), Options{Role: RolePerson, Signer: p.personKey, Chain: []*x509.Certificate{p.person}})
	require.NoError(t, err)
	i := bytes.Index(signed, []byte("Bao cao trang"))
	require.Positive(t, i)
	bad := append([]byte(nil), signed...)
	bad[i] = 'X'
	sigs, err := Verify(bad, roots(p))
	require.NoError(t, err)
	require.Len(t, sigs, 1)
	assert.False(t, sigs[0].Valid)
	assert.Contains(t, sigs[0].Problem, "thay đổi sau khi ký")

	// Content appended after the signature (not a signature) is a change too.
	more := append(append([]byte(nil), signed...), []byte("9 0 obj\n<< /Type /Page /Contents 5 0 R >>\nendobj\n")...)
	sigs, err = Verify(more, roots(p))
	require.NoError(t, err)
	assert.True(t, sigs[0].Valid)
	assert.False(t, sigs[0].Intact)

	if _, err := exec.LookPath("pdfsig"); err == nil {
		path := filepath.Join(t.TempDir(), "bad.pdf")
		require.NoError(t, os.WriteFile(path, bad, 0o644))
		out, _ := exec.Command("pdfsig", path).CombinedOutput()
		assert.NotContains(t, string(out), "Signature is Valid", string(out))
	}
}

// Every key kind signs: RSASSA-PSS (the default), RSA PKCS#1 v1.5 and ECDSA P-256; an appendix
// signature goes at the top right of the first page with the number and the time.
func TestKeyKindsAndAppendix(t *testing.T) {
	p := makePKI(t)
	for name, o := range map[string]Options{
		"rsa-pss":  {Role: RolePerson, Signer: p.personKey, Chain: []*x509.Certificate{p.person}},
		"rsa":      {Role: RolePerson, Signer: p.personKey, Chain: []*x509.Certificate{p.person}, PKCS1v15: true},
		"ecdsa":    {Role: RoleBody, Signer: p.bodyKey, Chain: []*x509.Certificate{p.body}},
		"appendix": {Role: RoleAppendix, Signer: p.bodyKey, Chain: []*x509.Certificate{p.body}, Symbol: "15/BC-BDVTU"},
	} {
		t.Run(name, func(t *testing.T) {
			signed, err := Sign(testPDF(t, 2), o)
			require.NoError(t, err)
			sigs, err := Verify(signed, roots(p))
			require.NoError(t, err)
			assert.True(t, sigs[0].Valid && sigs[0].Intact && sigs[0].Trusted, "%+v", sigs[0])
			if name == "appendix" {
				assert.Contains(t, string(signed), "(15/BC-BDVTU; ", "the number and time as text")
				assert.Contains(t, string(signed), "/BaseFont /Times-Roman")
			}
		})
	}
}

// Without an image, the signature's words are drawn with every Vietnamese mark: the
// stamp of "Ký bởi: Nguyễn Văn Hùng" has more ink than the same words without marks,
// and a name longer than the box is cut at its edge.
func TestTextStampDrawsVietnamese(t *testing.T) {
	ink := func(img image.Image) int {
		n := 0
		b := img.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				if _, _, _, a := img.At(x, y).RGBA(); a > 0x8000 {
					n++
				}
			}
		}
		return n
	}
	marked := textStamp([]string{"Ký bởi: Nguyễn Văn Hùng", "2026-12-08T09:00:00+07:00"}, 150, 30)
	bare := textStamp([]string{"Ky boi: Nguyen Van Hung", "2026-12-08T09:00:00+07:00"}, 150, 30)
	assert.Greater(t, ink(marked), ink(bare)+50, "the marks are drawn")
	assert.Greater(t, ink(bare), 500, "the words are drawn")
	assert.Equal(t, image.Rect(0, 0, 600, 120), marked.Bounds(), "4 pixels a point")
	long := textStamp([]string{strings.Repeat("Đảng ủy xã Gio Linh ", 20)}, 150, 30)
	right := 0
	for x := range 600 {
		for y := range 120 {
			if _, _, _, a := long.At(x, y).RGBA(); a > 0x8000 {
				right = x
			}
		}
	}
	assert.Greater(t, right, 540, "a long line fills the box and stops at its edge")
}

func checkWithPoppler(t *testing.T, path string, n int) {
	if _, err := exec.LookPath("pdfsig"); err != nil {
		requireOnLinux(t, "pdfsig (poppler-utils, installed by make deps-test)")
		return
	}
	out, err := exec.Command("pdfsig", path).CombinedOutput()
	require.NoError(t, err, string(out))
	assert.Equal(t, n, strings.Count(string(out), "Signature Validation: Signature is Valid."), string(out))
	assert.Contains(t, string(out), "Nguyễn Văn Hùng")
}

// checkWithOpenSSL verifies each signature's CMS over its byte ranges with openssl.
func checkWithOpenSSL(t *testing.T, b []byte, p *testPKI) {
	if _, err := exec.LookPath("openssl"); err != nil {
		requireOnLinux(t, "openssl")
		return
	}
	dir := t.TempDir()
	ca := filepath.Join(dir, "ca.pem")
	require.NoError(t, os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: p.root.Raw}), 0o644))
	ranges := indexAll(b, []byte("/ByteRange"), 64)
	require.NotEmpty(t, ranges)
	for i, at := range ranges {
		m := reByteRange.FindSubmatch(b[at:])
		require.NotNil(t, m)
		var br [4]int
		for k := range 4 {
			for _, c := range m[1+k] {
				br[k] = br[k]*10 + int(c-'0')
			}
		}
		content := append(append([]byte(nil), b[:br[1]]...), b[br[2]:br[2]+br[3]]...)
		raw := make([]byte, (br[2]-br[1]-2)/2)
		_, err := hex.Decode(raw, b[br[1]+1:br[2]-1])
		require.NoError(t, err)
		sig := filepath.Join(dir, "sig.der")
		data := filepath.Join(dir, "content.bin")
		require.NoError(t, os.WriteFile(sig, trimDER(raw), 0o644))
		require.NoError(t, os.WriteFile(data, content, 0o644))
		out, err := exec.Command("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", sig, "-content", data, "-CAfile", ca, "-purpose", "any", "-out", os.DevNull).CombinedOutput()
		assert.NoError(t, err, "signature %d: %s", i+1, out)
	}
}

// A certificate that has expired, is not valid yet, or is not for signing is refused
// before the token is asked to sign.
func TestCertificateChecks(t *testing.T) {
	p := makePKI(t)
	now := time.Now()
	assert.NoError(t, CheckCertificate(p.person, now))
	err := CheckCertificate(p.person, now.Add(30*24*time.Hour))
	assert.Equal(t, []string{"ErrSignCertExpired"}, data.Codes(err))
	assert.Contains(t, data.Message(err), "đã hết hạn ngày")
	err = CheckCertificate(p.person, now.Add(-30*24*time.Hour))
	assert.Equal(t, []string{"ErrSignCertExpired"}, data.Codes(err))
	ca := *p.root // a CA certificate: certificate signing only
	assert.Equal(t, []string{"ErrSignCertUsage"}, data.Codes(CheckCertificate(&ca, now)))
}

// requireOnLinux fails when a checking tool is missing on Linux (make test installs
// it); under Wine, where there is none, the check is left to the Linux run, silently
// (stray output fails the Windows test judge).
func requireOnLinux(t *testing.T, tool string) {
	if runtime.GOOS == "linux" {
		t.Fatalf("%s is missing", tool)
	}
}

// A received PDF is hostile: garbage, a byte range pointing outside the file, a huge
// count of "<<" and signature markers end quickly with a reason, never a panic.
func TestHostilePDFs(t *testing.T) {
	p := makePKI(t)
	signed, err := Sign(testPDF(t, 1), Options{Role: RolePerson, Signer: p.personKey, Chain: []*x509.Certificate{p.person}})
	require.NoError(t, err)
	for name, b := range map[string][]byte{
		"no signature":       []byte("%PDF-1.4\n%%EOF\n"),
		"range outside":      []byte("<< /ByteRange [0 10 999999 5] /Contents <00> >>"),
		"many dictionaries":  append(bytes.Repeat([]byte("<<"), 1<<20), []byte("/ByteRange [0 1 2 3]")...),
		"many signatures":    bytes.Repeat([]byte("/ByteRange [0 1 2 3] "), 10_000),
		"contents not a CMS": bytes.Replace(signed, []byte("/Contents <3"), []byte("/Contents <4"), 1),
	} {
		sigs, err := Verify(b, roots(p))
		if err != nil {
			continue
		}
		assert.LessOrEqual(t, len(sigs), 64, name)
		for _, s := range sigs {
			assert.False(t, s.Valid, name)
			assert.NotEmpty(t, s.Problem, name)
		}
	}
	_, err = Sign([]byte("không phải PDF"), Options{Role: RolePerson, Signer: p.personKey, Chain: []*x509.Certificate{p.person}})
	assert.Error(t, err)
}

// A later update that rewrites a page's content (not only its annotations) is a
// change after signing, though it looks like a signature's update.
func TestPageRewrittenAfterSigning(t *testing.T) {
	p := makePKI(t)
	signed, err := Sign(testPDF(t, 1), Options{Role: RolePerson, Signer: p.personKey, Chain: []*x509.Certificate{p.person}})
	require.NoError(t, err)
	f, err := readPDF(signed)
	require.NoError(t, err)
	pages, err := f.pages()
	require.NoError(t, err)
	page, err := f.object(pages[0])
	require.NoError(t, err)
	u := &update{f: f, next: f.size}
	u.add(pages[0], withValue(page, "/Contents", "1 0 R"))
	sigs, err := Verify(u.write(), roots(p))
	require.NoError(t, err)
	assert.True(t, sigs[0].Valid)
	assert.False(t, sigs[0].Intact, "the page was rewritten")

	// Even an update that only adds annotations is a change when no later signature
	// covers it: an unsigned signature field whose look covered the whole page was
	// once reported "hợp lệ, nguyên vẹn" (a hostile trial's t03).
	u = &update{f: f, next: f.size}
	u.add(pages[0], withValue(page, "/Annots", "[]"))
	sigs, err = Verify(u.write(), roots(p))
	require.NoError(t, err)
	assert.False(t, sigs[0].Intact)

	// A range that is not four numbers from 0 is reported, not left out; a file that
	// is not a PDF says so.
	bad := bytes.Replace(signed, []byte("/ByteRange [0 "), []byte("/ByteRange [-1 "), 1)
	sigs, err = Verify(bad, roots(p))
	require.NoError(t, err)
	require.Len(t, sigs, 1)
	assert.Contains(t, sigs[0].Problem, "ByteRange")
	_, err = Verify([]byte("PK\x03\x04 /ByteRange [0 1 2 3]"), nil)
	assert.EqualError(t, err, "tệp này không phải tệp PDF")
}

// copiedSignatures is a signed PDF followed by n copies of its signature dictionary,
// each after pad bytes of comment (the trial's file that froze the window a minute).
func copiedSignatures(t testing.TB, n, pad int) []byte {
	p := makePKI(t)
	signed, err := Sign(testPDF(t, 1), Options{Role: RolePerson, Signer: p.personKey, Chain: []*x509.Certificate{p.person}})
	require.NoError(t, err)
	at := bytes.LastIndex(signed, []byte("/ByteRange"))
	start := bytes.LastIndex(signed[:at], []byte("<<"))
	end := bytes.Index(signed[at:], []byte(">>")) + at + 2
	dict := signed[start:end]
	b := append([]byte(nil), signed...)
	for i := range n {
		b = append(b, []byte(fmt.Sprintf("\n%% %s\n%d 0 obj\n", strings.Repeat("x", pad), 900+i))...)
		b = append(b, dict...)
		b = append(b, []byte("\nendobj\n")...)
	}
	return append(b, []byte("\n%%EOF\n")...)
}

// 64 copies of a signature over megabytes of padding are checked once each range,
// and said to be changes after signing (the file is not the one signed).
func TestCopiedSignatures(t *testing.T) {
	sigs, err := Verify(copiedSignatures(t, 64, 200_000), nil)
	require.NoError(t, err)
	require.Len(t, sigs, 64)
	for _, s := range sigs {
		assert.False(t, s.Intact, "more bytes after than a signature adds")
	}
}

// BenchmarkCopiedSignatures measures the verifier on the trial's shape (under a second
// for 13 MB; it took a minute).
func BenchmarkCopiedSignatures(b *testing.B) {
	pdf := copiedSignatures(b, 64, 200_000)
	b.ResetTimer()
	for range b.N {
		if _, err := Verify(pdf, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// A signature made with a certificate not for signing, or out of its validity when
// signed, is not valid, with its reason (it was called valid, or only untrusted).
func TestVerifyCertificateUseAndValidity(t *testing.T) {
	p := makePKI(t)
	now := time.Now()
	for name, c := range map[string]struct {
		tmpl *x509.Certificate
		want string
	}{
		"encryption only": {&x509.Certificate{SerialNumber: big.NewInt(77), Subject: pkix.Name{CommonName: "Khóa mã hóa"},
			NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour), KeyUsage: x509.KeyUsageKeyEncipherment}, "không dùng để ký"},
		"expired": {&x509.Certificate{SerialNumber: big.NewInt(78), Subject: pkix.Name{CommonName: "Hết hạn"},
			NotBefore: now.AddDate(-6, 0, 0), NotAfter: now.AddDate(-5, 0, 0), KeyUsage: x509.KeyUsageDigitalSignature}, "không còn hiệu lực lúc ký"},
	} {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		require.NoError(t, err)
		cert := newCert(t, c.tmpl, p.root, k.Public(), p.rootKey)
		signed, err := Sign(testPDF(t, 1), Options{Role: RoleBody, Signer: k, Chain: []*x509.Certificate{cert}, Time: now})
		require.NoError(t, err, name)
		sigs, err := Verify(signed, roots(p))
		require.NoError(t, err, name)
		require.Len(t, sigs, 1)
		assert.False(t, sigs[0].Valid, name)
		assert.Contains(t, sigs[0].Problem, c.want, name)
		_, verdict := sigs[0].Describe(true)
		assert.Equal(t, Broken, verdict, name)
	}
}
