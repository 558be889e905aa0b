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
func Export(ctx context.Context, s *data.Store, to, dir string, full bool) (*ExportResult, error) {
	return write(ctx, s, to, dir, full, nil)
}

// write writes a bundle; source, if not nil, supplies the records instead of the
// store's changes (tests use it to craft bundles).
func write(ctx context.Context, s *data.Store, to, dir string, full bool, source func(emit func(Line) error) error) (*ExportResult, error) {
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
	watermark := st.Acked
	if full {
		watermark = 0
	}
	high, err := s.HighWater(ctx)
	if err != nil {
		return nil, err
	}
	senderScope, err := s.Subtree(ctx, s.Office())
	if err != nil {
		return nil, err
	}
	recipientScope, err := s.Subtree(ctx, to)
	if err != nil {
		return nil, err
	}
	received, err := s.Received(ctx)
	if err != nil {
		return nil, err
	}

	now := s.Now().UTC().Truncate(time.Second)
	hdr := Header{Format: Format, BundleID: data.NewID(), Sender: s.Office(), Recipient: to, Seq: st.Seq + 1, Created: now}
	headerLine, err := json.Marshal(hdr)
	if err != nil {
		return nil, fmt.Errorf("exchange: header: %w", err)
	}
	headerLine = append(headerLine, '\n')

	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, &data.Error{Code: ErrCannotWrite.Code, Message: ErrCannotWrite.Message, Err: err}
	}
	tmp, err := os.CreateTemp(dir, ".qlhoi-export-*")
	if err != nil {
		return nil, &data.Error{Code: ErrCannotWrite.Code, Message: ErrCannotWrite.Message, Err: err}
	}
	defer os.Remove(tmp.Name())
	fileHash := sha256.New()
	out := io.MultiWriter(tmp, fileHash)
	bw := bufio.NewWriterSize(out, 1<<16)
	fmt.Fprintf(bw, "%s %d\n", Magic, Format)
	bw.Write(headerLine)
	enc, err := age.Encrypt(bw, recipient, self)
	if err != nil {
		tmp.Close()
		return nil, fmt.Errorf("exchange: encrypt: %w", err)
	}
	gz := gzip.NewWriter(enc)
	tw := tar.NewWriter(gz)

	man := Manifest{Format: Format, BundleID: hdr.BundleID, Sender: hdr.Sender, Recipient: to, Created: now, Seq: hdr.Seq,
		PrevHash: st.PrevHash, Full: full, Received: received, Counts: map[data.Kind]int{}}
	var chunk bytes.Buffer
	n := 0
	flush := func() error {
		if n == 0 {
			return nil
		}
		name := fmt.Sprintf("records/%06d.jsonl", len(man.Entries)+1)
		sum := sha256.Sum256(chunk.Bytes())
		if err := writeEntry(tw, name, chunk.Bytes(), now); err != nil {
			return err
		}
		man.Entries = append(man.Entries, Entry{Name: name, Size: int64(chunk.Len()), SHA256: hex.EncodeToString(sum[:]), Records: n})
		chunk.Reset()
		n = 0
		return nil
	}
	emit := func(l Line) error {
		l.encode(&chunk)
		chunk.WriteByte('\n')
		man.Counts[l.Kind]++
		n++
		if n >= recordsPerEntry {
			return flush()
		}
		return nil
	}
	if source != nil {
		err = source(emit)
	} else {
		err = s.EachChanged(ctx, watermark, high, func(kind data.Kind, owner string, versions []json.RawMessage) error {
			if !senderScope[owner] || !(recipientScope[owner] || data.SharedKinds[kind]) {
				return nil
			}
			return emit(Line{Kind: kind, Versions: versions})
		})
	}
	if err == nil {
		err = flush()
	}
	var manBytes []byte
	if err == nil {
		if manBytes, err = json.MarshalIndent(man, "", " "); err == nil {
			err = writeEntry(tw, "manifest.json", manBytes, now)
		}
	}
	if err == nil {
		sig := ed25519.Sign(keys.SignPrivate, signedDigest(headerLine, manBytes))
		err = writeEntry(tw, "signature", []byte(base64.StdEncoding.EncodeToString(sig)), now)
	}
	for _, c := range []io.Closer{tw, gz, enc} {
		if err == nil {
			err = c.Close()
		}
	}
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
		return nil, &data.Error{Code: ErrCannotWrite.Code, Message: ErrCannotWrite.Message, Err: err}
	}
	hash := hex.EncodeToString(fileHash.Sum(nil))
	path := filepath.Join(dir, fmt.Sprintf("qlhoi-%s-gui-%s-%04d.qlb", hdr.Sender, to, hdr.Seq))
	if err := os.Rename(tmp.Name(), path); err != nil {
		return nil, &data.Error{Code: ErrCannotWrite.Code, Message: ErrCannotWrite.Message, Err: err}
	}
	if err := s.RecordSent(ctx, to, hdr.Seq, hdr.BundleID, hash, high, full); err != nil {
		os.Remove(path)
		return nil, err
	}
	return &ExportResult{Path: path, Hash: hash, Manifest: man}, nil
}

func writeEntry(tw *tar.Writer, name string, b []byte, mod time.Time) error {
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(b)), ModTime: mod, Typeflag: tar.TypeReg}); err != nil {
		return err
	}
	_, err := tw.Write(b)
	return err
}
