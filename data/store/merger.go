package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"qlhoi/data"
)

// Merger merges received versions inside one transaction. Merge takes one record in
// named steps: decode, load, authorise, union, pick, write, conflicts.
type Merger struct {
	s       *Store
	ctx     context.Context
	tx      *sql.Tx
	sender  string
	changes []Change0
	maxHLC  string
	// tree is the office tree as merged so far (code → parent); scopes caches subtrees.
	tree   map[string]string
	scopes map[string]map[string]bool
	// stmts caches prepared statements: a bundle runs the same few for every record.
	stmts map[string]*sql.Stmt
	// open lists the records with an open conflict (loaded once).
	open map[string]bool
	// waiting holds records that need a record later in the bundle; final is set
	// while they are tried again at the end.
	waiting []waitingRecord
	final   bool
	// lost is the window of this office's own versions a restore lost (see
	// SettingLostOwnVersions): they may come back from peers.
	lost lostWindow
}

type waitingRecord struct {
	kind     data.Kind
	versions []json.RawMessage
}

// Waiting is the class of a record put aside until the end of the bundle (see
// MergeWaiting); it is not an outcome to count.
const Waiting = "waiting"

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
	Kind   data.Kind       `json:"kind"`
	ID     string          `json:"id"`
	Before json.RawMessage `json:"before"` // null if the record was new
	HLC    string          `json:"hlc"`    // the version the merge made current
}

// Merge runs fn with a Merger for records from sender, in one write transaction. With
// dryRun the transaction is rolled back, so a preview shows exactly what an import would
// do. finish runs last inside the transaction (to store the receipt); returning an
// error from it rolls everything back.
func (s *Store) Merge(ctx context.Context, sender string, dryRun bool, fn func(m *Merger) error, finish func(m *Merger) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer tx.Rollback()
	// A large bundle touches many pages: a bigger page cache keeps them out of the WAL
	// until commit. 32 MiB keeps the whole import of 100,000 records under 200 MB of
	// memory. It is set back before the connection returns to the pool.
	if _, err := tx.ExecContext(ctx, "PRAGMA cache_size = -32768"); err != nil {
		return fmt.Errorf("store: cache: %w", err)
	}
	m := &Merger{s: s, ctx: ctx, tx: tx, sender: sender, stmts: map[string]*sql.Stmt{}, open: map[string]bool{}}
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

// run loads the office tree and the open conflicts, then merges and finishes.
func (m *Merger) run(fn func(m *Merger) error, finish func(m *Merger) error) error {
	if err := m.loadTree(); err != nil {
		return err
	}
	if err := m.loadLostWindow(); err != nil {
		return err
	}
	rows, err := m.tx.QueryContext(m.ctx, "SELECT record_id FROM conflicts WHERE resolved = 0")
	if err != nil {
		return fmt.Errorf("store: conflicts: %w", err)
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("store: conflicts: %w", err)
		}
		m.open[id] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: conflicts: %w", err)
	}
	if err := fn(m); err != nil {
		return err
	}
	if finish != nil {
		return finish(m)
	}
	return nil
}

func (m *Merger) loadLostWindow() error {
	var raw string
	err := m.tx.QueryRowContext(m.ctx, "SELECT value FROM settings WHERE key = ?", SettingLostOwnVersions).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: settings: %w", err)
	}
	if err := json.Unmarshal([]byte(raw), &m.lost); err != nil {
		return fmt.Errorf("store: settings: %w", err)
	}
	return nil
}

// Changes lists the records the merge changed so far.
func (m *Merger) Changes() []Change0 { return m.changes }

// MergeWaiting merges again the records put aside as Waiting, now that the whole
// bundle is in: rounds go on while a round merges something; what still waits after
// that is refused. report receives each outcome.
func (m *Merger) MergeWaiting(report func(Outcome) error) error {
	for len(m.waiting) > 0 {
		round := m.waiting
		m.waiting = nil
		m.final = false
		progress := false
		var later []waitingRecord
		for _, w := range round {
			out, err := m.Merge(w.kind, w.versions)
			if err != nil {
				return err
			}
			if out.Class == Waiting {
				later = append(later, m.waiting...)
				m.waiting = nil
				continue
			}
			progress = true
			if err := report(out); err != nil {
				return err
			}
		}
		m.waiting = later
		if !progress {
			m.final = true
			for _, w := range later {
				out, err := m.Merge(w.kind, w.versions)
				if err != nil {
					return err
				}
				if err := report(out); err != nil {
					return err
				}
			}
			m.waiting = nil
		}
	}
	return nil
}

type version struct {
	meta versionMeta
	body json.RawMessage
	rec  data.Record // decoded (and cleaned), for received versions
	// rewritten is set when cleaning changed the received text: body is then the
	// cleaned version.
	rewritten bool
	// cols are rec's derived row columns, computed ahead (nil for local versions).
	cols []data.Column
}

// local is what this office already has of a record.
type local struct {
	current    []byte
	versions   map[string]version
	maxVersion int64
}

// Received is one received record decoded, cleaned and validated, with its row's
// derived columns (folded name, sort key…) computed: the work of a merge that needs
// nothing from the database, so that an import can do it on another goroutine ahead of
// the merge (see DecodeReceived).
type Received struct {
	kind     data.Kind
	incoming []json.RawMessage
	vs       []version
	reason   string // why the versions cannot be merged at all; "" when they decode
}

// DecodeReceived prepares the received versions of one record for MergeReceived. It
// uses no state: it may run on any goroutine. incoming must not change afterwards.
func DecodeReceived(kind data.Kind, incoming []json.RawMessage) *Received {
	vs, reason := decodeVersions(kind, incoming)
	for i := range vs {
		vs[i].cols = vs[i].rec.Columns()
	}
	return &Received{kind: kind, incoming: incoming, vs: vs, reason: reason}
}

// Merge merges the received versions of one record (all with the same id).
func (m *Merger) Merge(kind data.Kind, incoming []json.RawMessage) (Outcome, error) {
	return m.MergeReceived(DecodeReceived(kind, incoming))
}

// MergeReceived merges one received record prepared by DecodeReceived.
func (m *Merger) MergeReceived(r *Received) (Outcome, error) {
	kind, incoming, vs := r.kind, r.incoming, r.vs
	out := Outcome{Kind: kind}
	refuse := func(reason string) (Outcome, error) {
		out.Class, out.Reason = Refused, reason
		if out.After == nil && len(vs) > 0 {
			// What was received, so the preview names the record, not its id.
			out.After = vs[len(vs)-1].body
		}
		return out, nil
	}
	if r.reason != "" {
		out.ID = looseID(incoming)
		return refuse(recordLabel(kind, out.ID) + ": " + r.reason)
	}
	id, owner := vs[0].meta.ID, vs[0].meta.Office
	out.ID = id
	loc, err := m.loadLocal(kind, id)
	if err != nil {
		return out, err
	}
	current, cur, err := m.currentRecord(kind, loc)
	if err != nil {
		return out, err
	}
	if current != nil && cur.RecordMeta().Office != owner {
		return refuse(recordLabel(kind, id) + ": đơn vị sở hữu không khớp với bản ghi đã có")
	}
	if current == nil {
		taken, err := m.idOfOtherKind(kind, id)
		if err != nil {
			return out, err
		}
		if taken {
			return refuse(recordLabel(kind, id) + ": mã bản ghi đã là của một bản ghi loại khác")
		}
	}
	out.Before = current
	fresh := freshVersions(vs, loc, m.s.office)
	if len(fresh) == 0 {
		out.Class, out.After = Unchanged, current
		return out, nil
	}
	all := union(loc.versions, vs)
	verdict, err := m.authorise(&authInput{kind: kind, id: id, owner: owner, fresh: fresh, known: all, current: cur})
	if err != nil {
		return out, err
	}
	if verdict != nil {
		if verdict.wait && !m.final {
			m.waiting = append(m.waiting, waitingRecord{kind: kind, versions: cloneRaw(incoming)})
			out.Class = Waiting
			return out, nil
		}
		return refuse(verdict.reason)
	}
	for _, v := range fresh {
		m.maxHLC = max(m.maxHLC, v.meta.HLC)
	}
	return m.apply(out, loc, fresh, owner)
}

// apply is the merge's last steps for an authorised record: pick the winner among the
// heads, write, list or close a conflict, carry derived data over, and say what
// happened.
func (m *Merger) apply(out Outcome, loc *local, fresh []version, owner string) (Outcome, error) {
	kind, id, current := out.Kind, out.ID, out.Before
	heads := headsOf(union(loc.versions, fresh))
	winner := pick(heads, owner)
	winnerBody, changed, err := m.write(kind, id, loc, fresh, winner)
	if err != nil {
		return out, err
	}
	conflicted := len(heads) > 1 && !sameContent(heads)
	if err := m.recordConflict(kind, id, heads, winner, conflicted); err != nil {
		return out, err
	}
	if err := m.carryOver(kind, id, changed, winnerBody); err != nil {
		return out, err
	}
	switch {
	case current == nil:
		out.Class = Added
	case conflicted:
		out.Class = Conflicted
	case changed:
		out.Class = Changed
	default:
		out.Class = Unchanged
	}
	out.After = current
	if changed {
		out.After = winnerBody
	}
	return out, nil
}

// looseID reads the id of a received record for naming it in a refusal, even when the
// record is not valid.
func looseID(incoming []json.RawMessage) string {
	if len(incoming) == 0 {
		return ""
	}
	var m struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(incoming[0], &m); err != nil {
		return "?"
	}
	return truncate(data.Clean(m.ID), 60)
}

func cloneRaw(vs []json.RawMessage) []json.RawMessage {
	out := make([]json.RawMessage, len(vs))
	for i, v := range vs {
		out[i] = bytes.Clone(v)
	}
	return out
}

// decodeVersions decodes, cleans and validates the received versions: valid UTF-8,
// text cleaned like local input, one record, one owner, one version per reading.
func decodeVersions(kind data.Kind, incoming []json.RawMessage) ([]version, string) {
	if _, err := data.NewRecord(kind); err != nil || len(incoming) == 0 {
		return nil, "loại bản ghi không hợp lệ"
	}
	vs := make([]version, 0, len(incoming))
	seen := map[string]bool{}
	for _, b := range incoming {
		v, reason := decodeVersion(kind, b)
		if reason != "" {
			return nil, reason
		}
		if seen[v.meta.HLC] {
			return nil, "hai phiên bản cùng một dấu thời gian " + v.meta.HLC
		}
		seen[v.meta.HLC] = true
		vs = append(vs, v)
	}
	id, owner := vs[0].meta.ID, vs[0].meta.Office
	for _, v := range vs {
		if v.meta.ID != id || v.meta.Office != owner {
			return nil, "các phiên bản không cùng một bản ghi hoặc đổi đơn vị sở hữu"
		}
	}
	return vs, ""
}

func decodeVersion(kind data.Kind, b []byte) (version, string) {
	if !utf8.Valid(b) {
		return version{}, "văn bản không phải UTF-8 hợp lệ"
	}
	rec, err := decode(kind, b)
	if err != nil {
		return version{}, "bản ghi không đúng dạng"
	}
	meta := rec.RecordMeta()
	v := version{meta: versionMeta{ID: meta.ID, Office: meta.Office, HLC: meta.HLC, By: meta.By, Parents: meta.Parents, Deleted: meta.Deleted}, body: b, rec: rec}
	if v.meta.ID == "" || len(v.meta.ID) > 64 || v.meta.By == "" || v.meta.Office == "" || !data.OfficeCodePattern.MatchString(v.meta.By) || !data.OfficeCodePattern.MatchString(v.meta.Office) || data.Clean(v.meta.ID) != v.meta.ID {
		return version{}, "phiên bản thiếu định danh, đơn vị sở hữu hoặc đơn vị ghi"
	}
	if kind != data.KindOffice && isOfficeID(v.meta.ID) {
		// Office ids are names of office codes (OfficeID): a record of another kind
		// holding one could keep out the record of an office yet to be known here.
		return version{}, "mã bản ghi có dạng mã của một đơn vị"
	}
	if _, _, ok := parseHLC(v.meta.HLC); !ok {
		return version{}, fmt.Sprintf("dấu thời gian “%s” không đúng dạng", truncate(data.Clean(v.meta.HLC), 60))
	}
	for _, p := range v.meta.Parents {
		if _, _, ok := parseHLC(p); !ok {
			return version{}, "phiên bản gốc không đúng dạng"
		}
	}
	if reason := cardReadingMisused(kind, v.meta); reason != "" {
		return version{}, reason
	}
	// The same cleaning as local input; the cleaned version is the one kept.
	rec.Clean()
	cleaned, err := json.Marshal(rec)
	if err != nil {
		return version{}, "bản ghi không đúng dạng"
	}
	if !bytes.Equal(cleaned, b) {
		v.body, v.rewritten = cleaned, true
	}
	if err := data.ValidateRecord(rec); err != nil {
		return version{}, "bản ghi không hợp lệ: " + data.Message(err)
	}
	return v, ""
}

// cardReadingMisused refuses the clock reading of the card form (CardHLC) anywhere but
// where a card puts it: the version of an office's own record made from its card, and
// as the parent of that office's first own version. On another record it would sort
// before every real version and could never be superseded.
func cardReadingMisused(kind data.Kind, m versionMeta) string {
	isCard := func(h string) bool { return strings.HasSuffix(h, ".card") }
	own := kind == data.KindOffice && m.ID == data.OfficeID(m.Office)
	if isCard(m.HLC) && !(own && m.HLC == CardHLC(m.Office) && m.By == m.Office) {
		return fmt.Sprintf("dấu thời gian “%s” dạng thẻ đơn vị chỉ dùng cho bản ghi đơn vị lập từ thẻ", truncate(data.Clean(m.HLC), 60))
	}
	for _, p := range m.Parents {
		if isCard(p) && !(own && p == CardHLC(m.Office)) {
			return "phiên bản gốc dạng thẻ đơn vị chỉ dùng cho bản ghi đơn vị"
		}
	}
	return ""
}

// loadLocal reads the record's current body and every version of it here.
func (m *Merger) loadLocal(kind data.Kind, id string) (*local, error) {
	loc := &local{versions: map[string]version{}}
	get, err := m.stmt("SELECT body FROM " + string(kind) + " WHERE id = ?")
	if err != nil {
		return nil, err
	}
	err = get.QueryRowContext(m.ctx, id).Scan(&loc.current)
	if errors.Is(err, sql.ErrNoRows) {
		return loc, nil // a record never seen has no history here either
	}
	if err != nil {
		return nil, fmt.Errorf("store: merge %s: %w", id, err)
	}
	hist, err := m.stmt("SELECT version, " + historyAfter + " FROM history WHERE record_id = ? AND kind = ?")
	if err != nil {
		return nil, err
	}
	rows, err := hist.QueryContext(m.ctx, id, string(kind))
	if err != nil {
		return nil, fmt.Errorf("store: merge %s: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var n int64
		var after []byte
		if err := rows.Scan(&n, &after); err != nil {
			return nil, fmt.Errorf("store: merge %s: %w", id, err)
		}
		v := version{body: after}
		if err := json.Unmarshal(after, &v.meta); err != nil {
			return nil, fmt.Errorf("store: merge %s: history: %w", id, err)
		}
		loc.versions[v.meta.HLC] = v
		loc.maxVersion = max(loc.maxVersion, n)
	}
	return loc, rows.Err()
}

// idOfOtherKind tells whether a record of another kind already has this id. Ids are
// unique across kinds (the history and the exchange key on the id alone), so a
// received record may not reuse one.
func (m *Merger) idOfOtherKind(kind data.Kind, id string) (bool, error) {
	q, err := m.stmt("SELECT EXISTS (SELECT 1 FROM history WHERE record_id = ? AND kind <> ?)")
	if err != nil {
		return false, err
	}
	var taken bool
	if err := q.QueryRowContext(m.ctx, id, string(kind)).Scan(&taken); err != nil {
		return false, fmt.Errorf("store: merge %s: %w", id, err)
	}
	return taken, nil
}

// currentRecord decodes the current local record, if any.
func (m *Merger) currentRecord(kind data.Kind, loc *local) ([]byte, data.Record, error) {
	if loc.current == nil {
		return nil, nil, nil
	}
	r, err := decode(kind, loc.current)
	if err != nil {
		return nil, nil, err
	}
	return loc.current, r, nil
}

// freshVersions are the received versions not known here. The version of this
// office's own record made from its card (self) is not news: the office wrote the card
// (older offices send it back; it is not a version written in this office's name).
func freshVersions(vs []version, loc *local, self string) []version {
	var fresh []version
	for _, v := range vs {
		if v.meta.HLC == CardHLC(self) && v.meta.By == self {
			continue
		}
		if _, ok := loc.versions[v.meta.HLC]; !ok {
			fresh = append(fresh, v)
		}
	}
	return fresh
}

// union is every version known here and received, by reading (a local version wins
// over a received one of the same reading).
func union(localVersions map[string]version, received []version) map[string]version {
	all := make(map[string]version, len(localVersions)+len(received))
	for _, v := range received {
		all[v.meta.HLC] = v
	}
	for h, v := range localVersions {
		all[h] = v
	}
	return all
}

// headsOf returns the versions no other version was written over. A version naming
// itself is ignored as its own parent; if parents form a cycle, so that no version is
// a head, every version is a head (the pick is still the same everywhere).
func headsOf(all map[string]version) []version {
	superseded := map[string]bool{}
	for h, v := range all {
		for _, p := range v.meta.Parents {
			if p != h {
				superseded[p] = true
			}
		}
	}
	var heads []version
	for h, v := range all {
		if !superseded[h] {
			heads = append(heads, v)
		}
	}
	if len(heads) == 0 {
		for _, v := range all {
			heads = append(heads, v)
		}
	}
	return heads
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
