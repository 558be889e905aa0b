package data

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
)

// CheckResult is what Check found.
type CheckResult struct {
	Schema    int      // schema number of the database
	Known     int      // newest schema this build knows
	Integrity []string // "ok", or SQLite's list of problems
}

// OK reports whether the database is sound and at the current schema.
func (c CheckResult) OK() bool {
	return c.Schema == c.Known && len(c.Integrity) == 1 && c.Integrity[0] == "ok"
}

// Check reports the schema version and runs SQLite's integrity_check.
func (s *Store) Check(ctx context.Context) (CheckResult, error) {
	var res CheckResult
	var err error
	if res.Schema, err = s.SchemaVersion(ctx); err != nil {
		return res, fmt.Errorf("store: check: %w", err)
	}
	res.Known = Migrations()
	res.Integrity, err = scanAll(ctx, s.db, "integrity_check", scanOne[string], "PRAGMA integrity_check")
	return res, err
}

// ErrBackupFailed is returned when a backup could not be written.
var ErrBackupFailed = &Error{Code: "ErrBackupFailed", Message: "Không ghi được bản sao lưu. Hãy kiểm tra chỗ trống và quyền ghi của thư mục đích (ví dụ USB còn cắm và không bị khóa ghi)."}

// Backup writes a consistent copy of the database to path while it stays in use
// (VACUUM INTO reads one snapshot). The copy is written beside path and renamed into
// place, so a failed backup never leaves a half-written file under that name.
func (s *Store) Backup(ctx context.Context, path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return &Error{Code: ErrBackupFailed.Code, Message: ErrBackupFailed.Message, Err: err}
	}
	tmp := abs + ".tmp"
	os.Remove(tmp)
	if _, err := s.db.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		os.Remove(tmp)
		return &Error{Code: ErrBackupFailed.Code, Message: ErrBackupFailed.Message, Err: err}
	}
	if err := os.Rename(tmp, abs); err != nil {
		os.Remove(tmp)
		return &Error{Code: ErrBackupFailed.Code, Message: ErrBackupFailed.Message, Err: err}
	}
	return nil
}

// Counts returns how many live records of each kind the database holds.
func (s *Store) Counts(ctx context.Context) (map[Kind]int, error) {
	out := map[Kind]int{}
	for _, k := range Kinds {
		var n int
		if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM "+string(k)+" WHERE deleted = 0").Scan(&n); err != nil {
			return nil, fmt.Errorf("store: count %s: %w", k, err)
		}
		out[k] = n
	}
	return out, nil
}

func sortSlice[T any](items []T, less func(a, b T) bool) {
	sort.SliceStable(items, func(i, j int) bool { return less(items[i], items[j]) })
}

// ErrBadBackup is returned when a file chosen for restore is not a usable backup.
var ErrBadBackup = &Error{Code: "ErrBadBackup", Message: "Tệp đã chọn không phải bản sao lưu qlhoi dùng được (hỏng hoặc không phải cơ sở dữ liệu). Dữ liệu hiện tại không bị thay đổi; hãy chọn tệp sao lưu khác."}

// RestoreFrom replaces the whole database content with that of a backup file, in one
// transaction, after checking the backup (on a copy, so the backup file itself is never
// changed) and saving the current state beside the database as safety. It returns the
// path of that safety copy.
func (s *Store) RestoreFrom(ctx context.Context, backup string) (string, error) {
	tmp, err := os.CreateTemp(filepath.Dir(s.path), "qlhoi-restore-*.db")
	if err != nil {
		return "", &Error{Code: ErrBackupFailed.Code, Message: ErrBackupFailed.Message, Err: err}
	}
	tmpPath := tmp.Name()
	defer os.Remove(tmpPath)
	src, err := os.Open(backup)
	if err != nil {
		tmp.Close()
		return "", &Error{Code: ErrBadBackup.Code, Message: ErrBadBackup.Message, Err: err}
	}
	_, err = io.Copy(tmp, src)
	src.Close()
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", &Error{Code: ErrBackupFailed.Code, Message: ErrBackupFailed.Message, Err: err}
	}
	// Bring the copy to this build's schema and check it.
	b, err := Open(ctx, tmpPath)
	if err != nil {
		if HasCode(err, ErrSchemaNewer.Code) {
			return "", err
		}
		return "", &Error{Code: ErrBadBackup.Code, Message: ErrBadBackup.Message, Err: err}
	}
	res, err := b.Check(ctx)
	office := b.Office()
	b.Close()
	os.Remove(tmpPath + "-wal")
	os.Remove(tmpPath + "-shm")
	if err != nil || !res.OK() || office == "" {
		return "", &Error{Code: ErrBadBackup.Code, Message: ErrBadBackup.Message, Err: err}
	}
	safety := s.path + ".truoc-khoi-phuc-" + s.now().Format("20060102-150405") + ".db"
	if err := s.Backup(ctx, safety); err != nil {
		return "", err
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return "", fmt.Errorf("store: restore: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "ATTACH DATABASE ? AS src", tmpPath); err != nil {
		return "", &Error{Code: ErrBadBackup.Code, Message: ErrBadBackup.Message, Err: err}
	}
	defer conn.ExecContext(context.Background(), "DETACH DATABASE src")
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return "", fmt.Errorf("store: restore: %w", err)
	}
	tables := []string{"history", "settings"}
	for _, k := range Kinds {
		tables = append(tables, string(k))
	}
	for _, t := range tables {
		for _, q := range []string{"DELETE FROM main." + t, "INSERT INTO main." + t + " SELECT * FROM src." + t} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				tx.Rollback()
				return "", fmt.Errorf("store: restore %s: %w", t, err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return "", fmt.Errorf("store: restore: %w", err)
	}
	s.office = office
	return safety, nil
}
