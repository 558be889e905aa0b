// Package sign signs the PDFs qlhoi issues with a PAdES baseline B-B signature
// (ETSI.CAdES.detached, SHA-256, signing-certificate-v2, no signing-time attribute;
// the time in /M), appended as an incremental update so that a later signature never
// breaks an earlier one, and verifies the signatures of PDFs received.
//
// Only the small part of PDF a signature needs is read here: the cross-reference
// tables (classic, as gofpdf and our own updates write them), the trailer, the
// catalog and the page the signature goes on.
package sign

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
)

// errPDF is a PDF this package cannot add a signature to.
var errPDF = errors.New("sign: unsupported or damaged PDF")

// pdfFile is what a signature needs to know of a PDF.
type pdfFile struct {
	b       []byte
	offsets map[int]int // object number → offset of "N 0 obj", newest revision first
	size    int         // the trailer's /Size
	root    int         // the catalog's object number
	info    string      // the trailer's /Info value ("N 0 R"), or ""
	xref    int         // the offset of the newest cross-reference section
}

var (
	reStartXref = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	reRef       = regexp.MustCompile(`^\s*(\d+)\s+0\s+R`)
	// reRefs finds the references of an array ("3 0 R 5 0 R").
	reRefs = regexp.MustCompile(`(\d+)\s+\d+\s+R`)
)

func readPDF(b []byte) (*pdfFile, error) {
	m := reStartXref.FindSubmatch(b)
	if m == nil {
		return nil, fmt.Errorf("%w: no startxref", errPDF)
	}
	off, _ := strconv.Atoi(string(m[1]))
	f := &pdfFile{b: b, offsets: map[int]int{}, xref: off}
	seen := map[int]bool{}
	for off >= 0 && !seen[off] {
		seen[off] = true
		trailer, err := f.readXref(off)
		if err != nil {
			return nil, err
		}
		if f.size == 0 {
			f.size, _ = strconv.Atoi(dictValue(trailer, "/Size"))
			f.root = refNumber(dictValue(trailer, "/Root"))
			f.info = dictValue(trailer, "/Info")
		}
		prev := dictValue(trailer, "/Prev")
		if prev == "" {
			break
		}
		off, _ = strconv.Atoi(prev)
	}
	if f.root == 0 || f.size == 0 {
		return nil, fmt.Errorf("%w: no catalog", errPDF)
	}
	return f, nil
}

// readXref reads the classic cross-reference section at off and returns its trailer
// dictionary. An object already known (from a newer section) keeps its offset.
func (f *pdfFile) readXref(off int) (string, error) {
	if off >= len(f.b) || !bytes.HasPrefix(f.b[off:], []byte("xref")) {
		return "", fmt.Errorf("%w: no classic xref at %d (cross-reference streams are not read)", errPDF, off)
	}
	p := off + 4
	for {
		p = skipSpace(f.b, p)
		if bytes.HasPrefix(f.b[p:], []byte("trailer")) {
			d, _, ok := readDict(f.b, skipSpace(f.b, p+7))
			if !ok {
				return "", fmt.Errorf("%w: bad trailer", errPDF)
			}
			return d, nil
		}
		var start, count int
		n, err := fmt.Sscanf(string(f.b[p:min(p+40, len(f.b))]), "%d %d", &start, &count)
		if n != 2 || err != nil || count < 0 || count > 1_000_000 {
			return "", fmt.Errorf("%w: bad xref subsection", errPDF)
		}
		p = bytes.IndexByte(f.b[p:], '\n') + p + 1
		for i := range count {
			if p+20 > len(f.b) {
				return "", fmt.Errorf("%w: xref cut", errPDF)
			}
			entry := string(f.b[p : p+18])
			var o, gen int
			var kind byte
			if _, err := fmt.Sscanf(entry, "%d %d %c", &o, &gen, &kind); err != nil {
				return "", fmt.Errorf("%w: bad xref entry", errPDF)
			}
			if _, ok := f.offsets[start+i]; !ok && kind == 'n' {
				f.offsets[start+i] = o
			}
			p += 20
		}
	}
}

// object returns the dictionary of object n.
func (f *pdfFile) object(n int) (string, error) {
	off, ok := f.offsets[n]
	if !ok || off >= len(f.b) {
		return "", fmt.Errorf("%w: object %d not found", errPDF, n)
	}
	p := bytes.Index(f.b[off:min(off+64, len(f.b))], []byte("obj"))
	if p < 0 {
		return "", fmt.Errorf("%w: object %d", errPDF, n)
	}
	d, _, ok := readDict(f.b, skipSpace(f.b, off+p+3))
	if !ok {
		return "", fmt.Errorf("%w: object %d is not a dictionary", errPDF, n)
	}
	return d, nil
}

// pages lists the page objects in order, following /Kids from the catalog's /Pages.
func (f *pdfFile) pages() ([]int, error) {
	cat, err := f.object(f.root)
	if err != nil {
		return nil, err
	}
	var out []int
	var walk func(n, depth int) error
	walk = func(n, depth int) error {
		if depth > 32 || len(out) > 100_000 {
			return fmt.Errorf("%w: page tree", errPDF)
		}
		d, err := f.object(n)
		if err != nil {
			return err
		}
		kids := dictValue(d, "/Kids")
		if kids == "" {
			out = append(out, n)
			return nil
		}
		for _, m := range reRefs.FindAllStringSubmatch(kids, -1) {
			k, _ := strconv.Atoi(m[1])
			if err := walk(k, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(refNumber(dictValue(cat, "/Pages")), 0); err != nil {
		return nil, err
	}
	return out, nil
}

func skipSpace(b []byte, p int) int {
	for p < len(b) && (b[p] == ' ' || b[p] == '\n' || b[p] == '\r' || b[p] == '\t' || b[p] == '\f' || b[p] == 0) {
		p++
	}
	return p
}

// readDict reads the dictionary "<< … >>" at p, with nested dictionaries, arrays,
// strings and hex strings; it returns its text and the offset after it.
func readDict(b []byte, p int) (string, int, bool) {
	if !bytes.HasPrefix(b[p:], []byte("<<")) {
		return "", p, false
	}
	depth := 0
	for i := p; i < len(b)-1; i++ {
		switch b[i] {
		case '(':
			i = skipString(b, i)
		case '<':
			if b[i+1] == '<' {
				depth++
				i++
			} else {
				for i < len(b) && b[i] != '>' {
					i++
				}
			}
		case '>':
			if b[i+1] == '>' {
				depth--
				i++
				if depth == 0 {
					return string(b[p : i+1]), i + 1, true
				}
			}
		}
	}
	return "", p, false
}

// skipString returns the offset of the ")" closing the literal string at i.
func skipString(b []byte, i int) int {
	depth := 0
	for ; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return i
}

// dictValue returns the text of the value of a top-level key of a dictionary ("" if
// absent): a name, number, reference, array, dictionary or string.
func dictValue(d, key string) string {
	start, end := valueSpan(d, key)
	if start < 0 {
		return ""
	}
	return d[start:end]
}

// valueSpan finds a top-level key of dictionary d and returns where its value starts
// and ends (-1 when absent).
func valueSpan(d, key string) (int, int) {
	b := []byte(d)
	depth := 0
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '(':
			i = skipString(b, i)
		case '[':
			depth++
		case ']':
			depth--
		case '<':
			if i+1 < len(b) && b[i+1] == '<' {
				depth++
				i++
			}
		case '>':
			if i+1 < len(b) && b[i+1] == '>' {
				depth--
				i++
			}
		case '/':
			if depth != 1 || !bytes.HasPrefix(b[i:], []byte(key)) {
				continue
			}
			j := i + len(key)
			if j < len(b) && isNameChar(b[j]) {
				continue
			}
			j = skipSpace(b, j)
			return j, valueEnd(b, j)
		}
	}
	return -1, -1
}

func isNameChar(c byte) bool {
	return c > ' ' && !bytes.ContainsRune([]byte("/[]<>()%{}"), rune(c))
}

// valueEnd returns the offset after the value starting at j.
func valueEnd(b []byte, j int) int {
	if j >= len(b) {
		return j
	}
	switch {
	case bytes.HasPrefix(b[j:], []byte("<<")):
		_, end, _ := readDict(b, j)
		return end
	case b[j] == '[':
		depth := 0
		for k := j; k < len(b); k++ {
			switch b[k] {
			case '(':
				k = skipString(b, k)
			case '[':
				depth++
			case ']':
				depth--
				if depth == 0 {
					return k + 1
				}
			}
		}
		return len(b)
	case b[j] == '(':
		return skipString(b, j) + 1
	case b[j] == '<':
		return bytes.IndexByte(b[j:], '>') + j + 1
	}
	if m := reRef.Find(b[j:]); m != nil {
		return j + len(m)
	}
	k := j + 1
	for k < len(b) && isNameChar(b[k]) {
		k++
	}
	return k
}

// withValue returns dictionary d with key set to value (replacing an old value).
func withValue(d, key, value string) string {
	if start, end := valueSpan(d, key); start >= 0 {
		i := bytes.LastIndex([]byte(d[:start]), []byte(key))
		return d[:i] + key + " " + value + d[end:]
	}
	return d[:len(d)-2] + " " + key + " " + value + " >>"
}

func refNumber(v string) int {
	m := reRef.FindStringSubmatch(v)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}
