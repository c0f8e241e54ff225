-- The intake queue of the cluster profile (PostgresIntakeStore): requests stored before their webhook is answered 202,
-- by queue (statlas/events, apisync/requests) and id, taken by one node at a time. V1's adrelay_intake was never used:
-- made again here with the stored bytes as they came (BYTEA: jsonb would rewrite them) and ids sorted bytewise.
DROP TABLE adrelay_intake;

CREATE TABLE adrelay_intake
(
  queue         VARCHAR(64)  NOT NULL,
  id            VARCHAR(64)  COLLATE "C" NOT NULL,  -- the tracking id: its arrival time first, so it sorts oldest first
  body          BYTEA        NOT NULL,              -- the request as stored
  state         VARCHAR(16)  NOT NULL DEFAULT 'pending', -- pending, done, set-aside
  claimed_by    VARCHAR(200) NULL,                  -- the node processing it; once retired, the node that retired it
  claimed_until TIMESTAMPTZ  NULL,                  -- its lease: after this, another node's claim takes it (its node died)
  received_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
  finished_at   TIMESTAMPTZ  NULL,
  PRIMARY KEY (queue, id)
);
-- the claim and the count: the pending rows of a queue, oldest first
CREATE INDEX adrelay_intake_pending ON adrelay_intake (queue, id) WHERE state = 'pending';
