-- h-budget's part of the cluster profile: the rate budgets shared by the nodes, and the shared inboxes' read locks.

-- One rate budget per API and method class for the sum of the nodes (PostgresRateBudgets): the rule of the in-JVM
-- budget, shared. V1's token-bucket table was never used; a bucket refilled from the take can let 2N requests into
-- one window, so it is replaced by N permit rows per budget, each taken before a call and free one period after its
-- answer. Times are the database's clock, the same for every node.

DROP TABLE adrelay_rate_budgets;

-- A budget as a whole: a 429's Retry-After pauses it for every node.
CREATE TABLE adrelay_rate_budgets
(
  budget       VARCHAR(100) NOT NULL PRIMARY KEY,   -- the egress route, e.g. apisync-egress-write
  paused_until TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- Its permits, 0 .. N-1 (a budget lowered in a route file uses the first N). Taken: free_at is the end of the call's
-- lease plus a period (a node that dies holding it never frees it early); given back: free_at is the answer plus a period.
CREATE TABLE adrelay_rate_permits
(
  budget  VARCHAR(100) NOT NULL REFERENCES adrelay_rate_budgets (budget),
  permit  INTEGER      NOT NULL,
  free_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
  held_by VARCHAR(200) NULL,                        -- the node whose call holds it
  claim   VARCHAR(36)  NULL,                        -- that call's claim: only it gives the permit back
  PRIMARY KEY (budget, permit)
);

-- The shared inboxes' read locks (PostgresInboxReadLocks): a dropped file is read by the node holding its lock, held
-- for a lease its node renews while it lives; a lock whose lease ran out (its node died) is taken over.
CREATE TABLE adrelay_inbox_locks
(
  file_key     VARCHAR(255) NOT NULL PRIMARY KEY,   -- the file's absolute path (a longer one as sha256:<hex>)
  holder       VARCHAR(250) NOT NULL,               -- node name / process
  locked_until TIMESTAMPTZ  NOT NULL
);
