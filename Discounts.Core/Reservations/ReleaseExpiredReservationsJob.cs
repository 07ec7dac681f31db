using Dapper;
using Discounts.Core.Audit;
using Discounts.Core.Common;
using Discounts.Core.Database;
using Discounts.Core.Observability;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Discounts.Core.Reservations;

/// <summary>
/// Releases every overdue hold (design.md invariant 5, EC-005, EC-041), in batches taken with
/// <c>FOR UPDATE SKIP LOCKED</c> under the job's advisory lock (EC-040). Holds without a checkout are released
/// in the batch's transaction; holds with one go through <see cref="HoldReleaser"/> (expire the session first).
/// Idempotent: a hold is released only from <c>reserved</c>, so a double-fired timer changes nothing twice.
/// </summary>
public sealed partial class ReleaseExpiredReservationsJob(NpgsqlDataSource dataSource, HoldReleaser releaser, TimeProvider clock, DiscountsOptions options, ILogger<ReleaseExpiredReservationsJob> logger)
{
    public const string Name = "ReleaseExpiredReservations";
    private const string Actor = "system:release-expired";

    public async Task<ReleaseRunReport> RunAsync(CancellationToken ct)
    {
        await using var jobLock = await JobLock.TryAcquireAsync(dataSource, Name, ct);
        if (jobLock is null)
        {
            LogSkipped(logger);
            return ReleaseRunReport.SkippedRun;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var kept = new List<Guid>();
        int batches = 0, released = 0, confirmed = 0, pending = 0;
        while (!ct.IsCancellationRequested)
        {
            var (taken, plainReleased, withCheckout) = await Transactions.RunAsync(dataSource, (conn, tx) => ReleaseBatchAsync(conn, tx, now, kept.ToArray()), ct);
            if (taken == 0)
            {
                break;
            }

            batches++;
            released += plainReleased;
            DiscountsMetrics.HoldsReleased.Add(plainReleased, new KeyValuePair<string, object?>("reason", ReleaseReason.Expired));
            foreach (var usageId in withCheckout)
            {
                var result = await releaser.ReleaseAsync(usageId, ReleaseReason.Expired, Actor, ct);
                switch (result)
                {
                    case HoldReleaseResult.Released: released++; break;
                    case HoldReleaseResult.Paid: confirmed++; break;
                    case HoldReleaseResult.PaymentPending: pending++; break;
                    default: kept.Add(usageId); break;
                }
            }
        }

        LogDone(logger, released, confirmed, pending, kept.Count, batches);
        return new ReleaseRunReport(false, batches, released, confirmed, pending, kept.Count);
    }

    private async Task<(int Taken, int Released, IReadOnlyList<Guid> WithCheckout)> ReleaseBatchAsync(NpgsqlConnection conn, NpgsqlTransaction tx, DateTime now, Guid[] kept)
    {
        const string select = """
            SELECT id, code_id, purchase_id, stripe_session_id FROM discount_usage
            WHERE status = 'reserved' AND expires_at <= @now AND NOT (id = ANY(@kept))
            ORDER BY expires_at
            LIMIT @batch
            FOR UPDATE SKIP LOCKED
            """;
        var rows = (await conn.QueryAsync<(Guid Id, Guid CodeId, Guid? PurchaseId, string? StripeSessionId)>(select, new { now, kept, batch = options.ReleaseBatchSize }, tx)).AsList();
        var plain = rows.Where(r => r.PurchaseId is null && r.StripeSessionId is null).ToList();
        if (plain.Count > 0)
        {
            await UsageTransitions.ReleaseExpiredAsync(conn, tx, plain.Select(r => (r.Id, r.CodeId)).ToList(), Actor, now);
        }

        return (rows.Count, plain.Count, rows.Where(r => r.PurchaseId is not null || r.StripeSessionId is not null).Select(r => r.Id).ToList());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Release job skipped: another run holds its lock")]
    private static partial void LogSkipped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released {Released} holds, confirmed {Confirmed}, payment pending {Pending}, kept {Kept} for the next run, in {Batches} batches")]
    private static partial void LogDone(ILogger logger, int released, int confirmed, int pending, int kept, int batches);
}
