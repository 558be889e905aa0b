package store

import (
	"context"
	"database/sql"
	"fmt"
)

// eachRow runs a query and calls row for every result row, closing the rows and
// checking their error; what names the query in errors ("store: what: …").
func eachRow(ctx context.Context, q querier, what string, row func(*sql.Rows) error, query string, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows); err != nil {
			return fmt.Errorf("store: %s: %w", what, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	return nil
}

// scanAll runs a query and returns one value per row, read by scan.
func scanAll[T any](ctx context.Context, q querier, what string, scan func(*sql.Rows) (T, error), query string, args ...any) ([]T, error) {
	var out []T
	err := eachRow(ctx, q, what, func(rows *sql.Rows) error {
		v, err := scan(rows)
		if err == nil {
			out = append(out, v)
		}
		return err
	}, query, args...)
	return out, err
}

// scanOne reads a row of one column.
func scanOne[T any](rows *sql.Rows) (T, error) {
	var v T
	err := rows.Scan(&v)
	return v, err
}
