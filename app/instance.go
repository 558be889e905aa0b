package app

import (
	"bufio"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"qlhoi/data"
)

// A second start of qlhoi with a file (qlhoi.exe --import FILE, what double-clicking a
// .qlb runs) hands the file to the window already open on the same database instead of
// opening a second window. The running instance listens on a loopback TCP port (works
// alike on Windows and Linux, no named-pipe package needed) and writes the port and a
// random token to DATABASE.instance beside the database; the second start reads that
// file, sends "token\npath\n" and waits for "ok". A stale file (qlhoi ended without
// removing it) only costs a refused connection: the second start then opens normally.

const (
	handoffDialTimeout = 2 * time.Second
	handoffIOTimeout   = 5 * time.Second
	maxHandoffLine     = 8 << 10
)

type instanceFile struct {
	Addr  string `json:"addr"`
	Token string `json:"token"`
}

// InstancePath is the file that names the instance running on the database at dbPath.
func InstancePath(dbPath string) string { return dbPath + ".instance" }

// Instance is the running qlhoi listening for files from later starts.
type Instance struct {
	ln    net.Listener
	path  string
	token string
	done  chan struct{}
}

// Listen makes this process the instance for the database at dbPath: files handed over
// by later starts go to onFile (called from a network goroutine: go through fyne.Do).
func Listen(dbPath string, onFile func(path string)) (*Instance, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	var raw [16]byte
	if _, err := rand.Read(raw[:]); err != nil {
		ln.Close()
		return nil, err
	}
	in := &Instance{ln: ln, path: InstancePath(dbPath), token: hex.EncodeToString(raw[:]), done: make(chan struct{})}
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

func writeFileAtomic(path string, b []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func (in *Instance) serve(onFile func(string)) {
	defer close(in.done)
	for {
		c, err := in.ln.Accept()
		if err != nil {
			return // closed
		}
		in.handle(c, onFile)
	}
}

// handle reads one request; a wrong token or a bad path gets no "ok".
func (in *Instance) handle(c net.Conn, onFile func(string)) {
	defer c.Close()
	if err := c.SetDeadline(time.Now().Add(handoffIOTimeout)); err != nil {
		return
	}
	r := bufio.NewReader(&limitedReader{r: c, n: 2 * maxHandoffLine})
	token, err1 := r.ReadString('\n')
	path, err2 := r.ReadString('\n')
	if err1 != nil || err2 != nil {
		return
	}
	token, path = strings.TrimSuffix(token, "\n"), strings.TrimSuffix(path, "\n")
	if subtle.ConstantTimeCompare([]byte(token), []byte(in.token)) != 1 || !validHandoffPath(path) {
		fmt.Fprint(c, "refused\n")
		return
	}
	onFile(path)
	fmt.Fprint(c, "ok\n")
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
// and reports whether it took it. false means: no instance answered, open normally.
func Handoff(dbPath, file string) bool {
	abs, err := filepath.Abs(file)
	if err != nil || !validHandoffPath(abs) {
		return false
	}
	b, err := os.ReadFile(InstancePath(dbPath))
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
	if _, err := fmt.Fprintf(c, "%s\n%s\n", f.Token, abs); err != nil {
		return false
	}
	reply, err := bufio.NewReader(c).ReadString('\n')
	return err == nil && reply == "ok\n"
}

// OpenBundle shows the import preview of the bundle at path: what qlhoi.exe --import
// FILE opens on, and what a file handed over by a later start does in the open window.
func (u *UI) OpenBundle(path string) {
	e, i := screenOf[*exchangeScreen](u)
	if i < 0 { // the set-up wizard is showing: no office to import into yet
		u.showError(&data.Error{Message: u.T("exchange.open.setup_first", path)})
		return
	}
	e.tabs.SelectIndex(1)
	e.file.SetText(path)
	if u.current != i {
		// Asks first when a form has unsaved changes, like choosing the screen.
		u.nav.Select(i)
	}
	e.onVerify()
}
