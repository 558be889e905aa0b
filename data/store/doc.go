// Package store is qlhoi's local SQLite database: opening it (store.go), the schema
// and its migrations, the one row writer with history (rows.go, history.go), queries,
// settings, the register of issued documents, backup and restore (backup.go,
// restorecheck.go), and the receiving side of exchange between offices: the hybrid
// logical clock (clock.go), the merge of received versions inside one transaction
// (merger.go, mergewrite.go), who may write what and why a version is refused
// (authority.go), the streams of bundles sent and received (stream.go) and the
// offices' keys and cards (keys.go). The merge lives here because it writes inside
// the store's transaction with its row writer; the bundle file it reads is
// data/exchange.
package store
