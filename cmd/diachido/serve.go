package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/diachido/diachido/generator/serve"
)

func cmdServe(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return runServe(ctx, args, stdout, stderr)
}

// runServe is cmdServe until ctx is done (Ctrl+C in the terminal; tests
// cancel it).
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve",
		"Previews the site in -source at http://127.0.0.1:<port>/, drafts included\nand marked. Every save reloads the site (reading only the files that\nchanged) and the open pages; each page is rendered when it is opened.\nContent errors are shown over the page until they are fixed. Nothing is\nwritten.",
		"diachido serve -source ../my-guide -port 8080", stderr)
	source := fs.String("source", ".", "site source folder (holds site.yaml and content/)")
	port := fs.Int("port", 1313, "port to listen on (0 picks a free one)")
	bind := fs.String("bind", "127.0.0.1", "address to listen on; 0.0.0.0 lets phones on your network see the preview")
	if code := parse(fs, args); code >= 0 {
		return code
	}
	if *port < 0 || *port > 65535 {
		fmt.Fprintf(stderr, "diachido serve: -port %d is not a port number (1-65535)\n", *port)
		return 2
	}
	if info, err := os.Stat(*source); err != nil || !info.IsDir() {
		fmt.Fprintf(stderr, "diachido serve: source folder %s not found\n", *source)
		return 1
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(*bind, strconv.Itoa(*port)))
	if err != nil {
		fmt.Fprintf(stderr, "diachido serve: cannot listen on %s: %v (is another preview running? try -port %d)\n",
			net.JoinHostPort(*bind, strconv.Itoa(*port)), err, *port+1)
		return 1
	}
	defer ln.Close()
	host, everywhere := *bind, false
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host, everywhere = "127.0.0.1", true
	}
	baseURL := "http://" + net.JoinHostPort(host, strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)) + "/"

	s, err := serve.New(*source, serve.Options{BaseURL: baseURL, Log: stdout})
	if err != nil {
		fmt.Fprintf(stderr, "diachido serve: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "Serving %s at %s (Ctrl+C to stop)\n", *source, baseURL)
	fmt.Fprintf(stdout, "Form editor (Trình soạn thảo): %sadmin/ (saves into %s, nothing to sign into)\n", baseURL, *source)
	if everywhere {
		fmt.Fprintf(stdout, "Other devices on your network can open http://<this computer's address>:%d/\n", ln.Addr().(*net.TCPAddr).Port)
	}
	_ = s.Rebuild() // errors are logged and shown in the pages

	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	watchCtx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	watched := make(chan struct{})
	go func() { _ = s.Watch(watchCtx); close(watched) }()

	code := 0
	select {
	case <-ctx.Done():
	case err := <-served:
		if !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(stderr, "diachido serve: %v\n", err)
			code = 1
		}
	}
	stopWatch()
	s.Close() // ends the live-reload streams, which never go idle
	shutdown, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	_ = srv.Shutdown(shutdown)
	<-watched
	if code == 0 {
		fmt.Fprintln(stdout, "stopped")
	}
	return code
}
