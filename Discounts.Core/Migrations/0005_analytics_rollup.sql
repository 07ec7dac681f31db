-- 0005: daily rollups for the admin analytics, so a report reads at most one row per code and day for the days
-- the nightly job has sealed, and the live tables only for the last few days (AnalyticsRollupJob explains).
-- Every figure is attributed to the UTC day of its own event: reservations, and what became of them
-- (converted, abandoned, flagged), to the day reserved; confirmations to the day confirmed; releases to the
-- day released; money to the day paid and refunds to the day refunded.
CREATE TABLE analytics_day (
    day           date NOT NULL,
    code_id       uuid NOT NULL,
    reservations  bigint NOT NULL,
    converted     bigint NOT NULL,
    abandoned     bigint NOT NULL,
    flagged       bigint NOT NULL,
    confirmations bigint NOT NULL,
    PRIMARY KEY (day, code_id)
);
CREATE INDEX analytics_day_code_idx ON analytics_day (code_id, day);

CREATE TABLE analytics_day_release (
    day      date NOT NULL,
    code_id  uuid NOT NULL,
    reason   text NOT NULL,
    releases bigint NOT NULL,
    PRIMARY KEY (day, code_id, reason)
);

-- code_id is null for purchases made without a discount.
CREATE TABLE analytics_day_money (
    day             date NOT NULL,
    code_id         uuid,
    currency        text NOT NULL,
    purchases       bigint NOT NULL,
    original_amount bigint NOT NULL,
    discount_given  bigint NOT NULL,
    revenue         bigint NOT NULL,
    refunds         bigint NOT NULL,
    refunded_amount bigint NOT NULL
);
CREATE INDEX analytics_day_money_day_idx ON analytics_day_money (day, code_id);

-- One row: days before sealed_before are in the rollup tables, as of ran_at.
CREATE TABLE analytics_rollup (
    id            boolean PRIMARY KEY DEFAULT true CHECK (id),
    sealed_before date NOT NULL,
    ran_at        timestamptz NOT NULL
);

-- The live part of a report and the rollup itself read by event time. Usages and audit rows arrive in time
-- order, so block-range (BRIN) indexes serve reserved_at and at for almost nothing on the hot path;
-- confirmations, releases, payments and refunds are updates, indexed only where they happened.
CREATE INDEX discount_usage_reserved_brin ON discount_usage USING brin (reserved_at) WITH (pages_per_range = 16, autosummarize = on);
CREATE INDEX discount_usage_confirmed_idx ON discount_usage (confirmed_at) WHERE confirmed_at IS NOT NULL;
CREATE INDEX discount_usage_released_idx ON discount_usage (released_at) WHERE released_at IS NOT NULL;
CREATE INDEX purchase_paid_idx ON purchase (paid_at) WHERE paid_at IS NOT NULL;
CREATE INDEX purchase_refunded_idx ON purchase (updated_at) WHERE status = 'refunded';
CREATE INDEX discount_audit_log_at_brin ON discount_audit_log USING brin (at) WITH (autosummarize = on);
