-- adrelay's schema in the cluster profile (ADRELAY_PROFILE=cluster), applied by Flyway at start.
-- Part 1: Quartz's own tables for its clustered JDBC JobStore (PostgreSQLDelegate), as the quartz 2.5.0 jar that
-- camel-quartz 4.14 brings ships them (org/quartz/impl/jdbcjobstore/tables_postgres.sql), without its DROP and
-- COMMIT lines (Flyway runs this file in one transaction). Each schedule fires once across the nodes through them.
CREATE TABLE QRTZ_JOB_DETAILS
(
  SCHED_NAME        VARCHAR(120) NOT NULL,
  JOB_NAME          VARCHAR(200) NOT NULL,
  JOB_GROUP         VARCHAR(200) NOT NULL,
  DESCRIPTION       VARCHAR(250) NULL,
  JOB_CLASS_NAME    VARCHAR(250) NOT NULL,
  IS_DURABLE        BOOL         NOT NULL,
  IS_NONCONCURRENT  BOOL         NOT NULL,
  IS_UPDATE_DATA    BOOL         NOT NULL,
  REQUESTS_RECOVERY BOOL         NOT NULL,
  JOB_DATA          BYTEA        NULL,
  PRIMARY KEY (SCHED_NAME, JOB_NAME, JOB_GROUP)
);

CREATE TABLE QRTZ_TRIGGERS
(
  SCHED_NAME     VARCHAR(120) NOT NULL,
  TRIGGER_NAME   VARCHAR(200) NOT NULL,
  TRIGGER_GROUP  VARCHAR(200) NOT NULL,
  JOB_NAME       VARCHAR(200) NOT NULL,
  JOB_GROUP      VARCHAR(200) NOT NULL,
  DESCRIPTION    VARCHAR(250) NULL,
  NEXT_FIRE_TIME BIGINT       NULL,
  PREV_FIRE_TIME BIGINT       NULL,
  PRIORITY       INTEGER      NULL,
  TRIGGER_STATE  VARCHAR(16)  NOT NULL,
  TRIGGER_TYPE   VARCHAR(8)   NOT NULL,
  START_TIME     BIGINT       NOT NULL,
  END_TIME       BIGINT       NULL,
  CALENDAR_NAME  VARCHAR(200) NULL,
  MISFIRE_INSTR  SMALLINT     NULL,
  JOB_DATA       BYTEA        NULL,
  PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
  FOREIGN KEY (SCHED_NAME, JOB_NAME, JOB_GROUP)
  REFERENCES QRTZ_JOB_DETAILS (SCHED_NAME, JOB_NAME, JOB_GROUP)
);

CREATE TABLE QRTZ_SIMPLE_TRIGGERS
(
  SCHED_NAME      VARCHAR(120) NOT NULL,
  TRIGGER_NAME    VARCHAR(200) NOT NULL,
  TRIGGER_GROUP   VARCHAR(200) NOT NULL,
  REPEAT_COUNT    BIGINT       NOT NULL,
  REPEAT_INTERVAL BIGINT       NOT NULL,
  TIMES_TRIGGERED BIGINT       NOT NULL,
  PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
  FOREIGN KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP)
  REFERENCES QRTZ_TRIGGERS (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP)
);

CREATE TABLE QRTZ_CRON_TRIGGERS
(
  SCHED_NAME      VARCHAR(120) NOT NULL,
  TRIGGER_NAME    VARCHAR(200) NOT NULL,
  TRIGGER_GROUP   VARCHAR(200) NOT NULL,
  CRON_EXPRESSION VARCHAR(120) NOT NULL,
  TIME_ZONE_ID    VARCHAR(80),
  PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
  FOREIGN KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP)
  REFERENCES QRTZ_TRIGGERS (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP)
);

CREATE TABLE QRTZ_SIMPROP_TRIGGERS
(
  SCHED_NAME    VARCHAR(120)   NOT NULL,
  TRIGGER_NAME  VARCHAR(200)   NOT NULL,
  TRIGGER_GROUP VARCHAR(200)   NOT NULL,
  STR_PROP_1    VARCHAR(512)   NULL,
  STR_PROP_2    VARCHAR(512)   NULL,
  STR_PROP_3    VARCHAR(512)   NULL,
  INT_PROP_1    INT            NULL,
  INT_PROP_2    INT            NULL,
  LONG_PROP_1   BIGINT         NULL,
  LONG_PROP_2   BIGINT         NULL,
  DEC_PROP_1    NUMERIC(13, 4) NULL,
  DEC_PROP_2    NUMERIC(13, 4) NULL,
  BOOL_PROP_1   BOOL           NULL,
  BOOL_PROP_2   BOOL           NULL,
  PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
  FOREIGN KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP)
  REFERENCES QRTZ_TRIGGERS (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP)
);

CREATE TABLE QRTZ_BLOB_TRIGGERS
(
  SCHED_NAME    VARCHAR(120) NOT NULL,
  TRIGGER_NAME  VARCHAR(200) NOT NULL,
  TRIGGER_GROUP VARCHAR(200) NOT NULL,
  BLOB_DATA     BYTEA        NULL,
  PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
  FOREIGN KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP)
  REFERENCES QRTZ_TRIGGERS (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP)
);

CREATE TABLE QRTZ_CALENDARS
(
  SCHED_NAME    VARCHAR(120) NOT NULL,
  CALENDAR_NAME VARCHAR(200) NOT NULL,
  CALENDAR      BYTEA        NOT NULL,
  PRIMARY KEY (SCHED_NAME, CALENDAR_NAME)
);


CREATE TABLE QRTZ_PAUSED_TRIGGER_GRPS
(
  SCHED_NAME    VARCHAR(120) NOT NULL,
  TRIGGER_GROUP VARCHAR(200) NOT NULL,
  PRIMARY KEY (SCHED_NAME, TRIGGER_GROUP)
);

CREATE TABLE QRTZ_FIRED_TRIGGERS
(
  SCHED_NAME        VARCHAR(120) NOT NULL,
  ENTRY_ID          VARCHAR(95)  NOT NULL,
  TRIGGER_NAME      VARCHAR(200) NOT NULL,
  TRIGGER_GROUP     VARCHAR(200) NOT NULL,
  INSTANCE_NAME     VARCHAR(200) NOT NULL,
  FIRED_TIME        BIGINT       NOT NULL,
  SCHED_TIME        BIGINT       NOT NULL,
  PRIORITY          INTEGER      NOT NULL,
  STATE             VARCHAR(16)  NOT NULL,
  JOB_NAME          VARCHAR(200) NULL,
  JOB_GROUP         VARCHAR(200) NULL,
  IS_NONCONCURRENT  BOOL         NULL,
  REQUESTS_RECOVERY BOOL         NULL,
  PRIMARY KEY (SCHED_NAME, ENTRY_ID)
);

CREATE TABLE QRTZ_SCHEDULER_STATE
(
  SCHED_NAME        VARCHAR(120) NOT NULL,
  INSTANCE_NAME     VARCHAR(200) NOT NULL,
  LAST_CHECKIN_TIME BIGINT       NOT NULL,
  CHECKIN_INTERVAL  BIGINT       NOT NULL,
  PRIMARY KEY (SCHED_NAME, INSTANCE_NAME)
);

CREATE TABLE QRTZ_LOCKS
(
  SCHED_NAME VARCHAR(120) NOT NULL,
  LOCK_NAME  VARCHAR(40)  NOT NULL,
  PRIMARY KEY (SCHED_NAME, LOCK_NAME)
);

CREATE INDEX IDX_QRTZ_J_REQ_RECOVERY
  ON QRTZ_JOB_DETAILS (SCHED_NAME, REQUESTS_RECOVERY);
CREATE INDEX IDX_QRTZ_J_GRP
  ON QRTZ_JOB_DETAILS (SCHED_NAME, JOB_GROUP);

CREATE INDEX IDX_QRTZ_T_J
  ON QRTZ_TRIGGERS (SCHED_NAME, JOB_NAME, JOB_GROUP);
CREATE INDEX IDX_QRTZ_T_JG
  ON QRTZ_TRIGGERS (SCHED_NAME, JOB_GROUP);
CREATE INDEX IDX_QRTZ_T_C
  ON QRTZ_TRIGGERS (SCHED_NAME, CALENDAR_NAME);
CREATE INDEX IDX_QRTZ_T_G
  ON QRTZ_TRIGGERS (SCHED_NAME, TRIGGER_GROUP);
CREATE INDEX IDX_QRTZ_T_STATE
  ON QRTZ_TRIGGERS (SCHED_NAME, TRIGGER_STATE);
CREATE INDEX IDX_QRTZ_T_N_STATE
  ON QRTZ_TRIGGERS (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP, TRIGGER_STATE);
CREATE INDEX IDX_QRTZ_T_N_G_STATE
  ON QRTZ_TRIGGERS (SCHED_NAME, TRIGGER_GROUP, TRIGGER_STATE);
CREATE INDEX IDX_QRTZ_T_NEXT_FIRE_TIME
  ON QRTZ_TRIGGERS (SCHED_NAME, NEXT_FIRE_TIME);
CREATE INDEX IDX_QRTZ_T_NFT_ST
  ON QRTZ_TRIGGERS (SCHED_NAME, TRIGGER_STATE, NEXT_FIRE_TIME);
CREATE INDEX IDX_QRTZ_T_NFT_MISFIRE
  ON QRTZ_TRIGGERS (SCHED_NAME, MISFIRE_INSTR, NEXT_FIRE_TIME);
CREATE INDEX IDX_QRTZ_T_NFT_ST_MISFIRE
  ON QRTZ_TRIGGERS (SCHED_NAME, MISFIRE_INSTR, NEXT_FIRE_TIME, TRIGGER_STATE);
CREATE INDEX IDX_QRTZ_T_NFT_ST_MISFIRE_GRP
  ON QRTZ_TRIGGERS (SCHED_NAME, MISFIRE_INSTR, NEXT_FIRE_TIME, TRIGGER_GROUP, TRIGGER_STATE);

CREATE INDEX IDX_QRTZ_FT_TRIG_INST_NAME
  ON QRTZ_FIRED_TRIGGERS (SCHED_NAME, INSTANCE_NAME);
CREATE INDEX IDX_QRTZ_FT_INST_JOB_REQ_RCVRY
  ON QRTZ_FIRED_TRIGGERS (SCHED_NAME, INSTANCE_NAME, REQUESTS_RECOVERY);
CREATE INDEX IDX_QRTZ_FT_J_G
  ON QRTZ_FIRED_TRIGGERS (SCHED_NAME, JOB_NAME, JOB_GROUP);
CREATE INDEX IDX_QRTZ_FT_JG
  ON QRTZ_FIRED_TRIGGERS (SCHED_NAME, JOB_GROUP);
CREATE INDEX IDX_QRTZ_FT_T_G
  ON QRTZ_FIRED_TRIGGERS (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP);
CREATE INDEX IDX_QRTZ_FT_TG
  ON QRTZ_FIRED_TRIGGERS (SCHED_NAME, TRIGGER_GROUP);


-- Part 2: the tables of adrelay's storage seams (intake queue, effect ledger, job runs, dead letters, documents,
-- rate budgets). The embedded default keeps these in files under the data dir; the seams' PostgreSQL
-- implementations, which use these tables, come later. Plain on purpose: JSON in jsonb, times in timestamptz.

-- Requests and events stored before their webhook is answered 202 (Statlas events, APISync requests), taken by one
-- node at a time: a node claims the next rows with SELECT ... FOR UPDATE SKIP LOCKED, sets claimed_by and
-- lease_until, and another node takes a row over once its lease has run out (its node died).
CREATE TABLE adrelay_intake
(
  tracking_id VARCHAR(64)  NOT NULL PRIMARY KEY,
  api         VARCHAR(32)  NOT NULL,                -- statlas, apisync
  kind        VARCHAR(64)  NOT NULL,                -- the event type or the APISync resource
  body        JSONB        NOT NULL,                -- the request as accepted
  progress    JSONB        NULL,                    -- outcomes so far, so a taken-over request resumes where it was
  status      VARCHAR(16)  NOT NULL DEFAULT 'pending', -- pending, done, failed
  received_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
  claimed_by  VARCHAR(200) NULL,                    -- the node holding it
  lease_until TIMESTAMPTZ  NULL,                    -- after this, another node may take it
  attempts    INTEGER      NOT NULL DEFAULT 0,
  done_at     TIMESTAMPTZ  NULL
);
-- the claim query: the oldest pending rows of an API whose lease is free or over
CREATE INDEX adrelay_intake_pending ON adrelay_intake (api, received_at) WHERE status = 'pending';

-- Effects already made (a report day pulled, a Drive file revision delivered, a feed's SHA-256 uploaded): a key
-- present is never made again, whichever node asks. Keys are hashed by the caller when longer than 255 characters.
CREATE TABLE adrelay_effect_ledger
(
  effect      VARCHAR(100) NOT NULL,                -- e.g. bsa-report, statlas-delivered
  effect_key  VARCHAR(255) NOT NULL,
  recorded_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
  node        VARCHAR(200) NULL,
  PRIMARY KEY (effect, effect_key)
);

-- Job runs (GET /ops/runs): scheduled, manual and catch-up runs of every job. At most one running run per job
-- across the nodes (the partial unique index), so a second start answers 409 from any node.
CREATE TABLE adrelay_job_runs
(
  run_id      VARCHAR(64)  NOT NULL PRIMARY KEY,
  job         VARCHAR(200) NOT NULL,
  trigger     VARCHAR(16)  NOT NULL,                -- manual, scheduled, catch-up
  status      VARCHAR(16)  NOT NULL,                -- running, succeeded, failed
  node        VARCHAR(200) NULL,
  parameters  JSONB        NULL,
  progress    JSONB        NULL,
  summary     TEXT         NULL,
  dead_letters JSONB       NULL,
  started_at  TIMESTAMPTZ  NOT NULL,
  finished_at TIMESTAMPTZ  NULL
);
CREATE UNIQUE INDEX adrelay_job_runs_one_running ON adrelay_job_runs (job) WHERE status = 'running';
CREATE INDEX adrelay_job_runs_history ON adrelay_job_runs (job, started_at DESC);

-- What failed after retries, with its reason (secrets masked before it is written), replayable from any node.
CREATE TABLE adrelay_dead_letters
(
  id          VARCHAR(64)  NOT NULL PRIMARY KEY,
  api         VARCHAR(32)  NOT NULL,
  body        JSONB        NOT NULL,                -- the request, the API's own error, the hint, how to replay it
  created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
  replayed_at TIMESTAMPTZ  NULL                     -- set once replayed (the files' .replayed/)
);
CREATE INDEX adrelay_dead_letters_open ON adrelay_dead_letters (api, created_at) WHERE replayed_at IS NULL;

-- Documents kept whole (the Statlas batch registry, Snap state: catalogs, provisioning, feeds, uploads), one row per
-- document, updated with optimistic locking on version.
CREATE TABLE adrelay_documents
(
  kind        VARCHAR(64)  NOT NULL,                -- e.g. statlas-batch, snap-catalogs
  name        VARCHAR(255) NOT NULL,                -- e.g. the batch id
  body        JSONB        NOT NULL,
  version     BIGINT       NOT NULL DEFAULT 1,
  updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, name)
);

-- One budget per API and method class for the sum of the nodes (a token bucket): tokens left as of refilled_at.
CREATE TABLE adrelay_rate_budgets
(
  budget      VARCHAR(100)     NOT NULL PRIMARY KEY, -- e.g. statlas-write
  tokens      DOUBLE PRECISION NOT NULL,
  refilled_at TIMESTAMPTZ      NOT NULL
);
