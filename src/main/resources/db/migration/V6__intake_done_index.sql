-- The hourly forgetting of done requests (PostgresIntakeStore.forgetDoneBefore: DELETE ... WHERE queue = ? AND state =
-- 'done' AND finished_at < ?) reads only what it deletes: without this index each run scanned the whole table, which
-- holds a month of done requests at the default retention.
CREATE INDEX adrelay_intake_done ON adrelay_intake (queue, finished_at) WHERE state = 'done';
