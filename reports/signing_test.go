package reports_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"math/big"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
	"qlhoi/reports"
	"qlhoi/reports/sign"
)

// A register entry whose file is not a PDF that can be signed is refused in a clerk's
// words (ErrSignPDF), nothing is saved and nothing recorded.
func TestSignIssuedRefusesBrokenPDF(t *testing.T) {
	ctx := t.Context()
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "qlhoi.db"))
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	junk := []byte("%PDF-1.7\nnot really a PDF\n%%EOF\n")
	sum := sha256.Sum256(junk)
	_, err = s.Issue(ctx, "state:QT:2026", func(n int) (*data.IssuedDocument, error) {
		return &data.IssuedDocument{Symbol: "01/BC-BDVTU", Date: data.DateOf(testNow), DocType: "Báo cáo", Subject: "Thử", Signer: "Nguyễn Văn Hùng",
			FileName: "x.pdf", SHA256: hex.EncodeToString(sum[:])}, nil
	})
	require.NoError(t, err)
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	now := time.Now()
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(5), Subject: pkix.Name{CommonName: "Ban Dân vận"}, NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour), KeyUsage: x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, k.Public(), k)
	require.NoError(t, err)
	cert, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	saved := false
	for _, role := range []sign.Role{"", "chief"} {
		_, err = reports.SignIssued(ctx, s, "", junk, sign.Options{Role: role, Signer: k, Chain: []*x509.Certificate{cert}, Time: now},
			func([]byte) error { saved = true; return nil })
		assert.Equal(t, []string{"ErrSignRole"}, data.Codes(err), "role %q", role)
	}
	_, err = reports.SignIssued(ctx, s, "", junk, sign.Options{Role: sign.RoleBody, Signer: k, Chain: []*x509.Certificate{cert}, Time: now},
		func([]byte) error { saved = true; return nil })
	assert.Equal(t, []string{"ErrSignPDF"}, data.Codes(err))
	assert.False(t, saved)
	docs, err := s.IssuedDocuments(ctx)
	require.NoError(t, err)
	assert.Empty(t, docs[0].Signatures)
}
