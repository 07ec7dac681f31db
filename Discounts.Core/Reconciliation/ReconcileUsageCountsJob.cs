using Dapper;
using Discounts.Core.Audit;
using Discounts.Core.Database;
using Discounts.Core.Observability;
using Discounts.Core.Reservations;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Discounts.Core.Reconciliation;

/// <summary>
/// Invariant 3 and the integrity checks (EC-022, EC-052). The stored count of a limited code is its slot rows:
/// exactly <c>max_uses</c> rows, each held by one usage that holds a slot (reserved, payment_pending,
/// confirmed, or refunded when the code keeps slots on refund) — and every such usage holds one.
/// Drift is detected on one snapshot, then each finding is re-checked under the row lock in a fresh statement
/// before it is corrected, so transactions in flight are never "corrected".
/// </summary>
public sealed partial class ReconcileUsageCountsJob(NpgsqlDataSource dataSource, TimeProvider clock, ILogger<ReconcileUsageCountsJob> logger)
{
    public const string Name = "ReconcileUsageCounts";
    private const string Actor = "system:reconcile";

    /// <summary>The slot rule (migration 0010), on <c>u</c> a usage of code <c>c</c>.</summary>
    private const string HoldsSlot = "usage_holds_slot(u.status, c.refund_releases_slot)";

    public async Task<ReconciliationReport> RunAsync(bool fix, CancellationToken ct)
    {
        await using var jobLock = await JobLock.TryAcquireAsync(dataSource, Name, ct);
        if (jobLock is null)
        {
            return new ReconciliationReport { Skipped = true };
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var codes = await conn.ExecuteScalarAsync<int>("SELECT count(*)::int FROM discount_code WHERE max_uses IS NOT NULL");

        const string slotCounts = """
            SELECT c.id AS code_id, c.max_uses, count(s.slot_no)::int AS rows, coalesce(max(s.slot_no), 0) AS max_slot
            FROM discount_code c LEFT JOIN discount_slot s ON s.code_id = c.id
            WHERE c.max_uses IS NOT NULL
            GROUP BY c.id, c.max_uses
            HAVING count(s.slot_no) <> c.max_uses OR coalesce(max(s.slot_no), 0) <> c.max_uses
            """;
        var countDrift = (await conn.QueryAsync<(Guid CodeId, int MaxUses, int Rows, int MaxSlot)>(slotCounts)).AsList();

        const string orphans = $"""
            SELECT s.code_id, s.slot_no FROM discount_slot s
            JOIN discount_code c ON c.id = s.code_id
            LEFT JOIN discount_usage u ON u.id = s.usage_id
            WHERE s.usage_id IS NOT NULL AND (u.id IS NULL OR u.code_id <> s.code_id OR NOT {HoldsSlot})
            """;
        var orphanSlots = (await conn.QueryAsync<(Guid CodeId, int SlotNo)>(orphans)).AsList();

        const string unslotted = $"""
            SELECT u.id FROM discount_usage u JOIN discount_code c ON c.id = u.code_id
            WHERE c.max_uses IS NOT NULL AND {HoldsSlot}
              AND NOT EXISTS (SELECT 1 FROM discount_slot s WHERE s.usage_id = u.id)
            """;
        var holdsWithoutSlot = (await conn.QueryAsync<Guid>(unslotted)).AsList();

        int corrected = 0, uncorrectable = 0, missing = 0, extra = 0;
        foreach (var drift in countDrift)
        {
            missing += Math.Max(0, drift.MaxUses - drift.Rows);
            extra += Math.Max(0, drift.Rows - drift.MaxUses);
            if (fix)
            {
                corrected += await Transactions.RunAsync(dataSource, (c, tx) => FixSlotRowsAsync(c, tx, drift.CodeId, now), ct);
            }
        }

        if (fix)
        {
            foreach (var (codeId, slotNo) in orphanSlots)
            {
                corrected += await Transactions.RunAsync(dataSource, (c, tx) => FreeOrphanAsync(c, tx, codeId, slotNo, now), ct);
            }

            foreach (var usageId in holdsWithoutSlot)
            {
                var result = await Transactions.RunAsync(dataSource, (c, tx) => AttachSlotAsync(c, tx, usageId, now), ct);
                corrected += result > 0 ? 1 : 0;
                uncorrectable += result < 0 ? 1 : 0;
            }
        }

        const string paidWithoutUsage = """
            SELECT p.id FROM purchase p JOIN discount_usage u ON u.id = p.usage_id
            WHERE p.status = 'paid' AND u.status NOT IN ('confirmed', 'over_limit', 'refunded')
            """;
        const string confirmedWithoutPaid = """
            SELECT u.id FROM discount_usage u LEFT JOIN purchase p ON p.id = u.purchase_id
            WHERE u.status = 'confirmed' AND (p.id IS NULL OR p.status NOT IN ('paid', 'refunded'))
            """;
        const string overdue = """
            SELECT id FROM discount_usage WHERE status = 'reserved' AND expires_at < @cutoff ORDER BY expires_at LIMIT 1000
            """;
        var report = new ReconciliationReport
        {
            Fixed = fix,
            CodesChecked = codes,
            SlotRowsMissing = missing,
            SlotRowsExtra = extra,
            OrphanSlots = orphanSlots.Count,
            HoldsWithoutSlot = holdsWithoutSlot.Count,
            Corrected = corrected,
            Uncorrectable = uncorrectable,
            PaidPurchasesWithoutConfirmedUsage = (await conn.QueryAsync<Guid>(paidWithoutUsage)).AsList(),
            ConfirmedUsagesWithoutPaidPurchase = (await conn.QueryAsync<Guid>(confirmedWithoutPaid)).AsList(),
            OverdueHolds = (await conn.QueryAsync<Guid>(overdue, new { cutoff = now - TimeSpan.FromMinutes(10) })).AsList(),
        };

        foreach (var (kind, count) in new[] { ("slot_rows_missing", missing), ("slot_rows_extra", extra), ("orphan_slots", orphanSlots.Count), ("holds_without_slot", holdsWithoutSlot.Count) })
        {
            if (count > 0)
            {
                DiscountsMetrics.DriftFound.Add(count, new KeyValuePair<string, object?>("kind", kind));
            }
        }

        if (report.NeedsAttention)
        {
            LogAlert(logger, report.SlotRowsMissing, report.SlotRowsExtra, report.OrphanSlots, report.HoldsWithoutSlot,
                report.PaidPurchasesWithoutConfirmedUsage.Count, report.ConfirmedUsagesWithoutPaidPurchase.Count, report.OverdueHolds.Count, corrected, fix);
        }

        return report;
    }

    /// <summary>Adds missing slot rows 1..max_uses and removes free rows above it (held rows are never removed).</summary>
    private static async Task<int> FixSlotRowsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid codeId, DateTime now)
    {
        var maxUses = await conn.ExecuteScalarAsync<int?>("SELECT max_uses FROM discount_code WHERE id = @codeId FOR UPDATE", new { codeId }, tx);
        if (maxUses is null)
        {
            return 0;
        }

        var added = await Codes.DiscountCodeRepository.AddSlotsAsync(conn, tx, codeId, maxUses.Value);
        var removed = await conn.ExecuteAsync("DELETE FROM discount_slot WHERE code_id = @codeId AND slot_no > @maxUses AND usage_id IS NULL", new { codeId, maxUses }, tx);
        if (added + removed > 0)
        {
            await AuditLog.WriteAsync(conn, tx, new AuditEntry(now, Actor, AuditAction.ReconcileSlotRowsFixed, codeId, After: new { added, removed, maxUses }));
        }

        return added + removed;
    }

    private static async Task<int> FreeOrphanAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid codeId, int slotNo, DateTime now)
    {
        var usageId = await conn.ExecuteScalarAsync<Guid?>(
            "SELECT usage_id FROM discount_slot WHERE code_id = @codeId AND slot_no = @slotNo FOR UPDATE", new { codeId, slotNo }, tx);
        const string stillOrphan = $"""
            SELECT NOT EXISTS (
                SELECT 1 FROM discount_usage u JOIN discount_code c ON c.id = u.code_id
                WHERE u.id = @usageId AND u.code_id = @codeId AND {HoldsSlot})
            """;
        if (usageId is null || !await conn.ExecuteScalarAsync<bool>(stillOrphan, new { usageId, codeId }, tx))
        {
            return 0;
        }

        await conn.ExecuteAsync("UPDATE discount_slot SET usage_id = NULL WHERE code_id = @codeId AND slot_no = @slotNo", new { codeId, slotNo }, tx);
        await AuditLog.WriteAsync(conn, tx, new AuditEntry(now, Actor, AuditAction.ReconcileSlotFreed, codeId, usageId, null,
            new { slotNo, usageId }, new { slotNo, usageId = (Guid?)null }));
        return 1;
    }

    /// <summary>1 when a slot was attached, 0 when no longer needed, -1 when no slot is free (oversold: alert only).</summary>
    private static async Task<int> AttachSlotAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid usageId, DateTime now)
    {
        var usage = await UsageRepository.LockAsync(conn, tx, usageId);
        const string stillUnslotted = $"""
            SELECT {HoldsSlot} AND NOT EXISTS (SELECT 1 FROM discount_slot s WHERE s.usage_id = u.id)
            FROM discount_usage u JOIN discount_code c ON c.id = u.code_id WHERE u.id = @usageId
            """;
        if (usage is null || !await conn.ExecuteScalarAsync<bool>(stillUnslotted, new { usageId }, tx))
        {
            return 0;
        }

        var slot = await SlotRepository.TryClaimAsync(conn, tx, usage.CodeId, usageId);
        if (slot is null)
        {
            return -1;
        }

        await AuditLog.WriteAsync(conn, tx, new AuditEntry(now, Actor, AuditAction.ReconcileSlotAttached, usage.CodeId, usageId, After: new { slotNo = slot }));
        return 1;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "ALERT reconciliation: slot rows missing {Missing}, extra {Extra}, orphan slots {Orphans}, holds without slot {Unslotted}, paid purchases without confirmed usage {PaidWithout}, confirmed usages without paid purchase {ConfirmedWithout}, overdue holds {Overdue}; corrected {Corrected} (fix={Fix})")]
    private static partial void LogAlert(ILogger logger, int missing, int extra, int orphans, int unslotted, int paidWithout, int confirmedWithout, int overdue, int corrected, bool fix);
}
