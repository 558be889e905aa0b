// Package exchange moves data between offices in bundle files carried on USB sticks:
// signed by the sender, encrypted to the recipient, verified whole before anything is
// imported, previewed, then applied in one transaction. docs/bundle-format.md describes
// the file for other implementations.
package exchange

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"time"

	"qlhoi/data"
)

// Format is the bundle format version this build writes and the newest it reads.
// Format 2 puts the signed manifest first in the archive, so that nothing is unpacked
// before the signature is checked; format 1 (manifest last) is still read.
const Format = 2

// Magic opens every bundle file, followed by the format version.
const Magic = "QLHOI-BUNDLE"

// Header is the bundle's clear-text header line: who it is from and for, so a wrong
// recipient is refused before decrypting.
type Header struct {
	Format    int       `json:"format"`
	BundleID  string    `json:"bundle_id"`
	Sender    string    `json:"sender"`
	Recipient string    `json:"recipient"`
	Seq       int64     `json:"seq"`
	Created   time.Time `json:"created"`
}

// Entry describes one file inside the bundle's archive.
type Entry struct {
	Name    string `json:"name"`
	Size    int64  `json:"size"`
	SHA256  string `json:"sha256"`
	Records int    `json:"records"`
}

// Manifest describes the whole bundle; the signature covers it and the header.
type Manifest struct {
	Format    int       `json:"format"`
	BundleID  string    `json:"bundle_id"`
	Sender    string    `json:"sender"`
	Recipient string    `json:"recipient"`
	Created   time.Time `json:"created"`
	// Seq numbers the bundles of the sender→recipient stream from 1; PrevHash is the
	// SHA-256 of the previous bundle file of the stream ("" for the first).
	Seq      int64  `json:"seq"`
	PrevHash string `json:"prev_hash"`
	// Full marks a full snapshot (everything the recipient may see).
	Full bool `json:"full"`
	// Received is what the sender has imported: the highest bundle seq from each office.
	Received map[string]int64 `json:"received"`
	// Counts is the number of records per kind.
	Counts  map[data.Kind]int `json:"counts"`
	Entries []Entry           `json:"entries"`
}

// Line is one record in a records/NNNNNN.jsonl entry: its kind and every version. On
// disk it is one text line: the kind, then each version as a compact JSON object, all
// separated by tabs (compact JSON never holds a raw tab or newline).
type Line struct {
	Kind     data.Kind
	Versions []json.RawMessage
}

// encode writes the line without its newline.
func (l Line) encode(buf *bytes.Buffer) {
	buf.WriteString(string(l.Kind))
	for _, v := range l.Versions {
		buf.WriteByte('\t')
		buf.Write(v)
	}
}

// decodeLine splits a line into kind and versions, checking the kind is known and
// each version is a JSON object. The versions alias b.
func decodeLine(b []byte) (Line, error) {
	parts := bytes.Split(b, []byte{'\t'})
	if len(parts) < 2 {
		return Line{}, ErrMalformed
	}
	l := Line{Kind: data.Kind(parts[0])}
	known := false
	for _, k := range data.Kinds {
		known = known || k == l.Kind
	}
	if !known {
		return Line{}, ErrMalformed
	}
	for _, p := range parts[1:] {
		if len(p) < 2 || p[0] != '{' || p[len(p)-1] != '}' {
			return Line{}, ErrMalformed
		}
		l.Versions = append(l.Versions, json.RawMessage(p))
	}
	return l, nil
}

// Limits bound what a reader accepts, against damaged or hostile files.
type Limits struct {
	Entries    int   // files in the archive
	EntrySize  int64 // unpacked bytes of one file
	Unpacked   int64 // unpacked bytes of all files
	RecordSize int64 // bytes of one record line
}

// DefaultLimits are generous for real bundles (millions of records) and stop bombs.
var DefaultLimits = Limits{Entries: 1000, EntrySize: 64 << 20, Unpacked: 256 << 20, RecordSize: 16 << 20}

// recordsPerEntry is how many records an export puts in one entry; it bounds the
// memory an export uses.
const recordsPerEntry = 2000

// signedDigest is what the signature signs: the format, the header line and the
// manifest.
func signedDigest(format int, headerLine, manifest []byte) []byte {
	h := sha256.New()
	fmt.Fprintf(h, "qlhoi-bundle-v%d\n", format)
	h.Write(headerLine)
	h.Write(manifest)
	return h.Sum(nil)
}
