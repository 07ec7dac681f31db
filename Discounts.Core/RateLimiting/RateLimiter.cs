using Dapper;
using Npgsql;

namespace Discounts.Core.RateLimiting;

/// <summary>
/// Fixed-window counters in PostgreSQL (<c>rate_limit</c>), so every instance enforces one shared limit (EC-036).
/// A request counts against each of its subjects (the client IP, and the user when known) in one statement;
/// the most used subject decides. Failed attempts (unknown codes, EC-015) have their own, stricter counter.
/// The IP alone only ever limits the rate; it never blocks a user outright (EC-037).
/// </summary>
public sealed class RateLimiter(NpgsqlDataSource dataSource, RateLimitOptions options, TimeProvider clock)
{
    /// <summary>The subjects a request counts against: its client IP, and its user when known.</summary>
    public static string[] Subjects(string? ip, string? userId) =>
        [.. ip is null ? [] : new[] { "ip:" + ip }, .. userId is null ? [] : new[] { "user:" + userId }];

    /// <summary>
    /// Counts this request against <paramref name="action"/> and reads the failed-attempt counter, in one
    /// statement; refused when either is over its limit (a refused request still counts: a burst stays refused).
    /// Returns the decision whose headers the caller shows: the one that refused, else the action's.
    /// </summary>
    public async Task<RateLimitDecision> HitAsync(string action, IReadOnlyList<string> subjects, CancellationToken ct)
    {
        var limit = options.LimitFor(action);
        var failedLimit = options.FailedAttempts;
        if ((limit <= 0 && failedLimit <= 0) || subjects.Count == 0)
        {
            return RateLimitDecision.Unlimited;
        }

        const string sql = """
            WITH hit AS (
                INSERT INTO rate_limit (action, subject, window_start, hits)
                SELECT @action, s, @window, 1 FROM unnest(@subjects) AS s WHERE @count
                ON CONFLICT (action, subject, window_start) DO UPDATE SET hits = rate_limit.hits + 1
                RETURNING hits)
            SELECT (SELECT coalesce(max(hits), 0) FROM hit) AS hits,
                   (SELECT coalesce(max(hits), 0) FROM rate_limit
                    WHERE action = 'failed' AND window_start = @window AND subject = ANY(@subjects)) AS failed
            """;
        var (window, reset) = Window();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var (hits, failed) = await conn.QuerySingleAsync<(int, int)>(sql, new { action, window, subjects = subjects.Distinct().ToArray(), count = limit > 0 });
        if (failedLimit > 0 && failed >= failedLimit)
        {
            return new RateLimitDecision(false, failedLimit, 0, reset);
        }

        return limit <= 0 ? RateLimitDecision.Unlimited : new RateLimitDecision(hits <= limit, limit, Math.Max(0, limit - hits), reset);
    }

    /// <summary>Counts a failed attempt (an unknown code) against the subjects.</summary>
    public async Task RecordFailureAsync(IReadOnlyList<string> subjects, CancellationToken ct)
    {
        if (options.FailedAttempts <= 0 || subjects.Count == 0)
        {
            return;
        }

        const string sql = """
            INSERT INTO rate_limit (action, subject, window_start, hits)
            SELECT 'failed', s, @window, 1 FROM unnest(@subjects) AS s
            ON CONFLICT (action, subject, window_start) DO UPDATE SET hits = rate_limit.hits + 1
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(sql, new { window = Window().Start, subjects = subjects.Distinct().ToArray() });
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
