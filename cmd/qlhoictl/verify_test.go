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
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jung-kurt/gofpdf"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/reports/sign"
)

// selfSigned is a root that also signs: enough to make a signed PDF.
func selfSigned(t *testing.T, cn string) (*x509.Certificate, *ecdsa.PrivateKey) {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: cn}, NotBefore: time.Now().Add(-time.Hour),
		NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, k.Public(), k)
	require.NoError(t, err)
	c, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	return c, k
}

// verify fails when a signature does not chain to the roots given, and refuses a
// roots file that holds no certificate (both once ended with exit 0).
func TestVerifyCommand(t *testing.T) {
	dir := t.TempDir()
	cert, key := selfSigned(t, "Ban Dân vận Tỉnh ủy Quảng Trị")
	other, _ := selfSigned(t, "CA khác")
	pdf := gofpdf.New("P", "mm", "A4", "")
	pdf.AddPage()
	var buf bytes.Buffer
	require.NoError(t, pdf.Output(&buf))
	signed, err := sign.Sign(buf.Bytes(), sign.Options{Role: sign.RoleBody, Signer: key, Chain: []*x509.Certificate{cert}})
	require.NoError(t, err)
	file := filepath.Join(dir, "den.pdf")
	require.NoError(t, os.WriteFile(file, signed, 0o644))
	pemOf := func(name string, c *x509.Certificate) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw}), 0o644))
		return p
	}
	verify := func(args ...string) result {
		var out, errOut bytes.Buffer
		code := run(t.Context(), append([]string{"verify", file}, args...), strings.NewReader(""), &out, &errOut)
		return result{code, out.String(), errOut.String()}
	}
	r := verify("--roots", pemOf("goc.pem", cert))
	assert.Equal(t, 0, r.code, r.stdout+r.stderr)
	r = verify("--roots", pemOf("khac.pem", other))
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stdout, "KHÔNG thuộc tổ chức cung cấp dịch vụ tin cậy")
	r = verify("--roots", file)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "không chứa chứng thư số gốc nào")
}
