package book

import (
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// smallCFB builds a compound file by hand whose Workbook stream is small enough to
// live in the mini stream (as some writers leave it); with difat, the FAT sector is
// named by a DIFAT sector instead of the header.
func smallCFB(stream []byte, difat bool) []byte {
	const sec = 512
	le := binary.LittleEndian
	miniN := (len(stream) + 63) / 64
	mini := make([]byte, miniN*64)
	copy(mini, stream)
	miniSectors := (len(mini) + sec - 1) / sec
	first := uint32(4) // sectors: 0 FAT, 1 directory, 2 mini FAT, 3 DIFAT, then the mini stream
	b := make([]byte, sec*(1+4+miniSectors))
	h := b[:sec]
	copy(h, oleMagic)
	le.PutUint16(h[0x18:], 0x3E)
	le.PutUint16(h[0x1A:], 3)
	le.PutUint16(h[0x1C:], 0xFFFE)
	le.PutUint16(h[0x1E:], 9)
	le.PutUint16(h[0x20:], 6)
	le.PutUint32(h[0x2C:], 1)
	le.PutUint32(h[0x30:], 1)
	le.PutUint32(h[0x38:], 4096)
	le.PutUint32(h[0x3C:], 2)
	le.PutUint32(h[0x40:], 1)
	le.PutUint32(h[0x44:], cfbEndOfChain)
	for i := 0; i < 109; i++ {
		le.PutUint32(h[0x4C+4*i:], cfbFree)
	}
	sector := func(n int) []byte { return b[(n+1)*sec : (n+2)*sec] }
	if difat {
		le.PutUint32(h[0x44:], 3)
		le.PutUint32(h[0x48:], 1)
		d := sector(3)
		for i := 0; i < 128; i++ {
			le.PutUint32(d[4*i:], cfbFree)
		}
		le.PutUint32(d, 0)
		le.PutUint32(d[4*127:], cfbEndOfChain)
	} else {
		le.PutUint32(h[0x4C:], 0)
	}
	fat := sector(0)
	for i := 0; i < 128; i++ {
		le.PutUint32(fat[4*i:], cfbFree)
	}
	le.PutUint32(fat[0:], 0xFFFFFFFD)
	le.PutUint32(fat[4:], cfbEndOfChain)
	le.PutUint32(fat[8:], cfbEndOfChain)
	le.PutUint32(fat[12:], 0xFFFFFFFC)
	for i := 0; i < miniSectors; i++ {
		next := uint32(cfbEndOfChain)
		if i < miniSectors-1 {
			next = first + uint32(i) + 1
		}
		le.PutUint32(fat[4*(int(first)+i):], next)
	}
	mf := sector(2)
	for i := 0; i < 128; i++ {
		le.PutUint32(mf[4*i:], cfbFree)
	}
	for i := 0; i < miniN; i++ {
		next := uint32(cfbEndOfChain)
		if i < miniN-1 {
			next = uint32(i + 1)
		}
		le.PutUint32(mf[4*i:], next)
	}
	entry := func(e []byte, name string, typ byte, start uint32, size int) {
		u := utf16le(name)
		copy(e, u)
		le.PutUint16(e[0x40:], uint16(len(u)+2))
		e[0x42] = typ
		le.PutUint32(e[0x44:], cfbFree)
		le.PutUint32(e[0x48:], cfbFree)
		le.PutUint32(e[0x4C:], cfbFree)
		le.PutUint32(e[0x74:], start)
		le.PutUint32(e[0x78:], uint32(size))
	}
	dir := sector(1)
	entry(dir[0:128], "Root Entry", 5, first, len(mini))
	entry(dir[128:256], "Workbook", 2, 0, len(stream))
	for i := 0; i < miniSectors; i++ {
		copy(sector(int(first)+i), mini[i*sec:])
	}
	return b
}

func TestCFBMiniStreamAndDIFAT(t *testing.T) {
	stream := biffStream()
	require.Less(t, len(stream), 4096)
	for _, difat := range []bool{false, true} {
		f, err := openCFB(smallCFB(stream, difat))
		require.NoError(t, err, "difat %v", difat)
		got, ok, err := f.stream("WORKBOOK")
		require.NoError(t, err)
		require.True(t, ok)
		assert.Equal(t, stream, got)
		_, ok, err = f.stream("Book")
		require.NoError(t, err)
		assert.False(t, ok)
		n, err := readXLSBytes(smallCFB(stream, difat))
		require.NoError(t, err)
		assert.Equal(t, 4, n)
	}
	// A FAT chain that loops back on itself is refused, not followed forever.
	b := smallCFB(stream, false)
	binary.LittleEndian.PutUint32(b[512+4*4:], 4) // sector 4 → sector 4
	f, err := openCFB(b)
	require.NoError(t, err)
	_, _, err = f.stream("Workbook")
	assert.ErrorIs(t, err, errCFB)
}
