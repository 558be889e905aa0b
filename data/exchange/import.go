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
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"filippo.io/age"

	"qlhoi/data"
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
	ErrMalformed     = &data.Error{Code: "ErrMalformed", Message: "Gói dữ liệu chứa bản ghi không đúng dạng. Hãy xin đơn vị gửi xuất lại."}
)

// Bundle is a bundle file that passed every check: it can be previewed and applied.
type Bundle struct {
	path     string
	s        *data.Store
	limits   Limits
	Header   Header
	Manifest Manifest
	Hash     string // SHA-256 of the file
	// Repeat is set when this bundle was imported before (nothing will change).
	Repeat bool
	// Missing lists earlier bundles of the stream not yet imported (a gap).
	Missing []int64
	// ChainBroken is set when the previous bundle's hash does not match the one this
	// bundle names.
	ChainBroken bool
	identity    *age.X25519Identity
}

var entryName = regexp.MustCompile(`^records/[0-9]{6}\.jsonl$`)

// Open reads and checks a whole bundle before anything touches the database: the
// recipient is this office, the sender is trusted, the format is known, sizes are within
// limits, names are plain, checksums and signature are good, every record is well
// formed.
func Open(ctx context.Context, s *data.Store, path string, limits Limits) (*Bundle, error) {
	b := &Bundle{path: path, s: s, limits: limits}
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
	fileHash := sha256.New()
	br := bufio.NewReader(io.TeeReader(f, fileHash))
	headerLine, err := b.readHeader(br)
	if err != nil {
		return nil, err
	}
	if b.Header.Recipient != s.Office() {
		return nil, ErrWrongOffice
	}
	peer, err := s.TrustedOffice(ctx, b.Header.Sender)
	if err != nil {
		return nil, err
	}
	var sigB64, manBytes []byte
	seen := map[string]string{}
	sizes := map[string]int64{}
	records := map[string]int{}
	err = b.walk(br, func(name string, r io.Reader) error {
		h := sha256.New()
		n, lines, err := b.readEntry(name, io.TeeReader(r, h))
		if err != nil {
			return err
		}
		switch name {
		case "manifest.json":
			manBytes = lines
		case "signature":
			sigB64 = lines
		}
		seen[name], sizes[name], records[name] = hex.EncodeToString(h.Sum(nil)), n, 0
		if entryName.MatchString(name) {
			records[name] = int(bytes.Count(lines, []byte{'\n'}))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	io.Copy(io.Discard, br)
	b.Hash = hex.EncodeToString(fileHash.Sum(nil))
	if manBytes == nil || sigB64 == nil {
		return nil, ErrDamaged
	}
	sig, err := base64.StdEncoding.DecodeString(string(sigB64))
	if err != nil || !ed25519.Verify(peer.SignPublic, signedDigest(headerLine, manBytes), sig) {
		return nil, ErrBadSignature
	}
	if err := json.Unmarshal(manBytes, &b.Manifest); err != nil {
		return nil, ErrMalformed
	}
	m := b.Manifest
	if m.Format > Format {
		return nil, ErrNewerFormat
	}
	if m.BundleID != b.Header.BundleID || m.Sender != b.Header.Sender || m.Recipient != b.Header.Recipient || m.Seq != b.Header.Seq {
		return nil, ErrBadSignature
	}
	if len(m.Entries) != len(seen)-2 {
		return nil, ErrDamaged
	}
	for _, e := range m.Entries {
		if seen[e.Name] != e.SHA256 || sizes[e.Name] != e.Size || records[e.Name] != e.Records {
			return nil, ErrDamaged
		}
	}
	// Where the bundle sits in its stream.
	got, err := s.ReceivedSeqs(ctx, m.Sender)
	if err != nil {
		return nil, err
	}
	have := map[int64]bool{}
	for _, n := range got {
		have[n] = true
	}
	if r, err := s.ReceiptOf(ctx, m.BundleID); err == nil && !r.Undone {
		b.Repeat = true
	}
	for n := int64(1); n < m.Seq; n++ {
		if !have[n] {
			b.Missing = append(b.Missing, n)
		}
	}
	return b, nil
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

// walk decrypts and unpacks the archive, calling fn for each entry in order, within
// the limits.
func (b *Bundle) walk(br io.Reader, fn func(name string, r io.Reader) error) error {
	dec, err := age.Decrypt(br, b.identity)
	if err != nil {
		return ErrCannotDecrypt
	}
	gz, err := gzip.NewReader(dec)
	if err != nil {
		return ErrDamaged
	}
	gz.Multistream(false)
	total := int64(0)
	counted := &countingReader{r: gz, limit: b.limits.Unpacked + 1<<20}
	tr := tar.NewReader(counted)
	count := 0
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if counted.over {
				return ErrTooLarge
			}
			return ErrDamaged
		}
		count++
		if count > b.limits.Entries+2 {
			return ErrTooLarge
		}
		if h.Typeflag != tar.TypeReg || !(entryName.MatchString(h.Name) || h.Name == "manifest.json" || h.Name == "signature") {
			return ErrBadEntry
		}
		if h.Size > b.limits.EntrySize || h.Size < 0 {
			return ErrTooLarge
		}
		total += h.Size
		if total > b.limits.Unpacked {
			return ErrTooLarge
		}
		if err := fn(h.Name, io.LimitReader(tr, h.Size)); err != nil {
			return err
		}
	}
	// Anything after the archive is damage.
	if n, _ := io.Copy(io.Discard, io.LimitReader(dec, 1<<20)); n > 1024 {
		return ErrDamaged
	}
	if _, err := io.Copy(io.Discard, dec); err != nil {
		return ErrDamaged
	}
	return nil
}

type countingReader struct {
	r     io.Reader
	n     int64
	limit int64
	over  bool
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.n > c.limit {
		c.over = true
		return n, errors.New("exchange: unpacked size over the limit")
	}
	return n, err
}

// readEntry reads an entry fully, checking record lines as it goes; it returns the
// bytes for the small entries (manifest, signature) and the record lines.
func (b *Bundle) readEntry(name string, r io.Reader) (int64, []byte, error) {
	if name == "manifest.json" || name == "signature" {
		buf, err := io.ReadAll(io.LimitReader(r, 64<<20))
		return int64(len(buf)), buf, err
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), int(b.limits.RecordSize))
	var size int64
	var count bytes.Buffer
	for sc.Scan() {
		line := sc.Bytes()
		size += int64(len(line)) + 1
		if err := checkLine(line); err != nil {
			return 0, nil, err
		}
		count.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return 0, nil, ErrTooLarge
		}
		return 0, nil, ErrDamaged
	}
	return size, count.Bytes(), nil
}

// checkLine checks that a record line is well formed: a known kind and versions that
// are valid JSON objects naming an id and a clock reading.
func checkLine(line []byte) error {
	l, err := decodeLine(line)
	if err != nil {
		return err
	}
	for _, v := range l.Versions {
		if !json.Valid(v) || !bytes.Contains(v, []byte(`"id":"`)) || !bytes.Contains(v, []byte(`"hlc":"`)) {
			return ErrMalformed
		}
	}
	return nil
}

// records streams the bundle's record lines (the file is read again: nothing of it is
// kept in memory).
func (b *Bundle) records(fn func(Line) error) error {
	f, err := os.Open(b.path)
	if err != nil {
		return ErrDamaged
	}
	defer f.Close()
	br := bufio.NewReader(f)
	if _, err := b.readHeader(br); err != nil {
		return err
	}
	return b.walk(br, func(name string, r io.Reader) error {
		if !entryName.MatchString(name) {
			_, err := io.Copy(io.Discard, r)
			return err
		}
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64<<10), int(b.limits.RecordSize))
		for sc.Scan() {
			l, err := decodeLine(sc.Bytes())
			if err != nil {
				return err
			}
			if err := fn(l); err != nil {
				return err
			}
		}
		return sc.Err()
	})
}

// Preview is what an import would do, per kind and class, with the refused and
// conflicted records and (up to a limit) the changed ones.
type Preview struct {
	Counts   map[data.Kind]map[string]int
	Outcomes []data.Outcome
}

// maxListed bounds the records a preview lists one by one.
const maxListed = 5000

// Preview runs the whole merge in a transaction that is rolled back.
func (b *Bundle) Preview(ctx context.Context) (*Preview, error) {
	p := &Preview{Counts: map[data.Kind]map[string]int{}}
	err := b.merge(ctx, true, p, nil)
	return p, err
}

// Result is an applied import.
type Result struct {
	Preview
	Receipt data.Receipt
}

// Apply takes an automatic backup, then merges the bundle in one transaction: all or
// nothing, even if the process is killed midway. A repeat changes nothing.
func (b *Bundle) Apply(ctx context.Context) (*Result, error) {
	res := &Result{Preview: Preview{Counts: map[data.Kind]map[string]int{}}}
	if b.Repeat {
		return res, nil
	}
	backup := b.s.Path() + ".truoc-nhap-" + b.s.Now().UTC().Format("20060102-150405") + ".db"
	if err := b.s.Backup(ctx, backup); err != nil {
		return nil, err
	}
	res.Receipt = data.Receipt{Sender: b.Manifest.Sender, Seq: b.Manifest.Seq, BundleID: b.Manifest.BundleID, Hash: b.Hash, Backup: backup}
	err := b.merge(ctx, false, &res.Preview, &res.Receipt)
	if err != nil {
		return nil, err
	}
	return res, nil
}

func (b *Bundle) merge(ctx context.Context, dryRun bool, p *Preview, receipt *data.Receipt) error {
	report := func(out data.Outcome) error {
		if out.Class == data.Waiting {
			return nil // merged again at the end of the bundle
		}
		if p.Counts[out.Kind] == nil {
			p.Counts[out.Kind] = map[string]int{}
		}
		p.Counts[out.Kind][out.Class]++
		if out.Class != data.Unchanged && (len(p.Outcomes) < maxListed || out.Class == data.Refused || out.Class == data.Conflicted) {
			p.Outcomes = append(p.Outcomes, out)
		}
		return nil
	}
	work := func(m *data.Merger) error {
		err := b.records(func(l Line) error {
			out, err := m.Merge(l.Kind, l.Versions)
			if err != nil {
				return err
			}
			return report(out)
		})
		if err != nil {
			return err
		}
		return m.MergeWaiting(report)
	}
	var finish func(m *data.Merger) error
	if receipt != nil {
		finish = func(m *data.Merger) error {
			receipt.Counts = map[string]map[string]int{}
			for k, c := range p.Counts {
				receipt.Counts[string(k)] = c
			}
			receipt.At = b.s.Now().UTC().Format(time.RFC3339)
			return m.SaveReceipt(*receipt, b.Manifest.Received[b.s.Office()])
		}
	}
	return b.s.Merge(ctx, b.Manifest.Sender, dryRun, work, finish)
}
