package report

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// readGoatCounter counts a GoatCounter CSV export (plain or gzipped, as
// GoatCounter sends it). Its first line is the header, the first field
// prefixed with the export format's version:
//
//	2Path,Title,Event,UserAgent,Browser,System,Session,Bot,Referrer,Referrer scheme,Screen size,Location,FirstVisit,Date
//
// (GoatCounter's help page prints it "2,Path,…"; both are read). Columns
// are found by name, so version 1 exports (1Path,…,Bot,…,Date) are read
// too. A row counts when it is a page view (Event false) by a person (Bot
// 0): a short link as a scan, an entry page as a view, in the month of its
// Date in UTC. GoatCounter counts only what a page's pixel reports, after
// any redirect, so there is nothing to pair.
func (c *counter) readGoatCounter(name string) bool {
	pr := &problems{r: c.r, file: name}
	rd, closeFn, err := openLog(name)
	if err != nil {
		c.r.Problems = append(c.r.Problems, Problem{name, 0, err.Error()})
		return false
	}
	defer closeFn()
	cr := csv.NewReader(rd)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		c.r.Problems = append(c.r.Problems, Problem{name, 1, fmt.Sprintf("not a GoatCounter CSV export: %v", err)})
		return false
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(h)] = i
	}
	// "2Path" is the real header's first field; the help page's "2,Path"
	// makes the version a column of its own.
	if len(header) > 0 && len(header[0]) >= 5 && strings.HasSuffix(header[0], "Path") {
		col["Path"] = 0
	}
	shift := 0
	if len(header) > 1 && header[1] == "Path" && isDigits(header[0]) {
		shift = 1 // rows have no version field: every column moves left
	}
	need := []string{"Path", "Event", "Bot", "Date"}
	for _, n := range need {
		if _, ok := col[n]; !ok {
			c.r.Problems = append(c.r.Problems, Problem{name, 1, fmt.Sprintf("not a GoatCounter CSV export: the header has no %s column (it should start 2Path,Title,Event,…)", n)})
			return false
		}
	}
	get := func(rec []string, n string) string {
		i := col[n] - shift
		if i < 0 || i >= len(rec) {
			return ""
		}
		return rec[i]
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				pr.add(pe.StartLine, "%v", pe.Err)
				if errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote) {
					continue
				}
			}
			if errors.Is(err, io.ErrUnexpectedEOF) {
				c.r.Problems = append(c.r.Problems, Problem{name, 0, "the file ends early (a truncated gzip file?): the rows before the end are counted"})
				break
			}
			if pe == nil {
				c.r.Problems = append(c.r.Problems, Problem{name, 0, fmt.Sprintf("could not read further: %v", err)})
				break
			}
			continue
		}
		if len(rec) == 0 || (len(rec) == 1 && rec[0] == "") {
			continue
		}
		line, _ := cr.FieldPos(0)
		if len(rec) < len(header)-shift {
			pr.add(line, "%d fields, the header has %d", len(rec), len(header)-shift)
			continue
		}
		at, err := time.Parse(time.RFC3339, get(rec, "Date"))
		if err != nil {
			pr.add(line, "date %q is not written 2026-10-02T15:04:05Z", get(rec, "Date"))
			continue
		}
		c.r.Lines++
		if ev := get(rec, "Event"); ev == "true" || ev == "1" {
			continue
		}
		if bot := get(rec, "Bot"); bot != "" && bot != "0" {
			continue
		}
		m, ok := c.month(at.UTC())
		if !ok {
			continue
		}
		kind, id, _ := c.ix.classify(get(rec, "Path"), true)
		switch kind {
		case short:
			if c.ix.known[id] || c.ix.retired[id] {
				c.counts(c.r.Scans, id).add(m)
			} else {
				c.counts(c.r.Unknown, id).add(m)
			}
		case page:
			c.counts(c.r.Views, id).add(m)
		}
	}
	pr.done("rows")
	return true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
