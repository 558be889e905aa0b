-- Every record table has the same base columns; the record itself is the JSON in body,
-- and the other columns are copies of fields that queries filter or sort on.

CREATE TABLE offices (
	id TEXT PRIMARY KEY, office TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	version INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, body TEXT NOT NULL,
	code TEXT NOT NULL, parent TEXT NOT NULL, level TEXT NOT NULL
);
CREATE INDEX offices_code ON offices(code);

CREATE TABLE agencies (
	id TEXT PRIMARY KEY, office TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	version INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, body TEXT NOT NULL,
	name_fold TEXT NOT NULL, sort_key BLOB NOT NULL
);
CREATE INDEX agencies_sort ON agencies(deleted, sort_key);

CREATE TABLE associations (
	id TEXT PRIMARY KEY, office TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	version INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, body TEXT NOT NULL,
	name_lower TEXT NOT NULL, name_fold TEXT NOT NULL, sort_key BLOB NOT NULL,
	scope TEXT NOT NULL, area TEXT NOT NULL, field TEXT NOT NULL, status TEXT NOT NULL,
	assigned INTEGER NOT NULL, term_end TEXT NOT NULL
);
CREATE INDEX associations_sort ON associations(deleted, sort_key, id);
CREATE INDEX associations_scope ON associations(scope, area);

CREATE TABLE association_events (
	id TEXT PRIMARY KEY, office TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	version INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, body TEXT NOT NULL,
	association TEXT NOT NULL, date TEXT NOT NULL
);
CREATE INDEX association_events_assoc ON association_events(association);

CREATE TABLE leaders (
	id TEXT PRIMARY KEY, office TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	version INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, body TEXT NOT NULL,
	association TEXT NOT NULL
);
CREATE INDEX leaders_assoc ON leaders(association);

CREATE TABLE yearly_figures (
	id TEXT PRIMARY KEY, office TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	version INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, body TEXT NOT NULL,
	association TEXT NOT NULL, year INTEGER NOT NULL
);
CREATE INDEX yearly_figures_assoc ON yearly_figures(association, year);

CREATE TABLE inspections (
	id TEXT PRIMARY KEY, office TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	version INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, body TEXT NOT NULL,
	association TEXT NOT NULL, date TEXT NOT NULL
);
CREATE INDEX inspections_assoc ON inspections(association);

CREATE TABLE directives (
	id TEXT PRIMARY KEY, office TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	version INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, body TEXT NOT NULL,
	date TEXT NOT NULL
);

CREATE TABLE tasks (
	id TEXT PRIMARY KEY, office TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	version INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, body TEXT NOT NULL,
	directive TEXT NOT NULL, lead TEXT NOT NULL, deadline TEXT NOT NULL, completed_on TEXT NOT NULL,
	cycle TEXT NOT NULL
);
CREATE INDEX tasks_directive ON tasks(directive);
CREATE INDEX tasks_open ON tasks(deleted, completed_on, deadline);
CREATE INDEX tasks_lead ON tasks(lead);

CREATE TABLE progress_updates (
	id TEXT PRIMARY KEY, office TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	version INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, body TEXT NOT NULL,
	task TEXT NOT NULL, date TEXT NOT NULL
);
CREATE INDEX progress_updates_task ON progress_updates(task, date);

CREATE TABLE issued_documents (
	id TEXT PRIMARY KEY, office TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	version INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, body TEXT NOT NULL,
	series TEXT NOT NULL, number INTEGER NOT NULL
);
CREATE UNIQUE INDEX issued_documents_number ON issued_documents(series, number);

-- history keeps every version of every record: before and after each write.
CREATE TABLE history (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	kind TEXT NOT NULL,
	record_id TEXT NOT NULL,
	version INTEGER NOT NULL,
	op TEXT NOT NULL,
	office TEXT NOT NULL,
	actor TEXT NOT NULL,
	at TEXT NOT NULL,
	before TEXT,
	after TEXT NOT NULL
);
CREATE INDEX history_record ON history(record_id, version);

CREATE TABLE settings (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
