package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"qlhoi/data"
)

// AssociationFilter selects associations. Zero fields do not filter.
type AssociationFilter struct {
	// Query matches the name and short name, with or without diacritics ("d" finds
	// "đ"); every word must match. Names matching with the exact accents come first.
	Query  string
	Scope  data.Scope
	Area   string
	Field  string
	Status data.Status
	// Assigned filters on "assigned tasks by the Party and State": "yes" or "no".
	Assigned string
	// TermEndsBy keeps associations whose term ends on or before this day.
	TermEndsBy data.Date
	// ID keeps only that association: whether the filter selects it.
	ID string
	// Offset and Limit page the result (Limit 0: no limit).
	Offset, Limit int
}

func (f AssociationFilter) where() (string, []any) {
	conds := []string{"deleted = 0"}
	var args []any
	for _, w := range strings.Fields(data.Fold(f.Query)) {
		conds = append(conds, `name_fold LIKE ? ESCAPE '\'`)
		args = append(args, "%"+escapeLike(w)+"%")
	}
	for _, c := range []struct{ col, v string }{{"id", f.ID}, {"scope", string(f.Scope)}, {"area", f.Area}, {"field", f.Field}, {"status", string(f.Status)}} {
		if c.v != "" {
			conds = append(conds, c.col+" = ?")
			args = append(args, c.v)
		}
	}
	switch f.Assigned {
	case "yes":
		conds = append(conds, "assigned = 1")
	case "no":
		conds = append(conds, "assigned = 0")
	}
	if !f.TermEndsBy.IsZero() {
		conds = append(conds, "term_end <> '' AND term_end <= ?")
		args = append(args, f.TermEndsBy.ISO())
	}
	return strings.Join(conds, " AND "), args
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// FindAssociations returns one page of the associations the filter selects, in
// Vietnamese alphabetical order (exact-accent matches of a query first), and how many
// there are in all.
func (s *Store) FindAssociations(ctx context.Context, f AssociationFilter) ([]*data.Association, int, error) {
	where, args := f.where()
	var total int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM associations WHERE "+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count associations: %w", err)
	}
	order := "sort_key, id"
	if q := data.Lower(f.Query); q != "" {
		order = "instr(name_lower, ?) = 0, " + order
		args = append(args, q)
	}
	q := "SELECT body FROM associations WHERE " + where + " ORDER BY " + order
	if f.Limit > 0 {
		q += " LIMIT ? OFFSET ?"
		args = append(args, f.Limit, f.Offset)
	}
	list, err := queryRecords[data.Association](ctx, s.db, q, args...)
	return list, total, err
}

// Fields lists the distinct fields of live associations, in Vietnamese order.
func (s *Store) Fields(ctx context.Context) ([]string, error) {
	out, err := scanAll(ctx, s.db, "fields", scanOne[string], "SELECT DISTINCT field FROM associations WHERE deleted = 0 AND field <> ''")
	SortVietnamese(out, func(s string) string { return s })
	return out, err
}

// TermEndingBy is the last day of the "term ending soon" window — today plus the
// months set in Settings — and the months; the overview and the association filter
// use the same window.
func (s *Store) TermEndingBy(ctx context.Context) (data.Date, int) {
	months := s.IntSetting(ctx, SettingTermMonths, DefaultTermMonths)
	return s.Today().AddMonths(months), months
}

// DefaultTermMonths is the default "term ending soon" window.
const DefaultTermMonths = 6

// Agencies returns the live agencies in Vietnamese alphabetical order.
func (s *Store) Agencies(ctx context.Context) ([]*data.Agency, error) {
	return queryRecords[data.Agency](ctx, s.db, "SELECT body FROM agencies WHERE deleted = 0 ORDER BY sort_key, id")
}

// Offices returns the live offices ordered by code.
func (s *Store) Offices(ctx context.Context) ([]*data.Office, error) {
	return queryRecords[data.Office](ctx, s.db, "SELECT body FROM offices WHERE deleted = 0 ORDER BY code")
}

// Directives returns the live directives, newest first.
func (s *Store) Directives(ctx context.Context) ([]*data.Directive, error) {
	return queryRecords[data.Directive](ctx, s.db, "SELECT body FROM directives WHERE deleted = 0 ORDER BY date DESC, id")
}

// TaskFilter selects tasks. Zero fields do not filter.
type TaskFilter struct {
	Directive string
	Lead      string
	// Status keeps tasks with this computed status on the report day.
	Status data.TaskStatus
	// Overdue keeps tasks past due and not completed; DueSoon those due within
	// DueSoonDays (default 7) of the report day.
	Overdue     bool
	DueSoon     bool
	DueSoonDays int
	// Open keeps tasks not completed on the report day (periodic tasks not done for
	// their current period).
	Open bool
	// CompletedFrom keeps one-off tasks completed between this day and the report day
	// (the overview's "done this year").
	CompletedFrom data.Date
	// DueFrom and DueTo bound the due day.
	DueFrom, DueTo data.Date
	// On is the report day (default: today by the store's clock).
	On            data.Date
	Offset, Limit int
}

// taskStatusSQL computes a one-off task's status on the day :on, exactly as
// Task.StatusOn does (a test holds the two together). Periodic tasks get ”.
const taskStatusSQL = `CASE
	WHEN cycle <> '' THEN ''
	WHEN completed_on <> '' AND completed_on <= :on THEN
		CASE WHEN deadline = '' OR completed_on <= deadline THEN 'hoan_thanh_dung_han' ELSE 'hoan_thanh_qua_han' END
	WHEN deadline <> '' AND deadline < :on THEN 'qua_han_chua_hoan_thanh'
	WHEN percent > 0 OR (last_report <> '' AND last_report <= :on) THEN 'dang_thuc_hien_trong_han'
	ELSE 'chua_den_han' END`

// FindTasks returns one page of the tasks the filter selects and how many there are in
// all. Periodic tasks come first (their due day moves, so Go computes their status),
// then one-off tasks by deadline, undated last; SQL computes and filters those.
func (s *Store) FindTasks(ctx context.Context, f TaskFilter) ([]*data.Task, int, error) {
	if f.On.IsZero() {
		f.On = s.Today()
	}
	if f.DueSoonDays <= 0 {
		f.DueSoonDays = data.DefaultDueSoonDays
	}
	conds := []string{"deleted = 0"}
	args := []any{sql.Named("on", f.On.ISO())}
	if f.Directive != "" {
		conds = append(conds, "directive = :directive")
		args = append(args, sql.Named("directive", f.Directive))
	}
	if f.Lead != "" {
		conds = append(conds, "lead = :lead")
		args = append(args, sql.Named("lead", f.Lead))
	}
	base := strings.Join(conds, " AND ")

	kept, err := s.periodicTasks(ctx, f, base, args)
	if err != nil {
		return nil, 0, err
	}
	one, args, status := oneOffConditions(f, base, args)
	where := strings.Join(one, " AND ")
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM tasks WHERE "+where, args...).Scan(&n); err != nil {
		return nil, 0, fmt.Errorf("store: count tasks: %w", err)
	}
	total := len(kept) + n

	// Page across the two parts.
	if f.Offset >= len(kept) {
		f.Offset -= len(kept)
		kept = nil
	} else {
		kept = kept[f.Offset:]
		f.Offset = 0
	}
	if f.Limit > 0 && len(kept) >= f.Limit {
		return kept[:f.Limit], total, nil
	}
	order := "deadline = '', deadline, id"
	if status == data.Overdue || f.DueSoon || !f.DueTo.IsZero() {
		order = "deadline, id" // all dated: the range index gives this order
	}
	q := "SELECT body FROM tasks WHERE " + where + " ORDER BY " + order
	if f.Limit > 0 {
		q += " LIMIT :limit OFFSET :offset"
		args = append(args, sql.Named("limit", f.Limit-len(kept)), sql.Named("offset", f.Offset))
	} else if f.Offset > 0 {
		q += " LIMIT -1 OFFSET :offset"
		args = append(args, sql.Named("offset", f.Offset))
	}
	rest, err := queryRecords[data.Task](ctx, s.db, q, args...)
	if err != nil {
		return nil, 0, err
	}
	return append(kept, rest...), total, nil
}

// periodicTasks are the periodic tasks under base the filter keeps: few, and judged
// in Go (their due day moves).
func (s *Store) periodicTasks(ctx context.Context, f TaskFilter, base string, args []any) ([]*data.Task, error) {
	periodic, err := queryRecords[data.Task](ctx, s.db, "SELECT body FROM tasks WHERE "+base+" AND cycle <> '' ORDER BY id", args...)
	if err != nil {
		return nil, err
	}
	kept := periodic[:0]
	for _, t := range periodic {
		due := t.DueOn(f.On)
		switch {
		case f.Overdue && t.StatusOn(f.On) != data.Overdue:
		case f.Status != "" && t.StatusOn(f.On) != f.Status:
		case f.DueSoon && !t.DueSoon(f.On, f.DueSoonDays):
		case f.Open && t.StatusOn(f.On).Done():
		case !f.CompletedFrom.IsZero(): // periodic tasks have no completion day
		case !f.DueFrom.IsZero() && due.Before(f.DueFrom):
		case !f.DueTo.IsZero() && due.After(f.DueTo):
		default:
			kept = append(kept, t)
		}
	}

	return kept, nil
}

// oneOffConditions are the SQL conditions (with their arguments) by which the filter
// selects one-off tasks, and the status it asks for.
func oneOffConditions(f TaskFilter, base string, args []any) ([]string, []any, data.TaskStatus) {
	one := []string{base, "cycle = ''"}
	status := f.Status
	if f.Overdue {
		status = data.Overdue
	}
	switch status {
	case "":
	case data.Overdue: // the same as the CASE, but a range the index serves
		one = append(one, "deadline <> '' AND deadline < :on AND (completed_on = '' OR completed_on > :on)")
	default:
		one = append(one, taskStatusSQL+" = :status")
		args = append(args, sql.Named("status", string(status)))
	}
	if f.DueSoon {
		one = append(one, "(completed_on = '' OR completed_on > :on) AND deadline >= :on AND deadline <= :soon")
		args = append(args, sql.Named("soon", f.On.AddDays(f.DueSoonDays).ISO()))
	}
	if f.Open {
		one = append(one, "(completed_on = '' OR completed_on > :on)")
	}
	if !f.CompletedFrom.IsZero() {
		one = append(one, "completed_on >= :done_from AND completed_on <= :on")
		args = append(args, sql.Named("done_from", f.CompletedFrom.ISO()))
	}
	if !f.DueFrom.IsZero() {
		one = append(one, "deadline >= :from")
		args = append(args, sql.Named("from", f.DueFrom.ISO()))
	}
	if !f.DueTo.IsZero() {
		one = append(one, "deadline <> '' AND deadline <= :to")
		args = append(args, sql.Named("to", f.DueTo.ISO()))
	}
	return one, args, status
}

// TaskCount is how many tasks of one lead agency have one status.
type TaskCount struct {
	Lead   string
	Status data.TaskStatus
	N      int
	// DueSoon counts those of them due within the due-soon window; DoneThisYear those
	// completed between 01/01 and the count's day.
	DueSoon      int
	DoneThisYear int
}

// CountTasks counts the live tasks by lead agency and computed status on day on,
// without loading the one-off tasks: the overview's figures.
func (s *Store) CountTasks(ctx context.Context, on data.Date, dueSoonDays int) ([]TaskCount, error) {
	type key struct {
		lead   string
		status data.TaskStatus
	}
	counts := map[key]*TaskCount{}
	add := func(lead string, st data.TaskStatus, n, soon, done int) {
		k := key{lead, st}
		c := counts[k]
		if c == nil {
			c = &TaskCount{Lead: lead, Status: st}
			counts[k] = c
		}
		c.N += n
		c.DueSoon += soon
		c.DoneThisYear += done
	}
	periodic, err := queryRecords[data.Task](ctx, s.db, "SELECT body FROM tasks WHERE deleted = 0 AND cycle <> ''")
	if err != nil {
		return nil, err
	}
	for _, t := range periodic {
		soon := 0
		if t.DueSoon(on, dueSoonDays) {
			soon = 1
		}
		add(t.Lead, t.StatusOn(on), 1, soon, 0)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT lead, `+taskStatusSQL+` AS st, count(*),
		sum((completed_on = '' OR completed_on > :on) AND deadline >= :on AND deadline <= :soon),
		sum(completed_on >= :year AND completed_on <= :on)
		FROM tasks WHERE deleted = 0 AND cycle = '' GROUP BY lead, st`,
		sql.Named("on", on.ISO()), sql.Named("soon", on.AddDays(dueSoonDays).ISO()),
		sql.Named("year", data.NewDate(on.Year(), 1, 1).ISO()))
	if err != nil {
		return nil, fmt.Errorf("store: count tasks: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var lead, st string
		var n, soon, done int
		if err := rows.Scan(&lead, &st, &n, &soon, &done); err != nil {
			return nil, fmt.Errorf("store: count tasks: %w", err)
		}
		add(lead, data.TaskStatus(st), n, soon, done)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]TaskCount, 0, len(counts))
	for _, c := range counts {
		out = append(out, *c)
	}
	sortSlice(out, func(a, b TaskCount) bool {
		if a.Lead != b.Lead {
			return a.Lead < b.Lead
		}
		return a.Status < b.Status
	})
	return out, nil
}

// SortVietnamese sorts items by the Vietnamese alphabetical order of key(item).
func SortVietnamese[T any](items []T, key func(T) string) {
	keys := make(map[string][]byte, len(items))
	for _, it := range items {
		k := key(it)
		if _, ok := keys[k]; !ok {
			keys[k] = data.SortKey(k)
		}
	}
	sortSlice(items, func(a, b T) bool { return string(keys[key(a)]) < string(keys[key(b)]) })
}

// ScopeFieldCount counts the active associations of one scope and field.
type ScopeFieldCount struct {
	Scope    data.Scope
	Field    string
	N        int
	Assigned int // of which assigned tasks by the Party and State
}

// AssociationStats counts active associations by scope and field, fields in Vietnamese
// order within each scope.
func (s *Store) AssociationStats(ctx context.Context) ([]ScopeFieldCount, error) {
	out, err := scanAll(ctx, s.db, "association stats", func(rows *sql.Rows) (c ScopeFieldCount, err error) {
		err = rows.Scan(&c.Scope, &c.Field, &c.N, &c.Assigned)
		return c, err
	}, `SELECT scope, field, count(*), sum(assigned) FROM associations
		WHERE deleted = 0 AND status = ? GROUP BY scope, field`, string(data.StatusActive))
	if err != nil {
		return nil, err
	}
	SortVietnamese(out, func(c ScopeFieldCount) string { return c.Field })
	rank := map[data.Scope]int{data.ScopeProvince: 0, data.ScopeDistrict: 1, data.ScopeCommune: 2}
	sortSlice(out, func(a, b ScopeFieldCount) bool { return rank[a.Scope] < rank[b.Scope] })
	return out, nil
}

// YearsWithFigures maps each association id to the years it has figures for.
func (s *Store) YearsWithFigures(ctx context.Context) (map[string][]int, error) {
	out := map[string][]int{}
	err := eachRow(ctx, s.db, "figure years", func(rows *sql.Rows) error {
		var id string
		var y int
		err := rows.Scan(&id, &y)
		out[id] = append(out[id], y)
		return err
	}, "SELECT association, year FROM yearly_figures WHERE deleted = 0")
	return out, err
}

// HasFigures says whether any association has figures for the year.
func (s *Store) HasFigures(ctx context.Context, year int) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT EXISTS(SELECT 1 FROM yearly_figures WHERE deleted = 0 AND year = ?)", year).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: figure years: %w", err)
	}
	return n == 1, nil
}

// OwnerOf is the office that owns a record ("" if there is none here).
func (s *Store) OwnerOf(ctx context.Context, kind data.Kind, id string) (string, error) {
	if _, ok := data.Info(kind); !ok {
		return "", fmt.Errorf("store: unknown kind %s", kind)
	}
	var office string
	err := s.db.QueryRowContext(ctx, "SELECT office FROM "+string(kind)+" WHERE id = ?", id).Scan(&office)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: owner of %s: %w", id, err)
	}
	return office, nil
}
