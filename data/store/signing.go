package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"qlhoi/data"
)

// What signing keeps in the settings: the office's seal image, each signer's
// signature image, and the root certificates the office trusts. Images and
// certificates are kept as base64, so a backup holds them with the rest.
const (
	SettingSealImage    = "sign.seal"
	settingSignaturePre = "sign.signature:"
	SettingTrustedRoots = "sign.roots" // DER certificates in base64, separated by spaces
	// SettingSignModule is the token's library the clerk chose last (a path).
	SettingSignModule = "sign.module"
	// settingSignFilePrefix + a register entry's id is where the clerk pointed to its
	// file, when it is not in bao-cao (issued elsewhere with qlhoictl --out).
	settingSignFilePrefix = "sign.file:"
)

// SignatureImageKey is the setting of a signer's signature image: one per name,
// whatever its spelling of case and spaces.
func SignatureImageKey(signer string) string {
	return settingSignaturePre + strings.ToLower(data.Clean(signer))
}

// SigningBytes returns binary signing material kept under key (nil if none).
func (s *Store) SigningBytes(ctx context.Context, key string) ([][]byte, error) {
	v, err := s.Setting(ctx, key)
	if err != nil || v == "" {
		return nil, err
	}
	var out [][]byte
	for _, f := range strings.Fields(v) {
		b, err := base64.StdEncoding.DecodeString(f)
		if err != nil {
			return nil, &data.Error{Code: "ErrSettingDamaged", Message: "Thiết lập ký số bị hỏng; hãy chọn lại ảnh hoặc chứng thư gốc trong Cài đặt → Ký số.", Err: err}
		}
		out = append(out, b)
	}
	return out, nil
}

// SetSigningBytes keeps binary signing material under key (none: removes it).
func (s *Store) SetSigningBytes(ctx context.Context, key string, parts ...[]byte) error {
	enc := make([]string, len(parts))
	for i, p := range parts {
		enc[i] = base64.StdEncoding.EncodeToString(p)
	}
	return s.SetSetting(ctx, key, strings.Join(enc, " "))
}

// Attachment is a file kept with a record on this machine.
type Attachment struct {
	RecordID string
	SHA256   string
	Name     string
	Size     int64
	Added    time.Time
}

// MaxAttachment bounds an attached file.
const MaxAttachment = 50 << 20

// ErrNotPDF refuses an attachment that is not a PDF file.
var ErrNotPDF = &data.Error{Code: "ErrAttachment", Message: fmt.Sprintf("Chỉ đính kèm được tệp PDF (văn bản nhận được), không quá %d MB.", MaxAttachment>>20)}

// Attach keeps a PDF file with a record, by its hash: the same file twice is kept once.
func (s *Store) Attach(ctx context.Context, recordID, name string, content []byte) (Attachment, error) {
	if len(content) > MaxAttachment || !bytes.HasPrefix(bytes.TrimLeft(content[:min(len(content), 1024)], "\x00\t\n\r "), []byte("%PDF-")) {
		return Attachment{}, ErrNotPDF
	}
	sum := sha256.Sum256(content)
	a := Attachment{RecordID: recordID, SHA256: hex.EncodeToString(sum[:]), Name: data.Clean(name[strings.LastIndexAny(name, `/\`)+1:]), Size: int64(len(content)), Added: s.now()}
	_, err := s.db.ExecContext(ctx, "INSERT OR IGNORE INTO attachments (record_id, sha256, name, size, added_at, content) VALUES (?, ?, ?, ?, ?, ?)",
		a.RecordID, a.SHA256, a.Name, a.Size, a.Added.Format(timeLayout), content)
	if err != nil {
		return Attachment{}, fmt.Errorf("store: attach: %w", err)
	}
	return a, nil
}

// Attachments lists the files kept with a record, oldest first.
func (s *Store) Attachments(ctx context.Context, recordID string) ([]Attachment, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT sha256, name, size, added_at FROM attachments WHERE record_id = ? ORDER BY added_at, name", recordID)
	if err != nil {
		return nil, fmt.Errorf("store: attachments: %w", err)
	}
	defer rows.Close()
	var out []Attachment
	for rows.Next() {
		a := Attachment{RecordID: recordID}
		var added string
		if err := rows.Scan(&a.SHA256, &a.Name, &a.Size, &added); err != nil {
			return nil, fmt.Errorf("store: attachments: %w", err)
		}
		a.Added, _ = time.Parse(timeLayout, added)
		out = append(out, a)
	}
	return out, rows.Err()
}

// AttachmentContent is an attached file's bytes.
func (s *Store) AttachmentContent(ctx context.Context, recordID, sum string) ([]byte, error) {
	var b []byte
	err := s.db.QueryRowContext(ctx, "SELECT content FROM attachments WHERE record_id = ? AND sha256 = ?", recordID, sum).Scan(&b)
	if err != nil {
		return nil, fmt.Errorf("store: attachment: %w", err)
	}
	return b, nil
}

// Detach removes a file kept with a record.
func (s *Store) Detach(ctx context.Context, recordID, sum string) error {
	if _, err := s.db.ExecContext(ctx, "DELETE FROM attachments WHERE record_id = ? AND sha256 = ?", recordID, sum); err != nil {
		return fmt.Errorf("store: detach: %w", err)
	}
	return nil
}

// machineSettings are the settings of this machine, never taken from a backup: the
// trusted roots, the token's library and the paths of documents' files.
var machineSettings = []string{SettingTrustedRoots, SettingSignModule}

// machineSettingsWhere selects them in the settings table.
const machineSettingsWhere = "key IN (?, ?) OR key LIKE 'sign.file:%'"

func machineSettingsArgs() []any { return []any{machineSettings[0], machineSettings[1]} }

// machineSettingsTx reads this machine's settings before a restore.
func machineSettingsTx(ctx context.Context, tx *sql.Tx) (map[string]string, error) {
	rows, err := tx.QueryContext(ctx, "SELECT key, value FROM main.settings WHERE "+machineSettingsWhere, machineSettingsArgs()...)
	if err != nil {
		return nil, fmt.Errorf("store: restore: %w", err)
	}
	defer rows.Close()
	kept := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, fmt.Errorf("store: restore: %w", err)
		}
		kept[k] = v
	}
	return kept, rows.Err()
}

// SignFile is where the clerk pointed to a register entry's file ("" if nowhere).
func (s *Store) SignFile(ctx context.Context, id string) (string, error) {
	return s.Setting(ctx, settingSignFilePrefix+id)
}

// SetSignFile remembers where a register entry's file is, for its next signature.
func (s *Store) SetSignFile(ctx context.Context, id, path string) error {
	return s.SetSetting(ctx, settingSignFilePrefix+id, path)
}
