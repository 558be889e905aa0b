package store

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"filippo.io/age"

	"qlhoi/data"
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
	k, err := s.keys(ctx)
	if err == nil && (len(k.SignPrivate) == 0 || k.AgeIdentity == "") {
		return nil, ErrNoPrivateKeys
	}
	return k, err
}

// ErrNoPrivateKeys: a database opened from a plain backup holds the office's public
// keys only, so it can neither open a bundle sent to the office nor sign one. (A
// double-clicked bundle in such a database said "Có lỗi khi làm việc với cơ sở dữ liệu".)
var ErrNoPrivateKeys = &data.Error{Code: "ErrNoPrivateKeys", Message: "Cơ sở dữ liệu này là bản sao lưu thường, không có khóa bí mật của đơn vị, nên không mở hay gửi được gói dữ liệu. Hãy dùng cơ sở dữ liệu chính của đơn vị, hoặc khôi phục từ bản sao lưu mã hóa (có mật khẩu) để có lại khóa."}

// keys reads this office's keys, made on first use; the private parts are empty in a
// database made from a plain backup.
func (s *Store) keys(ctx context.Context) (*Keys, error) {
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
		return s.keys(ctx)
	}
	if err != nil {
		return nil, fmt.Errorf("store: keys: %w", err)
	}
	k.SignPublic, k.SignPrivate = ed25519.PublicKey(pub), ed25519.PrivateKey(priv)
	return k, nil
}

// CardHLC is the clock reading of the version of an office record made from its card.
func CardHLC(code string) string { return "0000000000000000.00000." + code + ".card" }

// WithoutCardOf drops, from the versions of an office record sent to office to, the
// version made from to's own card: to wrote the card and never holds that version, so
// it would refuse it as written in its name ("ghi thay tên") — on every bundle from
// above, where the clerk can do nothing about it.
func WithoutCardOf(to string, versions []json.RawMessage) []json.RawMessage {
	card := CardHLC(to)
	out := versions[:0:0]
	for _, v := range versions {
		var m struct {
			HLC string `json:"hlc"`
		}
		if json.Unmarshal(v, &m) == nil && m.HLC == card {
			continue
		}
		out = append(out, v)
	}
	return out
}

// ErrNoOffice is returned by exchange functions before the office is set up.
var ErrNoOffice = &data.Error{Code: "ErrNoOffice", Message: "Cơ sở dữ liệu chưa được thiết lập cho đơn vị nào. Hãy thiết lập đơn vị trước."}

// Card is an office card: what another office needs to trust this one.
type Card struct {
	Format       int        `json:"format"`
	Code         string     `json:"code"`
	Name         string     `json:"name"`
	Level        data.Level `json:"level"`
	Parent       string     `json:"parent,omitempty"`
	Place        string     `json:"place,omitempty"`
	SignPublic   []byte     `json:"sign_public"`
	AgeRecipient string     `json:"age_recipient"`
	Fingerprint  string     `json:"fingerprint"`
}

// CardFormat is the version of the office card format. Format 2 fingerprints the
// office's name, level, parent and place too; format 1 cards are refused (their
// fingerprint left those unprotected).
const CardFormat = 2

// crockford is Crockford's base32 alphabet: no I, L, O, U, easy to read aloud.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// CardFingerprint is a short digest of everything a card says: the office's code, name,
// level, parent and place, and its public keys, in five groups of four letters and
// digits (100 bits), to read over the phone: "7K2M-Q9XD-…".
func CardFingerprint(c *Card) string {
	h := sha256.New()
	h.Write([]byte("qlhoi-card-v2\x00"))
	for _, f := range []string{c.Code, c.Name, string(c.Level), c.Parent, c.Place} {
		h.Write([]byte(f))
		h.Write([]byte{0})
	}
	h.Write(c.SignPublic)
	h.Write([]byte("\x00" + c.AgeRecipient))
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
	k, err := s.keys(ctx)
	if err != nil {
		return nil, err
	}
	o, err := s.OwnOffice(ctx)
	if err != nil {
		return nil, err
	}
	c := &Card{Format: CardFormat, Code: o.Code, Name: o.Name, Level: o.Level, Parent: o.Parent, Place: o.Place,
		SignPublic: k.SignPublic, AgeRecipient: k.AgeRecipient}
	c.Fingerprint = CardFingerprint(c)
	return c, nil
}

// ErrBadCard is returned for a card that is damaged or not a card.
var ErrBadCard = &data.Error{Code: "ErrBadCard", Message: "Tệp thẻ đơn vị bị hỏng hoặc không phải thẻ đơn vị qlhoi. Hãy xin đơn vị kia gửi lại thẻ."}

// ErrCardOld is returned for a card of the first format, whose fingerprint did not
// cover the office's name and place in the tree.
var ErrCardOld = &data.Error{Code: "ErrCardOld", Message: "Thẻ đơn vị này do phiên bản qlhoi cũ tạo, dấu nhận dạng chưa bảo vệ tên và cấp trên của đơn vị. Hãy xin đơn vị đó cập nhật qlhoi rồi xuất lại thẻ."}

// ReadCard parses and checks a card file.
func ReadCard(b []byte) (*Card, error) {
	var c Card
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, ErrBadCard
	}
	if c.Format > CardFormat {
		return nil, &data.Error{Code: "ErrCardNewer", Message: "Thẻ đơn vị do phiên bản qlhoi mới hơn tạo. Hãy cập nhật qlhoi."}
	}
	if len(c.SignPublic) != ed25519.PublicKeySize || !strings.HasPrefix(c.AgeRecipient, "age1") || c.Code == "" {
		return nil, ErrBadCard
	}
	// A card's text is an office's names: bounded like every text field, before anything
	// shows it (a 100,000-character name was echoed to the clerk).
	// … and one clean line each: a line break or control character in a name let a
	// forged row print a genuine office's fingerprint on a line of its own.
	for _, f := range []string{c.Code, c.Name, c.Parent, c.Place, c.AgeRecipient} {
		if utf8.RuneCountInString(f) > data.MaxShortText || data.Clean(f) != f {
			return nil, ErrBadCard
		}
	}
	if _, err := age.ParseX25519Recipient(c.AgeRecipient); err != nil {
		return nil, ErrBadCard
	}
	if c.Format < CardFormat {
		return nil, ErrCardOld
	}
	if CardFingerprint(&c) != c.Fingerprint {
		return nil, &data.Error{Code: "ErrCardFingerprint", Message: "Dấu nhận dạng của thẻ không khớp với khóa trong thẻ: thẻ có thể đã bị sửa. Không tin cậy thẻ này."}
	}
	return &c, nil
}

// ErrCardKeyChanged refuses a card with new keys for an office already trusted: the
// clerk must compare the fingerprints and replace the key explicitly.
func errCardKeyChanged(code, old, new string) error {
	return &data.Error{Code: "ErrCardKeyChanged", Message: fmt.Sprintf("Đơn vị %s đã được tin cậy với dấu nhận dạng %s; thẻ này mang khóa khác (dấu nhận dạng %s). Thẻ có thể là giả. Chỉ thay khóa khi đã gọi điện cho đơn vị đó xác nhận họ đổi khóa, rồi chọn thay khóa và nhập dấu nhận dạng cũ %s.", code, old, new, old)}
}

// ErrReplaceFingerprint is returned when the fingerprint given to replace a key is not
// the one trusted.
var ErrReplaceFingerprint = &data.Error{Code: "ErrReplaceFingerprint", Message: "Dấu nhận dạng cũ không khớp với khóa đang tin cậy của đơn vị này. Hãy đối chiếu lại trong danh sách đơn vị tin cậy."}

// Trust records a card's office as trusted (after the user compared the fingerprint)
// and adds its office record if it is new here. A card with new keys for an office
// already trusted is refused (see ReplaceTrust).
func (s *Store) Trust(ctx context.Context, c *Card) error {
	return s.trust(ctx, c, "")
}

// ReplaceTrust trusts a card whose keys replace those of an office already trusted:
// oldFingerprint must be the fingerprint trusted so far (the clerk compared it). The
// old key stays in the key history of the office.
func (s *Store) ReplaceTrust(ctx context.Context, c *Card, oldFingerprint string) error {
	if oldFingerprint == "" {
		return ErrReplaceFingerprint
	}
	return s.trust(ctx, c, oldFingerprint)
}

func (s *Store) trust(ctx context.Context, c *Card, replacing string) error {
	if c.Code == s.office {
		return &data.Error{Code: "ErrOwnCard", Message: "Đây là thẻ của chính đơn vị này."}
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.checkKeyChangeTx(ctx, tx, c, replacing); err != nil {
			return err
		}
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
			o := &data.Office{Meta: data.Meta{ID: data.OfficeID(c.Code), Office: c.Code, CreatedAt: now, UpdatedAt: now, Version: 1, HLC: CardHLC(c.Code), By: c.Code},
				Code: c.Code, Name: c.Name, Level: c.Level, Parent: c.Parent, Place: c.Place}
			o.Clean()
			if err := data.ValidateRecord(o); err != nil {
				return err
			}
			return s.writeTx(ctx, tx, o, nil, "create")
		}
		return err
	})
}

// KeyHistory is a key an office was trusted with before it was replaced.
type KeyHistory struct {
	SignPublic   []byte `json:"sign_public"`
	AgeRecipient string `json:"age_recipient"`
	Fingerprint  string `json:"fingerprint"`
	TrustedAt    string `json:"trusted_at"`
	ReplacedAt   string `json:"replaced_at"`
}

func keyHistorySetting(code string) string { return "trust.key_history." + code }

// checkKeyChangeTx refuses new keys for a trusted office unless replacing names the
// fingerprint trusted so far; then it keeps the old key in the office's key history.
func (s *Store) checkKeyChangeTx(ctx context.Context, tx *sql.Tx, c *Card, replacing string) error {
	var old KeyHistory
	err := tx.QueryRowContext(ctx, "SELECT sign_public, age_recipient, fingerprint, trusted_at FROM trusted_offices WHERE code = ?", c.Code).
		Scan(&old.SignPublic, &old.AgeRecipient, &old.Fingerprint, &old.TrustedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: trust: %w", err)
	}
	if bytes.Equal(old.SignPublic, c.SignPublic) && old.AgeRecipient == c.AgeRecipient {
		return nil // the same keys: the card is trusted again (its name may be new)
	}
	if replacing == "" {
		return errCardKeyChanged(c.Code, old.Fingerprint, c.Fingerprint)
	}
	if normFingerprint(replacing) != normFingerprint(old.Fingerprint) {
		return ErrReplaceFingerprint
	}
	var hist []KeyHistory
	var raw string
	err = tx.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", keyHistorySetting(c.Code)).Scan(&raw)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: key history: %w", err)
	}
	if raw != "" {
		if err := json.Unmarshal([]byte(raw), &hist); err != nil {
			return fmt.Errorf("store: key history: %w", err)
		}
	}
	old.ReplacedAt = s.now().Format(timeLayout)
	b, err := json.Marshal(append(hist, old))
	if err != nil {
		return fmt.Errorf("store: key history: %w", err)
	}
	return s.setSettingTx(ctx, tx, keyHistorySetting(c.Code), string(b))
}

func normFingerprint(f string) string {
	return strings.ToUpper(strings.ReplaceAll(strings.ReplaceAll(strings.TrimSpace(f), "-", ""), " ", ""))
}

// KeyHistory lists the keys an office was trusted with before, oldest first.
func (s *Store) KeyHistory(ctx context.Context, code string) ([]KeyHistory, error) {
	raw, err := s.Setting(ctx, keyHistorySetting(code))
	if err != nil || raw == "" {
		return nil, err
	}
	var hist []KeyHistory
	if err := json.Unmarshal([]byte(raw), &hist); err != nil {
		return nil, fmt.Errorf("store: key history: %w", err)
	}
	return hist, nil
}

// TrustedOffice is an office this one exchanges with.
type TrustedOffice struct {
	Code, Name, Fingerprint, AgeRecipient string
	SignPublic                            ed25519.PublicKey
	Revoked                               bool
}

// Trusted lists the offices trusted (and revoked), by code.
func (s *Store) Trusted(ctx context.Context) ([]TrustedOffice, error) {
	return s.trustedIn(ctx, "trusted_offices")
}

// trustedIn reads the offices of a table of trust (trusted_offices, pending_trust).
func (s *Store) trustedIn(ctx context.Context, table string) ([]TrustedOffice, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT code, name, fingerprint, age_recipient, sign_public, revoked_at <> '' FROM "+table+" ORDER BY code")
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", table, err)
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
	return nil, &data.Error{Code: "ErrNotTrusted", Message: fmt.Sprintf("Đơn vị %s chưa được tin cậy (hoặc đã bị thu hồi tin cậy). Hãy nhập thẻ đơn vị của họ và đối chiếu dấu nhận dạng qua điện thoại.", code)}
}

// Revoke stops trusting an office: its bundles are refused from now on.
func (s *Store) Revoke(ctx context.Context, code string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE trusted_offices SET revoked_at = ? WHERE code = ?", s.now().Format(timeLayout), code)
		if err != nil {
			return fmt.Errorf("store: revoke: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &data.Error{Code: "ErrNotTrusted", Message: fmt.Sprintf("Đơn vị %s không có trong danh sách tin cậy.", code)}
		}
		return nil
	})
}

// PendingOffice is an office a restored backup trusted and this database does not.
// Problem is empty when its keys, name and record agree with its fingerprint, as a card
// must; otherwise it says why it cannot be confirmed (its card must be imported again).
type PendingOffice struct {
	TrustedOffice
	Problem string
}

// PendingTrust lists the offices a restored backup trusted and this database did not:
// none is trusted until the clerk compares its fingerprint with the office (by phone)
// and confirms it (ConfirmTrust), or drops it (DismissTrust). A backup is a file anyone
// may have edited: each office is checked as a card is — its fingerprint recomputed
// from its keys, name and office record — and rows that are not offices at all (a bad
// code, this office itself) are dropped.
func (s *Store) PendingTrust(ctx context.Context) ([]PendingOffice, error) {
	list, err := s.trustedIn(ctx, "pending_trust")
	if err != nil {
		return nil, err
	}
	var out []PendingOffice
	for _, t := range list {
		if !data.OfficeCodePattern.MatchString(t.Code) || t.Code == s.office {
			if err := s.DismissTrust(ctx, t.Code); err != nil {
				return nil, err
			}
			continue
		}
		p := PendingOffice{TrustedOffice: t}
		if _, err := s.pendingCard(ctx, t); err != nil {
			p.Problem = data.Message(err)
		}
		out = append(out, p)
	}
	return out, nil
}

// pendingCard is the card a pending office's row and its office record make, checked
// as an imported card is (ReadCard): keys well formed, fingerprint matching.
func (s *Store) pendingCard(ctx context.Context, t TrustedOffice) (*Card, error) {
	c := Card{Format: CardFormat, Code: t.Code, Name: t.Name, SignPublic: t.SignPublic, AgeRecipient: t.AgeRecipient, Fingerprint: t.Fingerprint}
	if o, err := s.OfficeByCode(ctx, t.Code); err == nil {
		c.Level, c.Parent, c.Place = o.Level, o.Parent, o.Place
	}
	b, err := json.Marshal(c)
	if err != nil {
		return nil, ErrBadCard
	}
	card, err := ReadCard(b)
	if err != nil {
		return nil, &data.Error{Code: "ErrPendingMismatch", Args: []any{t.Code},
			Message: fmt.Sprintf("Khóa hoặc thông tin của đơn vị %s trong bản sao lưu không khớp với dấu nhận dạng (tệp có thể đã bị sửa). Không tin cậy theo bản sao lưu; hãy nhập lại thẻ đơn vị của họ.", t.Code), Err: err}
	}
	return card, nil
}

// ErrNotPending is returned when an office to confirm is not waiting for confirmation.
func errNotPending(code string) error {
	return &data.Error{Code: "ErrNotPending", Args: []any{code}, Message: fmt.Sprintf("Đơn vị %s không có trong danh sách chờ xác nhận tin cậy.", code)}
}

// ConfirmTrust trusts an office of PendingTrust, as the clerk confirmed it: through the
// same path as an imported card, once its fingerprint is checked against its keys.
func (s *Store) ConfirmTrust(ctx context.Context, code string) error {
	list, err := s.trustedIn(ctx, "pending_trust")
	if err != nil {
		return err
	}
	for _, t := range list {
		if t.Code != code || !data.OfficeCodePattern.MatchString(t.Code) {
			continue
		}
		card, err := s.pendingCard(ctx, t)
		if err != nil {
			return err
		}
		if err := s.Trust(ctx, card); err != nil {
			return err
		}
		return s.DismissTrust(ctx, code)
	}
	return errNotPending(code)
}

// DismissTrust drops an office of PendingTrust without trusting it.
func (s *Store) DismissTrust(ctx context.Context, code string) error {
	res, err := s.db.ExecContext(ctx, "DELETE FROM pending_trust WHERE code = ?", code)
	if err != nil {
		return fmt.Errorf("store: dismiss trust: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errNotPending(code)
	}
	return nil
}
