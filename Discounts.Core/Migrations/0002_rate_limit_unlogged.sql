-- 0002: rate-limit counters are write-hot and worth nothing after a crash: keep them out of the WAL
-- (no fsync per request; a crash empties the table, which only forgives the current window).
ALTER TABLE rate_limit SET UNLOGGED;
CREATE INDEX rate_limit_window_idx ON rate_limit (window_start);
