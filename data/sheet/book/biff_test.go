package book

import (
	"encoding/binary"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rec builds a BIFF record.
func rec(id uint16, parts ...[]byte) []byte {
	var body []byte
	for _, p := range parts {
		body = append(body, p...)
	}
	out := binary.LittleEndian.AppendUint16(nil, id)
	out = binary.LittleEndian.AppendUint16(out, uint16(len(body)))
	return append(out, body...)
}

func u16(v int) []byte { return binary.LittleEndian.AppendUint16(nil, uint16(v)) }

func u32(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }

func f64(v float64) []byte {
	return binary.LittleEndian.AppendUint64(nil, math.Float64bits(v))
}

func utf16le(s string) []byte {
	var b []byte
	for _, r := range s {
		b = binary.LittleEndian.AppendUint16(b, uint16(r))
	}
	return b
}

func cat(parts ...[]byte) []byte {
	var b []byte
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

// biffStream builds a Workbook stream by hand: the shared strings cut by CONTINUE
// records in the middle of characters (switching from 8-bit to UTF-16), formatting
// runs and phonetic data cut too; cached formula results of each kind; MULRK; LABEL.
func biffStream() []byte {
	bof := func(dt int) []byte { return rec(recBOF, u16(0x0600), u16(dt), make([]byte, 12)) }
	// SST: "Hội A" (UTF-16), "Abc…" (8-bit, 6 chars cut after 3, the rest in UTF-16),
	// "R" with 1 formatting run and 3 bytes of phonetic data cut across a CONTINUE.
	sst := rec(recSST, u32(3), u32(3),
		u16(5), []byte{1}, utf16le("Hội A"),
		u16(6), []byte{0}, []byte("Abc"))
	cont1 := rec(recContinue, []byte{1}, utf16le("Đếm"),
		u16(1), []byte{0x0C}, u16(1), u32(3), []byte("R"), []byte{0, 0})
	cont2 := rec(recContinue, []byte{0, 0}, []byte{9, 9, 9})
	sheetName := cat([]byte{4, 0}, []byte("Data"))
	globalsLen := len(bof(5)) + len(sst) + len(cont1) + len(cont2) + 4 + 6 + len(sheetName) + 4
	boundSheet := rec(recBoundSheet, u32(uint32(globalsLen)), []byte{0, 0}, sheetName)
	globals := cat(bof(5), sst, cont1, cont2, boundSheet, rec(recEOF))
	if len(globals) != globalsLen {
		panic("globals length")
	}
	cell := func(r, c int) []byte { return cat(u16(r), u16(c), u16(15)) }
	strRes := cat([]byte{0, 0, 0, 0, 0, 0}, []byte{0xFF, 0xFF})
	sheet := cat(bof(0x10),
		rec(recLabelSST, cell(0, 0), u32(0)),
		rec(recLabelSST, cell(0, 1), u32(1)),
		rec(recLabelSST, cell(0, 2), u32(2)),
		rec(recFormula, cell(1, 0), f64(44362), make([]byte, 6)),
		rec(recFormula, cell(1, 1), strRes, make([]byte, 6)),
		rec(recString, u16(3), []byte{0}, []byte("xyz")),
		rec(recFormula, cell(1, 2), []byte{1, 0, 1, 0, 0, 0, 0xFF, 0xFF}, make([]byte, 6)),
		rec(recFormula, cell(1, 3), strRes, make([]byte, 6)),
		rec(recShrFmla, make([]byte, 10)),
		rec(recString, u16(2), []byte{1}, utf16le("Hộ")),
		rec(recFormula, cell(1, 4), []byte{2, 0, 7, 0, 0, 0, 0xFF, 0xFF}, make([]byte, 6)),
		rec(recMulRK, u16(2), u16(1), u16(15), u32(uint32(1234)<<2|2), u16(15), u32(uint32(12345)<<2|3), u16(15), u32(uint32(math.Float64bits(0.5)>>32)), u16(3)),
		rec(recLabel, cell(3, 0), u16(2), []byte{1}, utf16le("Tỉ")),
		rec(recNumber, cell(3, 1), f64(-2.5)),
		rec(recRK, cell(3, 2), u32(0xFFFFFFFE)), // -1 as an integer RK
		// An embedded chart's substream: its records are not cells of the sheet.
		bof(0x20), rec(recNumber, cell(9, 9), f64(1)), rec(recEOF),
		rec(recMerged, u16(1), u16(0), u16(2), u16(0), u16(0)), // A1:A3
		rec(recEOF))
	return cat(globals, sheet)
}

func TestBIFFRecords(t *testing.T) {
	book, err := readGlobals(biffStream())
	require.NoError(t, err)
	assert.Equal(t, []string{"Hội A", "AbcĐếm", "R"}, book.sst)
	require.Len(t, book.sheets, 1)
	assert.Equal(t, "Data", book.sheets[0].name)
	assert.False(t, book.sheets[0].hidden)
	tb := &Table{Sheet: "Data"}
	merged, err := book.readSheet(book.sheets[0], tb, DefaultLimits)
	require.NoError(t, err)
	assert.Equal(t, [][]string{
		{"Hội A", "AbcĐếm", "R"},
		{"44362", "xyz", "TRUE", "Hộ"}, // an error result reads as blank
		{"", "1234", "123.45", "0.5"},
		{"Tỉ", "-2.5", "-1"},
	}, tb.Rows)
	assert.Equal(t, []mergeRange{{1, 1, 1, 3}}, merged)
	fillMerged(tb, merged)
	assert.Equal(t, "Hội A", tb.Rows[2][0], "an empty cell of a merged range takes the range's value")
	assert.Equal(t, "44362", tb.Rows[1][0], "a cell with a value keeps it")
}

func TestBIFFTruncatedRecords(t *testing.T) {
	s := biffStream()
	for n := 0; n < len(s); n++ {
		book, err := readGlobals(s[:n])
		if err != nil {
			continue
		}
		for _, sh := range book.sheets {
			_, _ = book.readSheet(sh, &Table{}, DefaultLimits)
		}
	}
	// A string count larger than its data, a shared string index out of range.
	_, err := readGlobals(cat(rec(recBOF, u16(0x0600), make([]byte, 14)), rec(recSST, u32(1), u32(1), u16(50), []byte{0}, []byte("ab")), rec(recEOF)))
	assert.ErrorIs(t, err, errBIFF)
}

func TestRKNumbers(t *testing.T) {
	assert.Equal(t, 1234.0, rkNumber(1234<<2|2))
	assert.Equal(t, 12.34, rkNumber(1234<<2|3))
	minus7 := int32(-7)
	assert.Equal(t, -7.0, rkNumber(uint32(minus7<<2)|2))
	assert.Equal(t, 0.5, rkNumber(uint32(math.Float64bits(0.5)>>32)))
	assert.Equal(t, "44362", rawNumber(44362))
	assert.Equal(t, "0.1", rawNumber(0.1))
	assert.Equal(t, "", rawNumber(math.NaN()))
}
