-- Which id an API gave each reference (PostgresReferenceStore: APISync's ids by reference_id, per resource), shared by
-- the nodes. One row per reference: a node remembering one never rewrites what another node remembered (a document
-- of all of a resource's references, replaced whole, would lose the other node's entries).
CREATE TABLE adrelay_references
(
  kind           VARCHAR(64)  NOT NULL,             -- <api>/<resource>, e.g. apisync/campaigns
  reference_hash VARCHAR(64)  NOT NULL,             -- hex SHA-256 of the reference: a reference may be longer than an index entry
  reference      TEXT         NOT NULL,
  id             TEXT         NOT NULL,             -- the API's id for it
  node           VARCHAR(200) NULL,                 -- the node that remembered it
  recorded_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, reference_hash)
);
