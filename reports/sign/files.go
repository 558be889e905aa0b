package sign

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"image"
	_ "image/png" // signature and seal images
	"strings"

	"qlhoi/data"
)

// MaxImage bounds a signature or seal image file.
const MaxImage = 2 << 20

// errImage is why an image cannot be a signature's or a seal's.
func errImage(msg string) error { return &data.Error{Code: "ErrSignImage", Message: msg} }

// CheckImage reads a signature or seal image: a PNG with a transparent background,
// from 50 to 3000 pixels each way, so it lies over the text without a white box.
func CheckImage(b []byte) (image.Image, error) {
	if len(b) > MaxImage {
		return nil, errImage(fmt.Sprintf("Ảnh chữ ký hoặc con dấu lớn quá %d MB.", MaxImage>>20))
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil || format != "png" {
		return nil, errImage("Ảnh chữ ký hoặc con dấu phải là tệp PNG có nền trong suốt.")
	}
	if cfg.Width < 50 || cfg.Height < 50 || cfg.Width > 3000 || cfg.Height > 3000 {
		return nil, errImage(fmt.Sprintf("Ảnh chữ ký hoặc con dấu cỡ %d×%d điểm ảnh: cần từ 50 đến 3000 điểm ảnh mỗi chiều.", cfg.Width, cfg.Height))
	}
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, errImage("Ảnh chữ ký hoặc con dấu bị hỏng, không đọc được.")
	}
	if transparentShare(img) < 0.05 {
		return nil, errImage("Ảnh chữ ký hoặc con dấu không có nền trong suốt (nền trắng sẽ che chữ). Hãy tách nền rồi lưu lại dạng PNG.")
	}
	return img, nil
}

// transparentShare is the share of (sampled) pixels that are transparent.
func transparentShare(img image.Image) float64 {
	r := img.Bounds()
	step := max(1, min(r.Dx(), r.Dy())/100)
	clear, all := 0, 0
	for y := r.Min.Y; y < r.Max.Y; y += step {
		for x := r.Min.X; x < r.Max.X; x += step {
			if _, _, _, a := img.At(x, y).RGBA(); a < 0x2000 {
				clear++
			}
			all++
		}
	}
	return float64(clear) / float64(all)
}

// MaxRoots bounds a file of root certificates, and how many it may hold.
const (
	MaxRoots = 1 << 20
	// MaxTrustedRoots bounds the roots in a file and the roots an office keeps.
	MaxTrustedRoots = 100
)

// ParseRoots reads the root certificates an office trusts, from a PEM file (several
// "BEGIN CERTIFICATE" blocks) or one DER certificate (.cer, .crt) as CAs publish them.
// Only CA certificates are kept.
func ParseRoots(b []byte) ([]*x509.Certificate, error) {
	if len(b) > MaxRoots {
		return nil, &data.Error{Code: "ErrSignRoots", Message: fmt.Sprintf("Tệp chứng thư gốc lớn quá %d MB.", MaxRoots>>20)}
	}
	var ders [][]byte
	for rest := b; ; {
		var blk *pem.Block
		if blk, rest = pem.Decode(rest); blk == nil {
			break
		}
		if blk.Type != "CERTIFICATE" {
			continue
		}
		if len(ders) == MaxTrustedRoots {
			// Never some of them without a word: the one wanted may be the last.
			return nil, &data.Error{Code: "ErrSignRoots", Message: fmt.Sprintf("Tệp có hơn %d chứng thư số; đơn vị chỉ cần chứng thư gốc của Ban Cơ yếu Chính phủ và của các tổ chức cung cấp dịch vụ chứng thực mình dùng. Hãy nhập từng tệp chứng thư gốc của họ.", MaxTrustedRoots)}
		}
		ders = append(ders, blk.Bytes)
	}
	if len(ders) == 0 {
		ders = [][]byte{b}
	}
	var out []*x509.Certificate
	leaves := 0
	for _, der := range ders {
		c, err := x509.ParseCertificate(der)
		switch {
		case err != nil:
		case c.IsCA:
			out = append(out, c)
		default:
			leaves++
		}
	}
	if len(out) == 0 && leaves > 0 {
		return nil, &data.Error{Code: "ErrSignRoots", Message: "Tệp này là chứng thư số của một người hay một cơ quan, không phải chứng thư số gốc. Hãy nhập chứng thư gốc của Ban Cơ yếu Chính phủ hoặc của tổ chức cung cấp dịch vụ chứng thực."}
	}
	if len(out) == 0 {
		return nil, &data.Error{Code: "ErrSignRoots", Message: "Tệp này không chứa chứng thư số gốc nào (cần tệp .cer, .crt hoặc .pem của tổ chức cung cấp dịch vụ chứng thực)."}
	}
	return out, nil
}

// Fingerprint tells certificates of the same name apart: the start of the SHA-256 of
// the certificate, as certificate viewers show it.
func Fingerprint(c *x509.Certificate) string {
	sum := sha256.Sum256(c.Raw)
	h := strings.ToUpper(hex.EncodeToString(sum[:8]))
	return h[:4] + " " + h[4:8] + " " + h[8:12] + " " + h[12:]
}

// Pool makes a pool of certificates.
func Pool(certs []*x509.Certificate) *x509.CertPool {
	p := x509.NewCertPool()
	for _, c := range certs {
		p.AddCert(c)
	}
	return p
}
