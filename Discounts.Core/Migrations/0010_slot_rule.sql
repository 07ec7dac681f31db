-- 0010: the slot rule, defined once (issue 14). Every query that asks "does this usage hold one of its code's slots?"
-- or "does it count against the user's per-code limit?" calls these, the service's, the reconciliation's and the
-- tests' alike. They are IMMUTABLE one-expression SQL functions, so the planner inlines them: a query that calls one
-- is planned exactly as if the expression were written in it (indexes on status still apply).

-- A usage holds a slot while it is reserved, waiting for payment or confirmed, and after a refund unless the code
-- gives its slot back on refund (design.md invariant 3).
CREATE FUNCTION usage_holds_slot(status text, refund_releases_slot boolean) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT status IN ('reserved', 'payment_pending', 'confirmed') OR (status = 'refunded' AND NOT refund_releases_slot) $$;

-- A usage counts against max_uses_per_user when it holds a slot, and also when it was paid for after the code ran
-- out (over_limit): the customer used the code, though no slot was left for them (invariant 2).
CREATE FUNCTION usage_counts_for_user(status text, refund_releases_slot boolean) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT status = 'over_limit' OR usage_holds_slot(status, refund_releases_slot) $$;
