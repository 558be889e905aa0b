package store

import (
	"fmt"
	"path/filepath"
	"strings"
)

// SQLiteURI is the SQLite URI of the database file at path with the driver's query
// parameters (e.g. "_pragma=foreign_keys(1)"). A path is never joined into a URI by
// hand: in a URI "#" starts a fragment, "?" the query and "%" an escape, so an office
// folder named "Phòng #2" opened a new database named "Phòng ". Here the path is made
// absolute and those bytes are escaped; a Windows path keeps its drive letter
// (file:///C:/…) and a share its two slashes (file:////server/share/…).
func SQLiteURI(path string, params ...string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x → /C:/x
	}
	var b strings.Builder
	b.WriteString("file://")
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c == '%' || c == '?' || c == '#' || c < 0x20 || c == 0x7f:
			fmt.Fprintf(&b, "%%%02X", c)
		default:
			b.WriteByte(c)
		}
	}
	if len(params) > 0 {
		b.WriteString("?" + strings.Join(params, "&"))
	}
	return b.String()
}
