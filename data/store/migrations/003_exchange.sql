-- Exchange between offices: this office's keys, the offices it trusts, the bundles it
-- sent and received, and the conflicts merges found.

CREATE TABLE office_keys (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	office TEXT NOT NULL,
	sign_public BLOB NOT NULL,
	sign_private BLOB NOT NULL,
	age_recipient TEXT NOT NULL,
	age_identity TEXT NOT NULL,
	created_at TEXT NOT NULL
);

CREATE TABLE trusted_offices (
	code TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	sign_public BLOB NOT NULL,
	age_recipient TEXT NOT NULL,
	fingerprint TEXT NOT NULL,
	trusted_at TEXT NOT NULL,
	revoked_at TEXT NOT NULL DEFAULT ''
);

-- outbox: one row per bundle sent; watermark is the history seq it covered.
CREATE TABLE outbox (
	recipient TEXT NOT NULL,
	seq INTEGER NOT NULL,
	bundle_id TEXT NOT NULL,
	hash TEXT NOT NULL,
	watermark INTEGER NOT NULL,
	full INTEGER NOT NULL,
	created_at TEXT NOT NULL,
	PRIMARY KEY (recipient, seq)
);

-- receipts: one row per bundle imported; changes lists what it changed, for undo.
CREATE TABLE receipts (
	sender TEXT NOT NULL,
	seq INTEGER NOT NULL,
	bundle_id TEXT NOT NULL UNIQUE,
	hash TEXT NOT NULL,
	counts TEXT NOT NULL,
	changes TEXT NOT NULL,
	backup TEXT NOT NULL,
	imported_at TEXT NOT NULL,
	undone INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (sender, seq)
);

-- peer_acks: the highest bundle seq of ours each office says it has imported.
CREATE TABLE peer_acks (
	office TEXT PRIMARY KEY,
	seq INTEGER NOT NULL
);

CREATE TABLE conflicts (
	record_id TEXT PRIMARY KEY,
	kind TEXT NOT NULL,
	heads TEXT NOT NULL,
	winner TEXT NOT NULL,
	detected_at TEXT NOT NULL,
	resolved INTEGER NOT NULL DEFAULT 0
);
