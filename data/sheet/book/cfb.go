package book

import (
	"encoding/binary"
	"errors"
	"unicode/utf16"
)

var errCFB = errors.New("cfb: corrupt compound file")

const (
	cfbEndOfChain = 0xFFFFFFFE
	cfbFree       = 0xFFFFFFFF
)

type cfbFile struct {
	b          []byte
	sectorSize int
	miniSize   int
	cutoff     int
	fat        []uint32
	miniFAT    []uint32
	dir        []cfbEntry
}

type cfbEntry struct {
	name  string
	typ   byte // 1 storage, 2 stream, 5 root
	start uint32
	size  int
}

// openCFB parses the header, the FAT (through the DIFAT), the directory and the mini FAT.
func openCFB(b []byte) (*cfbFile, error) {
	if len(b) < 512 || string(b[:8]) != string(oleMagic) {
		return nil, errCFB
	}
	shift := binary.LittleEndian.Uint16(b[0x1E:])
	mshift := binary.LittleEndian.Uint16(b[0x20:])
	if shift != 9 && shift != 12 || mshift != 6 {
		return nil, errCFB
	}
	f := &cfbFile{b: b, sectorSize: 1 << shift, miniSize: 1 << mshift, cutoff: int(binary.LittleEndian.Uint32(b[0x38:]))}
	if err := f.readFAT(); err != nil {
		return nil, err
	}
	dirData, err := f.chain(binary.LittleEndian.Uint32(b[0x30:]), f.fat, f.sector)
	if err != nil {
		return nil, err
	}
	for off := 0; off+128 <= len(dirData); off += 128 {
		f.dir = append(f.dir, parseEntry(dirData[off:off+128]))
	}
	if len(f.dir) == 0 || f.dir[0].typ != 5 {
		return nil, errCFB
	}
	mf, err := f.chain(binary.LittleEndian.Uint32(b[0x3C:]), f.fat, f.sector)
	if err != nil {
		return nil, err
	}
	f.miniFAT = le32s(mf)
	return f, nil
}

func parseEntry(e []byte) cfbEntry {
	n := int(binary.LittleEndian.Uint16(e[0x40:]))
	if n > 64 {
		n = 64
	}
	u := make([]uint16, 0, n/2)
	for i := 0; i+1 < n; i += 2 {
		if c := binary.LittleEndian.Uint16(e[i:]); c != 0 {
			u = append(u, c)
		}
	}
	return cfbEntry{name: string(utf16.Decode(u)), typ: e[0x42], start: binary.LittleEndian.Uint32(e[0x74:]), size: int(binary.LittleEndian.Uint32(e[0x78:]))}
}

// readFAT collects the FAT sectors named by the header's DIFAT and the DIFAT chain.
func (f *cfbFile) readFAT() error {
	b := f.b
	var fatSectors []uint32
	for i := 0; i < 109; i++ {
		if s := binary.LittleEndian.Uint32(b[0x4C+4*i:]); s < cfbEndOfChain-2 {
			fatSectors = append(fatSectors, s)
		}
	}
	next := binary.LittleEndian.Uint32(b[0x44:])
	for steps := 0; next < cfbEndOfChain-2; steps++ {
		sec, ok := f.sector(next)
		if !ok || steps > len(b)/f.sectorSize {
			return errCFB
		}
		w := le32s(sec)
		for _, s := range w[:len(w)-1] {
			if s < cfbEndOfChain-2 {
				fatSectors = append(fatSectors, s)
			}
		}
		next = w[len(w)-1]
	}
	for _, s := range fatSectors {
		sec, ok := f.sector(s)
		if !ok {
			return errCFB
		}
		f.fat = append(f.fat, le32s(sec)...)
		if len(f.fat) > len(b) { // more entries than the file could ever need
			return errCFB
		}
	}
	return nil
}

func le32s(b []byte) []uint32 {
	w := make([]uint32, len(b)/4)
	for i := range w {
		w[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return w
}

// sector returns regular sector n.
func (f *cfbFile) sector(n uint32) ([]byte, bool) {
	off := (int64(n) + 1) * int64(f.sectorSize)
	if n >= cfbEndOfChain-2 || off+int64(f.sectorSize) > int64(len(f.b)) {
		return nil, false
	}
	return f.b[off : off+int64(f.sectorSize)], true
}

// chain concatenates the sectors of a chain, refusing loops and sectors out of range.
func (f *cfbFile) chain(start uint32, fat []uint32, get func(uint32) ([]byte, bool)) ([]byte, error) {
	var out []byte
	seen := map[uint32]bool{}
	for n := start; n != cfbEndOfChain; {
		if n == cfbFree && len(out) == 0 {
			return nil, nil
		}
		sec, ok := get(n)
		if !ok || seen[n] || int(n) >= len(fat) {
			return nil, errCFB
		}
		seen[n] = true
		out = append(out, sec...)
		n = fat[n]
	}
	return out, nil
}

// stream returns the content of the named stream (case-insensitive), or ok false.
func (f *cfbFile) stream(name string) ([]byte, bool, error) {
	for _, e := range f.dir {
		if e.typ != 2 || !equalFoldASCII(e.name, name) {
			continue
		}
		if e.size < 0 || e.size > len(f.b) {
			return nil, true, errCFB
		}
		var b []byte
		var err error
		if e.size < f.cutoff {
			mini, merr := f.chain(f.dir[0].start, f.fat, f.sector)
			if merr != nil {
				return nil, true, merr
			}
			get := func(n uint32) ([]byte, bool) {
				off := int64(n) * int64(f.miniSize)
				if off+int64(f.miniSize) > int64(len(mini)) {
					return nil, false
				}
				return mini[off : off+int64(f.miniSize)], true
			}
			b, err = f.chain(e.start, f.miniFAT, get)
		} else {
			b, err = f.chain(e.start, f.fat, f.sector)
		}
		if err != nil {
			return nil, true, err
		}
		if len(b) < e.size {
			return nil, true, errCFB
		}
		return b[:e.size], true, nil
	}
	return nil, false, nil
}

func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
