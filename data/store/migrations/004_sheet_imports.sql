-- sheet_imports: one row per spreadsheet imported; changes lists what it changed, for undo.
CREATE TABLE sheet_imports (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	file TEXT NOT NULL,
	kind TEXT NOT NULL,
	counts TEXT NOT NULL,
	changes TEXT NOT NULL,
	backup TEXT NOT NULL,
	imported_at TEXT NOT NULL,
	undone INTEGER NOT NULL DEFAULT 0
);
