package exchange

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"filippo.io/age"

	"qlhoi/data"
	"qlhoi/data/store"
)

// ExportResult is a written bundle.
type ExportResult struct {
	Path     string
	Hash     string // SHA-256 of the file: the bundle's fingerprint on the handover slip
	Manifest Manifest
}

// ErrCannotWrite is returned when the bundle cannot be written (USB stick full or
// read-only).
var ErrCannotWrite = &data.Error{Code: "ErrCannotWrite", Message: "Không ghi được gói dữ liệu vào thư mục đã chọn. Hãy kiểm tra USB còn chỗ trống, không bị khóa ghi, rồi thử lại."}

// Export writes one bundle for the recipient office into dir: everything it has not
// yet acknowledged and may see, or with full a snapshot of everything it may see. It
// streams: memory does not grow with the bundle.
func Export(ctx context.Context, s *store.Store, to, dir string, full bool) (*ExportResult, error) {
	return write(ctx, s, to, dir, full, nil)
}

// write writes a bundle; source, if not nil, supplies the records instead of the
// store's changes (tests use it to craft bundles). The records are spooled first, so
// that the signed manifest can come first in the archive: a reader checks the signature
// before it unpacks a single record (format 2).
func write(ctx context.Context, s *store.Store, to, dir string, full bool, source func(emit func(Line) error) error) (*ExportResult, error) {
	pl, err := planExport(ctx, s, to, full)
	if err != nil {
		return nil, err
	}
	if source == nil {
		source = func(emit func(Line) error) error {
			return s.EachChanged(ctx, pl.watermark, pl.high, func(kind data.Kind, owner string, versions []json.RawMessage) error {
				ok, err := pl.travels(ctx, s, kind, owner, versions)
				if err != nil || !ok {
					return err
				}
				if kind == data.KindOffice {
					if versions = store.WithoutCardOf(to, versions); len(versions) == 0 {
						return nil
					}
				}
				return emit(Line{Kind: kind, Versions: versions})
			})
		}
	}
	sp, err := spoolRecords(filepath.Dir(s.Path()), &pl.man, source)
	if sp != nil {
		defer sp.remove()
	}
	if err != nil {
		return nil, err
	}
	path, hash, err := writeBundle(dir, pl, sp)
	if err != nil {
		return nil, &data.Error{Code: ErrCannotWrite.Code, Message: ErrCannotWrite.Message, Err: err}
	}
	if err := s.RecordSent(ctx, to, pl.hdr.Seq, pl.hdr.BundleID, hash, pl.high, full); err != nil {
		os.Remove(path)
		return nil, err
	}
	return &ExportResult{Path: path, Hash: hash, Manifest: pl.man}, nil
}

// exportPlan is what a bundle will be: keys, header, manifest so far, and what goes in.
type exportPlan struct {
	sign                        ed25519.PrivateKey
	recipients                  []age.Recipient
	hdr                         Header
	headerLine                  []byte
	man                         Manifest
	watermark, high             int64
	senderScope, recipientScope map[string]bool
}

// travels says whether a record goes to the recipient: it must be the sender's or
// below it (what a bundle vouches for), and the recipient's or below it, or a shared
// catalogue (directives, tasks, agencies, offices), or what an office wrote about an
// association of the recipient's scope (its inspection, an event, a leader, yearly
// figures) — so a province's inspection of a commune's association reaches the commune.
// docs/bundle-format.md says the same for people.
func (pl *exportPlan) travels(ctx context.Context, s *store.Store, kind data.Kind, owner string, versions []json.RawMessage) (bool, error) {
	if !pl.senderScope[owner] {
		return false, nil
	}
	if pl.recipientScope[owner] || data.SharedKinds[kind] {
		return true, nil
	}
	info, ok := data.Info(kind)
	if !ok || info.Parent != data.KindAssociation || len(versions) == 0 {
		return false, nil
	}
	rec, err := data.NewRecord(kind)
	if err != nil {
		return false, err
	}
	if err := json.Unmarshal(versions[len(versions)-1], rec); err != nil {
		return false, fmt.Errorf("exchange: %s: %w", kind, err)
	}
	assocOwner, err := s.OwnerOf(ctx, data.KindAssociation, info.ParentID(rec))
	if err != nil {
		return false, err
	}
	return pl.recipientScope[assocOwner], nil
}

// planExport reads the keys, the stream to the recipient and the scopes.
func planExport(ctx context.Context, s *store.Store, to string, full bool) (*exportPlan, error) {
	keys, err := s.OwnKeys(ctx)
	if err != nil {
		return nil, err
	}
	peer, err := s.TrustedOffice(ctx, to)
	if err != nil {
		return nil, err
	}
	recipient, err := age.ParseX25519Recipient(peer.AgeRecipient)
	if err != nil {
		return nil, fmt.Errorf("exchange: recipient key: %w", err)
	}
	self, err := age.ParseX25519Recipient(keys.AgeRecipient)
	if err != nil {
		return nil, fmt.Errorf("exchange: own key: %w", err)
	}
	st, err := s.StreamTo(ctx, to)
	if err != nil {
		return nil, err
	}
	pl := &exportPlan{sign: keys.SignPrivate, recipients: []age.Recipient{recipient, self}, watermark: st.Acked}
	if full {
		pl.watermark = 0
	}
	if pl.high, err = s.HighWater(ctx); err != nil {
		return nil, err
	}
	if pl.senderScope, err = s.Subtree(ctx, s.Office()); err != nil {
		return nil, err
	}
	if pl.recipientScope, err = s.Subtree(ctx, to); err != nil {
		return nil, err
	}
	received, err := s.Received(ctx)
	if err != nil {
		return nil, err
	}
	now := s.Now().UTC().Truncate(time.Second)
	pl.hdr = Header{Format: Format, BundleID: data.NewID(), Sender: s.Office(), Recipient: to, Seq: st.Seq + 1, Created: now}
	if pl.headerLine, err = json.Marshal(pl.hdr); err != nil {
		return nil, fmt.Errorf("exchange: header: %w", err)
	}
	pl.headerLine = append(pl.headerLine, '\n')
	pl.man = Manifest{Format: Format, BundleID: pl.hdr.BundleID, Sender: pl.hdr.Sender, Recipient: to, Created: now, Seq: pl.hdr.Seq,
		PrevHash: st.PrevHash, Full: full, Received: received, Counts: map[data.Kind]int{}}
	return pl, nil
}

// spool is the record entries of a bundle, written in clear to a private file (0600, in
// the data folder, removed after; a leftover of a killed run goes at the next start).
type spool struct {
	f *os.File
}

func (sp *spool) remove() {
	sp.f.Close()
	os.Remove(sp.f.Name())
}

// spoolRecords writes the records source emits, recordsPerEntry to an entry, to a spool
// and lists the entries (size, hash, lines) and counts in the manifest.
func spoolRecords(dir string, man *Manifest, source func(emit func(Line) error) error) (*spool, error) {
	f, err := os.CreateTemp(dir, ".qlhoi-export-spool-*")
	if err != nil {
		return nil, &data.Error{Code: ErrCannotWrite.Code, Message: ErrCannotWrite.Message, Err: err}
	}
	sp := &spool{f: f}
	w := bufio.NewWriterSize(f, 1<<16)
	var chunk bytes.Buffer
	n := 0
	flush := func() error {
		if n == 0 {
			return nil
		}
		sum := sha256.Sum256(chunk.Bytes())
		man.Entries = append(man.Entries, Entry{Name: fmt.Sprintf("records/%06d.jsonl", len(man.Entries)+1),
			Size: int64(chunk.Len()), SHA256: hex.EncodeToString(sum[:]), Records: n})
		_, err := w.Write(chunk.Bytes())
		chunk.Reset()
		n = 0
		return err
	}
	err = source(func(l Line) error {
		l.encode(&chunk)
		chunk.WriteByte('\n')
		man.Counts[l.Kind]++
		n++
		if n >= recordsPerEntry {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	return sp, err
}

// writeBundle writes the bundle file beside dir's other bundles: magic, header, then
// encrypted and compressed, the archive — manifest, signature, the spooled entries.
// It returns the file's path and SHA-256.
func writeBundle(dir string, pl *exportPlan, sp *spool) (string, string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", "", err
	}
	tmp, err := os.CreateTemp(dir, ".qlhoi-export-*")
	if err != nil {
		return "", "", err
	}
	defer os.Remove(tmp.Name())
	fileHash := sha256.New()
	bw := bufio.NewWriterSize(io.MultiWriter(tmp, fileHash), 1<<16)
	fmt.Fprintf(bw, "%s %d\n", Magic, Format)
	bw.Write(pl.headerLine)
	err = writeArchive(bw, pl, sp)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", "", err
	}
	path := filepath.Join(dir, fmt.Sprintf("qlhoi-%s-gui-%s-%04d.qlb", pl.hdr.Sender, pl.hdr.Recipient, pl.hdr.Seq))
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", "", err
	}
	return path, hex.EncodeToString(fileHash.Sum(nil)), nil
}

// writeArchive writes the encrypted, compressed archive: the manifest and its signature
// first, then the record entries copied from the spool.
func writeArchive(w io.Writer, pl *exportPlan, sp *spool) error {
	enc, err := age.Encrypt(w, pl.recipients...)
	if err != nil {
		return fmt.Errorf("exchange: encrypt: %w", err)
	}
	gz := gzip.NewWriter(enc)
	tw := tar.NewWriter(gz)
	now := pl.hdr.Created
	manBytes, err := json.MarshalIndent(pl.man, "", " ")
	if err == nil {
		err = writeEntry(tw, "manifest.json", manBytes, now)
	}
	if err == nil {
		sig := ed25519.Sign(pl.sign, signedDigest(Format, pl.headerLine, manBytes))
		err = writeEntry(tw, "signature", []byte(base64.StdEncoding.EncodeToString(sig)), now)
	}
	for _, e := range pl.man.Entries {
		if err != nil {
			break
		}
		if err = tw.WriteHeader(&tar.Header{Name: e.Name, Mode: 0o644, Size: e.Size, ModTime: now, Typeflag: tar.TypeReg}); err == nil {
			_, err = io.CopyN(tw, sp.f, e.Size)
		}
	}
	for _, c := range []io.Closer{tw, gz, enc} {
		if err == nil {
			err = c.Close()
		}
	}
	return err
}

func writeEntry(tw *tar.Writer, name string, b []byte, mod time.Time) error {
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(b)), ModTime: mod, Typeflag: tar.TypeReg}); err != nil {
		return err
	}
	_, err := tw.Write(b)
	return err
}
