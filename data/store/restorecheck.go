package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"qlhoi/data"
)

// schemaObject is one row of sqlite_schema.
type schemaObject struct{ Type, Name, Table, SQL string }

// expectedSchemas caches, per schema version, what migrations 1..v make.
var expectedSchemas sync.Map

// expectedSchema is the schema of version v, made by running migrations 1..v on a
// database in memory.
func expectedSchema(ctx context.Context, v int) ([]schemaObject, error) {
	if got, ok := expectedSchemas.Load(v); ok {
		return got.([]schemaObject), nil
	}
	names, err := migrationNames()
	if err != nil || v < 1 || v > len(names) {
		return nil, fmt.Errorf("store: no schema %d", v)
	}
	db, err := sql.Open("sqlite", "file::memory:")
	if err != nil {
		return nil, fmt.Errorf("store: schema %d: %w", v, err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // one connection: one memory database
	for _, n := range names[:v] {
		body, err := migrationFiles.ReadFile("migrations/" + n)
		if err != nil {
			return nil, fmt.Errorf("store: schema %d: %w", v, err)
		}
		if _, err := db.ExecContext(ctx, string(body)); err != nil {
			return nil, fmt.Errorf("store: schema %d: %w", v, err)
		}
	}
	objs, err := readSchema(ctx, db)
	if err != nil {
		return nil, err
	}
	expectedSchemas.Store(v, objs)
	return objs, nil
}

// readSchema lists a database's schema objects, sorted. SQLite's statistics tables
// (sqlite_stat1…, written by ANALYZE or PRAGMA optimize) hold only planner hints and
// are left out.
func readSchema(ctx context.Context, q querier) ([]schemaObject, error) {
	rows, err := q.QueryContext(ctx, "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema WHERE name NOT LIKE 'sqlite_stat%'")
	if err != nil {
		return nil, fmt.Errorf("store: schema: %w", err)
	}
	defer rows.Close()
	var out []schemaObject
	for rows.Next() {
		var o schemaObject
		if err := rows.Scan(&o.Type, &o.Name, &o.Table, &o.SQL); err != nil {
			return nil, fmt.Errorf("store: schema: %w", err)
		}
		out = append(out, o)
	}
	slices.SortFunc(out, func(a, b schemaObject) int { return strings.Compare(a.Type+"\x00"+a.Name, b.Type+"\x00"+b.Name) })
	return out, rows.Err()
}

// checkBackupSchema refuses a file that is not exactly one of our schemas. It opens the
// file read-only and only reads its header and schema.
func checkBackupSchema(ctx context.Context, path string) error {
	bad := func(err error) error {
		return &data.Error{Code: ErrBadBackup.Code, Message: ErrBadBackup.Message, Err: err}
	}
	db, err := sql.Open("sqlite", SQLiteURI(path, "mode=ro", "_pragma=query_only(1)", "_pragma=trusted_schema(0)"))
	if err != nil {
		return bad(err)
	}
	defer db.Close()
	var v int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return bad(err)
	}
	if v > Migrations() {
		return &data.Error{Code: ErrSchemaNewer.Code, Message: ErrSchemaNewer.Message, Err: fmt.Errorf("schema %d", v)}
	}
	want, err := expectedSchema(ctx, v)
	if err != nil {
		return bad(err)
	}
	got, err := readSchema(ctx, db)
	if err != nil {
		return bad(err)
	}
	if !slices.Equal(got, want) {
		return bad(fmt.Errorf("schema %d differs: %s", v, schemaDiff(got, want)))
	}
	return nil
}

// schemaDiff names the first objects that differ (for the log).
func schemaDiff(got, want []schemaObject) string {
	var d []string
	for _, o := range got {
		if !slices.Contains(want, o) {
			d = append(d, "unexpected "+o.Type+" "+strconv.Quote(o.Name))
		}
	}
	for _, o := range want {
		if !slices.Contains(got, o) {
			d = append(d, "missing "+o.Type+" "+strconv.Quote(o.Name))
		}
	}
	return strings.Join(d[:min(len(d), 5)], ", ")
}
