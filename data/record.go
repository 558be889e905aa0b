package data

import (
	"time"

	"github.com/google/uuid"
)

// Kind names a type of record; it is also the record's table name.
type Kind string

// The kinds of record qlhoi keeps.
const (
	KindOffice         Kind = "offices"
	KindAgency         Kind = "agencies"
	KindAssociation    Kind = "associations"
	KindEvent          Kind = "association_events"
	KindLeader         Kind = "leaders"
	KindYearlyFigure   Kind = "yearly_figures"
	KindInspection     Kind = "inspections"
	KindDirective      Kind = "directives"
	KindTask           Kind = "tasks"
	KindProgress       Kind = "progress_updates"
	KindIssuedDocument Kind = "issued_documents"
)

// Meta is what every record carries: identity, owner, times, version and tombstone.
type Meta struct {
	ID string `json:"id"`
	// Office is the code of the office that owns the record.
	Office    string    `json:"office"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// Version counts the writes to the record, starting at 1.
	Version int64 `json:"version"`
	// Deleted is the tombstone: deleted records stay, hidden, with their history.
	Deleted bool `json:"deleted,omitempty"`
	// HLC identifies this version across offices: a hybrid logical clock reading of
	// the write (see clock.go). By is the office that wrote it; Parents are the
	// versions it was written over. Together they let offices that exchange bundles
	// agree on one winner whatever order the bundles arrive in.
	HLC     string   `json:"hlc,omitempty"`
	By      string   `json:"by,omitempty"`
	Parents []string `json:"parents,omitempty"`
}

// RecordMeta returns the metadata the record carries.
func (m *Meta) RecordMeta() *Meta { return m }

func (m *Meta) sealed() {}

// Record is any stored record. Only types of this package implement it (sealed: the
// store and the merge rely on the kinds registry knowing every one).
type Record interface {
	Kind() Kind
	Validate() error
	RecordMeta() *Meta
	// Columns are the values copied out of the record into indexed SQL columns.
	Columns() []Column
	// Clean normalises the record's text before it is validated and stored.
	Clean()
	sealed()
}

// Column is one value of a record copied into an indexed SQL column of its table.
type Column struct {
	Name  string
	Value any
}

// NewID returns a new time-ordered record identifier (UUID v7).
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

// OfficeID is the record id of the office with a code (a name-based UUID, the same in
// every database).
func OfficeID(code string) string {
	return uuid.NewSHA1(uuid.NameSpaceOID, []byte("qlhoi:office:"+code)).String()
}

// MetaOf returns the metadata of any record.
func MetaOf(r Record) *Meta { return r.RecordMeta() }

// Check normalises a record's text (NFC, collapsed whitespace, decision numbers without
// stray spaces) and validates it, as the store does before every write. Forms call it
// to show messages before saving.
func Check(r Record) error {
	r.Clean()
	return ValidateRecord(r)
}
