using Dapper;
using Npgsql;
using Discounts.Core.Reconciliation;
using Discounts.Core.Reservations;

namespace Discounts.Faults;

/// <summary>
/// design.md's invariants, read straight from PostgreSQL (never through the pooler or the service). A usage holds
/// a slot exactly as the service counts it (SlotRepository, ReconcileUsageCountsJob, Tests' Db.cs): reserved,
/// payment_pending, confirmed, or refunded when the code keeps slots on refund; over_limit holds none.
/// "Half-written" rows are states no single committed transaction of the service may leave: a change without
/// its audit row, a purchase and its usage that disagree, a slot row and its usage that disagree.
/// </summary>
public static class InvariantChecker
{
    private const string HoldsSlot = "usage_holds_slot(u.status, c.refund_releases_slot)"; // the service's slot rule (migration 0010)

    private const string Taken = $"""
        WITH holding AS (
            SELECT u.code_id, count(*) AS n FROM discount_usage u JOIN discount_code c ON c.id = u.code_id
            WHERE c.max_uses IS NOT NULL AND {HoldsSlot} GROUP BY u.code_id),
        slots AS (
            SELECT code_id, count(*) FILTER (WHERE usage_id IS NOT NULL) AS held, count(*) AS rows FROM discount_slot GROUP BY code_id)
        """;

    /// <summary>Slots given beyond the limit, summed over the limited codes (invariant 1).</summary>
    public static async Task<int> OversoldSlotsAsync(NpgsqlConnection conn)
    {
        const string sql = $"""
            {Taken}
            SELECT coalesce(sum(greatest(coalesce(h.n, 0), coalesce(s.held, 0)) - c.max_uses), 0)::int
            FROM discount_code c LEFT JOIN holding h ON h.code_id = c.id LEFT JOIN slots s ON s.code_id = c.id
            WHERE c.max_uses IS NOT NULL AND greatest(coalesce(h.n, 0), coalesce(s.held, 0)) > c.max_uses
            """;
        return await conn.ExecuteScalarAsync<int>(sql);
    }

    /// <summary>Each check selects one text per offending row.</summary>
    private static readonly (string Invariant, string Check, bool HalfWritten, string Sql)[] Checks =
    [
        ("1 never oversold", "codes with more slot-holding usages (or held slot rows) than max_uses", false, $"""
            {Taken}
            SELECT c.code || ' ' || greatest(coalesce(h.n, 0), coalesce(s.held, 0)) || '/' || c.max_uses
            FROM discount_code c LEFT JOIN holding h ON h.code_id = c.id LEFT JOIN slots s ON s.code_id = c.id
            WHERE c.max_uses IS NOT NULL AND greatest(coalesce(h.n, 0), coalesce(s.held, 0)) > c.max_uses
            """),
        ("2 one per user", "more than one active hold per (code, user, template)", false, """
            SELECT code_id || ' ' || user_id FROM discount_usage WHERE status IN ('reserved', 'payment_pending')
            GROUP BY code_id, user_id, template_id HAVING count(*) > 1
            """),
        ("2 one per user", "uses of a code by one user above max_uses_per_user", false, """
            SELECT c.code || ' ' || u.user_id || ' ' || count(*) FROM discount_usage u JOIN discount_code c ON c.id = u.code_id
            WHERE usage_counts_for_user(u.status, c.refund_releases_slot)
            GROUP BY c.code, u.user_id, c.max_uses_per_user HAVING count(*) > c.max_uses_per_user
            """),
        ("3 counts = truth", "codes whose held slot rows differ from their slot-holding usages", false, $"""
            {Taken}
            SELECT c.code || ' slot rows held ' || coalesce(s.held, 0) || ', usages holding ' || coalesce(h.n, 0)
            FROM discount_code c LEFT JOIN holding h ON h.code_id = c.id LEFT JOIN slots s ON s.code_id = c.id
            WHERE c.max_uses IS NOT NULL AND coalesce(s.held, 0) <> coalesce(h.n, 0)
            """),
        ("3 counts = truth", "codes whose slot rows are not exactly 1..max_uses", false, """
            SELECT c.code || ' rows ' || count(s.slot_no) || ' max ' || c.max_uses FROM discount_code c LEFT JOIN discount_slot s ON s.code_id = c.id
            WHERE c.max_uses IS NOT NULL GROUP BY c.id, c.code, c.max_uses
            HAVING count(s.slot_no) <> c.max_uses OR coalesce(max(s.slot_no), 0) <> c.max_uses
            """),
        ("3 counts = truth", "drift the reconciliation found and corrected during the phase", false, """
            SELECT action || ' ' || coalesce(usage_id::text, code_id::text, '') FROM discount_audit_log WHERE id > @AuditMark AND action LIKE 'reconcile.%'
            """),
        ("4 events once", "a usage transition applied more than once", false, """
            SELECT usage_id || ' ' || action || ' x' || count(*) FROM discount_audit_log
            WHERE usage_id IS NOT NULL AND action IN ('usage.reserved', 'usage.confirmed', 'usage.over_limit', 'usage.released', 'usage.refunded', 'usage.payment_pending')
            GROUP BY usage_id, action HAVING count(*) > 1
            """),
        ("4 events once", "a purchase transition applied more than once", false, """
            SELECT purchase_id || ' ' || action || ' x' || count(*) FROM discount_audit_log
            WHERE purchase_id IS NOT NULL AND action IN ('purchase.paid', 'purchase.expired', 'purchase.failed', 'purchase.refunded', 'purchase.session_attached')
            GROUP BY purchase_id, action HAVING count(*) > 1
            """),
        ("4 events once", "acknowledged events the service has no record of", false, """
            SELECT e FROM unnest(@EventIds::text[]) AS e WHERE NOT EXISTS (SELECT 1 FROM stripe_event s WHERE s.id = e)
            """),
        ("5 no hold outlives its time", "reserved holds past expires_at after the release job ran with Stripe up", false, """
            SELECT id || ' expired ' || expires_at FROM discount_usage WHERE status = 'reserved' AND expires_at < @HoldCutoff
            """),
        ("6 terms frozen", "purchases whose amounts differ from their usage's frozen terms", false, """
            SELECT p.id::text FROM purchase p JOIN discount_usage u ON u.id = p.usage_id
            WHERE p.final_amount <> u.final_amount OR p.discount_amount <> u.discount_amount OR p.currency <> u.currency
            """),
        ("7 audited", "usages without their usage.reserved audit row", true, """
            SELECT u.id::text FROM discount_usage u
            WHERE NOT EXISTS (SELECT 1 FROM discount_audit_log a WHERE a.usage_id = u.id AND a.action = 'usage.reserved')
            """),
        ("7 audited", "usages in a status without the audit row of the change to it", true, """
            SELECT u.id || ' ' || u.status FROM discount_usage u WHERE u.status <> 'reserved'
              AND NOT EXISTS (SELECT 1 FROM discount_audit_log a WHERE a.usage_id = u.id AND a.action = 'usage.' || u.status)
            """),
        ("7 audited", "usages with a purchase but no usage.checkout_started audit row", true, """
            SELECT u.id::text FROM discount_usage u WHERE u.purchase_id IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM discount_audit_log a WHERE a.usage_id = u.id AND a.action = 'usage.checkout_started' AND a.purchase_id = u.purchase_id)
            """),
        ("7 audited", "purchases with no audit row at all", true, """
            SELECT p.id::text FROM purchase p WHERE NOT EXISTS (SELECT 1 FROM discount_audit_log a WHERE a.purchase_id = p.id)
            """),
        ("7 audited", "purchases in a status without the audit row of the change to it", true, """
            SELECT p.id || ' ' || p.status FROM purchase p WHERE p.status <> 'pending'
              AND NOT EXISTS (SELECT 1 FROM discount_audit_log a WHERE a.purchase_id = p.id AND a.action = 'purchase.' || p.status)
            """),
        ("7 audited", "purchases with a session but no purchase.session_attached audit row", true, """
            SELECT p.id::text FROM purchase p WHERE p.stripe_session_id IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM discount_audit_log a WHERE a.purchase_id = p.id AND a.action = 'purchase.session_attached')
            """),
        ("half-written", "pending purchases whose usage is confirmed", true, """
            SELECT p.id::text FROM purchase p JOIN discount_usage u ON u.id = p.usage_id WHERE p.status = 'pending' AND u.status = 'confirmed'
            """),
        ("half-written", "paid purchases whose usage is not confirmed (nor over_limit or refunded)", true, """
            SELECT p.id || ' usage ' || u.status FROM purchase p JOIN discount_usage u ON u.id = p.usage_id
            WHERE p.status = 'paid' AND u.status NOT IN ('confirmed', 'over_limit', 'refunded')
            """),
        ("half-written", "confirmed usages without a paid purchase", true, """
            SELECT u.id || ' purchase ' || coalesce(p.status, 'none') FROM discount_usage u LEFT JOIN purchase p ON p.id = u.purchase_id
            WHERE u.status = 'confirmed' AND (p.id IS NULL OR p.status NOT IN ('paid', 'refunded'))
            """),
        ("half-written", "slot rows held by a usage that holds no slot (released, missing, or of another code)", true, $"""
            SELECT s.code_id || '#' || s.slot_no || ' usage ' || coalesce(u.status, 'missing') FROM discount_slot s
            JOIN discount_code c ON c.id = s.code_id LEFT JOIN discount_usage u ON u.id = s.usage_id
            WHERE s.usage_id IS NOT NULL AND (u.id IS NULL OR u.code_id <> s.code_id OR NOT {HoldsSlot})
            """),
        ("half-written", "slot-holding usages of a limited code without a slot row", true, $"""
            SELECT u.id || ' ' || u.status FROM discount_usage u JOIN discount_code c ON c.id = u.code_id
            WHERE c.max_uses IS NOT NULL AND {HoldsSlot} AND NOT EXISTS (SELECT 1 FROM discount_slot s WHERE s.usage_id = u.id)
            """),
        ("half-written", "usages and purchases that point at each other inconsistently", true, """
            SELECT u.id || ' -> purchase ' || p.id || ' -> usage ' || coalesce(p.usage_id::text, 'none') FROM discount_usage u
            JOIN purchase p ON p.id = u.purchase_id WHERE p.usage_id IS DISTINCT FROM u.id
            """),
        ("half-written", "usages and purchases with different Stripe sessions", true, """
            SELECT u.id::text FROM discount_usage u JOIN purchase p ON p.id = u.purchase_id
            WHERE u.stripe_session_id IS NOT NULL AND p.stripe_session_id IS NOT NULL AND u.stripe_session_id <> p.stripe_session_id
            """),
    ];

    public static async Task<CheckReport> CheckAsync(NpgsqlConnection conn, IReadOnlyList<AcknowledgedPayment> payments, IReadOnlyList<string> eventIds,
        int phase, long auditMark, DateTime holdCutoff)
    {
        var args = new { AuditMark = auditMark, EventIds = eventIds.ToArray(), HoldCutoff = holdCutoff };
        var findings = new List<Finding>();
        foreach (var (invariant, check, halfWritten, sql) in Checks)
        {
            var rows = (await conn.QueryAsync<string>(sql, args)).AsList();
            if (rows.Count > 0)
            {
                findings.Add(new Finding(invariant, check, rows.Count, rows.Take(3).ToList(), halfWritten));
            }
        }

        // Every payment the service acknowledged is a paid purchase and a confirmed usage, now and after every later fault.
        const string lost = """
            SELECT x.session_id || ' purchase ' || coalesce(p.status, 'missing') || ' usage ' || coalesce(u.status, 'missing')
            FROM unnest(@Sessions::text[], @Purchases::uuid[], @Usages::uuid[]) AS x(session_id, purchase_id, usage_id)
            LEFT JOIN purchase p ON p.id = x.purchase_id LEFT JOIN discount_usage u ON u.id = x.usage_id
            WHERE p.status IS DISTINCT FROM 'paid' OR u.status IS DISTINCT FROM 'confirmed' OR u.purchase_id IS DISTINCT FROM p.id
            """;
        var lostRows = (await conn.QueryAsync<string>(lost, new
        {
            Sessions = payments.Select(p => p.SessionId).ToArray(),
            Purchases = payments.Select(p => p.PurchaseId).ToArray(),
            Usages = payments.Select(p => p.UsageId).ToArray(),
        })).AsList();
        if (lostRows.Count > 0)
        {
            findings.Add(new Finding("acknowledged payments", "acknowledged payments not recorded as a paid purchase with a confirmed usage", lostRows.Count, lostRows.Take(3).ToList()));
        }

        var ofPhase = payments.Where(p => p.Phase == phase).ToList();
        var lostOfPhase = ofPhase.Count(p => lostRows.Any(r => r.StartsWith(p.SessionId + " ", StringComparison.Ordinal)));
        return new CheckReport(findings, await OversoldSlotsAsync(conn), findings.Where(f => f.HalfWritten).Sum(f => f.Count),
            ofPhase.Count, ofPhase.Count - lostOfPhase, lostRows.Count);
    }

    public static Task<long> AuditMarkAsync(NpgsqlConnection conn) =>
        conn.ExecuteScalarAsync<long>("SELECT coalesce(max(id), 0) FROM discount_audit_log");
}
