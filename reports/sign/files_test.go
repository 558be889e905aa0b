package sign

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"image"
	"image/color"
	"image/png"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
)

func pngOf(t *testing.T, img image.Image) []byte {
	var b bytes.Buffer
	require.NoError(t, png.Encode(&b, img))
	return b.Bytes()
}

// A signature or seal image is a PNG with a transparent background of a sensible
// size; anything else is refused with the reason (ErrSignImage).
func TestCheckImage(t *testing.T) {
	_, err := CheckImage(pngOf(t, stamp(color.RGBA{200, 0, 0, 255})))
	assert.NoError(t, err, "a red seal on a transparent background")

	white := image.NewRGBA(image.Rect(0, 0, 200, 100))
	for y := range 100 {
		for x := range 200 {
			white.Set(x, y, color.White)
		}
	}
	small := image.NewNRGBA(image.Rect(0, 0, 20, 20))
	for name, b := range map[string][]byte{
		"jpeg":      []byte("\xff\xd8\xff\xe0 not a png"),
		"white":     pngOf(t, white),
		"small":     pngOf(t, small),
		"huge":      make([]byte, MaxImage+1),
		"truncated": pngOf(t, stamp(color.RGBA{0, 0, 200, 255}))[:200],
	} {
		_, err := CheckImage(b)
		assert.Equal(t, []string{"ErrSignImage"}, data.Codes(err), name)
	}
}

// Roots come from PEM (several) or DER files; certificates that are not CAs and
// junk are not trusted (ErrSignRoots).
func TestParseRoots(t *testing.T) {
	p := makePKI(t)
	pemBoth := append(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: p.root.Raw}),
		pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: p.person.Raw})...)
	got, err := ParseRoots(pemBoth)
	require.NoError(t, err)
	require.Len(t, got, 1, "the signer's certificate is not a root")
	assert.Equal(t, p.root.Raw, got[0].Raw)

	got, err = ParseRoots(p.root.Raw)
	require.NoError(t, err, "a DER .cer file")
	assert.Len(t, got, 1)

	for name, b := range map[string][]byte{
		"leaf only": p.person.Raw,
		"junk":      []byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
		"empty":     nil,
		"too large": make([]byte, MaxRoots+1),
		// 150 roots with the one wanted last: never 100 of them without a word.
		"too many": bytes.Repeat(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: p.root.Raw}), MaxTrustedRoots+50),
	} {
		_, err := ParseRoots(b)
		assert.Equal(t, []string{"ErrSignRoots"}, data.Codes(err), name)
	}
}

// A key shorter than TT 15/2025/TT-BKHCN allows is refused before signing.
func TestWeakKeyRefused(t *testing.T) {
	p := makePKI(t)
	k, err := rsa.GenerateKey(rand.Reader, 1024)
	require.NoError(t, err)
	now := time.Now()
	weak := newCert(t, &x509.Certificate{SerialNumber: big.NewInt(9), Subject: pkix.Name{CommonName: "Khóa ngắn"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour), KeyUsage: x509.KeyUsageDigitalSignature}, p.root, k.Public(), p.rootKey)
	assert.Equal(t, []string{"ErrSignCertWeak"}, data.Codes(CheckCertificate(weak, now)))
	assert.NoError(t, CheckCertificate(p.person, now))
	assert.NoError(t, CheckCertificate(p.body, now), "ECDSA P-256")
}

// Token libraries are found whatever the case of their names, in the order of the
// list (most used first); other files are left out.
func TestFindModules(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"VNPT-CA_CSP11.DLL", "eTPKCS11.dll", "viettel-ca_v6.dll", "kernel32.dll", "BkavCAv2S.dll"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, n), nil, 0o644))
	}
	got := findModules([]string{dir}, moduleNames)
	var names []string
	for _, g := range got {
		names = append(names, filepath.Base(g))
	}
	assert.Equal(t, []string{"eTPKCS11.dll", "VNPT-CA_CSP11.DLL", "viettel-ca_v6.dll", "BkavCAv2S.dll"}, names)
}

// The seal lies over the left third of the person's signature as it was placed: its
// right edge a third of the way into the signature's image, at the seal's size.
func TestSealOverLeftThird(t *testing.T) {
	p := makePKI(t)
	sig := image.NewNRGBA(image.Rect(0, 0, 300, 100))
	for x := range 300 {
		sig.Set(x, 50, color.RGBA{0, 0, 200, 255})
	}
	one, err := Sign(testPDF(t, 1), Options{Role: RolePerson, Signer: p.personKey, Chain: []*x509.Certificate{p.person}, Image: sig})
	require.NoError(t, err)
	two, err := Sign(one, Options{Role: RoleBody, Signer: p.bodyKey, Chain: []*x509.Certificate{p.body}, Image: stamp(color.RGBA{200, 0, 0, 255})})
	require.NoError(t, err)
	var rects []box
	for _, m := range regexp.MustCompile(`/Rect \[([0-9.]+) ([0-9.]+) ([0-9.]+) ([0-9.]+)\]`).FindAllSubmatch(two, -1) {
		var r box
		for i := range 4 {
			r[i], _ = strconv.ParseFloat(string(m[1+i]), 64)
		}
		rects = append(rects, r)
	}
	require.Len(t, rects, 2)
	person, seal := rects[0], rects[1]
	assert.InDelta(t, person[0]+(person[2]-person[0])/3, seal[2], 0.5, "the seal's right edge a third into the signature")
	assert.InDelta(t, 36*mm, seal[2]-seal[0], 0.5, "the seal at 36 mm")
	assert.InDelta(t, (person[1]+person[3])/2, (seal[1]+seal[3])/2, 0.5, "centred on the signature")
}

// A signed PDF cut short (a copy interrupted) is reported as damaged, not as unsigned.
func TestTruncatedPDF(t *testing.T) {
	p := makePKI(t)
	signed, err := Sign(testPDF(t, 1), Options{Role: RolePerson, Signer: p.personKey, Chain: []*x509.Certificate{p.person}})
	require.NoError(t, err)
	_, err = Verify(signed[:len(signed)*2/3], nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "bị cắt cụt")

	// Bytes added after the end are not a cut: the signature says the file was changed.
	sigs, err := Verify(append(append([]byte(nil), signed...), bytes.Repeat([]byte("rác "), 2000)...), nil)
	require.NoError(t, err)
	require.Len(t, sigs, 1)
	assert.False(t, sigs[0].Intact)
	assert.Contains(t, sigs[0].Problem, "sửa thêm sau chữ ký")
}

// Two roots of one name are told apart by their fingerprints.
func TestFingerprint(t *testing.T) {
	a, b := makePKI(t), makePKI(t)
	require.Equal(t, a.root.Subject.CommonName, b.root.Subject.CommonName)
	assert.NotEqual(t, Fingerprint(a.root), Fingerprint(b.root))
	assert.Regexp(t, `^[0-9A-F]{4} [0-9A-F]{4} [0-9A-F]{4} [0-9A-F]{4}$`, Fingerprint(a.root))
}

// Without images, the body's lines go under the person's in the same room instead of
// over them (the two stamps printed on one spot).
func TestTextStampsDoNotOverlap(t *testing.T) {
	p := makePKI(t)
	one, err := Sign(testPDF(t, 1), Options{Role: RolePerson, Signer: p.personKey, Chain: []*x509.Certificate{p.person}})
	require.NoError(t, err)
	two, err := Sign(one, Options{Role: RoleBody, Signer: p.bodyKey, Chain: []*x509.Certificate{p.body}})
	require.NoError(t, err)
	var rects []box
	for _, m := range regexp.MustCompile(`/Rect \[([0-9.]+) ([0-9.]+) ([0-9.]+) ([0-9.]+)\]`).FindAllSubmatch(two, -1) {
		var r box
		for i := range 4 {
			r[i], _ = strconv.ParseFloat(string(m[1+i]), 64)
		}
		rects = append(rects, r)
	}
	require.Len(t, rects, 2)
	assert.InDelta(t, rects[0][3]-26, rects[1][3], 0.5, "the body's first line starts under the person's two")
	assert.InDelta(t, rects[0][0], rects[1][0], 0.5)
}
