using Dapper;
using Npgsql;

namespace Discounts.Core.RateLimiting;

/// <summary>
/// Fixed-window counters in PostgreSQL (<c>rate_limit</c>), so every instance enforces one shared limit (EC-036).
/// A request counts against its <see cref="RateSubject"/>: a signed-in caller as its user (and, only when the user's
/// own limit let it through, against the address ceiling its neighbours share); an anonymous caller as its address.
/// Failed attempts (unknown codes, EC-015) have their own, stricter counter, charged to the same subject only: an
/// enumerator never locks out the users on its address, and an address alone never blocks a user (EC-037).
/// </summary>
public sealed class RateLimiter(NpgsqlDataSource dataSource, RateLimitOptions options, TimeProvider clock)
{
    /// <summary>
    /// Counts this request against <paramref name="action"/> and reads the subject's failed-attempt counter, in one
    /// statement; refused when the failed attempts, the address ceiling or the subject's own limit is spent (a
    /// refused request still counts for its subject: a burst stays refused). Returns the decision whose headers the
    /// caller shows: the one that refused, else the subject's own.
    /// </summary>
    public async Task<RateLimitDecision> HitAsync(string action, RateSubject who, CancellationToken ct)
    {
        var limit = options.LimitFor(action);
        var failedLimit = options.FailedAttempts;
        if ((limit <= 0 && failedLimit <= 0) || who.Key is null)
        {
            return RateLimitDecision.Unlimited;
        }

        // The ceiling row is counted from the subject's row, so a request its own limit refused spends none of it.
        const string sql = """
            WITH own AS (
                INSERT INTO rate_limit (action, subject, window_start, hits)
                SELECT @action, @subject, @window, 1 WHERE @limit > 0
                ON CONFLICT (action, subject, window_start) DO UPDATE SET hits = rate_limit.hits + 1
                RETURNING hits),
            shared AS (
                INSERT INTO rate_limit (action, subject, window_start, hits)
                SELECT @action, @ceilingSubject, @window, 1 FROM own
                WHERE @ceilingSubject IS NOT NULL AND @ceiling > 0 AND own.hits <= @limit
                ON CONFLICT (action, subject, window_start) DO UPDATE SET hits = rate_limit.hits + 1
                RETURNING hits)
            SELECT (SELECT coalesce(max(hits), 0) FROM own) AS hits,
                   (SELECT coalesce(max(hits), 0) FROM shared) AS shared,
                   (SELECT coalesce(max(hits), 0) FROM rate_limit
                    WHERE action = 'failed' AND window_start = @window AND subject = @subject) AS failed
            """;
        var (window, reset) = Window();
        var ceiling = options.AddressCeiling;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var (hits, shared, failed) = await conn.QuerySingleAsync<(int, int, int)>(sql, new { action, subject = who.Key, ceilingSubject = who.CeilingKey, window, limit, ceiling });
        if (failedLimit > 0 && failed >= failedLimit)
        {
            return new RateLimitDecision(false, failedLimit, 0, reset);
        }

        if (ceiling > 0 && shared > ceiling)
        {
            return new RateLimitDecision(false, ceiling, 0, reset);
        }

        return limit <= 0 ? RateLimitDecision.Unlimited : new RateLimitDecision(hits <= limit, limit, Math.Max(0, limit - hits), reset);
    }

    /// <summary>Counts a failed attempt (an unknown code) against the subject that made it.</summary>
    public async Task RecordFailureAsync(RateSubject who, CancellationToken ct)
    {
        if (options.FailedAttempts <= 0 || who.Key is null)
        {
            return;
        }

        const string sql = """
            INSERT INTO rate_limit (action, subject, window_start, hits) VALUES ('failed', @subject, @window, 1)
            ON CONFLICT (action, subject, window_start) DO UPDATE SET hits = rate_limit.hits + 1
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(sql, new { window = Window().Start, subject = who.Key });
    }

    /// <summary>Removes windows that ended long ago (called by the release job).</summary>
    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        const string sql = "DELETE FROM rate_limit WHERE window_start < @cutoff";
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(sql, new { cutoff = clock.GetUtcNow().UtcDateTime - options.Window - TimeSpan.FromHours(1) });
    }

    private (DateTime Start, TimeSpan ResetAfter) Window()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ticks = Math.Max(options.Window.Ticks, TimeSpan.TicksPerSecond);
        var start = new DateTime(now.Ticks - (now.Ticks % ticks), DateTimeKind.Utc);
        return (start, start.AddTicks(ticks) - now);
    }
}
