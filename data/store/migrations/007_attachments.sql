-- attachments: files kept with a record on this machine (a directive's signed PDF as it
-- arrived), by their SHA-256; they do not travel in bundles.
CREATE TABLE attachments (
	record_id TEXT NOT NULL,
	sha256 TEXT NOT NULL,
	name TEXT NOT NULL,
	size INTEGER NOT NULL,
	added_at TEXT NOT NULL,
	content BLOB NOT NULL,
	PRIMARY KEY (record_id, sha256)
);
