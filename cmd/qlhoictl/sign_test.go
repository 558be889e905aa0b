//go:build cgo

package main

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ThalesGroup/crypto11"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
	"qlhoi/reports/sign"
)

const softhsmLib = "/usr/lib/softhsm/libsofthsm2.so"

// softToken makes a SoftHSM token (PIN 1234) holding a person's and a body's keys
// with certificates from a test root (names with diacritics), and returns the root's
// PEM file. The token is made as a CA's would be: keys generated on it.
func softToken(t *testing.T) (rootPEM string) {
	if _, err := exec.LookPath("softhsm2-util"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("softhsm2 is missing: make deps-test installs it")
		}
		t.Skip("softhsm2 not installed (make deps-test installs it)")
	}
	dir := emptyToken(t, "qlhoi-thu")

	ctx, err := crypto11.Configure(&crypto11.Config{Path: softhsmLib, TokenLabel: "qlhoi-thu", Pin: "1234"})
	require.NoError(t, err)
	defer ctx.Close()
	rootKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	now := time.Now()
	rootTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "CA thử nghiệm qlhoi"}, NotBefore: now.Add(-72 * time.Hour), NotAfter: now.Add(72 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	rootDER, err := x509.CreateCertificate(rand.Reader, rootTmpl, rootTmpl, rootKey.Public(), rootKey)
	require.NoError(t, err)
	root, err := x509.ParseCertificate(rootDER)
	require.NoError(t, err)
	for i, who := range []struct{ cn, org string }{{"Nguyễn Văn Hùng", "Ban Dân vận Tỉnh ủy Quảng Trị"}, {"Ban Dân vận Tỉnh ủy Quảng Trị", "Tỉnh ủy Quảng Trị"}} {
		id := []byte{byte(i + 1)}
		key, err := ctx.GenerateRSAKeyPairWithLabel(id, []byte(who.cn), 2048)
		require.NoError(t, err)
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(int64(0x100 + i)), Subject: pkix.Name{CommonName: who.cn, Organization: []string{who.org}},
			NotBefore: now.Add(-72 * time.Hour), NotAfter: now.Add(72 * time.Hour), KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, root, key.Public(), rootKey)
		require.NoError(t, err)
		cert, err := x509.ParseCertificate(der)
		require.NoError(t, err)
		require.NoError(t, ctx.ImportCertificateWithLabel(id, []byte(who.cn), cert))
	}
	rootPEM = filepath.Join(dir, "root.pem")
	require.NoError(t, os.WriteFile(rootPEM, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: root.Raw}), 0o644))
	return rootPEM
}

// emptyToken makes a SoftHSM token (PIN 1234) with no objects, in a folder of its own
// that SOFTHSM2_CONF points to for the test, and returns the folder.
func emptyToken(t *testing.T, label string) string {
	dir := t.TempDir()
	conf := filepath.Join(dir, "softhsm2.conf")
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "tokens"), 0o700))
	require.NoError(t, os.WriteFile(conf, []byte("directories.tokendir = "+filepath.Join(dir, "tokens")+"\nobjectstore.backend = file\nlog.level = ERROR\n"), 0o600))
	t.Setenv("SOFTHSM2_CONF", conf)
	out, err := exec.Command("softhsm2-util", "--init-token", "--free", "--label", label, "--pin", "1234", "--so-pin", "87654321").CombinedOutput()
	require.NoError(t, err, string(out))
	return dir
}

// signCLI runs qlhoictl sign with the PIN on stdin.
func signCLI(t *testing.T, pin string, args ...string) result {
	var out, errOut bytes.Buffer
	code := run(t.Context(), append([]string{"sign"}, args...), strings.NewReader(pin+"\n"), &out, &errOut)
	return result{code, out.String(), errOut.String()}
}

// qlhoictl signs through PKCS#11 in both roles, as an office with its token would;
// pdfsig and our verifier find both signatures valid and trusted with the test root;
// a wrong PIN, a module that is not there and an ambiguous certificate are told in
// Vietnamese.
func TestSignWithToken(t *testing.T) {
	rootPEM := softToken(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "qlhoi.db")
	MustRun(t, db, "demo")
	draft, doc := filepath.Join(dir, "du-thao.pdf"), filepath.Join(dir, "bao-cao.pdf")
	MustRun(t, db, "report", "thong-ke-hoi", "--profile", "state", "--out", draft)
	MustRun(t, db, "report", "thong-ke-hoi", "--profile", "state", "--issue", "--out", doc,
		"--section", "danh-gia=Các hội hoạt động ổn định.", "--section", "phuong-huong=Tiếp tục rà soát.")
	st, err := store.Open(t.Context(), db)
	require.NoError(t, err)
	docs, err := st.IssuedDocuments(t.Context())
	require.NoError(t, err)
	where, err := st.SignFile(t.Context(), docs[len(docs)-1].ID)
	require.NoError(t, err)
	assert.Equal(t, doc, where, "the window will sign the file where --out put it")
	require.NoError(t, st.Close())
	one, two := filepath.Join(dir, "ky-1.pdf"), filepath.Join(dir, "ky-2.pdf")
	signAt := func(t *testing.T, pin string, args ...string) result {
		return signCLI(t, pin, append([]string{"--db", db}, args...)...)
	}

	// Only the file made when the number was given is signed: not a draft.
	r := signAt(t, "1234", draft, "--role", "person", "--module", softhsmLib, "--pin-stdin", "--cert", "Nguyen Van Hung", "--out", one)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "không khớp với văn bản nào trong sổ văn bản đi", "ErrSignNotIssued")

	r = signAt(t, "0000", doc, "--role", "person", "--module", softhsmLib, "--pin-stdin", "--cert", "Nguyen Van Hung", "--out", one)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "Mã PIN không đúng", "ErrSignWrongPIN")

	r = signAt(t, "1234", doc, "--role", "person", "--module", filepath.Join(dir, "khong-co.so"), "--pin-stdin", "--out", one)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "Không nạp được thư viện của thiết bị ký số", "ErrSignNoModule")

	r = signAt(t, "", doc, "--role", "person", "--module", filepath.Join(dir, "khong-co.so"), "--pin-stdin", "--out", one)
	assert.Contains(t, r.stderr, "Không nạp được thư viện của thiết bị ký số", "the library is said before the PIN")
	r = signAt(t, "", doc, "--role", "person", "--module", softhsmLib, "--pin-stdin", "--cert", "Nguyen Van Hung", "--out", one)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "Chưa nhập mã PIN", "ErrSignPINEmpty: an empty PIN is asked again, not sent")

	r = signAt(t, "1234", doc, "--role", "person", "--module", softhsmLib, "--pin-stdin", "--out", one)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "Hãy chọn chứng thư bằng --cert", "ErrSignChooseCert: two certificates on the token")

	r = signAt(t, "1234", doc, "--role", "person", "--module", softhsmLib, "--pin-stdin", "--cert", "nguyen van hung", "--out", one)
	require.Equal(t, 0, r.code, r.stderr)
	r = signAt(t, "1234", one, "--role", "body", "--module", softhsmLib, "--pin-stdin", "--cert", "Ban Dân vận", "--out", two)
	require.Equal(t, 0, r.code, r.stderr)

	// The register says who signed, when, and the signed file's hash; the file signed
	// once cannot be signed again from the issued version.
	reg := MustRun(t, db, "register", "list", "--json")
	assert.Contains(t, reg, "Nguyễn Văn Hùng")
	assert.Contains(t, reg, `"role": "body"`)
	r = signAt(t, "1234", doc, "--role", "body", "--module", softhsmLib, "--pin-stdin", "--cert", "Ban Dân vận", "--out", filepath.Join(dir, "lai.pdf"))
	assert.Equal(t, 1, r.code, "the issued version was already signed: sign the signed one")

	b, err := os.ReadFile(two)
	require.NoError(t, err)
	sigs, err := sign.Verify(b, nil)
	require.NoError(t, err)
	require.Len(t, sigs, 2)
	assert.Equal(t, "Nguyễn Văn Hùng", sigs[0].Signer)
	assert.True(t, sigs[0].Valid && sigs[0].Intact && sigs[1].Valid && sigs[1].Intact)

	var out, errOut bytes.Buffer
	require.Equal(t, 0, run(t.Context(), []string{"verify", two, "--roots", rootPEM}, strings.NewReader(""), &out, &errOut), errOut.String())
	assert.Equal(t, 2, strings.Count(out.String(), "Chứng thư số thuộc tổ chức cung cấp dịch vụ tin cậy."), out.String())

	// Without --roots, the roots imported in the window's Settings are used.
	pemBytes, err := os.ReadFile(rootPEM)
	require.NoError(t, err)
	certs, err := sign.ParseRoots(pemBytes)
	require.NoError(t, err)
	st, err = store.Open(t.Context(), db)
	require.NoError(t, err)
	require.NoError(t, st.SetSigningBytes(t.Context(), store.SettingTrustedRoots, certs[0].Raw))
	require.NoError(t, st.Close())
	out.Reset()
	require.Equal(t, 0, run(t.Context(), []string{"verify", "--db", db, two}, strings.NewReader(""), &out, &errOut), errOut.String())
	assert.Equal(t, 2, strings.Count(out.String(), "Chứng thư số thuộc tổ chức cung cấp dịch vụ tin cậy."), out.String())

	if _, err := exec.LookPath("pdfsig"); err == nil {
		nss := trustInNSS(t, rootPEM)
		args := []string{two}
		if nss != "" {
			args = []string{"-nssdir", "sql:" + nss, two}
		}
		o, err := exec.Command("pdfsig", args...).CombinedOutput()
		require.NoError(t, err, string(o))
		assert.Equal(t, 2, strings.Count(string(o), "Signature is Valid"), string(o))
		if nss != "" {
			assert.Equal(t, 2, strings.Count(string(o), "Certificate is Trusted"), string(o))
		}
	}
}

// trustInNSS makes an NSS database that trusts the test root (certutil, from
// libnss3-tools), or "" when certutil is missing.
func trustInNSS(t *testing.T, rootPEM string) string {
	if _, err := exec.LookPath("certutil"); err != nil {
		return ""
	}
	dir := t.TempDir()
	out, err := exec.Command("certutil", "-N", "-d", "sql:"+dir, "--empty-password").CombinedOutput()
	require.NoError(t, err, string(out))
	out, err = exec.Command("certutil", "-A", "-d", "sql:"+dir, "-n", "qlhoi-root", "-t", "CT,C,C", "-i", rootPEM).CombinedOutput()
	require.NoError(t, err, string(out))
	return dir
}

// qlhoictl token lists the token's certificates (name, organisation, dates); a token
// without any says so (ErrSignNoCert); a wrong PIN is told (ErrSignWrongPIN).
func TestTokenCommand(t *testing.T) {
	softToken(t)
	tokenCLI := func(pin string, args ...string) result {
		var out, errOut bytes.Buffer
		code := run(t.Context(), append([]string{"token", "--module", softhsmLib, "--pin-stdin"}, args...), strings.NewReader(pin+"\n"), &out, &errOut)
		return result{code, out.String(), errOut.String()}
	}
	r := tokenCLI("1234")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Nguyễn Văn Hùng\tBan Dân vận Tỉnh ủy Quảng Trị\thiệu lực ")
	assert.Equal(t, 2, strings.Count(r.stdout, "\n"), r.stdout)
	r = tokenCLI("9999")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "Mã PIN không đúng", "ErrSignWrongPIN")

	// Another token, initialised but empty.
	emptyToken(t, "trong")
	r = tokenCLI("1234")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "không có chứng thư số nào", "ErrSignNoCert")
}

// Several certificates and no --cert: the clerk is told which there are.
func TestCertChoice(t *testing.T) {
	_, err := chooseCert(nil, "")
	assert.Equal(t, []string{"ErrSignChooseCert"}, data.Codes(err))
}

// A token left open (a dialog closed another way) does not spoil the next opening:
// the library is not finalized under it (every later signing failed with
// CKR_CRYPTOKI_NOT_INITIALIZED until the window was restarted).
func TestTokenOpenedTwice(t *testing.T) {
	softToken(t)
	first, err := sign.OpenToken(softhsmLib, "1234")
	require.NoError(t, err)
	defer first.Close()
	for range 2 {
		again, err := sign.OpenToken(softhsmLib, "1234")
		require.NoError(t, err)
		certs, err := again.Certificates()
		require.NoError(t, err)
		assert.Len(t, certs, 2)
		require.NoError(t, again.Close())
	}
	certs, err := first.Certificates()
	require.NoError(t, err, "the first is still usable")
	assert.Len(t, certs, 2)
}
