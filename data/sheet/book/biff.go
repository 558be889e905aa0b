package book

import (
	"encoding/binary"
	"errors"
	"math"
	"strconv"
	"unicode/utf16"
)

var (
	errBIFF      = errors.New("xls: corrupt workbook stream")
	errEncrypted = errors.New("xls: workbook is password-protected")
	errBIFF5     = errors.New("xls: BIFF5 or older workbook")
)

const (
	recFormula    = 0x0006
	recEOF        = 0x000A
	recFilePass   = 0x002F
	recDateMode   = 0x0022
	recContinue   = 0x003C
	recBoundSheet = 0x0085
	recMulRK      = 0x00BD
	recMerged     = 0x00E5
	recSST        = 0x00FC
	recLabelSST   = 0x00FD
	recNumber     = 0x0203
	recLabel      = 0x0204
	recBoolErr    = 0x0205
	recString     = 0x0207
	recRK         = 0x027E
	recBOF        = 0x0809
)

// biffRecord is one record with the CONTINUE records that follow it.
type biffRecord struct {
	id   uint16
	data [][]byte // the record's data, then each CONTINUE's
}

type xlsSheet struct {
	name   string
	hidden bool
	offset int
}

type xlsBook struct {
	stream   []byte
	sheets   []xlsSheet
	sst      []string
	date1904 bool
}

// records splits the stream from off into records, joining CONTINUE records to the
// record before; it stops after the EOF record that closes the substream. Substreams
// nested in it (an embedded chart's BOF … EOF) are skipped.
func records(s []byte, off int, fn func(r biffRecord) error) error {
	var cur *biffRecord
	depth := 0
	flush := func() error {
		if cur == nil {
			return nil
		}
		r := *cur
		cur = nil
		if depth > 1 {
			return nil
		}
		return fn(r)
	}
	for off+4 <= len(s) {
		id := binary.LittleEndian.Uint16(s[off:])
		n := int(binary.LittleEndian.Uint16(s[off+2:]))
		if off+4+n > len(s) || n > 8224 {
			return errBIFF
		}
		body := s[off+4 : off+4+n]
		off += 4 + n
		if id == recContinue && cur != nil {
			cur.data = append(cur.data, body)
			continue
		}
		if err := flush(); err != nil {
			return err
		}
		switch id {
		case recBOF:
			depth++
			if depth > 1 {
				continue
			}
		case recEOF:
			depth--
			if depth <= 0 {
				return nil
			}
			continue
		}
		cur = &biffRecord{id: id, data: [][]byte{body}}
	}
	if err := flush(); err != nil {
		return err
	}
	return errBIFF // no EOF record
}

// readGlobals reads the workbook globals: BOF, encryption, 1904 dates, sheets, strings.
func readGlobals(stream []byte) (*xlsBook, error) {
	if len(stream) < 8 || binary.LittleEndian.Uint16(stream) != recBOF {
		return nil, errBIFF
	}
	if n := binary.LittleEndian.Uint16(stream[2:]); n < 4 || binary.LittleEndian.Uint16(stream[4:]) != 0x0600 {
		return nil, errBIFF5
	}
	book := &xlsBook{stream: stream}
	err := records(stream, 0, func(r biffRecord) error {
		d := r.data[0]
		switch r.id {
		case recFilePass:
			return errEncrypted
		case recDateMode:
			book.date1904 = len(d) >= 2 && binary.LittleEndian.Uint16(d) == 1
		case recBoundSheet:
			return book.boundSheet(d)
		case recSST:
			return book.readSST(r)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return book, nil
}

func (b *xlsBook) boundSheet(d []byte) error {
	if len(d) < 8 {
		return errBIFF
	}
	if d[5] != 0 { // a chart, macro or VB module sheet: no cells to read
		return nil
	}
	c := &biffCursor{segs: [][]byte{d[6:]}}
	cch, ok := c.u8()
	if !ok {
		return errBIFF
	}
	name, ok := c.chars(cch)
	if !ok {
		return errBIFF
	}
	b.sheets = append(b.sheets, xlsSheet{name: name, hidden: d[4]&3 != 0, offset: int(binary.LittleEndian.Uint32(d))})
	return nil
}

// readSST reads the shared string table; strings may run over CONTINUE records.
func (b *xlsBook) readSST(r biffRecord) error {
	c := &biffCursor{segs: r.data}
	if !c.skip(8) {
		return errBIFF
	}
	for !c.done() {
		s, ok := c.richString()
		if !ok {
			return errBIFF
		}
		b.sst = append(b.sst, s)
	}
	return nil
}

// biffCursor reads a record's data across its CONTINUE records. Characters of a string
// cut by a CONTINUE resume after a new option byte (compressed or UTF-16).
type biffCursor struct {
	segs [][]byte
	i    int // current segment
	pos  int
}

func (c *biffCursor) done() bool {
	for c.i < len(c.segs) && c.pos >= len(c.segs[c.i]) {
		c.i, c.pos = c.i+1, 0
	}
	return c.i >= len(c.segs)
}

func (c *biffCursor) bytes(n int) ([]byte, bool) {
	var out []byte
	for n > 0 {
		if c.done() {
			return nil, false
		}
		seg := c.segs[c.i][c.pos:]
		k := min(n, len(seg))
		if out == nil && k == n {
			c.pos += k
			return seg[:k], true
		}
		out = append(out, seg[:k]...)
		c.pos += k
		n -= k
	}
	return out, true
}

func (c *biffCursor) skip(n int) bool { _, ok := c.bytes(n); return ok }

func (c *biffCursor) u8() (int, bool) {
	b, ok := c.bytes(1)
	if !ok {
		return 0, false
	}
	return int(b[0]), true
}

func (c *biffCursor) u16() (int, bool) {
	b, ok := c.bytes(2)
	if !ok {
		return 0, false
	}
	return int(binary.LittleEndian.Uint16(b)), true
}

func (c *biffCursor) u32() (int, bool) {
	b, ok := c.bytes(4)
	if !ok {
		return 0, false
	}
	return int(binary.LittleEndian.Uint32(b)), true
}

// chars reads an option byte and cch characters (a ShortXLUnicodeString's tail).
func (c *biffCursor) chars(cch int) (string, bool) {
	flags, ok := c.u8()
	if !ok {
		return "", false
	}
	return c.charsAfter(cch, flags&1 != 0)
}

// charsAfter reads cch characters, 8-bit (Latin-1) or UTF-16LE; at a segment boundary
// the next segment starts with its own option byte.
func (c *biffCursor) charsAfter(cch int, high bool) (string, bool) {
	u := make([]uint16, 0, min(cch, 1024))
	for len(u) < cch {
		if c.i >= len(c.segs) || c.pos >= len(c.segs[c.i]) {
			if c.done() {
				return "", false
			}
			flags := c.segs[c.i][c.pos]
			c.pos++
			high = flags&1 != 0
			continue
		}
		seg := c.segs[c.i]
		if high {
			if c.pos+2 > len(seg) {
				return "", false
			}
			u = append(u, binary.LittleEndian.Uint16(seg[c.pos:]))
			c.pos += 2
		} else {
			u = append(u, uint16(seg[c.pos]))
			c.pos++
		}
	}
	return string(utf16.Decode(u)), true
}

// xlString reads an XLUnicodeString (LABEL, STRING): a 16-bit count, options, characters.
func (c *biffCursor) xlString() (string, bool) {
	cch, ok := c.u16()
	if !ok {
		return "", false
	}
	return c.chars(cch)
}

// richString reads an XLUnicodeRichExtendedString of the SST, skipping formatting runs
// and phonetic data.
func (c *biffCursor) richString() (string, bool) {
	cch, ok1 := c.u16()
	flags, ok2 := c.u8()
	if !ok1 || !ok2 {
		return "", false
	}
	runs, ext := 0, 0
	var ok bool
	if flags&8 != 0 {
		if runs, ok = c.u16(); !ok {
			return "", false
		}
	}
	if flags&4 != 0 {
		if ext, ok = c.u32(); !ok {
			return "", false
		}
	}
	s, ok := c.charsAfter(cch, flags&1 != 0)
	if !ok || !c.skip(4*runs) || !c.skip(ext) {
		return "", false
	}
	return s, true
}

// rkNumber decodes an RK value: an integer or the high bits of a double, maybe ×100.
func rkNumber(rk uint32) float64 {
	var v float64
	if rk&2 != 0 {
		v = float64(int32(rk) >> 2)
	} else {
		v = math.Float64frombits(uint64(rk&0xFFFFFFFC) << 32)
	}
	if rk&1 != 0 {
		v /= 100
	}
	return v
}

// rawNumber writes a number as excelize's raw values do: shortest form, no exponent
// for the sizes a sheet holds.
func rawNumber(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
