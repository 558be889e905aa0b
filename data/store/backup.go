package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"filippo.io/age"

	"qlhoi/data"
)

// ErrBackupFailed is returned when a backup could not be written.
var ErrBackupFailed = &data.Error{Code: "ErrBackupFailed", Message: "Không ghi được bản sao lưu. Hãy kiểm tra chỗ trống và quyền ghi của thư mục đích (ví dụ USB còn cắm và không bị khóa ghi)."}

// ErrBadBackup is returned when a file chosen for restore is not a usable backup.
var ErrBadBackup = &data.Error{Code: "ErrBadBackup", Message: "Tệp đã chọn không phải bản sao lưu qlhoi dùng được (hỏng hoặc không phải cơ sở dữ liệu). Dữ liệu hiện tại không bị thay đổi; hãy chọn tệp sao lưu khác."}

// ErrBackupEncrypted is returned when an encrypted backup is restored without its
// passphrase.
var ErrBackupEncrypted = &data.Error{Code: "ErrBackupEncrypted", Message: "Bản sao lưu này được mã hóa. Hãy nhập mật khẩu đã đặt khi sao lưu."}

// ErrBackupPassphrase is returned for a wrong passphrase.
var ErrBackupPassphrase = &data.Error{Code: "ErrBackupPassphrase", Message: "Mật khẩu không mở được bản sao lưu. Hãy nhập lại đúng mật khẩu đã đặt khi sao lưu; dữ liệu hiện tại không bị thay đổi."}

// ErrWeakPassphrase is returned for a passphrase too short to protect the keys.
var ErrWeakPassphrase = &data.Error{Code: "ErrWeakPassphrase", Field: "passphrase", Message: "Mật khẩu sao lưu phải có ít nhất 10 ký tự. Hãy chọn một câu dễ nhớ, khó đoán và ghi giữ nơi an toàn."}

// minPassphrase is the shortest passphrase accepted.
const minPassphrase = 10

// scryptWorkFactor is the age scrypt cost (2^18: about a second per try).
var scryptWorkFactor = 18

// maxScryptWorkFactor is the highest work factor a backup to restore may ask for (2^19
// rounds, 512 MB of memory).
const maxScryptWorkFactor = 19

// Backup writes a consistent copy of the database to path while it stays in use
// (VACUUM INTO reads one snapshot), without the office's private keys. The copy is
// written beside path and renamed into place, so a failed backup never leaves a
// half-written file under that name; only the user may read it (0600).
func (s *Store) Backup(ctx context.Context, path string) error {
	return s.backupFile(ctx, path, false)
}

func (s *Store) backupFile(ctx context.Context, path string, keys bool) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return backupFailed(err)
	}
	tmp := abs + ".tmp"
	os.Remove(tmp)
	// Made empty and 0600 first: VACUUM INTO writes into an empty file as it is.
	if err := os.WriteFile(tmp, nil, 0o600); err != nil {
		return backupFailed(err)
	}
	if err := s.snapshot(ctx, tmp, keys); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, abs); err != nil {
		os.Remove(tmp)
		return backupFailed(err)
	}
	return nil
}

// SettingKeepBackups is how many automatic backups of each kind are kept (default 10).
const SettingKeepBackups = "backups.keep"

// defaultKeepBackups is SettingKeepBackups when unset.
const defaultKeepBackups = 10

// KeepBackups is how many automatic backups of each kind are kept.
func (s *Store) KeepBackups(ctx context.Context) int {
	if n := s.IntSetting(ctx, SettingKeepBackups, defaultKeepBackups); n >= 1 {
		return n
	}
	return defaultKeepBackups // a value set by hand to 0 never removes them all
}

// ParseKeepBackups reads how many automatic backups to keep: 1 to 100.
func ParseKeepBackups(v string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 1 || n > 100 {
		return 0, &data.Error{Code: "ErrKeepBackupsInvalid", Message: "Số bản sao lưu tự động giữ lại là một số từ 1 đến 100."}
	}
	return n, nil
}

// Automatic backups are taken beside the database before every change a clerk cannot
// easily take back: a bundle import, a spreadsheet import, a restore. Their names say
// which and when.
const (
	AutoBeforeImport  = ".truoc-nhap-"
	AutoBeforeSheet   = ".truoc-nhap-bang-tinh-"
	AutoBeforeRestore = ".truoc-khoi-phuc-"
)

// AutoBackup takes the automatic backup of a kind (one of the Auto… names) and removes
// the oldest of that kind beyond SettingKeepBackups. The one before a restore keeps the
// keys, so that restoring it brings the office back exactly; all are 0600. It returns
// the backup's path.
func (s *Store) AutoBackup(ctx context.Context, kind string) (string, error) {
	// One name per second; a second backup of the kind in the same second takes the
	// next free second (two restores in one second overwrote the first safety copy).
	at := s.now().UTC()
	path := s.path + kind + at.Format("20060102-150405") + ".db"
	for _, err := os.Stat(path); err == nil; _, err = os.Stat(path) {
		at = at.Add(time.Second)
		path = s.path + kind + at.Format("20060102-150405") + ".db"
	}
	if err := s.backupFile(ctx, path, kind == AutoBeforeRestore); err != nil {
		return "", err
	}
	keep := s.KeepBackups(ctx)
	// The oldest by the time they were written go (a clock once set ahead left names
	// that sort after today's), never the one just made.
	old := s.autoBackups(kind)
	mtime := func(p string) time.Time {
		if st, err := os.Stat(p); err == nil {
			return st.ModTime()
		}
		return time.Time{}
	}
	sort.SliceStable(old, func(i, j int) bool { return mtime(old[i]).Before(mtime(old[j])) })
	old = slices.DeleteFunc(old, func(p string) bool { return p == path })
	for _, p := range old[:max(0, len(old)-(keep-1))] {
		os.Remove(p)
	}
	return path, nil
}

// autoBackups lists the automatic backups of a kind beside the database, oldest first
// (the time in their names sorts them). Names are matched, not globbed: a folder may
// be named "Phòng [2]", and Windows globs cannot escape brackets.
func (s *Store) autoBackups(kind string) []string {
	dir, base := filepath.Split(s.path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		stamp, ok := strings.CutPrefix(e.Name(), base+kind)
		if ok && autoStamp.MatchString(stamp) {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(out)
	return out
}

// autoStamp is the rest of an automatic backup's name: its time, ".db".
var autoStamp = regexp.MustCompile(`^\d{8}-\d{6}\.db$`)

// BackupEncrypted writes a whole copy of the database, private keys included,
// encrypted with age to a passphrase.
func (s *Store) BackupEncrypted(ctx context.Context, path, passphrase string) error {
	if len([]rune(passphrase)) < minPassphrase {
		return ErrWeakPassphrase
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return backupFailed(err)
	}
	// The clear copy (keys included) is made empty and 0600 first, so VACUUM INTO keeps
	// it so (it would create a new file readable by all); a copy left by a killed run
	// is removed at the next start (RemoveLeftovers).
	plain, err := os.CreateTemp(filepath.Dir(s.path), ".qlhoi-sao-luu-*.db")
	if err != nil {
		return backupFailed(err)
	}
	plain.Close()
	defer os.Remove(plain.Name())
	if err := s.snapshot(ctx, plain.Name(), true); err != nil {
		return err
	}
	tmp := abs + ".tmp"
	if err := encryptFile(plain.Name(), tmp, passphrase); err != nil {
		os.Remove(tmp)
		return backupFailed(err)
	}
	if err := os.Rename(tmp, abs); err != nil {
		os.Remove(tmp)
		return backupFailed(err)
	}
	return nil
}

func backupFailed(err error) error {
	return &data.Error{Code: ErrBackupFailed.Code, Message: ErrBackupFailed.Message, Err: err}
}

// snapshot writes a consistent copy of the database to path; without keys, the
// private keys are erased from it (secure_delete overwrites the freed bytes in place).
func (s *Store) snapshot(ctx context.Context, path string, keys bool) error {
	if _, err := s.db.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return backupFailed(err)
	}
	if keys {
		return nil
	}
	db, err := sql.Open("sqlite", SQLiteURI(path, "_pragma=secure_delete(1)"))
	if err != nil {
		return backupFailed(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "UPDATE office_keys SET sign_private = x'', age_identity = ''"); err != nil {
		return backupFailed(err)
	}
	return db.Close()
}

func encryptFile(from, to, passphrase string) error {
	r, err := age.NewScryptRecipient(passphrase)
	if err != nil {
		return err
	}
	r.SetWorkFactor(scryptWorkFactor)
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	w, err := age.Encrypt(out, r)
	if err == nil {
		_, err = io.Copy(w, in)
	}
	if err == nil {
		err = w.Close()
	}
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

// ageMagic opens every age file.
const ageMagic = "age-encryption.org/v1\n"

// IsEncryptedBackup reports whether a backup file is encrypted (needs a passphrase).
func IsEncryptedBackup(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, len(ageMagic))
	n, _ := io.ReadFull(f, head)
	return bytes.Equal(head[:n], []byte(ageMagic))
}

// RestoreFrom replaces the whole database content with that of a plain backup file,
// in one transaction, after checking the backup (on a copy, so the backup file itself
// is never changed) and saving the current state beside the database as safety. It
// returns the path of that safety copy.
func (s *Store) RestoreFrom(ctx context.Context, backup string) (string, error) {
	if IsEncryptedBackup(backup) {
		return "", ErrBackupEncrypted
	}
	return s.restore(ctx, backup, "")
}

// RestoreEncrypted is RestoreFrom for an encrypted backup.
func (s *Store) RestoreEncrypted(ctx context.Context, backup, passphrase string) (string, error) {
	return s.restore(ctx, backup, passphrase)
}

func (s *Store) restore(ctx context.Context, backup, passphrase string) (string, error) {
	tmp, err := os.CreateTemp(filepath.Dir(s.path), "qlhoi-restore-*.db")
	if err != nil {
		return "", backupFailed(err)
	}
	tmpPath := tmp.Name()
	defer os.Remove(tmpPath)
	err = copyBackup(tmp, backup, passphrase)
	if cerr := tmp.Close(); err == nil && cerr != nil {
		err = backupFailed(cerr)
	}
	if err != nil {
		return "", err
	}
	if err := checkBackupSchema(ctx, tmpPath); err != nil {
		return "", err
	}
	office, err := checkBackupCopy(ctx, tmpPath)
	if err != nil {
		return "", err
	}
	if s.office != "" && office != s.office {
		return "", &data.Error{Code: "ErrBackupOtherOffice", Args: []any{office, s.office},
			Message: fmt.Sprintf("Bản sao lưu này của đơn vị %s, không phải của đơn vị %s. Dữ liệu hiện tại không bị thay đổi; hãy chọn bản sao lưu của đơn vị mình (chuyển dữ liệu sang máy mới: khôi phục trên máy chưa thiết lập).", office, s.office)}
	}
	safety, err := s.AutoBackup(ctx, AutoBeforeRestore)
	if err != nil {
		return "", err
	}
	if err := s.replaceFrom(ctx, tmpPath, passphrase != ""); err != nil {
		return "", err
	}
	s.office = office
	return safety, nil
}

// copyBackup copies (decrypting if needed) a backup into w.
func copyBackup(w io.Writer, backup, passphrase string) error {
	src, err := os.Open(backup)
	if err != nil {
		return &data.Error{Code: ErrBadBackup.Code, Message: ErrBadBackup.Message, Err: err}
	}
	defer src.Close()
	var r io.Reader = src
	if passphrase != "" {
		id, err := age.NewScryptIdentity(passphrase)
		if err != nil {
			return ErrBackupPassphrase
		}
		// The work factor is read from the file: raised by hand to 22 it took 4 GB of
		// memory for 39 s before "wrong passphrase". Ours is 18; one more is allowed.
		id.SetMaxWorkFactor(maxScryptWorkFactor)
		if r, err = age.Decrypt(src, id); err != nil {
			var noMatch *age.NoIdentityMatchError
			if errors.As(err, &noMatch) || strings.Contains(err.Error(), "incorrect") {
				return ErrBackupPassphrase
			}
			return &data.Error{Code: ErrBadBackup.Code, Message: ErrBadBackup.Message, Err: err}
		}
	}
	if _, err := io.Copy(w, r); err != nil {
		return &data.Error{Code: ErrBadBackup.Code, Message: ErrBadBackup.Message, Err: err}
	}
	return nil
}

// checkBackupCopy brings the copy to this build's schema, checks it and returns its
// office.
func checkBackupCopy(ctx context.Context, path string) (string, error) {
	b, err := Open(ctx, path)
	if err != nil {
		if data.HasCode(err, ErrSchemaNewer.Code) {
			return "", err
		}
		return "", &data.Error{Code: ErrBadBackup.Code, Message: ErrBadBackup.Message, Err: err}
	}
	res, err := b.Check(ctx)
	office := b.Office()
	b.Close()
	os.Remove(path + "-wal")
	os.Remove(path + "-shm")
	switch {
	case err != nil:
	case !res.OK():
		err = fmt.Errorf("backup check failed: %+v", res)
	case office == "":
		err = errors.New("backup of a database not set up")
	}
	if err != nil {
		return "", &data.Error{Code: ErrBadBackup.Code, Message: ErrBadBackup.Message, Err: err}
	}
	return office, nil
}

// replaceFrom replaces the records, history and settings with the checked copy's, and
// brings the exchange state in line, in one transaction.
func (s *Store) replaceFrom(ctx context.Context, path string, withKeys bool) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "ATTACH DATABASE ? AS src", path); err != nil {
		return &data.Error{Code: ErrBadBackup.Code, Message: ErrBadBackup.Message, Err: err}
	}
	defer conn.ExecContext(context.Background(), "DETACH DATABASE src")
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	defer tx.Rollback()
	tables, err := restoredTables(ctx, tx)
	if err != nil {
		return err
	}
	// The settings of this machine stay this installation's (machineSettings): a
	// backup (crafted, or another office's) cannot make a forged signature trusted, nor
	// make the window load a library of its choosing and hand it the token's PIN.
	kept, err := machineSettingsTx(ctx, tx)
	if err != nil {
		return err
	}
	for _, t := range tables {
		for _, q := range []string{"DELETE FROM main." + t, "INSERT INTO main." + t + " SELECT * FROM src." + t} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("store: restore %s: %w", t, err)
			}
		}
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM main.settings WHERE "+machineSettingsWhere, machineSettingsArgs()...); err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	for k, v := range kept {
		if _, err := tx.ExecContext(ctx, "INSERT INTO main.settings (key, value, updated_at) VALUES (?, ?, ?)", k, v, s.now().Format(timeLayout)); err != nil {
			return fmt.Errorf("store: restore: %w", err)
		}
	}
	if err := restoreExchange(ctx, tx, withKeys); err != nil {
		return err
	}
	if err := s.markLostVersionsTx(ctx, tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	return nil
}

// SettingLostOwnVersions holds the window of clock readings of this office's own versions
// that a restore lost: written after the backup's newest one and before the restore.
// Peers that received them send them back; they are accepted as this office's own.
const SettingLostOwnVersions = "exchange.lost_own_versions"

// lostWindow is the value of SettingLostOwnVersions.
type lostWindow struct {
	After string `json:"after"`
	Until string `json:"until"`
}

func (w lostWindow) contains(hlc string) bool { return hlc > w.After && hlc <= w.Until }

// markLostVersionsTx records the window of this office's versions the restore lost.
func (s *Store) markLostVersionsTx(ctx context.Context, tx *sql.Tx) error {
	var code string
	if err := tx.QueryRowContext(ctx, "SELECT value FROM main.settings WHERE key = ?", SettingOfficeCode).Scan(&code); err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	var after sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT max(CASE WHEN json_valid(v) AND json_extract(v, '$.by') = ? THEN json_extract(v, '$.hlc') END) FROM (SELECT `+historyAfter+` AS v FROM main.history WHERE kind <> 'settings')`, code).Scan(&after)
	if err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	// Everything this office wrote so far is before the clock's present reading.
	ms, _, _ := parseHLC(s.tick())
	w := lostWindow{After: after.String, Until: fmt.Sprintf("%016d.%05d.%s.ffff", ms, maxCounter, code)}
	b, err := json.Marshal(w)
	if err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	return s.setSettingTx(ctx, tx, SettingLostOwnVersions, string(b))
}

// exchangeTables are restored by their own rules (restoreExchange); every other table of
// the schema is replaced whole by the backup's.
var exchangeTables = map[string]bool{"trusted_offices": true, "outbox": true, "peer_acks": true, "office_keys": true, "pending_trust": true}

// restoredTables lists the tables a restore replaces whole: every table of this build's
// schema but the exchange tables. It is read from the schema, not written out, so a
// table added later (as sheet_imports was, and was missed) is restored too.
func restoredTables(ctx context.Context, tx *sql.Tx) ([]string, error) {
	rows, err := tx.QueryContext(ctx, "SELECT name FROM main.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
	if err != nil {
		return nil, fmt.Errorf("store: restore: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, fmt.Errorf("store: restore: %w", err)
		}
		if !exchangeTables[name] {
			out = append(out, name)
		}
	}
	return out, rows.Err()
}

// restoreExchange keeps the exchange state consistent with the restored records:
//   - receipts and conflicts are the backup's (above): bundles imported after the
//     backup can be imported again;
//   - trust decisions made since the backup stay (a revocation is never undone); offices
//     trusted in the backup but not here are not trusted by the restore: they wait in
//     pendingTrust until the clerk confirms each (PendingTrust, ConfirmTrust);
//   - the outbox keeps every bundle sent, so sequence numbers go on without reuse;
//   - acknowledgements are reset: the next bundle to each office carries everything it
//     may see, and this office's own acknowledgements, lower now, make peers re-send;
//   - keys come only from an encrypted backup (withKeys) of this office (restore
//     refuses another office's backup once this one is set up); a plain backup keeps
//     this installation's keys, whatever its office_keys table says.
func restoreExchange(ctx context.Context, tx *sql.Tx, withKeys bool) error {
	qs := []string{
		"DELETE FROM main.pending_trust",
		`INSERT INTO main.pending_trust SELECT * FROM src.trusted_offices t WHERE t.revoked_at = ''
			AND NOT EXISTS (SELECT 1 FROM main.trusted_offices m WHERE m.code = t.code)`,
		"INSERT OR IGNORE INTO main.outbox SELECT * FROM src.outbox",
		"DELETE FROM main.peer_acks",
	}
	if withKeys {
		qs = append(qs, `INSERT OR REPLACE INTO main.office_keys SELECT * FROM src.office_keys WHERE length(sign_private) > 0 AND age_identity <> ''`)
	}
	qs = append(qs, `DELETE FROM main.office_keys WHERE office <> (SELECT value FROM main.settings WHERE key = 'office.code')`)
	for _, q := range qs {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("store: restore exchange state: %w", err)
		}
	}
	return nil
}

// Snapshot is a private copy of the database as it is now (one read, no write lock),
// for work that must see the data without blocking saves — the preview of a bundle —
// and the high-water mark of history it holds (see Changed). close removes it.
func (s *Store) Snapshot(ctx context.Context) (snap *Store, mark int64, close func(), err error) {
	f, err := os.CreateTemp(filepath.Dir(s.path), ".qlhoi-xem-truoc-*.db")
	if err != nil {
		return nil, 0, nil, backupFailed(err)
	}
	f.Close()
	path := f.Name()
	remove := func() {
		for _, p := range []string{path, path + "-wal", path + "-shm"} {
			os.Remove(p)
		}
	}
	if err := s.snapshot(ctx, path, true); err != nil {
		remove()
		return nil, 0, nil, err
	}
	snap, err = Open(ctx, path)
	if err != nil {
		remove()
		return nil, 0, nil, err
	}
	snap.Now, snap.Actor = s.Now, s.Actor
	if mark, err = snap.HighWater(ctx); err != nil {
		snap.Close()
		remove()
		return nil, 0, nil, err
	}
	return snap, mark, func() { snap.Close(); remove() }, nil
}

// ErrChangedSincePreview is returned when data changed between a preview and the work
// it previewed.
var ErrChangedSincePreview = &data.Error{Code: "ErrChangedSincePreview", Message: "Dữ liệu đã thay đổi sau lần xem trước. Hãy bấm Kiểm tra để xem trước lại rồi mới nhập."}

// Changed reports whether anything was written since a Snapshot with the mark: every
// write keeps a history entry.
func (s *Store) Changed(ctx context.Context, mark int64) (bool, error) {
	now, err := s.HighWater(ctx)
	return now != mark, err
}
