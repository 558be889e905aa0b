package exchange

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"

	"filippo.io/age"

	"qlhoi/data"
	"qlhoi/data/store"
)

// Refusals: each leaves the database untouched.
var (
	ErrNotABundle    = &data.Error{Code: "ErrNotABundle", Message: "Tệp này không phải gói dữ liệu qlhoi (hoặc đã bị hỏng phần đầu). Hãy chọn đúng tệp .qlb."}
	ErrNewerFormat   = &data.Error{Code: "ErrNewerFormat", Message: "Gói dữ liệu do phiên bản qlhoi mới hơn tạo ra. Hãy cập nhật qlhoi rồi nhập lại."}
	ErrWrongOffice   = &data.Error{Code: "ErrWrongOffice", Message: "Gói dữ liệu không phải gửi cho đơn vị này."}
	ErrCannotDecrypt = &data.Error{Code: "ErrCannotDecrypt", Message: "Không giải mã được gói dữ liệu bằng khóa của đơn vị này: gói bị hỏng hoặc được mã hóa cho đơn vị khác."}
	ErrBadSignature  = &data.Error{Code: "ErrBadSignature", Message: "Chữ ký không hợp lệ — gói có thể đã bị sửa. Không nhập gói này; hãy xin đơn vị gửi xuất lại."}
	ErrDamaged       = &data.Error{Code: "ErrDamaged", Message: "Gói dữ liệu bị hỏng (thiếu hoặc sai nội dung, có thể do chép USB bị lỗi). Hãy xin đơn vị gửi xuất lại."}
	ErrTooLarge      = &data.Error{Code: "ErrTooLarge", Message: "Gói dữ liệu vượt giới hạn kích thước cho phép (có thể là tệp độc hại). Không nhập gói này."}
	ErrBadEntry      = &data.Error{Code: "ErrBadEntry", Message: "Gói dữ liệu chứa tệp lạ hoặc đường dẫn không hợp lệ. Không nhập gói này."}
	ErrBadSeq        = &data.Error{Code: "ErrBadSeq", Message: "Số thứ tự của gói dữ liệu không hợp lệ (phải từ 1 đến 10.000.000). Không nhập gói này; hãy báo đơn vị gửi kiểm tra phần mềm."}
	ErrSeqReused     = store.ErrReceiptTaken
	ErrMalformed     = &data.Error{Code: "ErrMalformed", Message: "Gói dữ liệu chứa bản ghi không đúng dạng. Hãy xin đơn vị gửi xuất lại."}
)

// Bundle is a bundle file that passed every check: it can be previewed and applied.
// Open keeps the verified record lines in a private file next to the database, so that
// what Preview shows and Apply merges is exactly what was verified, whatever happens to
// the file on the USB stick meanwhile, and the bundle is decrypted and unpacked once.
// Close removes that file.
type Bundle struct {
	s        *store.Store
	limits   Limits
	Header   Header
	Manifest Manifest
	Hash     string // SHA-256 of the file
	// Repeat is set when this bundle was imported before (nothing will change).
	Repeat bool
	// Missing lists earlier bundles of the stream not yet imported (a gap), at most
	// maxMissingListed of them; MissingCount is how many there are in all.
	Missing      []int64
	MissingCount int64
	// ChainBroken is set when the previous bundle's hash does not match the one this
	// bundle names.
	ChainBroken bool
	identity    *age.X25519Identity
	// verified is the private file of the verified record lines.
	verified string
	// format is the version in the file's first line.
	format int
	// previewed is set by Preview, with the high-water mark of the data it saw.
	previewed bool
	mark      int64
	cleanup   runtime.Cleanup
}

var entryName = regexp.MustCompile(`^records/[0-9]{6}\.jsonl$`)

// verifiedEntries is what reading the archive found, to compare with the manifest.
type verifiedEntries struct {
	sha     map[string]string
	size    map[string]int64
	records map[string]int
	kinds   map[data.Kind]int
}

// Open reads and checks a whole bundle before anything touches the database: the
// recipient is this office, the sender is trusted, the format is known, sizes are within
// limits, names are plain and unique, checksums, counts and signature are good, every
// record is well formed, the stream position is sound.
func Open(ctx context.Context, s *store.Store, path string, limits Limits) (*Bundle, error) {
	b := &Bundle{s: s, limits: limits}
	keys, err := s.OwnKeys(ctx)
	if err != nil {
		return nil, err
	}
	if b.identity, err = age.ParseX25519Identity(keys.AgeIdentity); err != nil {
		return nil, fmt.Errorf("exchange: own key: %w", err)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &data.Error{Code: "ErrCannotRead", Message: "Không đọc được tệp gói dữ liệu. Hãy kiểm tra USB và đường dẫn.", Err: err}
	}
	defer f.Close()
	private, err := os.CreateTemp(filepath.Dir(s.Path()), ".qlhoi-nhap-*")
	if err != nil {
		return nil, fmt.Errorf("exchange: private copy: %w", err)
	}
	b.verified = private.Name()
	b.cleanup = runtime.AddCleanup(b, func(name string) { os.Remove(name) }, b.verified)
	err = b.signedFormat1(ctx, f)
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err == nil {
		err = b.verify(ctx, f, private)
	}
	if err != nil {
		private.Close()
		b.Close()
		return nil, err
	}
	if err := private.Close(); err != nil {
		b.Close()
		return nil, fmt.Errorf("exchange: private copy: %w", err)
	}
	if err := b.locate(ctx); err != nil {
		b.Close()
		return nil, err
	}
	return b, nil
}

// Close removes the private copy of the verified records.
func (b *Bundle) Close() error {
	if b.verified == "" {
		return nil
	}
	b.cleanup.Stop()
	err := os.Remove(b.verified)
	b.verified = ""
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}

// verify reads the file once: header, then the archive, writing the record lines to
// the private file, then checks signature and manifest.
func (b *Bundle) verify(ctx context.Context, f io.Reader, private io.Writer) error {
	fileHash := sha256.New()
	br := bufio.NewReader(io.TeeReader(f, fileHash))
	headerLine, peer, err := b.readHeaderFrom(ctx, br)
	if err != nil {
		return err
	}
	var sigB64, manBytes []byte
	got := verifiedEntries{sha: map[string]string{}, size: map[string]int64{}, records: map[string]int{}, kinds: map[data.Kind]int{}}
	out := bufio.NewWriterSize(private, 1<<16)
	pos := 0
	err = b.walk(br, func(name string, size int64, r io.Reader) error {
		if _, dup := got.sha[name]; dup {
			return ErrBadEntry
		}
		if b.format >= 2 {
			// Manifest, then signature, checked before any record; then the entries
			// the signed manifest lists, in its order and with its sizes.
			if err := b.expectEntry(pos, name, size); err != nil {
				return err
			}
		}
		pos++
		h := sha256.New()
		var err error
		switch name {
		case "manifest.json", "signature":
			var buf []byte
			buf, err = io.ReadAll(io.LimitReader(io.TeeReader(r, h), 64<<20))
			if name == "manifest.json" {
				manBytes = buf
			} else {
				sigB64 = buf
			}
			got.size[name] = int64(len(buf))
		default:
			got.size[name], got.records[name], err = b.readEntry(io.TeeReader(r, h), out, got.kinds)
		}
		if err != nil {
			return err
		}
		got.sha[name] = hex.EncodeToString(h.Sum(nil))
		afterEntry(name)
		if b.format >= 2 && name == "signature" {
			return b.checkSigned(peer, headerLine, manBytes, sigB64)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := out.Flush(); err != nil {
		return fmt.Errorf("exchange: private copy: %w", err)
	}
	if _, err := io.Copy(io.Discard, br); err != nil {
		return ErrDamaged
	}
	b.Hash = hex.EncodeToString(fileHash.Sum(nil))
	if manBytes == nil || sigB64 == nil {
		return ErrDamaged
	}
	if b.format < 2 {
		if err := b.checkSigned(peer, headerLine, manBytes, sigB64); err != nil {
			return err
		}
	}
	return b.checkManifest(got)
}

// readHeaderFrom reads the magic and header lines and checks, before anything is
// decrypted, that the bundle is for this office from an office it trusts.
func (b *Bundle) readHeaderFrom(ctx context.Context, br *bufio.Reader) ([]byte, *store.TrustedOffice, error) {
	headerLine, err := b.readHeader(br)
	if err != nil {
		return nil, nil, err
	}
	if b.Header.Recipient != b.s.Office() {
		return nil, nil, ErrWrongOffice
	}
	peer, err := b.s.TrustedOffice(ctx, b.Header.Sender)
	if err != nil {
		return nil, nil, err
	}
	return headerLine, peer, nil
}

// signedFormat1 checks the signature of a format-1 bundle (manifest and signature at
// the end) in a first pass that unpacks nothing: the record entries are read and thrown
// away, so that a bundle signed with another key never puts its records on disk (anyone
// may write format 1). A format-2 bundle is left to verify, which checks first.
func (b *Bundle) signedFormat1(ctx context.Context, f io.Reader) error {
	br := bufio.NewReader(f)
	headerLine, peer, err := b.readHeaderFrom(ctx, br)
	if err != nil || b.format >= 2 {
		return err
	}
	var manBytes, sigB64 []byte
	err = b.walk(br, func(name string, _ int64, r io.Reader) error {
		var err error
		switch name {
		case "manifest.json":
			manBytes, err = io.ReadAll(io.LimitReader(r, 64<<20))
		case "signature":
			sigB64, err = io.ReadAll(io.LimitReader(r, 64<<20))
		default:
			_, err = io.Copy(io.Discard, r)
		}
		return err
	})
	if err != nil {
		return err
	}
	if manBytes == nil || sigB64 == nil {
		return ErrDamaged
	}
	return b.checkSigned(peer, headerLine, manBytes, sigB64)
}

// expectEntry is the order of a format-2 archive: manifest.json, signature, then the
// record entries the (already verified) manifest lists, each with its declared size.
func (b *Bundle) expectEntry(pos int, name string, size int64) error {
	switch {
	case pos == 0 && name != "manifest.json", pos == 1 && name != "signature":
		return ErrDamaged
	case pos >= 2:
		i := pos - 2
		if i >= len(b.Manifest.Entries) || b.Manifest.Entries[i].Name != name || b.Manifest.Entries[i].Size != size {
			return ErrDamaged
		}
	}
	return nil
}

// checkSigned verifies the signature over the header and the manifest, reads the
// manifest, and refuses before unpacking what it declares beyond the limits or the free
// space of the data folder.
func (b *Bundle) checkSigned(peer *store.TrustedOffice, headerLine, manBytes, sigB64 []byte) error {
	sig, err := base64.StdEncoding.DecodeString(string(sigB64))
	// A key of the wrong length (a trusted row edited by hand) would make Verify panic.
	if err != nil || len(peer.SignPublic) != ed25519.PublicKeySize || !ed25519.Verify(peer.SignPublic, signedDigest(b.format, headerLine, manBytes), sig) {
		return ErrBadSignature
	}
	if err := json.Unmarshal(manBytes, &b.Manifest); err != nil {
		return ErrMalformed
	}
	if len(b.Manifest.Entries) > b.limits.Entries {
		return ErrTooLarge
	}
	var total int64
	for _, e := range b.Manifest.Entries {
		if e.Size < 0 || e.Size > b.limits.EntrySize {
			return ErrTooLarge
		}
		total += e.Size
	}
	if total > b.limits.Unpacked {
		return ErrTooLarge
	}
	if free, ok := freeSpace(filepath.Dir(b.s.Path())); ok && uint64(total)+64<<20 > free {
		return &data.Error{Code: "ErrNoSpace", Args: []any{total>>20 + 64},
			Message: fmt.Sprintf("Ổ đĩa chứa dữ liệu không đủ chỗ trống để nhập gói này (cần khoảng %d MB). Hãy giải phóng chỗ trống rồi nhập lại; dữ liệu không thay đổi.", total>>20+64)}
	}
	return nil
}

// checkManifest compares the signed manifest with the header and with what the archive
// holds: every entry listed once with its size, hash and line count, and the counts
// per kind.
func (b *Bundle) checkManifest(got verifiedEntries) error {
	m := b.Manifest
	if m.Format > Format {
		return ErrNewerFormat
	}
	if m.BundleID != b.Header.BundleID || m.Sender != b.Header.Sender || m.Recipient != b.Header.Recipient || m.Seq != b.Header.Seq {
		return ErrBadSignature
	}
	if m.Seq < 1 || m.Seq > MaxSeq {
		return ErrBadSeq
	}
	if len(m.Entries) != len(got.sha)-2 {
		return ErrDamaged
	}
	listed := map[string]bool{}
	for _, e := range m.Entries {
		if listed[e.Name] || got.sha[e.Name] != e.SHA256 || got.size[e.Name] != e.Size || got.records[e.Name] != e.Records {
			return ErrDamaged
		}
		listed[e.Name] = true
	}
	for k, n := range got.kinds {
		if m.Counts[k] != n {
			return ErrDamaged
		}
	}
	for k, n := range m.Counts {
		if got.kinds[k] != n {
			return ErrDamaged
		}
	}
	return nil
}

// MaxSeq bounds a stream's sequence numbers.
const MaxSeq = 10_000_000

// maxMissingListed bounds the missing bundles listed one by one.
const maxMissingListed = 20

// locate finds where the bundle sits in its stream: a repeat, the bundles missing
// before it, a broken chain; a sequence number already used by another bundle is
// refused.
func (b *Bundle) locate(ctx context.Context) error {
	m := b.Manifest
	if r, err := b.s.ReceiptOf(ctx, m.BundleID); err == nil {
		if r.Sender != m.Sender || r.Seq != m.Seq {
			return ErrSeqReused
		}
		b.Repeat = !r.Undone
	} else if !data.HasCode(err, data.ErrNotFound.Code) {
		return err
	}
	same, err := b.s.ReceiptAt(ctx, m.Sender, m.Seq)
	if err == nil && same.BundleID != m.BundleID {
		return ErrSeqReused
	}
	if err != nil && !data.HasCode(err, data.ErrNotFound.Code) {
		return err
	}
	if b.Missing, b.MissingCount, err = b.s.MissingSeqs(ctx, m.Sender, m.Seq, maxMissingListed); err != nil {
		return err
	}
	prev, err := b.s.ReceiptAt(ctx, m.Sender, m.Seq-1)
	switch {
	case err == nil:
		b.ChainBroken = prev.Hash != m.PrevHash
	case data.HasCode(err, data.ErrNotFound.Code):
		b.ChainBroken = m.Seq == 1 && m.PrevHash != ""
	default:
		return err
	}
	return nil
}

func (b *Bundle) readHeader(br *bufio.Reader) ([]byte, error) {
	first, err := br.ReadString('\n')
	if err != nil || !strings.HasPrefix(first, Magic+" ") {
		return nil, ErrNotABundle
	}
	v, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(first, Magic+" ")))
	if err != nil {
		return nil, ErrNotABundle
	}
	if v > Format {
		return nil, ErrNewerFormat
	}
	if v < 1 {
		return nil, ErrNotABundle
	}
	b.format = v
	line, err := br.ReadBytes('\n')
	if err != nil || len(line) > 4096 {
		return nil, ErrNotABundle
	}
	if err := json.Unmarshal(line, &b.Header); err != nil {
		return nil, ErrNotABundle
	}
	if b.Header.Format > Format {
		return nil, ErrNewerFormat
	}
	return line, nil
}

// records streams the verified record lines from the private file.
func (b *Bundle) records(fn func(Line) error) error {
	if b.verified == "" {
		return ErrClosed
	}
	f, err := os.Open(b.verified)
	if err != nil {
		return fmt.Errorf("exchange: private copy: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), int(b.limits.RecordSize)+1)
	for sc.Scan() {
		l, err := decodeLine(sc.Bytes())
		if err != nil {
			return err
		}
		if err := fn(l); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("exchange: private copy: %w", err)
	}
	return nil
}

// received streams the verified records, decoded, cleaned and validated on another
// goroutine a few records ahead of fn (the merge, which waits on the database), in
// file order (data.Pipeline). It stops the reader when fn fails.
func (b *Bundle) received(ctx context.Context, fn func(*store.Received) error) error {
	return data.Pipeline(ctx, b.lines(), receivedAhead, func(l Line) *store.Received {
		// The line's bytes belong to the scanner: the record gets its own copy.
		vs := make([]json.RawMessage, len(l.Versions))
		for i, v := range l.Versions {
			vs[i] = bytes.Clone(v)
		}
		return store.DecodeReceived(l.Kind, vs)
	}, func(_ Line, r *store.Received) error { return fn(r) })
}

// lines is records as a sequence; a failure to read ends it with the error.
func (b *Bundle) lines() iter.Seq2[Line, error] {
	return func(yield func(Line, error) bool) {
		stopped := false
		err := b.records(func(l Line) error {
			if !yield(l, nil) {
				stopped = true
				return errStopLines
			}
			return nil
		})
		if err != nil && !stopped {
			yield(Line{}, err)
		}
	}
}

// errStopLines ends records when the sequence's consumer stops.
var errStopLines = errors.New("exchange: stopped")

// receivedAhead bounds the records decoded ahead of the merge (memory).
const receivedAhead = 256
