package book

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"qlhoi/data"
)

// BIFF8 sheets have at most 65,536 rows and 256 columns.
const (
	recShrFmla = 0x04BC
	recArray   = 0x0221
	recTable   = 0x0236
	xlsMaxRows = 65536
	xlsMaxCols = 256
)

// readXLS reads one sheet of an Excel 97–2003 (BIFF8) workbook.
func readXLS(path, sheetName string, lim Limits) (*Table, error) {
	base := filepath.Base(path)
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, SheetErr(ErrSheetUnreadable, fmt.Sprintf("Không đọc được tệp %s.", base), err)
	}
	if bytes.Contains(b, encryptedPackage) { // a password-protected xlsx
		return nil, encryptedError(path)
	}
	book, err := openXLS(b)
	if err != nil {
		return nil, xlsError(path, err)
	}
	t := &Table{File: path, Format: "xls", Date1904: book.date1904}
	for _, s := range book.sheets {
		t.Sheets = append(t.Sheets, SheetInfo{Name: s.name, Hidden: s.hidden})
	}
	if t.Sheet, err = chooseSheet(t, sheetName); err != nil {
		return nil, err
	}
	for _, s := range book.sheets {
		if s.name == t.Sheet {
			merged, err := book.readSheet(s, t, lim)
			if err != nil {
				var de *data.Error
				if errors.As(err, &de) {
					return nil, err
				}
				return nil, SheetErr(ErrSheetUnreadable, fmt.Sprintf("Không đọc được trang tính “%s” của tệp %s: tệp bị hỏng. Hãy mở lại bằng Excel hoặc LibreOffice, lưu thành .xlsx rồi nhập lại.", t.Sheet, base), err)
			}
			fillMerged(t, merged)
			break
		}
	}
	return t, nil
}

// openXLS takes the Workbook stream out of the compound file and reads its globals.
func openXLS(b []byte) (*xlsBook, error) {
	f, err := openCFB(b)
	if err != nil {
		return nil, err
	}
	stream, ok, err := f.stream("Workbook")
	if err != nil {
		return nil, err
	}
	if !ok {
		if _, old, _ := f.stream("Book"); old {
			return nil, errBIFF5
		}
		return nil, errNotWorkbook
	}
	return readGlobals(stream)
}

var errNotWorkbook = errors.New("xls: no Workbook stream")

// xlsError turns a reading error into the clerk's message.
func xlsError(path string, err error) error {
	base := filepath.Base(path)
	switch {
	case errors.Is(err, errEncrypted):
		return encryptedError(path)
	case errors.Is(err, errBIFF5):
		return SheetErr(ErrSheetLegacyXLS, fmt.Sprintf("Tệp %s là bảng tính Excel 5.0/95 hoặc cũ hơn, chưa đọc được. Hãy mở tệp bằng Excel hoặc LibreOffice, chọn Lưu thành → Sổ làm việc Excel (.xlsx), rồi nhập tệp .xlsx.", base), err)
	case errors.Is(err, errNotWorkbook):
		return SheetErr(ErrSheetFormat, fmt.Sprintf("Tệp %s là tệp Office nhưng không phải bảng tính Excel; không đọc được. Hãy chọn đúng tệp bảng tính.", base), err)
	}
	return SheetErr(ErrSheetUnreadable, fmt.Sprintf("Tệp %s bị hỏng hoặc không phải bảng tính Excel đọc được. Hãy mở lại bằng Excel hoặc LibreOffice, lưu thành .xlsx rồi nhập lại.", base), err)
}

// sheetReader collects one sheet's cells within the limits.
type sheetReader struct {
	t       *Table
	lim     Limits
	cells   int
	pending [2]int // the cell of a FORMULA whose string result follows; -1 if none
	merged  []mergeRange
}

// readSheet reads the cells and merged ranges of a sheet's substream.
func (b *xlsBook) readSheet(s xlsSheet, t *Table, lim Limits) ([]mergeRange, error) {
	if s.offset < 0 || s.offset+8 > len(b.stream) || binary.LittleEndian.Uint16(b.stream[s.offset:]) != recBOF {
		return nil, errBIFF
	}
	sr := &sheetReader{t: t, lim: lim, pending: [2]int{-1, -1}}
	err := records(b.stream, s.offset, func(r biffRecord) error { return sr.record(b, r) })
	if err != nil {
		return nil, err
	}
	for i := range t.Rows {
		t.Rows[i] = trimRow(t.Rows[i])
	}
	for len(t.Rows) > 0 && len(t.Rows[len(t.Rows)-1]) == 0 {
		t.Rows = t.Rows[:len(t.Rows)-1]
	}
	return sr.merged, nil
}

func (sr *sheetReader) record(b *xlsBook, r biffRecord) error {
	d := r.data[0]
	switch r.id {
	case recString, recShrFmla, recArray, recTable: // may stand between a FORMULA and its STRING
	default:
		sr.pending = [2]int{-1, -1}
	}
	switch r.id {
	case recLabelSST:
		if len(d) < 10 {
			return errBIFF
		}
		i := int(binary.LittleEndian.Uint32(d[6:]))
		if i >= len(b.sst) {
			return errBIFF
		}
		return sr.set(d, b.sst[i])
	case recLabel:
		if len(d) < 6 {
			return errBIFF
		}
		c := &biffCursor{segs: append([][]byte{d[6:]}, r.data[1:]...)}
		v, ok := c.xlString()
		if !ok {
			return errBIFF
		}
		return sr.set(d, v)
	case recNumber:
		if len(d) < 14 {
			return errBIFF
		}
		return sr.set(d, rawNumber(math.Float64frombits(binary.LittleEndian.Uint64(d[6:]))))
	case recRK:
		if len(d) < 10 {
			return errBIFF
		}
		return sr.set(d, rawNumber(rkNumber(binary.LittleEndian.Uint32(d[6:]))))
	case recMulRK:
		return sr.mulRK(d)
	case recBoolErr:
		if len(d) < 8 {
			return errBIFF
		}
		if d[7] == 0 { // a boolean; error values read as blank
			return sr.set(d, map[byte]string{0: "FALSE", 1: "TRUE"}[d[6]])
		}
	case recFormula:
		return sr.formula(d)
	case recString:
		if sr.pending[0] < 0 {
			return nil
		}
		c := &biffCursor{segs: r.data}
		v, ok := c.xlString()
		if !ok {
			return errBIFF
		}
		return sr.put(sr.pending[0], sr.pending[1], v)
	case recMerged:
		return sr.merges(d)
	}
	return nil
}

// formula keeps a formula's cached result: a number, a boolean, or a string that
// the next STRING record holds.
func (sr *sheetReader) formula(d []byte) error {
	if len(d) < 14 {
		return errBIFF
	}
	res := d[6:14]
	if binary.LittleEndian.Uint16(res[6:]) != 0xFFFF {
		return sr.set(d, rawNumber(math.Float64frombits(binary.LittleEndian.Uint64(res))))
	}
	switch res[0] {
	case 0:
		sr.pending = [2]int{int(binary.LittleEndian.Uint16(d)), int(binary.LittleEndian.Uint16(d[2:]))}
	case 1:
		return sr.set(d, map[byte]string{0: "FALSE", 1: "TRUE"}[res[2]])
	}
	return nil
}

func (sr *sheetReader) mulRK(d []byte) error {
	if len(d) < 6 || (len(d)-6)%6 != 0 {
		return errBIFF
	}
	row, col := int(binary.LittleEndian.Uint16(d)), int(binary.LittleEndian.Uint16(d[2:]))
	for i := 4; i+6 <= len(d)-2; i += 6 {
		if err := sr.put(row, col, rawNumber(rkNumber(binary.LittleEndian.Uint32(d[i+2:])))); err != nil {
			return err
		}
		col++
	}
	return nil
}

func (sr *sheetReader) merges(d []byte) error {
	if len(d) < 2 {
		return errBIFF
	}
	n := int(binary.LittleEndian.Uint16(d))
	if len(d) < 2+8*n {
		return errBIFF
	}
	for i := 0; i < n; i++ {
		m := d[2+8*i:]
		r1, r2 := int(binary.LittleEndian.Uint16(m)), int(binary.LittleEndian.Uint16(m[2:]))
		c1, c2 := int(binary.LittleEndian.Uint16(m[4:])), int(binary.LittleEndian.Uint16(m[6:]))
		if r1 <= r2 && c1 <= c2 {
			sr.merged = append(sr.merged, mergeRange{c1 + 1, r1 + 1, c2 + 1, r2 + 1})
		}
	}
	return nil
}

// set stores the value of the cell a record names (row, column at its start).
func (sr *sheetReader) set(d []byte, v string) error {
	return sr.put(int(binary.LittleEndian.Uint16(d)), int(binary.LittleEndian.Uint16(d[2:])), v)
}

// put stores a cell value (0-based row and column) within the limits.
func (sr *sheetReader) put(row, col int, v string) error {
	t := sr.t
	if v == "" || row >= xlsMaxRows || col >= xlsMaxCols {
		return nil
	}
	if row >= sr.lim.MaxRows {
		return tooManyRows(t.Sheet, row+1, sr.lim)
	}
	if col >= sr.lim.MaxCols {
		return SheetErr(ErrSheetTooMany, fmt.Sprintf("Dòng %d có dữ liệu ở cột thứ %d, quá giới hạn %d cột. Hãy xóa các cột thừa rồi nhập lại.", row+1, col+1, sr.lim.MaxCols), nil)
	}
	for len(t.Rows) <= row {
		t.Rows = append(t.Rows, nil)
	}
	for len(t.Rows[row]) <= col {
		t.Rows[row] = append(t.Rows[row], "")
	}
	if t.Rows[row][col] == "" {
		sr.cells++
		if sr.cells > sr.lim.MaxCells {
			return SheetErr(ErrSheetTooMany, fmt.Sprintf("Trang tính “%s” có quá %s ô dữ liệu. Hãy tách thành nhiều tệp nhỏ hơn.", t.Sheet, data.FormatInt(int64(sr.lim.MaxCells))), nil)
		}
	}
	t.Rows[row][col] = v
	return nil
}
