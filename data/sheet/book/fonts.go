package book

import (
	"archive/zip"
	"io"
	"strconv"
	"strings"
)

// legacyFont is what a cell's font says of its text: typed in TCVN3 (the .Vn fonts)
// or VNI (the VNI- fonts), and, for the .VnTimeH-style fonts that have only capitals,
// shown in capitals whatever the codes (the cell holds "héi luËt gia", Excel shows
// "HỘI LUẬT GIA").
type legacyFont struct {
	enc      Encoding
	capitals bool
}

// read converts a cell's text as its font says; text already in Unicode (beyond
// Latin-1) is left as it is.
func (f legacyFont) read(v string) string {
	if f.enc == "" {
		return v
	}
	if _, _, isUnicode := LegacyEvidence(v); isUnicode {
		return v
	}
	v = decode(v, f.enc)
	if f.capitals {
		v = strings.ToUpper(v)
	}
	return v
}

// fontOf tells what a font's name says.
func fontOf(name string) legacyFont {
	n := strings.ToLower(strings.TrimSpace(name))
	switch {
	case strings.HasPrefix(n, ".vn"):
		return legacyFont{enc: TCVN3, capitals: strings.HasSuffix(n, "h")}
	case strings.HasPrefix(n, "vni-") || strings.HasPrefix(n, "vni "):
		return legacyFont{enc: VNI}
	}
	return legacyFont{}
}

// maxStylesPart bounds what is read of xl/styles.xml (a real one is tens of KB).
const maxStylesPart = 4 << 20

// readLegacyFonts maps the cell styles (cellXfs indexes) whose font is a legacy
// Vietnamese font to what it says. A styles part that is missing, damaged or too
// large gives none: the text is then judged by its characters alone.
func readLegacyFonts(z *zip.Reader) map[int]legacyFont {
	f, err := z.Open("xl/styles.xml")
	if err != nil {
		return nil
	}
	defer f.Close()
	sc := newXMLScan(io.LimitReader(f, maxStylesPart))
	var (
		fonts   []legacyFont
		out     map[int]legacyFont
		path    []string
		xfIndex int
	)
	for {
		if err := sc.next(); err != nil || sc.kind == tokEOF {
			return out
		}
		switch sc.kind {
		case tokStart:
			name := string(sc.name) // already without a namespace prefix
			parent := ""
			if len(path) > 0 {
				parent = path[len(path)-1]
			}
			switch {
			case name == "font" && parent == "fonts":
				fonts = append(fonts, legacyFont{})
			case name == "name" && parent == "font" && len(fonts) > 0 && len(path) >= 2 && path[len(path)-2] == "fonts":
				fonts[len(fonts)-1] = fontOf(string(attr(sc.attrs, "val")))
			case name == "xf" && parent == "cellXfs":
				id, err := strconv.Atoi(string(attr(sc.attrs, "fontId")))
				if err == nil && id >= 0 && id < len(fonts) && fonts[id].enc != "" {
					if out == nil {
						out = map[int]legacyFont{}
					}
					out[xfIndex] = fonts[id]
				}
				xfIndex++
			}
			if !sc.empty {
				path = append(path, name)
			}
		case tokEnd:
			if len(path) > 0 {
				path = path[:len(path)-1]
			}
		}
	}
}
