package sign

import (
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"qlhoi/data"
)

// The errors a clerk can meet when signing, in their words.
var (
	ErrNoModule  = &data.Error{Code: "ErrSignNoModule", Message: "Không nạp được thư viện của thiết bị ký số (PKCS#11). Hãy cài phần mềm đi kèm USB token của nhà cung cấp, hoặc chọn tệp thư viện (.dll, .so) của thiết bị."}
	ErrNoToken   = &data.Error{Code: "ErrSignNoToken", Message: "Không thấy thiết bị ký số (USB token). Hãy cắm thiết bị vào máy, chờ đèn sáng rồi thử lại."}
	ErrWrongPIN  = &data.Error{Code: "ErrSignWrongPIN", Message: "Mã PIN không đúng. Hãy nhập lại; nhập sai nhiều lần thiết bị sẽ bị khóa."}
	ErrNoPSS     = &data.Error{Code: "ErrSignNoPSS", Message: "Thiết bị ký số này không ký được theo RSASSA-PSS (lược đồ Thông tư 15/2025/TT-BKHCN quy định). Hãy chọn ký theo PKCS#1 v1.5 cho thiết bị này, hoặc đề nghị nhà cung cấp cập nhật phần mềm thiết bị."}
	ErrPINEmpty  = &data.Error{Code: "ErrSignPINEmpty", Message: "Chưa nhập mã PIN của thiết bị ký số. Hãy nhập mã PIN rồi ký lại."}
	ErrPINLocked = &data.Error{Code: "ErrSignPINLocked", Message: "Thiết bị ký số đã bị khóa vì nhập sai mã PIN nhiều lần. Hãy liên hệ nhà cung cấp chứng thư số để mở khóa."}
)

// CheckCertificate refuses a certificate that cannot sign a document at t: expired,
// not yet valid, or without the digital-signature usage.
func CheckCertificate(c *x509.Certificate, t time.Time) error {
	switch {
	case t.After(c.NotAfter):
		return &data.Error{Code: "ErrSignCertExpired", Message: fmt.Sprintf("Chứng thư số của “%s” đã hết hạn ngày %s. Hãy gia hạn với nhà cung cấp rồi ký lại.", c.Subject.CommonName, data.DateOf(c.NotAfter))}
	case t.Before(c.NotBefore):
		return &data.Error{Code: "ErrSignCertExpired", Message: fmt.Sprintf("Chứng thư số của “%s” chỉ có hiệu lực từ ngày %s.", c.Subject.CommonName, data.DateOf(c.NotBefore))}
	case c.KeyUsage != 0 && c.KeyUsage&(x509.KeyUsageDigitalSignature|x509.KeyUsageContentCommitment) == 0:
		return &data.Error{Code: "ErrSignCertUsage", Message: fmt.Sprintf("Chứng thư số của “%s” không dùng để ký số văn bản (thiếu mục đích ký số). Hãy chọn chứng thư khác trên thiết bị.", c.Subject.CommonName)}
	}
	// TT 15/2025/TT-BKHCN, Phụ lục 1.2: RSA keys of at least 2048 bits, ECDSA of 256.
	weak := false
	switch k := c.PublicKey.(type) {
	case *rsa.PublicKey:
		weak = k.N.BitLen() < 2048
	case *ecdsa.PublicKey:
		weak = k.Curve.Params().BitSize < 256
	default:
		weak = true
	}
	if weak {
		return &data.Error{Code: "ErrSignCertWeak", Message: fmt.Sprintf("Khóa của chứng thư số “%s” ngắn hơn mức Thông tư 15/2025/TT-BKHCN yêu cầu (RSA từ 2048 bit, ECDSA từ 256 bit). Hãy dùng chứng thư số mới.", c.Subject.CommonName)}
	}
	return nil
}

// moduleNames are the PKCS#11 libraries that the token software of Vietnamese CAs
// and of the Government Cipher Committee installs in Windows' system folder, most
// used first (patterns, matched without regard to case). Sources, in docs/signing.md:
// the library lists that public e-government signing pages and plugins probe (VNPT-CA
// Token Applet, BkavCA plugin, a bank's PDF-signing page), and the VGCA token guide
// (SafeNet eToken through TokenManager: eTPKCS11.dll; Bit4id: bit4xpki.dll).
var moduleNames = []string{
	"etpkcs11.dll", "bit4xpki.dll", "vgca*.dll",
	"vnpt-ca_csp11.dll", "vnpt-ca_v34.dll", "vnptca_p11_v*.dll", "vnpt-ca_cl_v1.dll",
	"viettel-ca*.dll", "bkavca*.dll", "fpt-ca*.dll", "fptca_v*.dll",
	"ca2_csp11.dll", "ca2_v34.dll", "shuttlecsp11_3003.dll", "eps2003csp11.dll",
	"nca_v*.dll", "vina-ca*.dll", "safe-ca.dll", "st3csp11.dll", "ngp11v211.dll",
	"vdctdcsp11.dll", "ostc1_csp11.dll", "signaturep11.dll", "wdpkcs.dll", "gclib.dll",
}

// FindModules lists the PKCS#11 modules installed on this machine, most likely first.
func FindModules() []string {
	if runtime.GOOS == "windows" {
		return findModules([]string{filepath.Join(os.Getenv("SystemRoot"), "System32")}, moduleNames)
	}
	return findModules([]string{"/usr/lib/softhsm", "/usr/lib/x86_64-linux-gnu/softhsm", "/usr/lib/x86_64-linux-gnu", "/usr/lib",
		"/usr/lib/x86_64-linux-gnu/pkcs11"}, []string{"libsofthsm2.so", "opensc-pkcs11.so", "libbit4xpki.so", "libetpkcs11.so"})
}

// findModules lists the files of dirs whose names match patterns, whatever their
// case (Windows' file names are not case-sensitive), in the patterns' order.
func findModules(dirs, patterns []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, pat := range patterns {
		for _, d := range dirs {
			entries, _ := os.ReadDir(d)
			for _, e := range entries {
				full := filepath.Join(d, e.Name())
				if ok, _ := filepath.Match(pat, strings.ToLower(e.Name())); ok && !e.IsDir() && !seen[full] {
					seen[full] = true
					out = append(out, full)
				}
			}
		}
	}
	return out
}

// TokenError says in a clerk's words what a token's error means.
func TokenError(err error) error {
	var known *data.Error
	if errors.As(err, &known) {
		return err
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "CKR_PIN_INCORRECT"), strings.Contains(msg, "CKR_PIN_LEN_RANGE"):
		return ErrWrongPIN
	case strings.Contains(msg, "CKR_PIN_LOCKED"):
		return ErrPINLocked
	case strings.Contains(msg, "CKR_MECHANISM_INVALID"), strings.Contains(msg, "CKR_MECHANISM_PARAM_INVALID"):
		return ErrNoPSS
	case strings.Contains(msg, "could not find token"), strings.Contains(msg, "CKR_TOKEN_NOT_PRESENT"), strings.Contains(msg, "CKR_DEVICE_REMOVED"):
		return ErrNoToken
	}
	return &data.Error{Code: "ErrSignToken", Message: "Thiết bị ký số báo lỗi (" + strings.TrimPrefix(msg, "pkcs11: ") + "). Hãy rút thiết bị ra, cắm lại rồi thử lại; nếu vẫn lỗi, hãy liên hệ nhà cung cấp chứng thư số.", Err: err}
}
