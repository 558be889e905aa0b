-- The association list, its filters and search-as-you-type read only this index, not
-- the records: a search over 20,000 associations stays within a keystroke's budget.
DROP INDEX associations_sort;
CREATE INDEX associations_list ON associations(deleted, sort_key, id, name_fold, name_lower, scope, area, field, status, assigned, term_end);

-- With progress and last report day beside deadline and completion, SQL can compute a
-- one-off task's status (data.taskStatusSQL) and count or page 200,000 tasks without
-- decoding them.
ALTER TABLE tasks ADD COLUMN percent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN last_report TEXT NOT NULL DEFAULT '';
UPDATE tasks SET percent = coalesce(json_extract(body, '$.percent'), 0), last_report = coalesce(json_extract(body, '$.last_report'), '');
DROP INDEX tasks_open;
CREATE INDEX tasks_list ON tasks(deleted, cycle, deadline, id, completed_on, percent, last_report, lead, directive);
-- The whole list in its display order (undated last) without sorting 200,000 rows.
CREATE INDEX tasks_order ON tasks(deleted, cycle, deadline = '', deadline, id);
-- Periodic tasks are few and judged in Go: find them without a scan.
CREATE INDEX tasks_periodic ON tasks(cycle) WHERE cycle <> '';
