-- 0011: the storefront's hot statements as PL/pgSQL functions (issue 15). Production reaches PostgreSQL through
-- PgBouncer in transaction mode, where the service cannot keep prepared statements, so every plain statement is
-- parsed and planned on each execution; PL/pgSQL keeps the plans of the statements inside a function for the life
-- of the server process, whichever client called it. Measured with pgbench at 16 clients (bench/README.md): the
-- read before an apply ran 1,427/s as plain statements and 2,562/s with the risk signals alone in a function.
--
-- Each function is the one definition of what it computes: the service calls these, in validate, apply, the
-- slow path of apply under the user's lock and the reconciliation, and never spells their queries out again.
-- All are VOLATILE (the default) on purpose: a VOLATILE function takes a fresh snapshot for each query it runs,
-- so one called after pg_advisory_xact_lock in the same statement sees what was committed while it waited.
-- The slot rule itself stays in 0010 (usage_holds_slot, usage_counts_for_user).

-- The code's free slots, counted up to p_up_to (enough to tell "none" or "scarce"), read from the partial index of
-- free slots in slot order. Without the ORDER BY the planner preferred a sequential scan that stops after p_up_to
-- matches: fast for a code whose rows lie early in the table, 190 ms for one whose rows lie behind a million others.
CREATE FUNCTION free_slots(p_code_id uuid, p_up_to int) RETURNS int
LANGUAGE plpgsql AS $$
BEGIN
    RETURN (SELECT count(*)::int FROM (
        SELECT 1 FROM discount_slot
        WHERE code_id = p_code_id AND usage_id IS NULL
        ORDER BY slot_no LIMIT p_up_to) AS free);
END $$;

-- Gives the usage p_usage_id the first free, unlocked slot of the code at or after slot p_start, else the first one
-- before it; returns its number, or null when every free slot is taken or locked. Concurrent claims start at random
-- places, so they do not all fight over the head of the free list (where SKIP LOCKED would make each of N claimers
-- step over up to N locked rows); coalesce runs the wrap-around scan only when the first found nothing.
-- With p_wait, when SKIP LOCKED found nothing although a locking transaction may yet roll back, a second, blocking
-- statement waits for those rows and re-checks them before answering "none" (only on the last few slots of a code).
CREATE FUNCTION claim_free_slot(p_code_id uuid, p_usage_id uuid, p_start int, p_wait boolean) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
    claimed int;
BEGIN
    WITH after AS (
        SELECT slot_no FROM discount_slot
        WHERE code_id = p_code_id AND usage_id IS NULL AND slot_no >= p_start
        ORDER BY slot_no LIMIT 1 FOR UPDATE SKIP LOCKED),
    before AS (
        SELECT slot_no FROM discount_slot
        WHERE code_id = p_code_id AND usage_id IS NULL AND slot_no < p_start
        ORDER BY slot_no LIMIT 1 FOR UPDATE SKIP LOCKED)
    UPDATE discount_slot SET usage_id = p_usage_id
    WHERE code_id = p_code_id AND slot_no = coalesce((SELECT slot_no FROM after), (SELECT slot_no FROM before))
    RETURNING slot_no INTO claimed;
    IF claimed IS NOT NULL OR NOT p_wait THEN
        RETURN claimed;
    END IF;

    UPDATE discount_slot SET usage_id = p_usage_id
    WHERE (code_id, slot_no) = (
        SELECT code_id, slot_no FROM discount_slot
        WHERE code_id = p_code_id AND usage_id IS NULL
        ORDER BY slot_no LIMIT 1
        FOR UPDATE)
    RETURNING slot_no INTO claimed;
    RETURN claimed;
END $$;

-- The facts the per-user rules are decided on (invariant 2, EC-002, EC-003, EC-044), one function each.

-- The user's unpaid holds on the template, of any code (one code per purchase).
CREATE FUNCTION user_template_holds(p_user_id text, p_template_id uuid) RETURNS int
LANGUAGE plpgsql AS $$
BEGIN
    RETURN (SELECT count(*)::int FROM discount_usage
            WHERE user_id = p_user_id AND template_id = p_template_id AND status IN ('reserved', 'payment_pending'));
END $$;

-- The user's uses of the code, as max_uses_per_user counts them.
CREATE FUNCTION user_code_uses(p_user_id text, p_code_id uuid, p_refund_releases_slot boolean) RETURNS int
LANGUAGE plpgsql AS $$
BEGIN
    RETURN (SELECT count(*)::int FROM discount_usage
            WHERE code_id = p_code_id AND user_id = p_user_id AND usage_counts_for_user(status, p_refund_releases_slot));
END $$;

-- Whether the user has ever paid for a purchase (first_purchase_only).
CREATE FUNCTION user_has_paid(p_user_id text) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM purchase WHERE user_id = p_user_id AND status IN ('paid', 'refunded'));
END $$;

-- The user's unpaid holds across all codes (MaxActiveHoldsPerUser).
CREATE FUNCTION user_active_holds(p_user_id text) RETURNS int
LANGUAGE plpgsql AS $$
BEGIN
    RETURN (SELECT count(*)::int FROM discount_usage WHERE user_id = p_user_id AND status IN ('reserved', 'payment_pending'));
END $$;

-- The signals of an apply that need the database (EC-014, EC-044; indexes in 0003 and 0007). p_failed_subject is
-- the rate-limit subject whose failed attempts count (the user's own, EC-015).
CREATE FUNCTION apply_risk_signals(p_code text, p_user_id text, p_ip text, p_device text, p_failed_subject text,
    p_since timestamptz, p_window_floor timestamptz, p_unpaid_since timestamptz)
RETURNS TABLE (same_ip_other_accounts int, same_device_other_accounts int, recent_applies int, failed_attempts int,
    unpaid_holds_account int, unpaid_holds_device int, unpaid_holds_address int)
LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY SELECT
      (SELECT count(DISTINCT u.user_id) FROM discount_usage u
        WHERE u.code_id = (SELECT c.id FROM discount_code c WHERE c.code = p_code)
          AND u.client_ip = p_ip AND u.user_id <> p_user_id AND u.status <> 'released')::int,
      (SELECT count(DISTINCT u.user_id) FROM discount_usage u
        WHERE u.code_id = (SELECT c.id FROM discount_code c WHERE c.code = p_code)
          AND u.device_fingerprint = p_device AND u.user_id <> p_user_id AND u.status <> 'released')::int,
      (SELECT count(*) FROM discount_usage u WHERE u.user_id = p_user_id AND u.reserved_at >= p_since)::int,
      (SELECT coalesce(max(r.hits), 0) FROM rate_limit r
        WHERE r.action = 'failed' AND r.subject = p_failed_subject AND r.window_start > p_window_floor)::int,
      (SELECT count(*) FROM discount_usage u
        WHERE u.user_id = p_user_id AND u.reserved_at >= p_unpaid_since AND u.release_reason IN ('expired', 'session_expired'))::int,
      (SELECT count(*) FROM discount_usage u
        WHERE u.device_fingerprint = p_device AND u.reserved_at >= p_unpaid_since AND u.release_reason IN ('expired', 'session_expired'))::int,
      (SELECT count(*) FROM discount_usage u
        WHERE u.client_ip = p_ip AND u.reserved_at >= p_unpaid_since AND u.release_reason IN ('expired', 'session_expired'))::int;
END $$;

-- Counts one request against its action's fixed window (EC-036, EC-037): the subject's own counter, then, only when
-- the subject's own limit let it through, the address ceiling it shares; and reads the subject's failed attempts.
-- A limit or ceiling of 0 counts nothing. Returns the three counts; the service decides (RateLimiter).
CREATE FUNCTION rate_limit_hit(p_action text, p_subject text, p_ceiling_subject text, p_window timestamptz, p_limit int, p_ceiling int)
RETURNS TABLE (hits int, shared int, failed int)
LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY
    WITH own AS (
        INSERT INTO rate_limit AS r (action, subject, window_start, hits)
        SELECT p_action, p_subject, p_window, 1 WHERE p_limit > 0
        ON CONFLICT (action, subject, window_start) DO UPDATE SET hits = r.hits + 1
        RETURNING r.hits),
    ceiling AS (
        INSERT INTO rate_limit AS r (action, subject, window_start, hits)
        SELECT p_action, p_ceiling_subject, p_window, 1 FROM own
        WHERE p_ceiling_subject IS NOT NULL AND p_ceiling > 0 AND own.hits <= p_limit
        ON CONFLICT (action, subject, window_start) DO UPDATE SET hits = r.hits + 1
        RETURNING r.hits)
    SELECT (SELECT coalesce(max(own.hits), 0) FROM own)::int,
           (SELECT coalesce(max(ceiling.hits), 0) FROM ceiling)::int,
           (SELECT coalesce(max(f.hits), 0) FROM rate_limit f
            WHERE f.action = 'failed' AND f.window_start = p_window AND f.subject = p_subject)::int;
END $$;
