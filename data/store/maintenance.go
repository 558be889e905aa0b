package store

import (
	"context"
	"fmt"
	"sort"

	"qlhoi/data"
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

// Counts returns how many live records of each kind the database holds.
func (s *Store) Counts(ctx context.Context) (map[data.Kind]int, error) {
	out := map[data.Kind]int{}
	for _, k := range data.Kinds {
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
