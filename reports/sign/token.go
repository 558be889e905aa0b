//go:build cgo

package sign

import (
	"crypto"
	"crypto/x509"
	"errors"
	"strings"

	"github.com/ThalesGroup/crypto11"
	"github.com/miekg/pkcs11"
)

// Token is an open session on the first PKCS#11 token of a module that holds a
// certificate with its key (the office's USB token).
type Token struct {
	ctx *crypto11.Context
}

// TokenCert is a certificate on a token, with its key.
type TokenCert struct {
	Cert   *x509.Certificate
	Signer crypto.Signer
}

// OpenToken loads the PKCS#11 module at path and logs in with pin (never stored or
// logged). The first token present is used.
func OpenToken(path, pin string) (*Token, error) {
	// What the clerk can fix first is said first: the library, the device, the PIN.
	path = loadable(path)
	label, err := firstToken(path)
	if err != nil {
		return nil, err
	}
	if pin == "" {
		return nil, ErrPINEmpty
	}
	ctx, err := crypto11.Configure(&crypto11.Config{Path: path, TokenLabel: label, Pin: pin})
	if err != nil {
		return nil, TokenError(err)
	}
	return &Token{ctx: ctx}, nil
}

// firstToken is the label of the first slot with a token in it.
func firstToken(path string) (string, error) {
	p := pkcs11.New(path)
	if p == nil {
		return "", ErrNoModule
	}
	defer p.Destroy()
	switch err := p.Initialize(); {
	case err == nil:
		defer p.Finalize()
	case errors.Is(err, pkcs11.Error(pkcs11.CKR_CRYPTOKI_ALREADY_INITIALIZED)):
		// A token opened before is still open in this process: finalizing the module
		// here would pull it from under it (every later signing then failed with
		// CKR_CRYPTOKI_NOT_INITIALIZED until the window was restarted).
	default:
		return "", ErrNoModule
	}
	slots, err := p.GetSlotList(true)
	if err != nil || len(slots) == 0 {
		return "", ErrNoToken
	}
	info, err := p.GetTokenInfo(slots[0])
	if err != nil {
		return "", ErrNoToken
	}
	return strings.TrimRight(info.Label, " \x00"), nil
}

// Certificates lists the token's certificates that have their key on it.
func (t *Token) Certificates() ([]TokenCert, error) {
	pairs, err := t.ctx.FindAllPairedCertificates()
	if err != nil {
		return nil, TokenError(err)
	}
	var out []TokenCert
	for _, p := range pairs {
		if p.Leaf == nil && len(p.Certificate) > 0 {
			p.Leaf, _ = x509.ParseCertificate(p.Certificate[0])
		}
		s, ok := p.PrivateKey.(crypto.Signer)
		if p.Leaf != nil && ok {
			out = append(out, TokenCert{Cert: p.Leaf, Signer: s})
		}
	}
	return out, nil
}

// Close ends the session.
func (t *Token) Close() error {
	if t == nil || t.ctx == nil {
		return nil
	}
	return t.ctx.Close()
}
