package book

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strconv"
	"unicode/utf8"
)

// xmlScan is a small streaming XML tokenizer for the parts of an xlsx file that hold
// the cells (worksheets, shared strings). encoding/xml, under excelize, spends most of
// an import's reading time building tokens; this one reuses its buffers and reads only
// the plain XML that spreadsheet programs write: elements, attributes, text, the five
// predefined entities and character references, CDATA, comments and processing
// instructions. Anything else (a DTD, another entity, a tag it cannot parse, mismatched
// tags, text that is not valid XML characters, an encoding other than UTF-8) returns
// errFallback, and the caller reads the file with excelize instead, as before.
type xmlScan struct {
	r     *bufio.Reader
	kind  tokKind
	name  []byte    // local name of a start or end tag
	empty bool      // the start tag was closed with "/>"
	attrs []xmlAttr // of a start tag; valid until the next call
	text  []byte    // of a text token, unescaped; valid until the next call

	raw   []byte // the current tag, as read
	vals  []byte // unescaped attribute values
	open  []byte // names of the open elements, each followed by a 0 byte
	ends  []int  // where each open name starts in open
	inTag bool   // the '<' of the next tag was read with the text before it
}

type xmlAttr struct{ name, value []byte }

type tokKind uint8

const (
	tokEOF tokKind = iota
	tokStart
	tokEnd
	tokText
)

// errFallback says that a part holds XML the fast reader does not read; it is never
// shown to the user: the file is then read with excelize.
var errFallback = errors.New("sheet: xml the fast reader does not read")

// errTextTooLong refuses a text longer than maxText: an Excel cell holds at most 32,767
// characters, so a longer one is a damaged or hostile file, not a list.
var errTextTooLong = errors.New("sheet: text too long")

const maxText = 1 << 20

// errTooDeep refuses elements nested deeper than maxDepth: spreadsheet parts nest a
// handful deep, and a stack of millions (a small zip of "<a><a>…") would fill memory.
var errTooDeep = errors.New("sheet: xml nested too deep")

const maxDepth = 100

func newXMLScan(r io.Reader) *xmlScan {
	return &xmlScan{r: bufio.NewReaderSize(r, 64<<10)}
}

// next reads the next token. At the end of the input it returns tokEOF, and
// errFallback if elements are still open.
func (s *xmlScan) next() error {
	for {
		if !s.inTag {
			s.text = s.text[:0]
			for {
				chunk, err := s.r.ReadSlice('<')
				if err == nil {
					s.text = append(s.text, chunk[:len(chunk)-1]...)
					s.inTag = true
					break
				}
				s.text = append(s.text, chunk...)
				if len(s.text) > maxText {
					return errTextTooLong
				}
				if errors.Is(err, bufio.ErrBufferFull) {
					continue
				}
				if errors.Is(err, io.EOF) {
					break
				}
				return err
			}
			if len(s.text) > 0 {
				if len(s.ends) == 0 { // outside the root: only white space belongs there
					if len(bytes.TrimLeft(s.text, " \t\r\n\uFEFF")) > 0 {
						return errFallback
					}
				} else {
					t, err := unescape(s.text, s.text[:0], true)
					if err != nil {
						return err
					}
					s.text, s.kind = t, tokText
					return nil
				}
			}
			if !s.inTag {
				if len(s.ends) > 0 {
					return errFallback // the part ends inside an element
				}
				s.kind = tokEOF
				return nil
			}
		}
		s.inTag = false
		c, err := s.r.ReadByte()
		if err != nil {
			return errFallback
		}
		switch c {
		case '/':
			return s.endTag()
		case '?':
			if err := s.instruction(); err != nil {
				return err
			}
		case '!':
			done, err := s.bang()
			if err != nil || done {
				return err
			}
		default:
			if err := s.r.UnreadByte(); err != nil {
				return err
			}
			return s.startTag()
		}
	}
}

// readTag reads up to and including the '>' that ends a tag. Attribute values may
// hold '>', so the quotes are followed.
func (s *xmlScan) readTag() error {
	s.raw = s.raw[:0]
	var quote byte
	for {
		c, err := s.r.ReadByte()
		if err != nil {
			return errFallback
		}
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			} else if c == '<' {
				return errFallback
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '<':
			return errFallback
		case c == '>':
			return nil
		}
		s.raw = append(s.raw, c)
		if len(s.raw) > 1<<20 {
			return errFallback
		}
	}
}

func (s *xmlScan) startTag() error {
	if err := s.readTag(); err != nil {
		return err
	}
	tag := s.raw
	s.empty = len(tag) > 0 && tag[len(tag)-1] == '/'
	if s.empty {
		tag = tag[:len(tag)-1]
	}
	n := nameEnd(tag)
	full := tag[:n]
	local, ok := localName(full)
	if !ok {
		return errFallback
	}
	s.attrs, s.vals = s.attrs[:0], s.vals[:0]
	rest := tag[n:]
	for {
		trimmed := bytes.TrimLeft(rest, " \t\r\n")
		if len(trimmed) == 0 {
			break
		}
		if len(trimmed) == len(rest) {
			return errFallback // attributes are separated by white space
		}
		rest = trimmed
		k := nameEnd(rest)
		if k == 0 {
			return errFallback
		}
		name := rest[:k]
		rest = bytes.TrimLeft(rest[k:], " \t\r\n")
		if len(rest) == 0 || rest[0] != '=' {
			return errFallback
		}
		rest = bytes.TrimLeft(rest[1:], " \t\r\n")
		if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
			return errFallback
		}
		end := bytes.IndexByte(rest[1:], rest[0])
		if end < 0 {
			return errFallback
		}
		start := len(s.vals)
		vals, err := unescape(rest[1:1+end], s.vals, false)
		if err != nil {
			return err
		}
		s.vals = vals
		an, ok := localName(name)
		if !ok {
			return errFallback
		}
		s.attrs = append(s.attrs, xmlAttr{name: an, value: s.vals[start:len(s.vals):len(s.vals)]})
		rest = rest[2+end:]
	}
	// Values were appended to s.vals, which may have moved: point the attributes at
	// its final backing array.
	at := 0
	for i := range s.attrs {
		n := len(s.attrs[i].value)
		s.attrs[i].value = s.vals[at : at+n : at+n]
		at += n
	}
	s.kind, s.name = tokStart, local
	if !s.empty {
		if len(s.ends) >= maxDepth {
			return errTooDeep
		}
		s.ends = append(s.ends, len(s.open))
		s.open = append(append(s.open, full...), 0)
	}
	return nil
}

func (s *xmlScan) endTag() error {
	if err := s.readTag(); err != nil {
		return err
	}
	full := bytes.TrimRight(s.raw, " \t\r\n")
	if len(s.ends) == 0 {
		return errFallback
	}
	at := s.ends[len(s.ends)-1]
	if !bytes.Equal(s.open[at:len(s.open)-1], full) {
		return errFallback // mismatched tags
	}
	s.ends, s.open = s.ends[:len(s.ends)-1], s.open[:at]
	local, ok := localName(full)
	if !ok {
		return errFallback
	}
	s.kind, s.name = tokEnd, local
	return nil
}

// instruction skips a processing instruction; an XML declaration must name UTF-8, if
// it names an encoding at all.
func (s *xmlScan) instruction() error {
	s.raw = s.raw[:0]
	for {
		c, err := s.r.ReadByte()
		if err != nil || len(s.raw) > 4096 {
			return errFallback
		}
		if c == '>' && len(s.raw) > 0 && s.raw[len(s.raw)-1] == '?' {
			break
		}
		s.raw = append(s.raw, c)
	}
	if bytes.HasPrefix(s.raw, []byte("xml ")) {
		if i := bytes.Index(s.raw, []byte("encoding=")); i >= 0 {
			enc := bytes.Trim(s.raw[i+len("encoding="):], "\"'? ")
			if j := bytes.IndexAny(enc, "\"' "); j >= 0 {
				enc = enc[:j]
			}
			if !bytes.EqualFold(enc, []byte("utf-8")) {
				return errFallback
			}
		}
	}
	return nil
}

// bang reads what follows "<!": a comment (skipped) or a CDATA section (a text token,
// done is true). A DTD, or anything else, is left to excelize.
func (s *xmlScan) bang() (done bool, err error) {
	head, err := s.r.Peek(2)
	if err != nil {
		return false, errFallback
	}
	if string(head) == "--" {
		_, _ = s.r.Discard(2)
		return false, s.skipUntil("-->")
	}
	if head, err = s.r.Peek(7); err != nil || string(head) != "[CDATA[" || len(s.ends) == 0 {
		return false, errFallback
	}
	_, _ = s.r.Discard(7)
	s.raw = s.raw[:0]
	for !bytes.HasSuffix(s.raw, []byte("]]>")) {
		c, err := s.r.ReadByte()
		if err != nil {
			return false, errFallback
		}
		if s.raw = append(s.raw, c); len(s.raw) > maxText {
			return false, errTextTooLong
		}
	}
	text := s.raw[:len(s.raw)-3]
	if !validChars(text) {
		return false, errFallback
	}
	s.text, s.kind = normalizeNewlines(append(s.text[:0], text...)), tokText
	return true, nil
}

func (s *xmlScan) skipUntil(end string) error {
	var tail []byte
	for !bytes.HasSuffix(tail, []byte(end)) {
		c, err := s.r.ReadByte()
		if err != nil {
			return errFallback
		}
		tail = append(tail, c)
		if len(tail) > len(end) {
			tail = tail[1:]
		}
	}
	return nil
}

// nameEnd is the length of the name at the start of b.
func nameEnd(b []byte) int {
	for i, c := range b {
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '=' || c == '/' {
			return i
		}
	}
	return len(b)
}

// localName drops a namespace prefix. Names of more than one colon, or with characters
// no spreadsheet program writes, are left to excelize.
func localName(name []byte) ([]byte, bool) {
	if len(name) == 0 {
		return nil, false
	}
	colon := -1
	for i, c := range name {
		switch {
		case c == ':':
			if colon >= 0 || i == 0 || i == len(name)-1 {
				return nil, false
			}
			colon = i
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		case c >= '0' && c <= '9', c == '-', c == '.':
			if i == 0 || i == colon+1 {
				return nil, false
			}
		default:
			return nil, false
		}
	}
	return name[colon+1:], true
}

// unescape appends b to dst with entities and character references replaced and line
// ends normalised to "\n", as encoding/xml does; text outside the XML character range
// or an entity other than the five predefined ones is left to excelize.
func unescape(b, dst []byte, inPlace bool) ([]byte, error) {
	if !validChars(b) {
		return nil, errFallback
	}
	if bytes.IndexByte(b, '&') < 0 && bytes.IndexByte(b, '\r') < 0 {
		if inPlace {
			return b, nil
		}
		return append(dst, b...), nil
	}
	if inPlace {
		// dst shares b's array: the result is never longer than the input, but a
		// reference like "&#x10000;" is — so copy first.
		b = append([]byte(nil), b...)
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch c {
		case '\r':
			dst = append(dst, '\n')
			if i+1 < len(b) && b[i+1] == '\n' {
				i++
			}
		case '&':
			end := bytes.IndexByte(b[i:], ';')
			if end < 0 || end > 12 {
				return nil, errFallback
			}
			ref := b[i+1 : i+end]
			i += end
			switch string(ref) {
			case "amp":
				dst = append(dst, '&')
			case "lt":
				dst = append(dst, '<')
			case "gt":
				dst = append(dst, '>')
			case "quot":
				dst = append(dst, '"')
			case "apos":
				dst = append(dst, '\'')
			default:
				r, ok := charRef(ref)
				if !ok {
					return nil, errFallback
				}
				dst = utf8.AppendRune(dst, r)
			}
		default:
			dst = append(dst, c)
		}
	}
	return dst, nil
}

func charRef(ref []byte) (rune, bool) {
	if len(ref) < 2 || ref[0] != '#' {
		return 0, false
	}
	base, digits := 10, ref[1:]
	if digits[0] == 'x' {
		base, digits = 16, digits[1:]
	}
	if len(digits) == 0 || digits[0] == '+' || digits[0] == '-' {
		return 0, false
	}
	n, err := strconv.ParseUint(string(digits), base, 32)
	if err != nil || !xmlChar(rune(n)) {
		return 0, false
	}
	return rune(n), true
}

func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// validChars tells whether b is UTF-8 made only of XML characters.
func validChars(b []byte) bool {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 || !xmlChar(r) {
			return false
		}
		i += size
	}
	return true
}

func normalizeNewlines(b []byte) []byte {
	if bytes.IndexByte(b, '\r') < 0 {
		return b
	}
	out := b[:0]
	for i := 0; i < len(b); i++ {
		if b[i] == '\r' {
			out = append(out, '\n')
			if i+1 < len(b) && b[i+1] == '\n' {
				i++
			}
			continue
		}
		out = append(out, b[i])
	}
	return out
}
