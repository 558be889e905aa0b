//go:build cgo

package sign

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"

	"qlhoi/data"
)

// What a token answers is told in the clerk's words: a locked PIN, a token pulled out.
func TestTokenErrors(t *testing.T) {
	for raw, code := range map[string]string{
		"pkcs11: 0xA4: CKR_PIN_LOCKED":              "ErrSignPINLocked",
		"pkcs11: 0xA0: CKR_PIN_INCORRECT":           "ErrSignWrongPIN",
		"pkcs11: 0x32: CKR_DEVICE_REMOVED":          "ErrSignNoToken",
		"crypto11: could not find token with label": "ErrSignNoToken",
		"pkcs11: 0x70: CKR_MECHANISM_INVALID":       "ErrSignNoPSS",
	} {
		assert.Equal(t, []string{code}, data.Codes(TokenError(errors.New(raw))), raw)
	}
	assert.Equal(t, []string{"ErrSignToken"}, data.Codes(TokenError(errors.New("pkcs11: 0x7: CKR_ARGUMENTS_BAD"))), "an error without words of its own")
	_, err := OpenToken("/khong/co/thu-vien.so", "")
	assert.Equal(t, []string{"ErrSignNoModule"}, data.Codes(err), "the library is said before the PIN")
	_, err = OpenToken("/khong/co/thu-vien.so", "1234")
	assert.Equal(t, []string{"ErrSignNoModule"}, data.Codes(err))
}
