// Command ferretdb runs FerretDB 1.24 (MongoDB wire protocol) on its PostgreSQL backend for local
// development and tests, so a deployment runs one database engine: the read models live in their
// own PostgreSQL database (`ferretdb` on the local cluster that `infra up` starts). It embeds the
// ferretdb package instead of building cmd/ferretdb, whose module release lacks a generated
// version file and panics at start.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"net/url"
	"os"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen-addr", "127.0.0.1:27017", "TCP address to serve the MongoDB wire protocol on")
	pgURL := flag.String("postgresql-url", os.Getenv("FERRETDB_POSTGRESQL_URL"),
		"PostgreSQL connection string of the database that holds the documents (default $FERRETDB_POSTGRESQL_URL)")
	logLevel := flag.String("log-level", "warn", "log level: debug, info, warn, error")
	flag.Parse()

	if *pgURL == "" {
		log.Fatal("-postgresql-url (or FERRETDB_POSTGRESQL_URL) is required, e.g. postgres://user:password@127.0.0.1:5432/ferretdb")
	}
	u, err := url.Parse(*pgURL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		log.Fatal("-postgresql-url must be a postgres:// URL")
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		log.Fatalf("bad -log-level %q: %v", *logLevel, err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:      ferretdb.ListenerConfig{TCP: *listen},
		Handler:       "postgresql",
		PostgreSQLURL: *pgURL,
		Logger:        logger,
	})
	if err != nil {
		log.Fatalf("cannot configure FerretDB: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	// The URL's password is not printed.
	fmt.Fprintf(os.Stderr, "ferretdb listening on %s, backend PostgreSQL %s%s\n", *listen, u.Host, u.Path)
	if err := f.Run(ctx); err != nil && ctx.Err() == nil {
		log.Fatalf("FerretDB stopped: %v", err)
	}
}
