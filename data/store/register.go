package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"qlhoi/data"
)

// StateSeries is the numbering sequence of a State issuing body: one per calendar year
// (from 01 on 01/01 to 31/12).
func StateSeries(office string, year int) string {
	return "state:" + office + ":" + strconv.Itoa(year)
}

// PartySeries is the numbering sequence of a Party body: one per document type per
// Party committee term (the term is named by the day it began).
func PartySeries(office, typeCode string, termStart data.Date) string {
	return "party:" + office + ":" + typeCode + ":" + termStart.ISO()
}

// NextNumber is the number the next document of a series will take.
func (s *Store) NextNumber(ctx context.Context, series string) (int, error) {
	return nextNumber(ctx, s.db, series)
}

func nextNumber(ctx context.Context, q querier, series string) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, "SELECT coalesce(max(number), 0) + 1 FROM issued_documents WHERE series = ?", series).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: next number: %w", err)
	}
	return n, nil
}

// Issue takes the next number of a series and records the issued document in one
// transaction: make receives the number, produces the document (the PDF with that
// number printed) and returns its register entry. Two clerks issuing at once get two
// different numbers; if make fails, no number is used.
func (s *Store) Issue(ctx context.Context, series string, make func(number int) (*data.IssuedDocument, error)) (*data.IssuedDocument, error) {
	var doc *data.IssuedDocument
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		n, err := nextNumber(ctx, tx, series)
		if err != nil {
			return err
		}
		if doc, err = make(n); err != nil {
			return err
		}
		doc.Series, doc.Number = series, n
		return s.createTx(ctx, tx, doc, nil)
	})
	if err != nil {
		return nil, err
	}
	return doc, nil
}

// IssuedDocuments lists the register, newest first.
func (s *Store) IssuedDocuments(ctx context.Context) ([]*data.IssuedDocument, error) {
	return queryRecords[data.IssuedDocument](ctx, s.db, "SELECT body FROM issued_documents WHERE deleted = 0 ORDER BY created_at DESC, number DESC")
}

// ErrAlreadyCancelled refuses cancelling a number twice.
var ErrAlreadyCancelled = &data.Error{Code: "ErrAlreadyCancelled", Message: "Số văn bản này đã được hủy trước đây."}

// CancelIssued marks a wrongly issued number cancelled ("hủy"), with the reason; the
// entry stays in the register and the number is never reused.
func (s *Store) CancelIssued(ctx context.Context, id, note string) (*data.IssuedDocument, error) {
	var doc *data.IssuedDocument
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		d, err := liveTx[data.IssuedDocument](ctx, s, tx, id)
		if err != nil {
			return err
		}
		if d.Cancelled {
			return ErrAlreadyCancelled
		}
		d.Cancelled, d.CancelNote = true, note
		doc = d
		return s.replaceTx(ctx, tx, d, "update", nil)
	})
	return doc, err
}

// ErrSignNotIssued refuses signing a file that is not, byte for byte, an issued
// document of the register as it stands (issued, or as last signed).
var ErrSignNotIssued = &data.Error{Code: "ErrSignNotIssued", Message: "Tệp này không khớp với văn bản nào trong sổ văn bản đi (chưa cấp số, hoặc đã bị sửa sau khi cấp số hay sau lần ký trước). Chỉ ký đúng tệp PDF được tạo khi cấp số."}

// ErrSignCancelled refuses signing a document whose number was cancelled.
var ErrSignCancelled = &data.Error{Code: "ErrSignCancelled", Message: "Số văn bản này đã bị hủy; không ký văn bản đã hủy số."}

// IssuedToSign returns the register entry whose file, as it stands now, has the
// SHA-256 sum (hex): the file issued, or its last signed version.
func (s *Store) IssuedToSign(ctx context.Context, sum string) (*data.IssuedDocument, error) {
	docs, err := s.IssuedDocuments(ctx)
	if err != nil {
		return nil, err
	}
	for _, d := range docs {
		if strings.EqualFold(d.CurrentSHA256(), sum) {
			if d.Cancelled {
				return nil, ErrSignCancelled
			}
			return d, nil
		}
	}
	return nil, ErrSignNotIssued
}

// RecordSignature adds a digital signature to an issued document's entry; the file's
// hash must still be the one signed from (from), else another signature came first.
func (s *Store) RecordSignature(ctx context.Context, id, from string, sig data.DigitalSignature) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		d, err := liveTx[data.IssuedDocument](ctx, s, tx, id)
		if err != nil {
			return err
		}
		if !strings.EqualFold(d.CurrentSHA256(), from) {
			return ErrSignNotIssued
		}
		d.Signatures = append(d.Signatures, sig)
		return s.replaceTx(ctx, tx, d, "update", nil)
	})
}
