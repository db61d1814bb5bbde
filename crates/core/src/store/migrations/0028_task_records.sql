-- Version 28: a task closed by a record keeps the record itself (issue 26): whom a signal was
-- reported to and how, the tier and class a quarter's review confirmed or changed, the plan
-- submitted, the recovery step taken; as JSON beside the note that words it.
ALTER TABLE task_completions ADD COLUMN details TEXT CHECK (details IS NULL OR json_valid(details));
CREATE INDEX task_completions_officer ON task_completions(officer_id) WHERE officer_id IS NOT NULL;
