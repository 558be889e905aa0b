//go:build !cgo

package sign

import (
	"crypto"
	"crypto/x509"
	"errors"
)

// Token is unavailable in a build without cgo: PKCS#11 modules are C libraries.
type Token struct{}

// TokenCert is a certificate on a token, with its key.
type TokenCert struct {
	Cert   *x509.Certificate
	Signer crypto.Signer
}

// ErrNoCgo is the answer of a build that cannot load a token's module.
var ErrNoCgo = errors.New("Bản qlhoictl này được dựng không có cgo nên không dùng được thiết bị ký số; hãy dùng qlhoi (cửa sổ) hoặc bản qlhoictl dựng với CGO_ENABLED=1.")

// OpenToken cannot open a token in this build.
func OpenToken(path, pin string) (*Token, error) {
	return nil, ErrNoCgo
}

// Certificates lists nothing.
func (t *Token) Certificates() ([]TokenCert, error) { return nil, ErrNoCgo }

// Close does nothing.
func (t *Token) Close() error { return nil }
