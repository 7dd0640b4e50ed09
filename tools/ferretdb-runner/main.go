// Command ferretdb-runner serves a MongoDB-wire-compatible store for local development and CI:
// FerretDB v1 with its SQLite backend, embedded as a library.
//
// Build it with `node scripts/infra.mjs` (scripts/lib/ferretdb-build.mjs), not a bare `go build`: that
// build patches FerretDB so that its writes are atomic and its lookups use declared indexes
// (docs/architecture.md, "What the local store guarantees").
//
// The FerretDB binary built with `go install .../cmd/ferretdb` panics on its build-time version
// check when built outside FerretDB's own tree; importing the ferretdb package avoids that path.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	dataDir := flag.String("data", ".data/ferretdb", "directory that holds the SQLite databases")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	postgresURL := flag.String("postgresql-url", "", "use the PostgreSQL backend at this URL instead of SQLite")
	cpuProfile := flag.String("cpu-profile", "", "write a Go CPU profile (go tool pprof) to this file until the runner stops")
	flag.Parse()

	setGCPercent()

	if *cpuProfile != "" {
		stopProfile, err := startCPUProfile(*cpuProfile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "ferretdb-runner:", err)
			os.Exit(1)
		}
		defer stopProfile()
	}

	if err := run(*listen, *dataDir, *logLevel, *postgresURL); err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb-runner:", err)
		os.Exit(1)
	}
}

// defaultGCPercent is the Go collector's target when GOGC is not set: a collection when the heap has grown
// to five times what the last one left live, instead of Go's default of twice. The store allocates per
// document, so at Go's default its collector took about a quarter of its CPU under the full-scan bench
// (figures in docs/architecture.md, "The store in development and CI").
const defaultGCPercent = 400

// setGCPercent applies defaultGCPercent unless GOGC says otherwise.
func setGCPercent() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(defaultGCPercent)
	}
}

// startCPUProfile profiles the whole process (where the store spends its time under a benchmark); the
// returned function ends the profile and closes the file, on SIGINT/SIGTERM as run returns.
func startCPUProfile(path string) (func(), error) {
	file, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("cannot create -cpu-profile %s: %w", path, err)
	}
	if err := pprof.StartCPUProfile(file); err != nil {
		file.Close()
		return nil, fmt.Errorf("cannot start the CPU profile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		file.Close()
	}, nil
}

func run(listen, dataDir, logLevel, postgresURL string) error {
	var level slog.Level
	if err := level.UnmarshalText([]byte(logLevel)); err != nil {
		return fmt.Errorf("invalid -log-level %q: %w", logLevel, err)
	}

	abs, err := filepath.Abs(dataDir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return fmt.Errorf("cannot create data directory %s: %w", abs, err)
	}

	logger := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	config := &ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/",
	}
	if postgresURL != "" {
		config.Handler = "postgresql"
		config.PostgreSQLURL = postgresURL
	}
	f, err := ferretdb.New(config)
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	logger.Warn("ferretdb-runner listening", "addr", listen, "data", abs)
	return f.Run(ctx)
}
