-- 0001: the whole data model of the core purchase flow (design.md "Data model").
-- Every time is timestamptz written from the application's clock; the database's now() is never used
-- for a business decision (EC-042).

CREATE TABLE template (
    id          uuid PRIMARY KEY,
    slug        text NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 100),
    title       text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    price       bigint NOT NULL CHECK (price >= 0),
    currency    text NOT NULL CHECK (currency ~ '^[a-z]{3}$'),
    active      boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);

CREATE TABLE discount_code (
    id                    uuid PRIMARY KEY,
    code                  text NOT NULL CHECK (code ~ '^[A-Z0-9_-]{3,40}$'),
    description           text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
    kind                  text NOT NULL CHECK (kind IN ('percent', 'fixed')),
    percent_bps           integer CHECK (percent_bps BETWEEN 1 AND 10000),
    amount_off            bigint CHECK (amount_off > 0),
    currency              text CHECK (currency ~ '^[a-z]{3}$'),
    max_uses              integer CHECK (max_uses BETWEEN 1 AND 1000000),
    max_uses_per_user     integer NOT NULL DEFAULT 1 CHECK (max_uses_per_user >= 1),
    min_order_amount      bigint CHECK (min_order_amount >= 0),
    template_ids          uuid[] NOT NULL DEFAULT '{}',
    first_purchase_only   boolean NOT NULL DEFAULT false,
    starts_at             timestamptz,
    expires_at            timestamptz,
    status                text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'archived')),
    campaign              text CHECK (length(campaign) <= 100),
    refund_releases_slot  boolean NOT NULL DEFAULT false,
    version               integer NOT NULL DEFAULT 1,
    created_by            text NOT NULL,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    CONSTRAINT discount_code_code_key UNIQUE (code),
    CONSTRAINT discount_code_kind_terms CHECK (
        (kind = 'percent' AND percent_bps IS NOT NULL AND amount_off IS NULL AND currency IS NULL) OR
        (kind = 'fixed' AND amount_off IS NOT NULL AND currency IS NOT NULL AND percent_bps IS NULL)),
    CONSTRAINT discount_code_window CHECK (starts_at IS NULL OR expires_at IS NULL OR starts_at < expires_at)
);
CREATE INDEX discount_code_campaign_idx ON discount_code (campaign) WHERE campaign IS NOT NULL;

-- One row per slot of a limited code: max_uses rows, each free (usage_id NULL) or held by exactly one usage.
-- Overselling is impossible by construction (a usage needs a row to hold, and there are max_uses rows),
-- and concurrent reservations lock different rows (FOR UPDATE SKIP LOCKED) instead of queueing on one.
CREATE TABLE discount_slot (
    code_id   uuid NOT NULL REFERENCES discount_code (id) ON DELETE CASCADE,
    slot_no   integer NOT NULL CHECK (slot_no >= 1),
    usage_id  uuid,
    PRIMARY KEY (code_id, slot_no),
    CONSTRAINT discount_slot_usage_key UNIQUE (usage_id)
);
CREATE INDEX discount_slot_free_idx ON discount_slot (code_id, slot_no) WHERE usage_id IS NULL;

CREATE TABLE purchase (
    id                        uuid PRIMARY KEY,
    user_id                   text NOT NULL,
    template_id               uuid NOT NULL REFERENCES template (id),
    usage_id                  uuid,
    original_amount           bigint NOT NULL CHECK (original_amount >= 0),
    discount_amount           bigint NOT NULL CHECK (discount_amount >= 0),
    final_amount              bigint NOT NULL CHECK (final_amount >= 0),
    currency                  text NOT NULL,
    status                    text NOT NULL CHECK (status IN ('pending', 'paid', 'failed', 'expired', 'refunded')),
    idempotency_key           text,
    stripe_session_id         text UNIQUE,
    stripe_payment_intent_id  text UNIQUE,
    checkout_url              text,
    session_expires_at        timestamptz NOT NULL,
    created_at                timestamptz NOT NULL,
    updated_at                timestamptz NOT NULL,
    paid_at                   timestamptz,
    CONSTRAINT purchase_amounts CHECK (original_amount - discount_amount = final_amount)
);
CREATE UNIQUE INDEX purchase_user_idempotency_key ON purchase (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX purchase_user_idx ON purchase (user_id, status);

CREATE TABLE discount_usage (
    id                    uuid PRIMARY KEY,
    code_id               uuid NOT NULL REFERENCES discount_code (id),
    code                  text NOT NULL,
    user_id               text NOT NULL,
    email                 text,
    template_id           uuid NOT NULL REFERENCES template (id),
    -- terms frozen at apply (invariant 6)
    kind                  text NOT NULL,
    percent_bps           integer,
    amount_off            bigint,
    original_amount       bigint NOT NULL,
    discount_amount       bigint NOT NULL,
    final_amount          bigint NOT NULL,
    currency              text NOT NULL,
    minimum_charge_applied boolean NOT NULL DEFAULT false,
    status                text NOT NULL CHECK (status IN ('reserved', 'payment_pending', 'confirmed', 'released', 'refunded', 'over_limit')),
    reserved_at           timestamptz NOT NULL,
    expires_at            timestamptz NOT NULL,
    extended_at           timestamptz,
    confirmed_at          timestamptz,
    released_at           timestamptz,
    release_reason        text,
    client_ip             text,
    device_fingerprint    text,
    stripe_session_id     text,
    purchase_id           uuid REFERENCES purchase (id),
    risk_score            integer NOT NULL DEFAULT 0,
    risk_signals          jsonb NOT NULL DEFAULT '[]',
    review_status         text NOT NULL DEFAULT 'none' CHECK (review_status IN ('none', 'pending', 'approved', 'rejected')),
    updated_at            timestamptz NOT NULL
);
-- At most one active hold per (code, user, template): the last guard against a double apply (EC-002).
CREATE UNIQUE INDEX discount_usage_one_active ON discount_usage (code_id, user_id, template_id)
    WHERE status IN ('reserved', 'payment_pending');
CREATE INDEX discount_usage_user_idx ON discount_usage (user_id, code_id);
CREATE INDEX discount_usage_overdue_idx ON discount_usage (expires_at) WHERE status = 'reserved';
CREATE INDEX discount_usage_code_status_idx ON discount_usage (code_id, status);
CREATE INDEX discount_usage_session_idx ON discount_usage (stripe_session_id) WHERE stripe_session_id IS NOT NULL;

ALTER TABLE purchase ADD CONSTRAINT purchase_usage_fk FOREIGN KEY (usage_id) REFERENCES discount_usage (id);
CREATE UNIQUE INDEX purchase_usage_open ON purchase (usage_id) WHERE usage_id IS NOT NULL AND status IN ('pending', 'paid');

CREATE TABLE discount_audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL,
    actor       text NOT NULL,
    action      text NOT NULL,
    code_id     uuid,
    usage_id    uuid,
    purchase_id uuid,
    before      jsonb,
    after       jsonb,
    ip          text
);
CREATE INDEX discount_audit_log_code_idx ON discount_audit_log (code_id, at);
CREATE INDEX discount_audit_log_usage_idx ON discount_audit_log (usage_id, at);

CREATE TABLE stripe_event (
    id            text PRIMARY KEY,
    type          text NOT NULL,
    received_at   timestamptz NOT NULL,
    processed_at  timestamptz NOT NULL,
    outcome       text NOT NULL,
    purchase_id   uuid,
    usage_id      uuid
);

CREATE TABLE rate_limit (
    action        text NOT NULL,
    subject       text NOT NULL,
    window_start  timestamptz NOT NULL,
    hits          integer NOT NULL,
    PRIMARY KEY (action, subject, window_start)
);

-- The built-in checkout used when no Stripe keys are configured (api.md "local checkout").
CREATE TABLE local_checkout_session (
    id                 text PRIMARY KEY,
    purchase_id        uuid NOT NULL UNIQUE,
    amount             bigint NOT NULL,
    currency           text NOT NULL,
    status             text NOT NULL CHECK (status IN ('open', 'complete', 'expired')),
    payment_status     text NOT NULL,
    payment_intent_id  text,
    metadata           jsonb NOT NULL,
    expires_at         timestamptz NOT NULL,
    created_at         timestamptz NOT NULL
);
