// Package instance lets a second start of qlhoi with a file hand the file to the
// window already open on the same database.
package instance

import (
	"bufio"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// A second start of qlhoi with a file (qlhoi.exe --import FILE, what double-clicking a
// .qlb runs) hands the file to the window already open on the same database instead of
// opening a second window. The running instance listens on a loopback TCP port (works
// alike on Windows and Linux, no named-pipe package needed) and writes the port and a
// random token to DATABASE.instance beside the database (0600, in the user's folder).
//
// Both sides prove they know the token, and it never crosses the connection: after a
// crash, whoever binds the stale port (another local account) learns nothing and can
// answer nothing. The exchange, one line each:
//
//	second start → "qlhoi-handoff 2 NC"            NC: its random nonce (hex)
//	instance     → "NS MAC(token, "instance" NC NS)"
//	second start → "MAC(token, "file" NC NS PATH)" then "PATH"   (only if the MAC is right)
//	instance     → "ok" (or "refused")
//
// MAC is HMAC-SHA-256, hex. Each connection is served on its own goroutine with a short
// deadline, so an idle connection delays nobody.

const (
	handoffDialTimeout = 2 * time.Second
	handoffIOTimeout   = 3 * time.Second
	maxHandoffLine     = 8 << 10
	handoffHello       = "qlhoi-handoff 2"
	// maxHandoffConns bounds the connections served at once; more are closed at once.
	maxHandoffConns = 8
)

type instanceFile struct {
	Addr  string `json:"addr"`
	Token string `json:"token"`
}

// Path is the file that names the instance running on the database at dbPath.
func Path(dbPath string) string { return dbPath + ".instance" }

// Instance is the running qlhoi listening for files from later starts.
type Instance struct {
	ln    net.Listener
	path  string
	token string
	done  chan struct{}
	slots chan struct{}
}

// Listen makes this process the instance for the database at dbPath: files handed over
// by later starts go to onFile (called from a network goroutine: go through fyne.Do).
func Listen(dbPath string, onFile func(path string)) (*Instance, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	in := &Instance{ln: ln, path: Path(dbPath), token: randomHex(16), done: make(chan struct{}), slots: make(chan struct{}, maxHandoffConns)}
	b, err := json.Marshal(instanceFile{Addr: ln.Addr().String(), Token: in.token})
	if err == nil {
		err = writeFileAtomic(in.path, b)
	}
	if err != nil {
		ln.Close()
		return nil, err
	}
	go in.serve(onFile)
	return in, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

// handoffMAC is HMAC-SHA-256 of the parts (NUL-separated) under the token, hex.
func handoffMAC(token string, parts ...string) string {
	m := hmac.New(sha256.New, []byte(token))
	m.Write([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(m.Sum(nil))
}

func writeFileAtomic(path string, b []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func (in *Instance) serve(onFile func(string)) {
	defer close(in.done)
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		c, err := in.ln.Accept()
		if err != nil {
			return // closed
		}
		select {
		case in.slots <- struct{}{}:
		default:
			c.Close() // too many at once: a flood, not a clerk
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-in.slots }()
			in.handle(c, onFile)
		}()
	}
}

// handle serves one connection; a wrong proof or a bad path gets no "ok".
func (in *Instance) handle(c net.Conn, onFile func(string)) {
	defer c.Close()
	if err := c.SetDeadline(time.Now().Add(handoffIOTimeout)); err != nil {
		return
	}
	r := bufio.NewReader(&limitedReader{r: c, n: 3 * maxHandoffLine})
	hello, err := readLine(r)
	nc, ok := strings.CutPrefix(hello, handoffHello+" ")
	if err != nil || !ok || len(nc) != 32 {
		return
	}
	ns := randomHex(16)
	if _, err := fmt.Fprintf(c, "%s %s\n", ns, handoffMAC(in.token, "instance", nc, ns)); err != nil {
		return
	}
	mac, err1 := readLine(r)
	path, err2 := readLine(r)
	if err1 != nil || err2 != nil {
		return
	}
	if !hmac.Equal([]byte(mac), []byte(handoffMAC(in.token, "file", nc, ns, path))) || !validHandoffPath(path) {
		fmt.Fprint(c, "refused\n")
		return
	}
	onFile(path)
	fmt.Fprint(c, "ok\n")
}

// readLine reads one line without its end.
func readLine(r *bufio.Reader) (string, error) {
	s, err := r.ReadString('\n')
	return strings.TrimSuffix(s, "\n"), err
}

// validHandoffPath accepts an absolute, clean path of reasonable length.
func validHandoffPath(p string) bool {
	return p != "" && len(p) < maxHandoffLine && filepath.IsAbs(p) && !strings.ContainsAny(p, "\x00\r")
}

type limitedReader struct {
	r net.Conn
	n int
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, errors.New("request too long")
	}
	if len(p) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= n
	return n, err
}

// Close stops listening and removes the instance file if it is still this instance's.
func (in *Instance) Close() error {
	err := in.ln.Close()
	<-in.done
	if b, rerr := os.ReadFile(in.path); rerr == nil {
		var f instanceFile
		if json.Unmarshal(b, &f) == nil && f.Token == in.token {
			if rmErr := os.Remove(in.path); rmErr != nil && err == nil {
				err = rmErr
			}
		}
	}
	return err
}

// Handoff gives file (made absolute) to the instance running on the database at dbPath
// and reports whether it took it. false means: no instance answered (or one that could
// not prove it is ours), open normally.
func Handoff(dbPath, file string) bool {
	abs, err := filepath.Abs(file)
	if err != nil || !validHandoffPath(abs) {
		return false
	}
	b, err := os.ReadFile(Path(dbPath))
	if err != nil {
		return false
	}
	var f instanceFile
	if json.Unmarshal(b, &f) != nil || f.Token == "" {
		return false
	}
	host, _, err := net.SplitHostPort(f.Addr)
	if err != nil || host != "127.0.0.1" {
		return false // only ever loopback
	}
	c, err := net.DialTimeout("tcp", f.Addr, handoffDialTimeout)
	if err != nil {
		return false
	}
	defer c.Close()
	if c.SetDeadline(time.Now().Add(handoffIOTimeout)) != nil {
		return false
	}
	nc := randomHex(16)
	if _, err := fmt.Fprintf(c, "%s %s\n", handoffHello, nc); err != nil {
		return false
	}
	r := bufio.NewReader(&limitedReader{r: c, n: maxHandoffLine})
	line, err := readLine(r)
	ns, mac, ok := strings.Cut(line, " ")
	if err != nil || !ok || len(ns) != 32 || !hmac.Equal([]byte(mac), []byte(handoffMAC(f.Token, "instance", nc, ns))) {
		return false // not our instance: it learns neither the token nor the file
	}
	if _, err := fmt.Fprintf(c, "%s\n%s\n", handoffMAC(f.Token, "file", nc, ns, abs), abs); err != nil {
		return false
	}
	reply, err := readLine(r)
	return err == nil && reply == "ok"
}
