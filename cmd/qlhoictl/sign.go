package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"image"
	_ "image/png" // signature and seal images
	"os"
	"strings"
	"time"

	"qlhoi/data"
	"qlhoi/reports/sign"
)

// sign signs an issued document's PDF with a certificate on the office's token and
// records the signature in the register.
func (c *cli) sign(ctx context.Context, args []string) error {
	fs := c.flags("sign")
	role := fs.String("role", "", "")
	module := fs.String("module", "", "")
	certName := fs.String("cert", "", "")
	pinStdin := fs.Bool("pin-stdin", false, "")
	imagePath := fs.String("image", "", "")
	symbol := fs.String("symbol", "", "")
	pss := fs.Bool("pss", false, "")
	out := fs.String("out", "", "")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	r := sign.Role(*role)
	if len(pos) != 1 || *out == "" || (r != sign.RolePerson && r != sign.RoleBody && r != sign.RoleAppendix) {
		return usageError("sign cần đúng một TỆP.pdf, --role person|body|appendix và --out TỆP_ĐÃ_KÝ.pdf.")
	}
	pdf, err := readBounded(pos[0], 200<<20)
	if err != nil {
		return err
	}
	s, err := c.open(ctx, true)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(pdf)
	from := hex.EncodeToString(sum[:])
	doc, err := s.IssuedToSign(ctx, from)
	if err != nil {
		return err
	}
	if *symbol == "" {
		*symbol = doc.Symbol
	}
	o := sign.Options{Role: r, Symbol: *symbol, PSS: *pss, Time: time.Now()}
	if *imagePath != "" {
		if o.Image, err = readSignatureImage(*imagePath); err != nil {
			return err
		}
	}
	tok, chosen, err := c.tokenCert(*module, *certName, *pinStdin, o.Time)
	if err != nil {
		return err
	}
	defer tok.Close()
	o.Signer, o.Chain = chosen.Signer, []*x509.Certificate{chosen.Cert}
	signed, err := sign.Sign(pdf, o)
	if err != nil {
		return &exitError{1, "Không ký được tệp " + pos[0] + ": tệp PDF hỏng hoặc có dạng chưa hỗ trợ.", err}
	}
	if err := os.WriteFile(*out, signed, 0o644); err != nil {
		return &exitError{1, "Không ghi được tệp " + *out + ". Hãy kiểm tra thư mục và chỗ trống.", err}
	}
	signedSum := sha256.Sum256(signed)
	err = s.RecordSignature(ctx, doc.ID, from, data.DigitalSignature{Role: string(r), Signer: chosen.Cert.Subject.CommonName,
		Serial: strings.ToUpper(chosen.Cert.SerialNumber.Text(16)), At: o.Time.In(data.Vietnam).Format(time.RFC3339), SHA256: hex.EncodeToString(signedSum[:])})
	if err != nil {
		os.Remove(*out)
		return err
	}
	fmt.Fprintf(c.out, "Đã ký văn bản số %s (%s) bằng chứng thư của %s; tệp đã ký: %s; đã ghi vào sổ văn bản đi.\n", doc.Symbol, roleLabel(r), chosen.Cert.Subject.CommonName, *out)
	return nil
}

// tokenCert opens the token (the module given, else the first one installed), asking
// its PIN, and picks the certificate to sign with; it must be valid at t for signing.
// The caller closes the token after signing.
func (c *cli) tokenCert(module, certName string, pinStdin bool, t time.Time) (*sign.Token, sign.TokenCert, error) {
	if module == "" {
		found := sign.FindModules()
		if len(found) == 0 {
			return nil, sign.TokenCert{}, sign.ErrNoModule
		}
		module = found[0]
	}
	prompt := "Mã PIN của thiết bị ký số: "
	if pinStdin {
		prompt = ""
	}
	pin, err := c.passphrase(prompt)
	if err != nil {
		return nil, sign.TokenCert{}, err
	}
	tok, err := sign.OpenToken(module, pin)
	if err != nil {
		return nil, sign.TokenCert{}, err
	}
	certs, err := tok.Certificates()
	if err == nil {
		var chosen sign.TokenCert
		if chosen, err = chooseCert(certs, certName); err == nil {
			if err = sign.CheckCertificate(chosen.Cert, t); err == nil {
				return tok, chosen, nil
			}
		}
	}
	tok.Close()
	return nil, sign.TokenCert{}, err
}

func roleLabel(r sign.Role) string {
	switch r {
	case sign.RoleBody:
		return "chữ ký số của cơ quan"
	case sign.RoleAppendix:
		return "chữ ký số trên phụ lục"
	}
	return "chữ ký số của người có thẩm quyền"
}

// chooseCert picks the token's certificate whose name holds name (diacritics and
// case aside), or the only one.
func chooseCert(certs []sign.TokenCert, name string) (sign.TokenCert, error) {
	var match []sign.TokenCert
	for _, tc := range certs {
		if name == "" || strings.Contains(data.Fold(tc.Cert.Subject.CommonName), data.Fold(name)) {
			match = append(match, tc)
		}
	}
	if len(match) == 1 {
		return match[0], nil
	}
	var names []string
	for _, tc := range certs {
		names = append(names, fmt.Sprintf("“%s” (%s, hiệu lực %s–%s)", tc.Cert.Subject.CommonName, strings.Join(tc.Cert.Subject.Organization, ", "), data.DateOf(tc.Cert.NotBefore), data.DateOf(tc.Cert.NotAfter)))
	}
	if len(match) == 0 && len(certs) == 0 {
		return sign.TokenCert{}, &data.Error{Code: "ErrSignNoCert", Message: "Thiết bị ký số không có chứng thư số nào kèm khóa ký."}
	}
	return sign.TokenCert{}, &data.Error{Code: "ErrSignChooseCert", Message: "Hãy chọn chứng thư bằng --cert TÊN; trên thiết bị có: " + strings.Join(names, "; ") + "."}
}

// readSignatureImage reads a signature or seal image: a PNG with transparency, of a
// sensible size.
func readSignatureImage(path string) (image.Image, error) {
	b, err := readBounded(path, 5<<20)
	if err != nil {
		return nil, err
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil || format != "png" {
		return nil, &data.Error{Code: "ErrSignImage", Message: "Ảnh chữ ký hoặc con dấu phải là tệp PNG có nền trong suốt."}
	}
	if cfg.Width < 50 || cfg.Height < 50 || cfg.Width > 3000 || cfg.Height > 3000 {
		return nil, &data.Error{Code: "ErrSignImage", Message: fmt.Sprintf("Ảnh chữ ký hoặc con dấu cỡ %d×%d điểm ảnh: cần từ 50 đến 3000 điểm ảnh mỗi chiều.", cfg.Width, cfg.Height)}
	}
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, &data.Error{Code: "ErrSignImage", Message: "Ảnh chữ ký hoặc con dấu bị hỏng, không đọc được."}
	}
	return img, nil
}

// verify checks every signature of a PDF received.
func (c *cli) verify(args []string) error {
	fs := c.flags("verify")
	rootsPath := fs.String("roots", "", "")
	asJSON := fs.Bool("json", false, "")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError("verify cần đúng một TỆP.pdf.")
	}
	b, err := readBounded(pos[0], 200<<20)
	if err != nil {
		return err
	}
	var roots *x509.CertPool
	if *rootsPath != "" {
		pemBytes, err := readBounded(*rootsPath, 1<<20)
		if err != nil {
			return err
		}
		roots = x509.NewCertPool()
		found := 0
		for rest := pemBytes; ; {
			var blk *pem.Block
			if blk, rest = pem.Decode(rest); blk == nil {
				break
			}
			if crt, err := x509.ParseCertificate(blk.Bytes); err == nil {
				roots.AddCert(crt)
				found++
			}
		}
		if found == 0 {
			return &exitError{1, "Tệp " + *rootsPath + " không chứa chứng thư số gốc nào (cần tệp PEM “-----BEGIN CERTIFICATE-----”).", nil}
		}
	}
	sigs, err := sign.Verify(b, roots)
	if err != nil {
		return &exitError{1, err.Error() + ".", err}
	}
	if *asJSON {
		enc := json.NewEncoder(c.out)
		enc.SetIndent("", "  ")
		return enc.Encode(sigs)
	}
	bad := false
	for i, s := range sigs {
		if !s.Valid {
			bad = true
			who := s.Signer
			if who == "" {
				who = "không đọc được người ký"
			}
			fmt.Fprintf(c.out, "Chữ ký %d: %s — KHÔNG HỢP LỆ: %s.\n", i+1, who, s.Problem)
			continue
		}
		state := "hợp lệ, văn bản còn nguyên vẹn từ khi ký"
		if !s.Intact {
			state, bad = "KHÔNG HỢP LỆ: "+s.Problem, true
		}
		fmt.Fprintf(c.out, "Chữ ký %d: %s (%s), chứng thư số %s, ký lúc %s — %s.\n", i+1, s.Signer, s.Organisation, s.Serial, s.Time.Format("15:04 02/01/2006"), state)
		switch {
		case roots == nil:
			fmt.Fprintln(c.out, "  Chưa kiểm tra chứng thư số gốc: hãy chỉ tệp chứng thư gốc tin cậy bằng --roots.")
		case s.Trusted:
			fmt.Fprintln(c.out, "  Chứng thư số thuộc tổ chức cung cấp dịch vụ tin cậy.")
		default:
			bad = true
			fmt.Fprintln(c.out, "  Chứng thư số KHÔNG thuộc tổ chức cung cấp dịch vụ tin cậy đã khai báo.")
		}
	}
	if bad {
		return &exitError{1, "Tệp có chữ ký số không hợp lệ hoặc không tin cậy.", nil}
	}
	return nil
}

// readBounded reads a file of at most max bytes.
func readBounded(path string, max int64) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, &exitError{1, "Không đọc được tệp " + path + ".", err}
	}
	if st.Size() > max {
		return nil, &exitError{1, fmt.Sprintf("Tệp %s lớn quá %d MB.", path, max>>20), nil}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, &exitError{1, "Không đọc được tệp " + path + ".", err}
	}
	return b, nil
}
