package sign

import (
	"crypto/x509"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"qlhoi/data"
)

// The errors a clerk can meet when signing, in their words.
var (
	ErrNoModule  = &data.Error{Code: "ErrSignNoModule", Message: "Không nạp được thư viện của thiết bị ký số (PKCS#11). Hãy cài phần mềm đi kèm USB token của nhà cung cấp, hoặc chỉ đường dẫn tệp .dll/.so bằng --module."}
	ErrNoToken   = &data.Error{Code: "ErrSignNoToken", Message: "Không thấy thiết bị ký số (USB token). Hãy cắm thiết bị vào máy, chờ đèn sáng rồi thử lại."}
	ErrWrongPIN  = &data.Error{Code: "ErrSignWrongPIN", Message: "Mã PIN không đúng. Hãy nhập lại; nhập sai nhiều lần thiết bị sẽ bị khóa."}
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
	return nil
}

// moduleNames are the PKCS#11 libraries the Vietnamese CAs' token software installs
// in Windows' system folder (names as their installers write them).
var moduleNames = []string{
	"vnpt-ca_csp11.dll", "viettel-ca_v*.dll", "BkavCA*.dll", "fpt-ca*.dll", "CA2_csp11.dll",
	"eps2003csp11.dll", "eTPKCS11.dll", "ShuttleCsp11_3003.dll", "vgca*.dll",
}

// FindModules lists the PKCS#11 modules installed on this machine, most likely first.
func FindModules() []string {
	var dirs, names []string
	if runtime.GOOS == "windows" {
		dirs = []string{filepath.Join(os.Getenv("SystemRoot"), "System32")}
		names = moduleNames
	} else {
		dirs = []string{"/usr/lib/softhsm", "/usr/lib/x86_64-linux-gnu/softhsm", "/usr/lib/x86_64-linux-gnu", "/usr/lib"}
		names = []string{"libsofthsm2.so", "opensc-pkcs11.so"}
	}
	var out []string
	for _, d := range dirs {
		for _, n := range names {
			m, _ := filepath.Glob(filepath.Join(d, n))
			out = append(out, m...)
		}
	}
	return out
}
