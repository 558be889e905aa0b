package main

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"qlhoi/data"
	"qlhoi/reports"
	"qlhoi/reports/sign"
)

// signing runs the digital-signature commands: sign, verify, token.
func (c *cli) signing(ctx context.Context, cmd string, args []string) error {
	switch cmd {
	case "sign":
		return c.sign(ctx, args)
	case "verify":
		return c.verify(ctx, args)
	}
	return c.token(args)
}

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
	rsaScheme := fs.String("rsa", "pss", "")
	out := fs.String("out", "", "")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	r := sign.Role(*role)
	if len(pos) != 1 || *out == "" || r.Check() != nil {
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
	// The file is checked against the register before the PIN is asked.
	sum := sha256.Sum256(pdf)
	if _, err := s.IssuedToSign(ctx, hex.EncodeToString(sum[:])); err != nil {
		return err
	}
	o := sign.Options{Role: r, Symbol: *symbol, PKCS1v15: *rsaScheme == "pkcs1v15", Time: time.Now()}
	if *rsaScheme != "pss" && *rsaScheme != "pkcs1v15" {
		return usageError("--rsa chỉ nhận pss (mặc định, theo Thông tư 15/2025/TT-BKHCN) hoặc pkcs1v15.")
	}
	if *imagePath != "" {
		b, err := readBounded(*imagePath, sign.MaxImage)
		if err != nil {
			return err
		}
		if o.Image, err = sign.CheckImage(b); err != nil {
			return err
		}
	}
	tok, chosen, err := c.tokenCert(*module, *certName, *pinStdin, o.Time)
	if err != nil {
		return err
	}
	defer tok.Close()
	o.Signer, o.Chain = chosen.Signer, []*x509.Certificate{chosen.Cert}
	doc, err := reports.SignIssued(ctx, s, "", pdf, o, func(signed []byte) error {
		if err := os.WriteFile(*out, signed, 0o644); err != nil {
			return &exitError{1, "Không ghi được tệp " + *out + ". Hãy kiểm tra thư mục và chỗ trống.", err}
		}
		return nil
	})
	if err != nil {
		var ee *exitError
		if !errors.As(err, &ee) {
			os.Remove(*out)
		}
		return err
	}
	fmt.Fprintf(c.out, "Đã ký văn bản số %s (chữ ký số của %s) bằng chứng thư của %s; tệp đã ký: %s; đã ghi vào sổ văn bản đi.\n", doc.Symbol, roleLabel(r), chosen.Cert.Subject.CommonName, *out)
	return nil
}

// token lists the certificates on the token, as --cert chooses among them.
func (c *cli) token(args []string) error {
	fs := c.flags("token")
	module := fs.String("module", "", "")
	pinStdin := fs.Bool("pin-stdin", false, "")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	tok, certs, err := c.openToken(*module, *pinStdin)
	if err != nil {
		return err
	}
	defer tok.Close()
	for _, tc := range certs {
		problem := ""
		if err := sign.CheckCertificate(tc.Cert, time.Now()); err != nil {
			problem = " — " + err.Error()
		}
		fmt.Fprintf(c.out, "%s\t%s\thiệu lực %s–%s\tsố %s%s\n", tc.Cert.Subject.CommonName, strings.Join(tc.Cert.Subject.Organization, ", "),
			data.DateOf(tc.Cert.NotBefore), data.DateOf(tc.Cert.NotAfter), strings.ToUpper(tc.Cert.SerialNumber.Text(16)), problem)
	}
	return nil
}

// openToken opens the token (the module given, else the first one installed), asking
// its PIN, and lists its certificates with their keys; there must be one at least.
func (c *cli) openToken(module string, pinStdin bool) (*sign.Token, []sign.TokenCert, error) {
	if module == "" {
		found := sign.FindModules()
		if len(found) == 0 {
			return nil, nil, &data.Error{Code: "ErrSignNoModule", Message: strings.TrimSuffix(sign.ErrNoModule.Message, ".") + " bằng --module ĐƯỜNG_DẪN."}
		}
		module = found[0]
	}
	prompt := "Mã PIN của thiết bị ký số: "
	if pinStdin {
		prompt = ""
	}
	pin, err := c.passphrase(prompt)
	if err != nil {
		return nil, nil, err
	}
	tok, err := sign.OpenToken(module, pin)
	if data.HasCode(err, "ErrSignNoModule") {
		// Here the library is chosen with a flag.
		return nil, nil, &data.Error{Code: "ErrSignNoModule", Message: strings.TrimSuffix(sign.ErrNoModule.Message, ".") + " bằng --module ĐƯỜNG_DẪN.", Err: err}
	}
	if err != nil {
		return nil, nil, err
	}
	certs, err := tok.Certificates()
	if err == nil && len(certs) == 0 {
		err = &data.Error{Code: "ErrSignNoCert", Message: "Thiết bị ký số không có chứng thư số nào kèm khóa ký."}
	}
	if err != nil {
		tok.Close()
		return nil, nil, err
	}
	return tok, certs, nil
}

// tokenCert opens the token (the module given, else the first one installed), asking
// its PIN, and picks the certificate to sign with; it must be valid at t for signing.
// The caller closes the token after signing.
func (c *cli) tokenCert(module, certName string, pinStdin bool, t time.Time) (*sign.Token, sign.TokenCert, error) {
	tok, certs, err := c.openToken(module, pinStdin)
	if err != nil {
		return nil, sign.TokenCert{}, err
	}
	chosen, err := chooseCert(certs, certName)
	if err == nil {
		err = sign.CheckCertificate(chosen.Cert, t)
	}
	if err != nil {
		tok.Close()
		return nil, sign.TokenCert{}, err
	}
	return tok, chosen, nil
}

func roleLabel(r sign.Role) string {
	switch r {
	case sign.RoleBody:
		return "cơ quan"
	case sign.RoleAppendix:
		return "phụ lục"
	}
	return "người có thẩm quyền"
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
	return sign.TokenCert{}, &data.Error{Code: "ErrSignChooseCert", Message: "Hãy chọn chứng thư bằng --cert TÊN; trên thiết bị có: " + strings.Join(names, "; ") + "."}
}

// verify checks every signature of a PDF received.
func (c *cli) verify(ctx context.Context, args []string) error {
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
		pemBytes, err := readBounded(*rootsPath, sign.MaxRoots)
		if err != nil {
			return err
		}
		certs, err := sign.ParseRoots(pemBytes)
		if err != nil {
			return err
		}
		roots = sign.Pool(certs)
	} else if _, err := os.Stat(c.dbPath); err == nil {
		// Without --roots, the roots the office imported in the window's Settings.
		s, err := c.open(ctx, false)
		if err != nil {
			return err
		}
		certs, err := reports.TrustedRoots(ctx, s)
		if err != nil {
			return err
		}
		if len(certs) > 0 {
			roots = sign.Pool(certs)
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
		text, v := s.Describe(roots != nil)
		text = strings.Replace(text, "chưa khai báo chứng thư gốc tin cậy.", "hãy nhập chứng thư gốc tin cậy trong Cài đặt → Ký số, hoặc chỉ tệp của nó bằng --roots.", 1)
		fmt.Fprintf(c.out, "Chữ ký %d: %s\n", i+1, text)
		bad = bad || v == sign.Broken || (roots != nil && v != sign.Good)
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
