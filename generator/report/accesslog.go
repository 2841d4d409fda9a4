package report

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

// logTime is the time field of the combined and common log formats.
const logTime = "02/Jan/2006:15:04:05 -0700"

// maxLine bounds a log line; a longer one is reported and skipped.
const maxLine = 64 << 10

// request is one line of an access log, reduced to what counting needs.
type request struct {
	at     time.Time
	method string
	target string // as written: path and query, percent-encoded
	status int
	// client identifies the visitor for pairing a redirect with the
	// request that follows it: a hash of the address and user agent,
	// kept in memory only, never written anywhere.
	client uint64
	bot    bool
}

// parseLine reads one line of the combined log format, as nginx, Apache
// and Caddy (format transform) write it:
//
//	IP - user [02/Jan/2006:15:04:05 -0700] "GET /p/NT-001/ HTTP/1.1" 200 512 "referer" "user agent"
//
// The common log format (no referrer, no user agent) is read too; its
// requests have no user agent and count as made by a program, since
// nothing tells a person from a crawler there.
func parseLine(line []byte) (request, error) {
	var r request
	s := string(line)
	open := strings.IndexByte(s, '[')
	if open < 0 {
		return r, errors.New("no [time] field: not the combined log format")
	}
	remote := s[:open]
	end := strings.IndexByte(s[open:], ']')
	if end < 0 {
		return r, errors.New("no closing ] after the time")
	}
	at, err := time.Parse(logTime, s[open+1:open+end])
	if err != nil {
		return r, fmt.Errorf("time %q is not written 02/Jan/2006:15:04:05 -0700", s[open+1:open+end])
	}
	r.at = at
	rest := strings.TrimLeft(s[open+end+1:], " ")
	req, rest, ok := quoted(rest)
	if !ok {
		return r, errors.New(`no "METHOD PATH PROTOCOL" request after the time`)
	}
	statusField, rest := word(rest)
	sizeField, rest := word(rest)
	if statusField == "" || sizeField == "" {
		return r, errors.New("no status and size after the request")
	}
	r.status, err = strconv.Atoi(statusField)
	if err != nil || r.status < 100 || r.status > 999 {
		return r, fmt.Errorf("status %q is not a number such as 200", statusField)
	}
	if sizeField != "-" {
		if _, err := strconv.ParseInt(sizeField, 10, 64); err != nil {
			return r, fmt.Errorf("size %q is not a number", sizeField)
		}
	}
	// After status and size: the referrer and the user agent, quoted.
	ua := ""
	if _, after, ok := quoted(strings.TrimLeft(rest, " ")); ok {
		if agent, _, ok := quoted(strings.TrimLeft(after, " ")); ok {
			ua = agent
		}
	}
	// A request line that is not "METHOD TARGET PROTOCOL" (nginx logs "-"
	// or the raw bytes for a client that sent garbage) is a readable line
	// that counts as nothing.
	if parts := strings.Fields(req); len(parts) == 3 || len(parts) == 2 {
		r.method, r.target = parts[0], parts[1]
	}
	r.bot = IsBot(ua)
	h := fnv.New64a()
	h.Write([]byte(strings.TrimSpace(remote)))
	h.Write([]byte{0})
	h.Write([]byte(ua))
	r.client = h.Sum64()
	return r, nil
}

// word returns the first space-separated word of s and what follows it.
func word(s string) (string, string) {
	s = strings.TrimLeft(s, " ")
	if i := strings.IndexByte(s, ' '); i >= 0 {
		return s[:i], s[i:]
	}
	return s, ""
}

// quoted reads a "…" field at the start of s, with the backslash escapes
// nginx (\x22) and Apache (\") write, and returns it and what follows.
func quoted(s string) (string, string, bool) {
	if !strings.HasPrefix(s, `"`) {
		return "", s, false
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 < len(s) {
				i++
				b.WriteByte('\\')
				b.WriteByte(s[i])
			}
		case '"':
			return b.String(), s[i+1:], true
		default:
			b.WriteByte(c)
		}
	}
	return "", s, false
}

// openLog opens a log file, plain or gzipped, telling them apart by the
// file's first bytes (rotated logs are access.log.1, access.log.2.gz…).
func openLog(name string) (io.Reader, func() error, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot open: %v", errors.Unwrap(err))
	}
	br := bufio.NewReaderSize(f, 64<<10)
	magic, _ := br.Peek(2)
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			f.Close()
			return nil, nil, fmt.Errorf("not a readable gzip file: %v", err)
		}
		return zr, f.Close, nil
	}
	if strings.HasSuffix(strings.ToLower(name), ".gz") {
		f.Close()
		return nil, nil, errors.New("not gzip: the name ends in .gz but the file is not gzip-compressed; skipped (rename it if it is a plain log)")
	}
	return br, f.Close, nil
}

// eachLine calls fn with every line of r (without its line end) and its
// number. A line longer than maxLine is reported through tooLong and
// skipped. It returns the error that stopped reading, if not the end.
func eachLine(r io.Reader, fn func(n int, line []byte), tooLong func(n int)) error {
	br := bufio.NewReaderSize(r, maxLine)
	n := 0
	for {
		line, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			n++
			tooLong(n)
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = br.ReadSlice('\n')
			}
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			continue
		}
		if len(line) > 0 && (err == nil || err == io.EOF) {
			n++
			fn(n, bytes.TrimRight(line, "\r\n"))
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
