-- From this schema on, a history row whose after is '' holds its record's current
-- version, which is the body of the record's row (data.currentVersion). A build that
-- does not know this must not open the database: hence a new schema number.
SELECT 1;
