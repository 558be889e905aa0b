package data

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"filippo.io/age"
)

// Keys are this office's key pairs: Ed25519 to sign bundles, age X25519 to receive
// them encrypted. The private halves stay in the office database.
type Keys struct {
	Office       string
	SignPublic   ed25519.PublicKey
	SignPrivate  ed25519.PrivateKey
	AgeRecipient string // "age1…"
	AgeIdentity  string // "AGE-SECRET-KEY-1…"
}

func (s *Store) createKeysTx(ctx context.Context, tx *sql.Tx, office string) error {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return fmt.Errorf("store: signing key: %w", err)
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return fmt.Errorf("store: encryption key: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT OR REPLACE INTO office_keys (id, office, sign_public, sign_private, age_recipient, age_identity, created_at) VALUES (1, ?, ?, ?, ?, ?, ?)`,
		office, []byte(pub), []byte(priv), id.Recipient().String(), id.String(), s.now().Format(timeLayout))
	if err != nil {
		return fmt.Errorf("store: save keys: %w", err)
	}
	return nil
}

// OwnKeys returns this office's keys, making them if the database predates them.
func (s *Store) OwnKeys(ctx context.Context) (*Keys, error) {
	if s.office == "" {
		return nil, ErrNoOffice
	}
	k := &Keys{}
	var pub, priv []byte
	err := s.db.QueryRowContext(ctx, "SELECT office, sign_public, sign_private, age_recipient, age_identity FROM office_keys WHERE id = 1").
		Scan(&k.Office, &pub, &priv, &k.AgeRecipient, &k.AgeIdentity)
	if errors.Is(err, sql.ErrNoRows) {
		if err := s.inTx(ctx, func(tx *sql.Tx) error { return s.createKeysTx(ctx, tx, s.office) }); err != nil {
			return nil, err
		}
		return s.OwnKeys(ctx)
	}
	if err != nil {
		return nil, fmt.Errorf("store: keys: %w", err)
	}
	k.SignPublic, k.SignPrivate = ed25519.PublicKey(pub), ed25519.PrivateKey(priv)
	return k, nil
}

// CardHLC is the clock reading of the version of an office record made from its card.
func CardHLC(code string) string { return "0000000000000000.00000." + code + ".card" }

// ErrNoOffice is returned by exchange functions before the office is set up.
var ErrNoOffice = &Error{Code: "ErrNoOffice", Message: "Cơ sở dữ liệu chưa được thiết lập cho đơn vị nào. Hãy thiết lập đơn vị trước."}

// Card is an office card: what another office needs to trust this one.
type Card struct {
	Format       int    `json:"format"`
	Code         string `json:"code"`
	Name         string `json:"name"`
	Level        Level  `json:"level"`
	Parent       string `json:"parent,omitempty"`
	Place        string `json:"place,omitempty"`
	SignPublic   []byte `json:"sign_public"`
	AgeRecipient string `json:"age_recipient"`
	Fingerprint  string `json:"fingerprint"`
}

// CardFormat is the version of the office card format.
const CardFormat = 1

// crockford is Crockford's base32 alphabet: no I, L, O, U, easy to read aloud.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// Fingerprint is a short digest of an office's code and public keys, in five groups of
// four letters and digits (100 bits), to read over the phone: "7K2M-Q9XD-…".
func Fingerprint(code string, signPublic []byte, ageRecipient string) string {
	h := sha256.New()
	h.Write([]byte("qlhoi-card-v1\x00" + code + "\x00"))
	h.Write(signPublic)
	h.Write([]byte("\x00" + ageRecipient))
	sum := h.Sum(nil)
	var out strings.Builder
	var acc, bits uint
	n := 0
	for _, b := range sum {
		acc = acc<<8 | uint(b)
		bits += 8
		for bits >= 5 && n < 20 {
			if n > 0 && n%4 == 0 {
				out.WriteByte('-')
			}
			out.WriteByte(crockford[(acc>>(bits-5))&31])
			bits -= 5
			n++
		}
	}
	return out.String()
}

// OwnCard returns this office's card.
func (s *Store) OwnCard(ctx context.Context) (*Card, error) {
	k, err := s.OwnKeys(ctx)
	if err != nil {
		return nil, err
	}
	o, err := s.OwnOffice(ctx)
	if err != nil {
		return nil, err
	}
	return &Card{Format: CardFormat, Code: o.Code, Name: o.Name, Level: o.Level, Parent: o.Parent, Place: o.Place,
		SignPublic: k.SignPublic, AgeRecipient: k.AgeRecipient, Fingerprint: Fingerprint(o.Code, k.SignPublic, k.AgeRecipient)}, nil
}

// ErrBadCard is returned for a card that is damaged or not a card.
var ErrBadCard = &Error{Code: "ErrBadCard", Message: "Tệp thẻ đơn vị bị hỏng hoặc không phải thẻ đơn vị qlhoi. Hãy xin đơn vị kia gửi lại thẻ."}

// ReadCard parses and checks a card file.
func ReadCard(b []byte) (*Card, error) {
	var c Card
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, ErrBadCard
	}
	if c.Format > CardFormat {
		return nil, &Error{Code: "ErrCardNewer", Message: "Thẻ đơn vị do phiên bản qlhoi mới hơn tạo. Hãy cập nhật qlhoi."}
	}
	if len(c.SignPublic) != ed25519.PublicKeySize || !strings.HasPrefix(c.AgeRecipient, "age1") || c.Code == "" {
		return nil, ErrBadCard
	}
	if _, err := age.ParseX25519Recipient(c.AgeRecipient); err != nil {
		return nil, ErrBadCard
	}
	if Fingerprint(c.Code, c.SignPublic, c.AgeRecipient) != c.Fingerprint {
		return nil, &Error{Code: "ErrCardFingerprint", Message: "Dấu nhận dạng của thẻ không khớp với khóa trong thẻ: thẻ có thể đã bị sửa. Không tin cậy thẻ này."}
	}
	return &c, nil
}

// Trust records a card's office as trusted (after the user compared the fingerprint)
// and adds or updates its office record.
func (s *Store) Trust(ctx context.Context, c *Card) error {
	if c.Code == s.office {
		return &Error{Code: "ErrOwnCard", Message: "Đây là thẻ của chính đơn vị này."}
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO trusted_offices (code, name, sign_public, age_recipient, fingerprint, trusted_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, '')`,
			c.Code, c.Name, c.SignPublic, c.AgeRecipient, c.Fingerprint, s.now().Format(timeLayout))
		if err != nil {
			return fmt.Errorf("store: trust: %w", err)
		}
		var id string
		err = tx.QueryRowContext(ctx, "SELECT id FROM offices WHERE code = ? AND deleted = 0", c.Code).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			// The office's record as its card describes it: a version every office
			// makes alike, which the office's own first version supersedes.
			now := s.now()
			o := &Office{Meta: Meta{ID: OfficeID(c.Code), Office: c.Code, CreatedAt: now, UpdatedAt: now, Version: 1, HLC: CardHLC(c.Code), By: c.Code},
				Code: c.Code, Name: c.Name, Level: c.Level, Parent: c.Parent, Place: c.Place}
			o.clean()
			if err := o.Validate(); err != nil {
				return err
			}
			return s.writeTx(ctx, tx, o, nil, "create")
		}
		return err
	})
}

// TrustedOffice is an office this one exchanges with.
type TrustedOffice struct {
	Code, Name, Fingerprint, AgeRecipient string
	SignPublic                            ed25519.PublicKey
	Revoked                               bool
}

// Trusted lists the offices trusted (and revoked), by code.
func (s *Store) Trusted(ctx context.Context) ([]TrustedOffice, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT code, name, fingerprint, age_recipient, sign_public, revoked_at <> '' FROM trusted_offices ORDER BY code")
	if err != nil {
		return nil, fmt.Errorf("store: trusted: %w", err)
	}
	defer rows.Close()
	var out []TrustedOffice
	for rows.Next() {
		var t TrustedOffice
		var pub []byte
		if err := rows.Scan(&t.Code, &t.Name, &t.Fingerprint, &t.AgeRecipient, &pub, &t.Revoked); err != nil {
			return nil, err
		}
		t.SignPublic = pub
		out = append(out, t)
	}
	return out, rows.Err()
}

// TrustedOffice returns a trusted, not revoked office.
func (s *Store) TrustedOffice(ctx context.Context, code string) (*TrustedOffice, error) {
	list, err := s.Trusted(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range list {
		if t.Code == code && !t.Revoked {
			return &t, nil
		}
	}
	return nil, &Error{Code: "ErrNotTrusted", Message: fmt.Sprintf("Đơn vị %s chưa được tin cậy (hoặc đã bị thu hồi tin cậy). Hãy nhập thẻ đơn vị của họ và đối chiếu dấu nhận dạng qua điện thoại.", code)}
}

// Revoke stops trusting an office: its bundles are refused from now on.
func (s *Store) Revoke(ctx context.Context, code string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE trusted_offices SET revoked_at = ? WHERE code = ?", s.now().Format(timeLayout), code)
		if err != nil {
			return fmt.Errorf("store: revoke: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &Error{Code: "ErrNotTrusted", Message: fmt.Sprintf("Đơn vị %s không có trong danh sách tin cậy.", code)}
		}
		return nil
	})
}
