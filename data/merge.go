package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// This file is the store's side of exchange between offices: listing what changed for
// an export, and merging received versions so that every office that has seen the same
// versions ends with the same record, whatever order they arrived in.
//
// Each record keeps every version it ever had (history). A version names the versions
// it was written over (Parents). The heads are the versions no other version was written
// over; one head is the current record: the owner office's version if there is one,
// otherwise the latest by hybrid logical clock (ties cannot happen: the clock reading
// includes the office code). More than one head is a conflict, listed for review.

// Subtree returns the codes of an office and every office below it.
func (s *Store) Subtree(ctx context.Context, code string) (map[string]bool, error) {
	offices, err := s.Offices(ctx)
	if err != nil {
		return nil, err
	}
	children := map[string][]string{}
	for _, o := range offices {
		children[o.Parent] = append(children[o.Parent], o.Code)
	}
	out := map[string]bool{code: true}
	queue := []string{code}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		for _, ch := range children[c] {
			if !out[ch] {
				out[ch] = true
				queue = append(queue, ch)
			}
		}
	}
	return out, nil
}

// SharedKinds are the catalogues every office may receive from above: directives,
// tasks, agencies and offices.
var SharedKinds = map[Kind]bool{KindDirective: true, KindTask: true, KindAgency: true, KindOffice: true}

// HighWater is the newest history sequence number.
func (s *Store) HighWater(ctx context.Context) (int64, error) {
	var n sql.NullInt64
	err := s.db.QueryRowContext(ctx, "SELECT max(seq) FROM history").Scan(&n)
	return n.Int64, err
}

// versionMeta is the part of a version body the merge reads.
type versionMeta struct {
	ID      string   `json:"id"`
	Office  string   `json:"office"`
	HLC     string   `json:"hlc"`
	By      string   `json:"by"`
	Parents []string `json:"parents"`
	Deleted bool     `json:"deleted"`
}

// EachChanged calls fn for every record with a history entry after watermark and up to
// high, in id order, with all its versions (oldest first). It streams: memory does
// not grow with the number of records.
func (s *Store) EachChanged(ctx context.Context, watermark, high int64, fn func(kind Kind, owner string, versions []json.RawMessage) error) error {
	q := `SELECT kind, record_id, after FROM history WHERE kind <> 'settings' AND seq <= ?`
	args := []any{high}
	if watermark > 0 {
		q += ` AND record_id IN (SELECT record_id FROM history WHERE seq > ? AND seq <= ?)`
		args = append(args, watermark, high)
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY record_id, seq`, args...)
	if err != nil {
		return fmt.Errorf("store: changed records: %w", err)
	}
	defer rows.Close()
	var (
		curID, curKind string
		owner          string
		versions       []json.RawMessage
	)
	flush := func() error {
		if curID == "" {
			return nil
		}
		return fn(Kind(curKind), owner, versions)
	}
	for rows.Next() {
		var kind, id string
		var after []byte
		if err := rows.Scan(&kind, &id, &after); err != nil {
			return fmt.Errorf("store: changed records: %w", err)
		}
		if id != curID {
			if err := flush(); err != nil {
				return err
			}
			curID, curKind, versions = id, kind, nil
			var m versionMeta
			json.Unmarshal(after, &m)
			owner = m.Office
		}
		versions = append(versions, json.RawMessage(after))
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return flush()
}

// Outcome classes of a merged record.
const (
	Added      = "added"
	Changed    = "changed"
	Unchanged  = "unchanged"
	Conflicted = "conflicted"
	Refused    = "refused"
)

// Outcome is what merging one received record did (or would do).
type Outcome struct {
	Kind   Kind
	ID     string
	Class  string
	Reason string // why it was refused, in Vietnamese
	// Before and After are the current record before and after, as JSON.
	Before, After json.RawMessage
}

// Merger merges received versions inside one transaction.
type Merger struct {
	s       *Store
	ctx     context.Context
	tx      *sql.Tx
	sender  string
	scope   map[string]bool // the sender's subtree
	scopes  map[string]map[string]bool
	changes []Change0
	maxHLC  string
	// stmts caches prepared statements: a bundle runs the same few for every record.
	stmts map[string]*sql.Stmt
	// open lists the records with an open conflict (loaded once).
	open map[string]bool
}

func (m *Merger) stmt(q string) (*sql.Stmt, error) {
	if st, ok := m.stmts[q]; ok {
		return st, nil
	}
	st, err := m.tx.PrepareContext(m.ctx, q)
	if err != nil {
		return nil, fmt.Errorf("store: prepare: %w", err)
	}
	m.stmts[q] = st
	return st, nil
}

func (m *Merger) exec(q string, args ...any) error {
	st, err := m.stmt(q)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(m.ctx, args...)
	return err
}

// Change0 is one record a merge changed: enough to undo it.
type Change0 struct {
	Kind   Kind            `json:"kind"`
	ID     string          `json:"id"`
	Before json.RawMessage `json:"before"` // null if the record was new
	HLC    string          `json:"hlc"`    // the version the merge made current
}

// Merge runs fn with a Merger for records from sender, in one write transaction. With
// dryRun the transaction is rolled back, so a preview shows exactly what an import would
// do. finish runs last inside the transaction (to store the receipt).
func (s *Store) Merge(ctx context.Context, sender string, dryRun bool, fn func(m *Merger) error, finish func(m *Merger) error) error {
	scope, err := s.Subtree(ctx, sender)
	if err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer tx.Rollback()
	// A large bundle touches many pages: a bigger page cache keeps them out of the WAL
	// until commit. It is set back before the connection returns to the pool.
	if _, err := tx.ExecContext(ctx, "PRAGMA cache_size = -65536"); err != nil {
		return fmt.Errorf("store: cache: %w", err)
	}
	m := &Merger{s: s, ctx: ctx, tx: tx, sender: sender, scope: scope, scopes: map[string]map[string]bool{sender: scope}, stmts: map[string]*sql.Stmt{}, open: map[string]bool{}}
	err = m.run(fn, finish)
	if _, rerr := tx.ExecContext(ctx, "PRAGMA cache_size = -2000"); err == nil && rerr != nil {
		err = fmt.Errorf("store: cache: %w", rerr)
	}
	if err != nil {
		return err
	}
	if dryRun {
		return nil
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	if m.maxHLC != "" {
		s.Observe(m.maxHLC)
	}
	return nil
}

// run loads the open conflicts, then merges and finishes.
func (m *Merger) run(fn func(m *Merger) error, finish func(m *Merger) error) error {
	rows, err := m.tx.QueryContext(m.ctx, "SELECT record_id FROM conflicts WHERE resolved = 0")
	if err != nil {
		return fmt.Errorf("store: conflicts: %w", err)
	}
	for rows.Next() {
		var id string
		rows.Scan(&id)
		m.open[id] = true
	}
	rows.Close()
	if err := fn(m); err != nil {
		return err
	}
	if finish != nil {
		return finish(m)
	}
	return nil
}

// Changes lists the records the merge changed so far.
func (m *Merger) Changes() []Change0 { return m.changes }

func (m *Merger) subtree(code string) map[string]bool {
	if sc, ok := m.scopes[code]; ok {
		return sc
	}
	sc, err := m.s.Subtree(m.ctx, code)
	if err != nil {
		sc = map[string]bool{code: true}
	}
	m.scopes[code] = sc
	return sc
}

type version struct {
	meta versionMeta
	body json.RawMessage
	rec  Record // decoded, for received versions
}

// pick chooses the current version among heads: the owner's own versions first, then
// the latest clock reading.
func pick(heads []version, owner string) version {
	sort.Slice(heads, func(i, j int) bool {
		oi, oj := heads[i].meta.By == owner, heads[j].meta.By == owner
		if oi != oj {
			return oi
		}
		return heads[i].meta.HLC > heads[j].meta.HLC
	})
	return heads[0]
}

// Merge merges the received versions of one record (all with the same id).
func (m *Merger) Merge(kind Kind, incoming []json.RawMessage) (Outcome, error) {
	out := Outcome{Kind: kind}
	refuse := func(reason string) (Outcome, error) {
		out.Class, out.Reason = Refused, reason
		return out, nil
	}
	if _, err := newRecord(kind); err != nil || len(incoming) == 0 {
		return refuse("loại bản ghi không hợp lệ")
	}
	var vs []version
	for _, b := range incoming {
		rec, err := decode(kind, b)
		if err != nil {
			return refuse("bản ghi không đúng dạng")
		}
		meta := rec.meta()
		v := version{meta: versionMeta{ID: meta.ID, Office: meta.Office, HLC: meta.HLC, By: meta.By, Parents: meta.Parents, Deleted: meta.Deleted}, body: b, rec: rec}
		if _, _, ok := parseHLC(v.meta.HLC); !ok || v.meta.ID == "" || v.meta.By == "" {
			return refuse("phiên bản thiếu dấu thời gian hoặc đơn vị ghi")
		}
		if err := rec.Validate(); err != nil {
			return refuse("bản ghi không hợp lệ: " + Message(err))
		}
		vs = append(vs, v)
	}
	id, owner := vs[0].meta.ID, vs[0].meta.Office
	out.ID = id
	for _, v := range vs {
		if v.meta.ID != id || v.meta.Office != owner {
			return refuse("các phiên bản không cùng một bản ghi hoặc đổi đơn vị sở hữu")
		}
		if v.meta.HLC > m.maxHLC {
			m.maxHLC = v.meta.HLC
		}
	}
	if !m.scope[owner] {
		return refuse(fmt.Sprintf("đơn vị %s không có quyền sửa dữ liệu của đơn vị %s", m.sender, owner))
	}

	// What this office already has.
	local := map[string]version{}
	var maxVersion int64
	var current []byte
	get, err := m.stmt("SELECT body FROM " + string(kind) + " WHERE id = ?")
	if err != nil {
		return out, err
	}
	err = get.QueryRowContext(m.ctx, id).Scan(&current)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return out, fmt.Errorf("store: merge %s: %w", id, err)
	}
	if current != nil { // a record never seen has no history here either
		hist, err := m.stmt("SELECT version, after FROM history WHERE record_id = ? AND kind = ?")
		if err != nil {
			return out, err
		}
		rows, err := hist.QueryContext(m.ctx, id, string(kind))
		if err != nil {
			return out, fmt.Errorf("store: merge %s: %w", id, err)
		}
		for rows.Next() {
			var n int64
			var after []byte
			if err := rows.Scan(&n, &after); err != nil {
				rows.Close()
				return out, err
			}
			var v version
			json.Unmarshal(after, &v.meta)
			v.body = after
			local[v.meta.HLC] = v
			maxVersion = max(maxVersion, n)
		}
		rows.Close()
	}
	if current != nil {
		var cm versionMeta
		json.Unmarshal(current, &cm)
		if cm.Office != owner {
			return refuse("đơn vị sở hữu không khớp với bản ghi đã có")
		}
		out.Before = current
	}

	var fresh []version
	for _, v := range vs {
		if _, ok := local[v.meta.HLC]; ok {
			continue
		}
		if !m.subtree(v.meta.By)[owner] {
			return refuse(fmt.Sprintf("phiên bản do đơn vị %s ghi, đơn vị này không có quyền với dữ liệu của %s", v.meta.By, owner))
		}
		fresh = append(fresh, v)
	}
	if len(fresh) == 0 {
		out.Class, out.After = Unchanged, current
		return out, nil
	}

	// Union, heads, winner.
	all := map[string]version{}
	for h, v := range local {
		all[h] = v
	}
	for _, v := range fresh {
		all[v.meta.HLC] = v
	}
	superseded := map[string]bool{}
	for _, v := range all {
		for _, p := range v.meta.Parents {
			superseded[p] = true
		}
	}
	var heads []version
	for h, v := range all {
		if !superseded[h] {
			heads = append(heads, v)
		}
	}
	winner := pick(heads, owner)

	// Every new version goes into history (nothing is lost), oldest first.
	sort.Slice(fresh, func(i, j int) bool { return fresh[i].meta.HLC < fresh[j].meta.HLC })
	now := m.s.now().Format(timeLayout)
	const insertHistory = `INSERT INTO history (kind, record_id, version, op, office, actor, at, before, after) VALUES (?, ?, ?, 'import', ?, ?, ?, ?, ?)`
	var winnerBody []byte
	var winnerRec Record
	for _, v := range fresh {
		maxVersion++
		body := []byte(v.body)
		if v.rec.meta().Version != maxVersion { // keep the sender's bytes when they already say it
			v.rec.meta().Version = maxVersion
			if body, err = json.Marshal(v.rec); err != nil {
				return out, err
			}
		}
		if v.meta.HLC == winner.meta.HLC {
			winnerBody, winnerRec = body, v.rec
			continue // written last, so it is the newest local version
		}
		if err := m.exec(insertHistory, string(kind), id, maxVersion, v.meta.By, "gói từ "+m.sender, now, nullable(current), string(body)); err != nil {
			return out, fmt.Errorf("store: merge history: %w", err)
		}
	}
	var cm versionMeta
	json.Unmarshal(current, &cm)
	changed := current == nil || winner.meta.HLC != cm.HLC
	if changed {
		if winnerBody == nil { // an older version already here wins again
			maxVersion++
			if winnerBody, err = withVersion(winner.body, maxVersion); err != nil {
				return out, err
			}
		}
		if winnerRec == nil {
			if winnerRec, err = decode(kind, winnerBody); err != nil {
				return out, err
			}
		}
		if err := m.writeRow(winnerRec, winnerBody); err != nil {
			return out, err
		}
		if err := m.exec(insertHistory, string(kind), id, maxVersion, winner.meta.By, "gói từ "+m.sender, now, nullable(current), string(winnerBody)); err != nil {
			return out, fmt.Errorf("store: merge history: %w", err)
		}
		m.changes = append(m.changes, Change0{Kind: kind, ID: id, Before: json.RawMessage(current), HLC: winner.meta.HLC})
	}
	if len(heads) > 1 && !sameContent(heads) {
		var hs []string
		for _, h := range heads {
			hs = append(hs, h.meta.HLC)
		}
		sort.Strings(hs)
		b, _ := json.Marshal(hs)
		if err := m.exec(`INSERT OR REPLACE INTO conflicts (record_id, kind, heads, winner, detected_at, resolved) VALUES (?, ?, ?, ?, ?, 0)`,
			id, string(kind), string(b), winner.meta.HLC, now); err != nil {
			return out, fmt.Errorf("store: conflict: %w", err)
		}
		m.open[id] = true
	} else if m.open[id] {
		if err := m.exec("UPDATE conflicts SET resolved = 1 WHERE record_id = ?", id); err != nil {
			return out, fmt.Errorf("store: conflict: %w", err)
		}
		delete(m.open, id)
	}
	// A progress update reported by another office on one of this office's tasks
	// carries over to the task here, as it did where it was written.
	if current == nil && kind == KindProgress && !winner.meta.Deleted {
		if u, ok := winnerRec.(*ProgressUpdate); ok {
			if t, err := m.s.recordTx(m.ctx, m.tx, KindTask, u.Task); err == nil && t.meta().Office == m.s.office {
				if err := m.s.applyProgressTx(m.ctx, m.tx, u); err != nil {
					return out, err
				}
			}
		}
	}
	switch {
	case current == nil:
		out.Class = Added
	case len(heads) > 1 && !sameContent(heads):
		out.Class = Conflicted
	case changed:
		out.Class = Changed
	default:
		out.Class = Unchanged
	}
	if changed {
		out.After = winnerBody
	} else {
		out.After = current
	}
	return out, nil
}

func nullable(b []byte) any {
	if b == nil {
		return nil
	}
	return string(b)
}

// withVersion sets the local version number in a version body.
func withVersion(body []byte, n int64) ([]byte, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, fmt.Errorf("store: version body: %w", err)
	}
	m["version"] = json.RawMessage(fmt.Sprint(n))
	return json.Marshal(m)
}

// writeRow writes a record's row with a cached statement.
func (m *Merger) writeRow(r Record, body []byte) error {
	q, args := rowInsert(r, body)
	if err := m.exec(q, args...); err != nil {
		return fmt.Errorf("store: write %s: %w", r.Kind(), err)
	}
	return nil
}

// rowInsert is the statement and arguments that write a record's row.
func rowInsert(r Record, body []byte) (string, []any) {
	m := r.meta()
	cols := r.columns()
	args := make([]any, 0, 7+len(cols))
	args = append(args, m.ID, m.Office, m.CreatedAt.UTC().Format(timeLayout), m.UpdatedAt.UTC().Format(timeLayout), m.Version, m.Deleted, string(body))
	for _, c := range cols {
		args = append(args, c.value)
	}
	if q, ok := insertSQL.Load(r.Kind()); ok {
		return q.(string), args
	}
	names := []string{"id", "office", "created_at", "updated_at", "version", "deleted", "body"}
	for _, c := range cols {
		names = append(names, c.name)
	}
	q := "INSERT OR REPLACE INTO " + string(r.Kind()) + " (" + strings.Join(names, ", ") + ") VALUES (?" + strings.Repeat(", ?", len(names)-1) + ")"
	insertSQL.Store(r.Kind(), q)
	return q, args
}

// insertSQL caches the row statement of each kind.
var insertSQL sync.Map

// writeRowTx writes a record's row (not its history) from a body.
func (s *Store) writeRowTx(ctx context.Context, tx *sql.Tx, r Record, body []byte) error {
	q, args := rowInsert(r, body)
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("store: write %s: %w", r.Kind(), err)
	}
	return nil
}

// Conflict is a record whose versions from different offices disagree.
type Conflict struct {
	Kind     Kind
	RecordID string
	Heads    []string // the competing versions (clock readings)
	Winner   string   // the one shown
	Detected string
}

// Conflicts lists the open conflicts.
func (s *Store) Conflicts(ctx context.Context) ([]Conflict, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT kind, record_id, heads, winner, detected_at FROM conflicts WHERE resolved = 0 ORDER BY detected_at, record_id")
	if err != nil {
		return nil, fmt.Errorf("store: conflicts: %w", err)
	}
	defer rows.Close()
	var out []Conflict
	for rows.Next() {
		var c Conflict
		var heads string
		if err := rows.Scan(&c.Kind, &c.RecordID, &heads, &c.Winner, &c.Detected); err != nil {
			return nil, err
		}
		json.Unmarshal([]byte(heads), &c.Heads)
		out = append(out, c)
	}
	return out, rows.Err()
}

// VersionByHLC returns the version of a record with a clock reading (from history).
func (s *Store) VersionByHLC(ctx context.Context, kind Kind, id, hlc string) (Record, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT after FROM history WHERE kind = ? AND record_id = ?", string(kind), id)
	if err != nil {
		return nil, fmt.Errorf("store: version: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var after []byte
		if err := rows.Scan(&after); err != nil {
			return nil, err
		}
		var m versionMeta
		json.Unmarshal(after, &m)
		if m.HLC == hlc {
			return decode(kind, after)
		}
	}
	return nil, ErrNotFound
}

// sameContent reports whether all heads say the same thing (two offices made the same
// change, such as the same progress carried over to a task): that is no conflict.
func sameContent(heads []version) bool {
	key := func(b []byte) string {
		var m map[string]json.RawMessage
		json.Unmarshal(b, &m)
		for f := range metaFields {
			delete(m, f)
		}
		out, _ := json.Marshal(m)
		return string(out)
	}
	first := key(heads[0].body)
	for _, h := range heads[1:] {
		if key(h.body) != first {
			return false
		}
	}
	return true
}
