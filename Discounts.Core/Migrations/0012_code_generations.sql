-- 0012: generations of single-use codes (issue 15). A campaign of up to a million codes is one row here, written at
-- once; its codes are written in chunks of their own transactions (COPY into a staging table, then one insert of the
-- codes, their slots and their audit rows), each chunk adding to `generated`, so the admin can watch the progress and a
-- chunk that fails leaves the ones before it whole and the generation resumable. Up to 10,000 codes are written in
-- the request itself, in the same transaction as this row.
CREATE TABLE code_generation (
    id          uuid PRIMARY KEY,
    count       integer NOT NULL CHECK (count BETWEEN 1 AND 1000000),
    generated   integer NOT NULL DEFAULT 0 CHECK (generated BETWEEN 0 AND count),
    prefix      text NOT NULL,
    length      integer NOT NULL,
    terms       jsonb NOT NULL,
    campaign    text,
    status      text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    error       text,
    created_by  text NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    finished_at timestamptz
);
CREATE INDEX code_generation_pending_idx ON code_generation (created_at) WHERE status IN ('queued', 'running');

-- The generation a code came from (null for a code created one by one): its CSV is a read of this index.
ALTER TABLE discount_code ADD COLUMN generation_id uuid REFERENCES code_generation (id);
CREATE INDEX discount_code_generation_idx ON discount_code (generation_id, id) WHERE generation_id IS NOT NULL;
