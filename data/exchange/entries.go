package exchange

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"filippo.io/age"

	"qlhoi/data"
)

// walk decrypts and unpacks the archive, calling fn for each entry in order, within
// the limits.
func (b *Bundle) walk(br io.Reader, fn func(name string, size int64, r io.Reader) error) error {
	dec, err := age.Decrypt(br, b.identity)
	if err != nil {
		return ErrCannotDecrypt
	}
	// gzip reads through our buffer (it takes a ByteReader as it is), so that what
	// follows its member stays visible here.
	plain := bufio.NewReader(dec)
	gz, err := gzip.NewReader(plain)
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
		if err := fn(h.Name, h.Size, io.LimitReader(tr, h.Size)); err != nil {
			return err
		}
	}
	// After the archive: only its zero padding, to the end of the gzip member (whose
	// checksum is checked there), and nothing after the member.
	if err := zeros(io.LimitReader(counted, 1<<20)); err != nil {
		return ErrDamaged
	}
	if _, err := plain.Peek(1); !errors.Is(err, io.EOF) {
		return ErrDamaged
	}
	return nil
}

// zeros reads r to its end and fails on any byte that is not zero, or a read error.
func zeros(r io.Reader) error {
	buf := make([]byte, 32<<10)
	for {
		n, err := r.Read(buf)
		for _, c := range buf[:n] {
			if c != 0 {
				return ErrDamaged
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
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

// readEntry reads a records entry fully, checking each line and copying it to out; it
// returns the entry's size and line count and counts the records per kind.
func (b *Bundle) readEntry(r io.Reader, out io.Writer, kinds map[data.Kind]int) (int64, int, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), int(b.limits.RecordSize))
	var size int64
	lines := 0
	for sc.Scan() {
		line := sc.Bytes()
		size += int64(len(line)) + 1
		kind, err := checkLine(line)
		if err != nil {
			return 0, 0, err
		}
		kinds[kind]++
		lines++
		if _, err := out.Write(line); err != nil {
			return 0, 0, fmt.Errorf("exchange: private copy: %w", err)
		}
		if _, err := out.Write([]byte{'\n'}); err != nil {
			return 0, 0, fmt.Errorf("exchange: private copy: %w", err)
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return 0, 0, ErrTooLarge
		}
		return 0, 0, ErrDamaged
	}
	return size, lines, nil
}

// checkLine checks that a record line is well formed: a known kind and versions that
// are valid JSON objects naming an id and a clock reading.
func checkLine(line []byte) (data.Kind, error) {
	l, err := decodeLine(line)
	if err != nil {
		return "", err
	}
	for _, v := range l.Versions {
		if !json.Valid(v) || !bytes.Contains(v, []byte(`"id":"`)) || !bytes.Contains(v, []byte(`"hlc":"`)) {
			return "", ErrMalformed
		}
	}
	return l.Kind, nil
}
