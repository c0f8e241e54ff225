-- What the storage seams' PostgreSQL implementations need beyond V1.

-- The calls sent whose answer has not come yet (CallsInDoubt): remembered just before a call leaves, deleted once
-- its answer came or its check decided. A row still here when a node starts had its answer lost; any node may check it.
CREATE TABLE adrelay_calls_in_doubt
(
  effect_hash VARCHAR(64)  NOT NULL PRIMARY KEY,    -- hex SHA-256 of the effect: effects name ids and paths of any length
  effect      TEXT         NOT NULL,
  call        JSONB        NOT NULL,                -- effect, sent_at, request, baseline
  node        VARCHAR(200) NULL,
  recorded_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- Scheduled firings skipped while a run of the job was going (JobRun.skippedFirings, the run's skipped_firings).
ALTER TABLE adrelay_job_runs ADD COLUMN skipped_firings INTEGER NOT NULL DEFAULT 0;

-- Dead letters: kept as their text (JSON, not JSONB: an operator reads the fields in the order they were written), and
-- dismissed ones (an operator's "never replay this", with the reason in the letter) kept for the record apart from the
-- replayed ones; open means neither.
ALTER TABLE adrelay_dead_letters ALTER COLUMN body TYPE JSON USING body::json;
ALTER TABLE adrelay_dead_letters ADD COLUMN dismissed_at TIMESTAMPTZ NULL;
DROP INDEX adrelay_dead_letters_open;
CREATE INDEX adrelay_dead_letters_open ON adrelay_dead_letters (id) WHERE replayed_at IS NULL AND dismissed_at IS NULL;
