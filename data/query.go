package data

import (
	"context"
	"fmt"
	"strings"
)

// AssociationFilter selects associations. Zero fields do not filter.
type AssociationFilter struct {
	// Query matches the name and short name, with or without diacritics ("d" finds
	// "đ"); every word must match. Names matching with the exact accents come first.
	Query  string
	Scope  Scope
	Area   string
	Field  string
	Status Status
	// Assigned filters on "assigned tasks by the Party and State": "yes" or "no".
	Assigned string
	// TermEndsBy keeps associations whose term ends on or before this day.
	TermEndsBy Date
	// Offset and Limit page the result (Limit 0: no limit).
	Offset, Limit int
}

func (f AssociationFilter) where() (string, []any) {
	conds := []string{"deleted = 0"}
	var args []any
	for _, w := range strings.Fields(Fold(f.Query)) {
		conds = append(conds, `name_fold LIKE ? ESCAPE '\'`)
		args = append(args, "%"+escapeLike(w)+"%")
	}
	for _, c := range []struct{ col, v string }{{"scope", string(f.Scope)}, {"area", f.Area}, {"field", f.Field}, {"status", string(f.Status)}} {
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
func (s *Store) FindAssociations(ctx context.Context, f AssociationFilter) ([]*Association, int, error) {
	where, args := f.where()
	var total int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM associations WHERE "+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count associations: %w", err)
	}
	order := "sort_key, id"
	if q := Lower(f.Query); q != "" {
		order = "instr(name_lower, ?) = 0, " + order
		args = append(args, q)
	}
	q := "SELECT body FROM associations WHERE " + where + " ORDER BY " + order
	if f.Limit > 0 {
		q += " LIMIT ? OFFSET ?"
		args = append(args, f.Limit, f.Offset)
	}
	list, err := queryRecords[Association](ctx, s.db, q, args...)
	return list, total, err
}

// Fields lists the distinct fields of live associations, in Vietnamese order.
func (s *Store) Fields(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT DISTINCT field FROM associations WHERE deleted = 0 AND field <> ''")
	if err != nil {
		return nil, fmt.Errorf("store: fields: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var f string
		if err := rows.Scan(&f); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	SortVietnamese(out, func(s string) string { return s })
	return out, rows.Err()
}

// Agencies returns the live agencies in Vietnamese alphabetical order.
func (s *Store) Agencies(ctx context.Context) ([]*Agency, error) {
	return queryRecords[Agency](ctx, s.db, "SELECT body FROM agencies WHERE deleted = 0 ORDER BY sort_key, id")
}

// Offices returns the live offices ordered by code.
func (s *Store) Offices(ctx context.Context) ([]*Office, error) {
	return queryRecords[Office](ctx, s.db, "SELECT body FROM offices WHERE deleted = 0 ORDER BY code")
}

// Directives returns the live directives, newest first.
func (s *Store) Directives(ctx context.Context) ([]*Directive, error) {
	return queryRecords[Directive](ctx, s.db, "SELECT body FROM directives WHERE deleted = 0 ORDER BY date DESC, id")
}

// TaskFilter selects tasks. Zero fields do not filter.
type TaskFilter struct {
	Directive string
	Lead      string
	// Status keeps tasks with this computed status on the report day.
	Status TaskStatus
	// Overdue keeps tasks past due and not completed; DueSoon those due within
	// DueSoonDays (default 7) of the report day.
	Overdue     bool
	DueSoon     bool
	DueSoonDays int
	// DueFrom and DueTo bound the due day.
	DueFrom, DueTo Date
	// On is the report day (default: today by the store's clock).
	On            Date
	Offset, Limit int
}

// FindTasks returns the tasks the filter selects, by due day (undated last), and how
// many there are in all. SQL narrows by the stored deadline; the computed status is
// then applied, so periodic tasks (whose due day moves) are judged correctly.
func (s *Store) FindTasks(ctx context.Context, f TaskFilter) ([]*Task, int, error) {
	if f.On.IsZero() {
		f.On = s.Today()
	}
	if f.DueSoonDays <= 0 {
		f.DueSoonDays = DefaultDueSoonDays
	}
	conds := []string{"deleted = 0"}
	var args []any
	if f.Directive != "" {
		conds = append(conds, "directive = ?")
		args = append(args, f.Directive)
	}
	if f.Lead != "" {
		conds = append(conds, "lead = ?")
		args = append(args, f.Lead)
	}
	on := f.On.ISO()
	// One-off tasks can be narrowed in SQL; periodic ones always go to the Go check.
	switch {
	case f.Overdue || f.Status == Overdue:
		conds = append(conds, "(cycle <> '' OR (deadline <> '' AND deadline < ? AND (completed_on = '' OR completed_on > ?)))")
		args = append(args, on, on)
	case f.DueSoon:
		conds = append(conds, "(cycle <> '' OR (deadline >= ? AND deadline <= ? AND (completed_on = '' OR completed_on > ?)))")
		args = append(args, on, f.On.AddDays(f.DueSoonDays).ISO(), on)
	}
	if !f.DueFrom.IsZero() {
		conds = append(conds, "(cycle <> '' OR deadline >= ?)")
		args = append(args, f.DueFrom.ISO())
	}
	if !f.DueTo.IsZero() {
		conds = append(conds, "(cycle <> '' OR (deadline <> '' AND deadline <= ?))")
		args = append(args, f.DueTo.ISO())
	}
	q := "SELECT body FROM tasks WHERE " + strings.Join(conds, " AND ") + " ORDER BY deadline = '', deadline, id"
	all, err := queryRecords[Task](ctx, s.db, q, args...)
	if err != nil {
		return nil, 0, err
	}
	kept := all[:0]
	for _, t := range all {
		switch {
		case f.Overdue && t.StatusOn(f.On) != Overdue:
		case f.Status != "" && t.StatusOn(f.On) != f.Status:
		case f.DueSoon && !t.DueSoon(f.On, f.DueSoonDays):
		case t.Cycle != CycleOnce && !f.DueFrom.IsZero() && t.DueOn(f.On).Before(f.DueFrom):
		case t.Cycle != CycleOnce && !f.DueTo.IsZero() && t.DueOn(f.On).After(f.DueTo):
		default:
			kept = append(kept, t)
		}
	}
	total := len(kept)
	if f.Offset > 0 {
		if f.Offset >= len(kept) {
			kept = nil
		} else {
			kept = kept[f.Offset:]
		}
	}
	if f.Limit > 0 && len(kept) > f.Limit {
		kept = kept[:f.Limit]
	}
	return kept, total, nil
}

// SortVietnamese sorts items by the Vietnamese alphabetical order of key(item).
func SortVietnamese[T any](items []T, key func(T) string) {
	keys := make(map[string][]byte, len(items))
	for _, it := range items {
		k := key(it)
		if _, ok := keys[k]; !ok {
			keys[k] = SortKey(k)
		}
	}
	sortSlice(items, func(a, b T) bool { return string(keys[key(a)]) < string(keys[key(b)]) })
}
