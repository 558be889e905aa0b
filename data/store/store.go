package store

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"qlhoi/data"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Store is the office's local database. It is safe for concurrent use, and several
// processes (the GUI and qlhoictl) may open the same file at once: SQLite's WAL mode and
// a busy timeout serialise their writes.
type Store struct {
	db   *sql.DB
	path string
	// Now is the clock; tests fix it. Times are stored in UTC.
	Now func() time.Time
	// Actor names who writes, for history (the OS user by default).
	Actor string
	// office caches the code of this installation's own office.
	office string
	clock  *clock
}

// ErrSchemaNewer is returned by Open for a database written by a newer qlhoi.
var ErrSchemaNewer = &data.Error{Code: "ErrSchemaNewer", Message: "Cơ sở dữ liệu này do phiên bản qlhoi mới hơn tạo ra. Hãy cài phiên bản qlhoi mới nhất rồi mở lại; dữ liệu không bị thay đổi."}

// ErrCannotOpen is returned by Open when the file is not a usable database.
var ErrCannotOpen = &data.Error{Code: "ErrCannotOpen", Message: "Không mở được cơ sở dữ liệu. Hãy kiểm tra đường dẫn và quyền ghi của thư mục, hoặc khôi phục từ bản sao lưu."}

// DefaultPath is the database file in the per-user data directory.
func DefaultPath() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		dir = "."
	}
	return filepath.Join(dir, "qlhoi", "qlhoi.db")
}

// Open opens (creating if needed) the database at path and brings its schema up to
// date. Every pooled connection gets WAL, foreign keys and a busy timeout.
func Open(ctx context.Context, path string) (*Store, error) {
	// The database holds the office's signing key and age identity: its folder is the
	// user's alone (0700) and the file is created 0600 (SQLite gives its -wal and -shm
	// the database's mode). Folders and files that exist are left as they are.
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, &data.Error{Code: ErrCannotOpen.Code, Message: ErrCannotOpen.Message, Err: err}
	}
	if f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600); err == nil {
		f.Close()
	}
	// A database copied in by hand (0644) is made the user's alone too, with its
	// -wal and -shm, which SQLite makes with the database's mode.
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() && st.Mode().Perm()&0o077 != 0 {
			_ = os.Chmod(p, st.Mode().Perm()&0o700)
		}
	}
	removeLeftovers(filepath.Dir(path), time.Now())
	db, err := sql.Open("sqlite", SQLiteURI(path, "_pragma=busy_timeout(15000)", "_pragma=journal_mode(WAL)",
		"_pragma=foreign_keys(1)", "_pragma=synchronous(NORMAL)", "_txlock=immediate"))
	if err != nil {
		return nil, &data.Error{Code: ErrCannotOpen.Code, Message: ErrCannotOpen.Message, Err: err}
	}
	s := &Store{db: db, path: path, Now: time.Now, Actor: currentUser(), clock: newClock()}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	code, err := s.Setting(ctx, SettingOfficeCode)
	if err != nil {
		db.Close()
		return nil, err
	}
	s.office = code
	return s, nil
}

func currentUser() string {
	for _, k := range []string{"USER", "USERNAME"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return "qlhoi"
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Office is the code of this installation's own office ("" before set-up).
func (s *Store) Office() string { return s.office }

// Migrations is the number of schema migrations this build knows.
func Migrations() int {
	names, _ := migrationNames()
	return len(names)
}

func migrationNames() ([]string, error) {
	entries, err := migrationFiles.ReadDir("migrations")
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names, nil
}

// migrate applies the embedded migrations not yet applied, each in its own transaction,
// and refuses a database from a newer schema. PRAGMA user_version holds the schema number.
func (s *Store) migrate(ctx context.Context) error {
	names, err := migrationNames()
	if err != nil {
		return fmt.Errorf("store: read migrations: %w", err)
	}
	var current int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return &data.Error{Code: ErrCannotOpen.Code, Message: ErrCannotOpen.Message, Err: err}
	}
	if current > len(names) {
		return &data.Error{Code: ErrSchemaNewer.Code, Message: ErrSchemaNewer.Message, Err: fmt.Errorf("schema %d, this build knows %d", current, len(names))}
	}
	for i := current; i < len(names); i++ {
		body, err := migrationFiles.ReadFile("migrations/" + names[i])
		if err != nil {
			return fmt.Errorf("store: read migration %s: %w", names[i], err)
		}
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			// Another process may have migrated while we waited for the lock.
			var v int
			if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
				return err
			}
			if v > i {
				return nil
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return fmt.Errorf("store: migration %s: %w", names[i], err)
			}
			_, err := tx.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(i+1))
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// SchemaVersion returns the schema number of the open database.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}

// inTx runs fn in one write transaction (BEGIN IMMEDIATE), committing if it returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

func (s *Store) now() time.Time { return s.Now().UTC() }

// Today is the current day by the store's clock, in local time.
func (s *Store) Today() data.Date { return data.DateOf(s.Now()) }

// WriteOption changes how a write is checked.
type WriteOption int

// AllowNearDuplicate saves an association even if its name nearly matches another one
// in the same scope: the user saw the warning and chose to go on.
const AllowNearDuplicate WriteOption = 1

// Create stores a new record: it cleans the text, fills the metadata, checks the rules
// and writes the record and its history in one transaction.
func (s *Store) Create(ctx context.Context, r data.Record, opts ...WriteOption) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.createTx(ctx, tx, r, opts) })
}

// CreateAll stores many new records in one transaction: all or none.
func (s *Store) CreateAll(ctx context.Context, rs []data.Record, opts ...WriteOption) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, r := range rs {
			if err := s.createTx(ctx, tx, r, opts); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *Store) createTx(ctx context.Context, tx *sql.Tx, r data.Record, opts []WriteOption) error {
	return s.createOpTx(ctx, tx, r, opts, "create")
}

// createOpTx is createTx with the history operation named (a create, or a spreadsheet
// import).
func (s *Store) createOpTx(ctx context.Context, tx dbtx, r data.Record, opts []WriteOption, op string) error {
	r.Clean()
	s.stampNew(r)
	if err := data.ValidateRecord(r); err != nil {
		return err
	}
	if err := s.localRulesTx(ctx, tx, r); err != nil {
		return err
	}
	if err := s.checkTx(ctx, tx, r, opts); err != nil {
		return err
	}
	if err := s.writeTx(ctx, tx, r, nil, op); err != nil {
		return err
	}
	return s.afterWriteTx(ctx, tx, r)
}

// stampNew gives a new record its id (unless it has one) and the meta of its first
// version.
func (s *Store) stampNew(r data.Record) {
	m := r.RecordMeta()
	now := s.now()
	if m.ID == "" {
		m.ID = data.NewID()
		if o, ok := r.(*data.Office); ok {
			// An office is the same record in every office's database: its id comes
			// from its code, so versions written by different offices merge.
			m.ID = data.OfficeID(o.Code)
		}
	}
	if m.Office == "" {
		m.Office = s.office
	}
	m.CreatedAt, m.UpdatedAt, m.Version, m.Deleted = now, now, 1, false
	m.HLC, m.By, m.Parents = s.tick(), s.office, nil
	if o, ok := r.(*data.Office); ok {
		// An office always owns its own record. Its first version is written over the
		// version other offices make from its card, so the two never conflict.
		m.Office = o.Code
		if o.Code == s.office {
			m.Parents = []string{CardHLC(o.Code)}
		} else {
			// Another office's record made here (not from its card) stands for its
			// card: the office's own first version is written over it, and the two
			// never show as a conflict.
			m.HLC, m.By = CardHLC(o.Code), o.Code
		}
	}
}

// Update writes a changed record. r.Version must be the version that was read: if the
// record changed meanwhile, ErrConflict is returned and nothing is written.
func (s *Store) Update(ctx context.Context, r data.Record, opts ...WriteOption) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		r.Clean()
		if err := data.ValidateRecord(r); err != nil {
			return err
		}
		if err := s.localRulesTx(ctx, tx, r); err != nil {
			return err
		}
		if err := s.replaceTx(ctx, tx, r, "update", opts); err != nil {
			return err
		}
		return s.afterWriteTx(ctx, tx, r)
	})
}

// replaceTx writes r over the stored record of the same id, keeping owner and creation
// time, bumping the version and recording before and after in history.
func (s *Store) replaceTx(ctx context.Context, tx dbtx, r data.Record, op string, opts []WriteOption) error {
	m := r.RecordMeta()
	before, stored, err := s.loadTx(ctx, tx, r.Kind(), m.ID)
	if err != nil {
		return err
	}
	if stored.Version != m.Version {
		return data.ErrConflict
	}
	if err := s.checkTx(ctx, tx, r, opts); err != nil {
		return err
	}
	m.Office, m.CreatedAt = stored.Office, stored.CreatedAt
	m.UpdatedAt = s.now()
	m.Version = stored.Version + 1
	// The new version supersedes the current one, and every version in conflict
	// with it: writing over a conflict resolves it.
	parents, err := s.headsTx(ctx, tx, m.ID, stored.HLC)
	if err != nil {
		return err
	}
	m.HLC, m.By, m.Parents = s.tick(), s.office, parents
	return s.writeTx(ctx, tx, r, before, op)
}

// Delete marks a record deleted (a tombstone); it stays in the database with its history.
func (s *Store) Delete(ctx context.Context, kind data.Kind, id string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		r, err := s.recordTx(ctx, tx, kind, id)
		if err != nil {
			return err
		}
		if r.RecordMeta().Deleted {
			return nil
		}
		if err := s.beforeDeleteTx(ctx, tx, r); err != nil {
			return err
		}
		r.RecordMeta().Deleted = true
		if err := s.replaceTx(ctx, tx, r, "delete", []WriteOption{AllowNearDuplicate}); err != nil {
			return err
		}
		return s.afterWriteTx(ctx, tx, r)
	})
}

// Restore makes version of the record current again (as a new version, so the
// versions in between stay in history). Restoring a version of a deleted record
// undeletes it.
func (s *Store) Restore(ctx context.Context, kind data.Kind, id string, version int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		old, err := s.versionTx(ctx, tx, kind, id, version)
		if err != nil {
			return err
		}
		_, cur, err := s.loadTx(ctx, tx, kind, id)
		if err != nil {
			return err
		}
		old.RecordMeta().Version = cur.Version
		if err := s.replaceTx(ctx, tx, old, "restore", []WriteOption{AllowNearDuplicate}); err != nil {
			return err
		}
		return s.afterWriteTx(ctx, tx, old)
	})
}

// localRulesTx applies the rules of a local create or update that a received version is
// not held to (another office's clock and rows are its own): the day, one figures row a
// year. AllowNearDuplicate does not lift them.
func (s *Store) localRulesTx(ctx context.Context, q querier, r data.Record) error {
	if err := s.checkToday(r); err != nil {
		return err
	}
	if err := s.assignedAgencyTx(ctx, q, r); err != nil {
		return err
	}
	return oneFigureAYearTx(ctx, q, r)
}

// assignedAgencyTx: a progress report is by an agency the task is assigned to (lead or
// co-operating), as the receiving office checks it; a report kept by the same agency
// stays editable after the task went to another lead (it was made while the agency
// held it). A report the other office would refuse is not written here.
func (s *Store) assignedAgencyTx(ctx context.Context, q querier, r data.Record) error {
	u, ok := r.(*data.ProgressUpdate)
	if !ok || u.Deleted {
		return nil
	}
	tr, err := s.recordTx(ctx, q, data.KindTask, u.Task)
	if err != nil {
		return nil // a task not here is the record's own rule's to say
	}
	t := tr.(*data.Task)
	if u.Agency == t.Lead || slices.Contains(t.Cooperating, u.Agency) {
		return nil
	}
	if old, err := s.recordTx(ctx, q, data.KindProgress, u.ID); err == nil && old.(*data.ProgressUpdate).Agency == u.Agency {
		return nil
	}
	name := u.Agency
	if ar, err := s.recordTx(ctx, q, data.KindAgency, u.Agency); err == nil {
		name = data.Title(ar)
	}
	return &data.Error{Code: "ErrAgencyNotAssigned", Field: "agency",
		Message: fmt.Sprintf("Cơ quan “%s” không được giao nhiệm vụ này. Hãy chọn cơ quan chủ trì hoặc phối hợp của nhiệm vụ.", name)}
}

// checkToday applies the rules that need the day (the store's clock): a progress report
// is not dated after today — a "done" report dated next year made a task 100 % yet in
// progress. Only local writes are checked: another office's clock is its own.
func (s *Store) checkToday(r data.Record) error {
	if u, ok := r.(*data.ProgressUpdate); ok && u.Date.After(s.Today()) {
		return &data.Error{Code: "ErrReportInFuture", Field: "date", Args: []any{u.Date, s.Today()},
			Message: fmt.Sprintf("Ngày báo cáo %s sau hôm nay (%s). Hãy ghi ngày đã báo cáo.", u.Date, s.Today())}
	}
	return nil
}

// oneFigureAYearTx keeps one row of yearly figures per association and year: the new-row
// dialog offered a year that had a row, and saving made a second one.
func oneFigureAYearTx(ctx context.Context, q querier, r data.Record) error {
	y, ok := r.(*data.YearlyFigure)
	if !ok || y.Deleted {
		return nil
	}
	var n int
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM yearly_figures WHERE deleted = 0 AND association = ? AND year = ? AND id <> ?",
		y.Association, y.Year, y.ID).Scan(&n); err != nil {
		return fmt.Errorf("store: figures: %w", err)
	}
	if n > 0 {
		return &data.Error{Code: "ErrFigureYearTaken", Field: "year", Args: []any{y.Year},
			Message: fmt.Sprintf("Hội này đã có số liệu năm %d. Hãy sửa dòng của năm đó thay vì thêm dòng mới.", y.Year)}
	}
	return nil
}

// checkTx applies the rules that need other records.
func (s *Store) checkTx(ctx context.Context, tx dbtx, r data.Record, opts []WriteOption) error {
	for _, o := range opts {
		if o == AllowNearDuplicate {
			return nil
		}
	}
	a, ok := r.(*data.Association)
	if !ok || a.Deleted {
		return nil
	}
	twins, err := s.nearDuplicatesTx(ctx, tx, a)
	if err != nil || len(twins) == 0 {
		return err
	}
	return &data.Error{Code: "ErrNameNearDuplicate", Field: "name", Warning: true,
		Message: fmt.Sprintf("Tên hội gần trùng với “%s” cùng phạm vi. Hãy kiểm tra lại; nếu đúng là hội khác, chọn “Vẫn lưu”.", twins[0].Name)}
}

// NearDuplicates lists the live associations in a's scope and area whose name nearly
// matches a's (ignoring a itself).
func (s *Store) NearDuplicates(ctx context.Context, a *data.Association) ([]*data.Association, error) {
	c := *a
	c.Clean()
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("store: begin: %w", err)
	}
	defer tx.Rollback()
	return s.nearDuplicatesTx(ctx, tx, &c)
}

func (s *Store) nearDuplicatesTx(ctx context.Context, tx dbtx, a *data.Association) ([]*data.Association, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, body FROM associations WHERE deleted = 0 AND scope = ? AND area = ? AND id <> ?`, string(a.Scope), a.Area, a.ID)
	if err != nil {
		return nil, fmt.Errorf("store: near duplicates: %w", err)
	}
	defer rows.Close()
	var out []*data.Association
	for rows.Next() {
		var id, body string
		if err := rows.Scan(&id, &body); err != nil {
			return nil, err
		}
		var o data.Association
		if err := json.Unmarshal([]byte(body), &o); err != nil {
			return nil, fmt.Errorf("store: decode %s: %w", id, err)
		}
		if data.NearDuplicate(o.Name, a.Name) {
			out = append(out, &o)
		}
	}
	return out, rows.Err()
}

// writeTx writes the record's row and its history entry (before: the version it
// replaces, nil for a new record).
func (s *Store) writeTx(ctx context.Context, tx dbtx, r data.Record, before []byte, op string) error {
	body, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("store: encode %s: %w", r.Kind(), err)
	}
	return s.writer(tx, op).write(ctx, r, body, nil, true, before)
}
