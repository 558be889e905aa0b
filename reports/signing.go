package reports

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"strings"
	"time"

	"qlhoi/data"
	"qlhoi/data/store"
	"qlhoi/reports/sign"
)

// SignIssued signs the file of an issued document (want: its register id, or "" for
// whichever the file is) as it stands (pdf: the file made
// when the number was given, or as last signed) and records the signature in the
// register. o.Chain[0] is the signer's certificate; it must be valid now for signing.
// save writes the signed bytes before the register is told; the register is told only
// when they are written. The document's symbol goes on an appendix signature; without
// an image of its own, the person's signature shows the signer's image and the body's
// the seal, as Settings keep them.
func SignIssued(ctx context.Context, st *store.Store, want string, pdf []byte, o sign.Options, save func([]byte) error) (*data.IssuedDocument, error) {
	doc, err := IssuedFile(ctx, st, want, pdf)
	if err != nil {
		return nil, err
	}
	img, err := ReadyToSign(ctx, st, doc, o.Role)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(pdf)
	from := hex.EncodeToString(sum[:])
	if o.Time.IsZero() {
		o.Time = st.Now()
	}
	if o.Symbol == "" {
		o.Symbol = doc.Symbol
	}
	if o.Image == nil {
		o.Image = img
	}
	cert := o.Chain[0]
	if err := sign.CheckCertificate(cert, o.Time); err != nil {
		return nil, err
	}
	signed, err := sign.Sign(pdf, o)
	if err != nil {
		var known *data.Error
		if errors.As(err, &known) {
			return nil, err
		}
		return nil, &data.Error{Code: "ErrSignPDF", Message: "Không ký được tệp: tệp PDF hỏng hoặc có dạng chưa hỗ trợ.", Err: err}
	}
	if err := save(signed); err != nil {
		return nil, err
	}
	signedSum := sha256.Sum256(signed)
	err = st.RecordSignature(ctx, doc.ID, from, data.DigitalSignature{Role: string(o.Role), Signer: cert.Subject.CommonName,
		Serial: strings.ToUpper(cert.SerialNumber.Text(16)), At: o.Time.In(data.Vietnam).Format(time.RFC3339), SHA256: hex.EncodeToString(signedSum[:])})
	return doc, err
}

// IssuedFile is the register's entry whose document pdf is, as issued or as last
// signed; with want, it must be that entry. The file is checked before a token's
// PIN is asked, and again when it is signed.
func IssuedFile(ctx context.Context, st *store.Store, want string, pdf []byte) (*data.IssuedDocument, error) {
	sum := sha256.Sum256(pdf)
	doc, err := st.IssuedToSign(ctx, hex.EncodeToString(sum[:]))
	if err != nil {
		return nil, err
	}
	if want != "" && doc.ID != want {
		// The file of one entry holds another's document (a file overwritten by
		// another report of the same name): never sign it under the wrong number.
		return nil, &data.Error{Code: "ErrSignOtherDocument", Message: fmt.Sprintf("Tệp này là văn bản số %s, không phải văn bản đang chọn; không ký. Hãy tạo lại đúng văn bản hoặc chọn đúng tệp.", doc.Symbol)}
	}
	return doc, nil
}

// ReadyToSign checks what can be checked of a document's signature before the token is
// asked: the role is one of sign.Roles and not yet signed (a second person's signature
// was drawn over the seal), and the image Settings keep for it is usable. It returns
// that image (nil: the signature is shown as text).
func ReadyToSign(ctx context.Context, st *store.Store, doc *data.IssuedDocument, role sign.Role) (image.Image, error) {
	if err := role.Check(); err != nil {
		return nil, err
	}
	for _, sg := range doc.Signatures {
		if sg.Role == string(role) {
			return nil, &data.Error{Code: "ErrSignRoleTwice", Message: fmt.Sprintf("Văn bản số %s đã được %s ký số với tư cách này lúc %s; không ký lại.", doc.Symbol, sg.Signer, sg.When().In(data.Vietnam).Format("15:04 02/01/2006"))}
		}
	}
	if role == sign.RoleAppendix {
		return nil, nil
	}
	return signingImage(ctx, st, role, doc.Signer)
}

// TrustedRoots are the root certificates this office imported in Settings to trust
// the signatures of the PDFs it receives.
func TrustedRoots(ctx context.Context, st *store.Store) ([]*x509.Certificate, error) {
	ders, err := st.SigningBytes(ctx, store.SettingTrustedRoots)
	if err != nil {
		return nil, err
	}
	var out []*x509.Certificate
	for _, der := range ders {
		if c, err := x509.ParseCertificate(der); err == nil {
			out = append(out, c)
		}
	}
	return out, nil
}

// signingImage is the image Settings keep for a role: the signer's signature or the
// office's seal (nil if none was chosen: the signature is then shown as text).
func signingImage(ctx context.Context, st *store.Store, role sign.Role, signer string) (image.Image, error) {
	key := store.SettingSealImage
	if role == sign.RolePerson {
		key = store.SignatureImageKey(signer)
	}
	b, err := st.SigningBytes(ctx, key)
	if err != nil || len(b) == 0 {
		return nil, err
	}
	return sign.CheckImage(b[0])
}
