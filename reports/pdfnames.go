package reports

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"

	"golang.org/x/image/font/sfnt"
)

// postScriptName is the face's own name ("LiberationSerif-Bold", "TimesNewRomanPS-BoldMT")
// read from the font, or fallback when the font does not say.
func postScriptName(ttf []byte, fallback string) string {
	f, err := sfnt.Parse(ttf)
	if err != nil {
		return fallback
	}
	name, err := f.Name(nil, sfnt.NameIDPostScript)
	if err != nil || name == "" || !pdfName.MatchString(name) {
		return fallback
	}
	return name
}

var pdfName = regexp.MustCompile(`^[A-Za-z0-9_.+-]{1,100}$`)

// gofpdfPrefix starts the name gofpdf gives an embedded UTF-8 font: "utf8" + family +
// style ("/utf8serifB").
const gofpdfPrefix = "/utf8" + family

// subsetTags mark the embedded fonts as subsets (only the glyphs used are embedded),
// one per style, as PDF readers expect ("ABCDEF+Name").
var subsetTags = map[string]string{"": "QLHOIA", "B": "QLHOIB", "I": "QLHOIC", "BI": "QLHOID"}

// nameFonts renames the fonts gofpdf wrote ("utf8serifB") after their face
// ("QLHOIB+LiberationSerif-Bold"), so a reader's font list names the real font, and
// moves the cross-reference offsets by what the new names add before them.
func nameFonts(pdf []byte, names map[string]string) ([]byte, error) {
	type shift struct{ at, by int }
	var shifts []shift
	var out bytes.Buffer
	out.Grow(len(pdf) + 1024)
	last := 0
	for i := 0; ; {
		j := bytes.Index(pdf[i:], []byte(gofpdfPrefix))
		if j < 0 {
			break
		}
		at := i + j
		end := at + len(gofpdfPrefix)
		style := ""
		for _, st := range []string{"BI", "B", "I"} {
			if bytes.HasPrefix(pdf[end:], []byte(st)) {
				style = st
				break
			}
		}
		end += len(style)
		if end >= len(pdf) || !isDelimiter(pdf[end]) {
			i = end
			continue
		}
		name := "/" + subsetTags[style] + "+" + names[style]
		out.Write(pdf[last:at])
		out.WriteString(name)
		shifts = append(shifts, shift{at, len(name) - (end - at)})
		last, i = end, end
	}
	out.Write(pdf[last:])
	moved := func(off int) int {
		by := 0
		for _, s := range shifts {
			if s.at < off {
				by += s.by
			}
		}
		return off + by
	}
	return fixXref(out.Bytes(), moved)
}

func isDelimiter(b byte) bool {
	return bytes.IndexByte([]byte(" \t\r\n/<>[]()"), b) >= 0
}

// fixXref moves the entries of the classic cross-reference table ("xref", one 20-byte
// entry per object) and the startxref offset by moved.
func fixXref(pdf []byte, moved func(int) int) ([]byte, error) {
	s := bytes.LastIndex(pdf, []byte("startxref\n"))
	x := bytes.LastIndex(pdf, []byte("\nxref\n"))
	if s < 0 || x < 0 || x > s {
		return nil, fmt.Errorf("reports: pdf without a cross-reference table")
	}
	x++
	nl := bytes.IndexByte(pdf[x+5:], '\n')
	var count int
	if nl < 0 {
		return nil, fmt.Errorf("reports: bad cross-reference table")
	}
	if _, err := fmt.Sscanf(string(pdf[x+5:x+5+nl]), "0 %d", &count); err != nil {
		return nil, fmt.Errorf("reports: bad cross-reference table: %w", err)
	}
	entries := x + 5 + nl + 1
	if entries+20*count > s {
		return nil, fmt.Errorf("reports: short cross-reference table")
	}
	for n := 1; n < count; n++ {
		e := pdf[entries+20*n : entries+20*n+10]
		off, err := strconv.Atoi(string(e))
		if err != nil {
			return nil, fmt.Errorf("reports: bad cross-reference entry %d: %w", n, err)
		}
		copy(e, fmt.Sprintf("%010d", moved(off)))
	}
	end := bytes.IndexByte(pdf[s+10:], '\n')
	if end < 0 {
		return nil, fmt.Errorf("reports: bad startxref")
	}
	tail := append([]byte(strconv.Itoa(x)), pdf[s+10+end:]...)
	return append(pdf[:s+10], tail...), nil
}
