-- pending_trust: offices a restored backup trusted that this database did not; none is
-- trusted until the clerk confirms it (fingerprint compared), one by one.
CREATE TABLE pending_trust (
	code TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	sign_public BLOB NOT NULL,
	age_recipient TEXT NOT NULL,
	fingerprint TEXT NOT NULL,
	trusted_at TEXT NOT NULL,
	revoked_at TEXT NOT NULL DEFAULT ''
);
