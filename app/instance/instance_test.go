package instance

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A second start with a file hands it to the running instance of the same database.
func TestHandoffToRunningInstance(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "Tài liệu", "qlhoi.db")
	require.NoError(t, os.MkdirAll(filepath.Dir(db), 0o755))
	assert.False(t, Handoff(db, filepath.Join(dir, "a.qlb")), "nothing running: open normally")

	var mu sync.Mutex
	var got []string
	in, err := Listen(db, func(p string) { mu.Lock(); got = append(got, p); mu.Unlock() })
	require.NoError(t, err)
	bundle := filepath.Join(dir, "USB ổ đĩa", "qlhoi-QT-gui-QT-DH-0001.qlb")
	assert.True(t, Handoff(db, bundle))
	mu.Lock()
	assert.Equal(t, []string{bundle}, got)
	mu.Unlock()

	other := filepath.Join(dir, "khac", "qlhoi.db")
	assert.False(t, Handoff(other, bundle), "another database has no instance")

	require.NoError(t, in.Close())
	assert.NoFileExists(t, Path(db), "the instance file goes with the instance")
	assert.False(t, Handoff(db, bundle))
}

// A stale instance file (qlhoi killed) or a damaged one: the new start opens normally.
func TestHandoffStaleOrDamagedFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "qlhoi.db")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	for _, content := range []string{
		fmt.Sprintf(`{"addr":%q,"token":"abc"}`, addr), // nobody listening
		`{"addr":"10.0.0.1:80","token":"abc"}`,         // not loopback
		`{"addr":`,                                     // damaged
		`{"addr":"127.0.0.1:1"}`,                       // no token
	} {
		require.NoError(t, os.WriteFile(Path(db), []byte(content), 0o600))
		start := time.Now()
		assert.False(t, Handoff(db, filepath.Join(dir, "a.qlb")), content)
		assert.Less(t, time.Since(start), 4*time.Second)
	}
}

// Only a request that proves the token, with an absolute path, reaches the window.
func TestInstanceRefusesBadRequests(t *testing.T) {
	db := filepath.Join(t.TempDir(), "qlhoi.db")
	called := make(chan string, 4)
	in, err := Listen(db, func(p string) { called <- p })
	require.NoError(t, err)
	defer in.Close()
	f := readInstanceFile(t, db)
	// send speaks the protocol with a MAC made by mac (nil: the right one).
	send := func(token, path string) string {
		c, err := net.Dial("tcp", f.Addr)
		require.NoError(t, err)
		defer c.Close()
		nc := strings.Repeat("ab", 16)
		fmt.Fprintf(c, "%s %s\n", handoffHello, nc)
		r := bufio.NewReader(c)
		line, err := readLine(r)
		require.NoError(t, err)
		ns, mac, _ := strings.Cut(line, " ")
		assert.Equal(t, handoffMAC(f.Token, "instance", nc, ns), mac, "the instance proves it knows the token")
		fmt.Fprintf(c, "%s\n%s\n", handoffMAC(token, "file", nc, ns, path), path)
		reply, _ := readLine(r)
		return reply
	}
	abs := filepath.Join(t.TempDir(), "a.qlb")
	assert.Equal(t, "refused", send("wrong-token", abs))
	assert.Equal(t, "refused", send(f.Token, "relative.qlb"))
	assert.Equal(t, "refused", send(f.Token, ""))
	assert.NotEqual(t, "ok", send(f.Token, strings.Repeat("x", 20000)), "an endless line is refused")
	assert.Equal(t, "ok", send(f.Token, abs))
	assert.Equal(t, abs, <-called)

	// The old protocol (token in clear) is not spoken any more.
	c, err := net.Dial("tcp", f.Addr)
	require.NoError(t, err)
	fmt.Fprintf(c, "%s\n%s\n", f.Token, abs)
	reply, _ := bufio.NewReader(c).ReadString('\n')
	c.Close()
	assert.Equal(t, "", reply)
	assert.Empty(t, called, "nothing else got through")
}

func readInstanceFile(t *testing.T, db string) instanceFile {
	t.Helper()
	b, err := os.ReadFile(Path(db))
	require.NoError(t, err)
	var f instanceFile
	require.NoError(t, json.Unmarshal(b, &f))
	return f
}

// Idle local connections (one, or many) do not delay a double-clicked bundle: each
// connection is served apart, with a short deadline.
func TestIdleConnectionsDoNotDelayHandoff(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "qlhoi.db")
	called := make(chan string, 1)
	in, err := Listen(db, func(p string) { called <- p })
	require.NoError(t, err)
	defer in.Close()
	f := readInstanceFile(t, db)
	for range 3 {
		c, err := net.Dial("tcp", f.Addr)
		require.NoError(t, err)
		defer c.Close() // idle: says nothing
	}
	start := time.Now()
	assert.True(t, Handoff(db, filepath.Join(dir, "a.qlb")))
	assert.Less(t, time.Since(start), time.Second, "not held up by the idle connections")
	<-called
}

// After a crash, whoever binds the stale port learns neither the token nor the file,
// and its "ok" is not believed: the second start opens normally.
func TestImpostorOnStalePortLearnsNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "qlhoi.db")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	token := strings.Repeat("7", 32)
	require.NoError(t, os.WriteFile(Path(db), []byte(fmt.Sprintf(`{"addr":%q,"token":%q}`, ln.Addr().String(), token)), 0o600))
	heard := make(chan string, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(3 * time.Second))
		r := bufio.NewReader(c)
		first, _ := readLine(r)
		fmt.Fprintf(c, "%s %s\nok\n", strings.Repeat("0", 32), strings.Repeat("f", 64)) // a guess, then "ok"
		rest, _ := io.ReadAll(r)
		heard <- first + "\n" + string(rest)
	}()
	secret := filepath.Join(dir, "Hồ sơ mật", "a.qlb")
	assert.False(t, Handoff(db, secret), "an instance that cannot prove the token is not ours")
	got := <-heard
	assert.NotContains(t, got, token)
	assert.NotContains(t, got, "Hồ sơ mật")
}
