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
    /// This request's count against <paramref name="action"/>, to run with the request's first read; null when nothing
    /// is counted (no limit and no failed-attempt limit, or a caller with neither a user nor an address).
    /// </summary>
    public RateLimitHit? Prepare(string action, RateSubject who)
    {
        var limit = options.LimitFor(action);
        if ((limit <= 0 && options.FailedAttempts <= 0) || who.Key is null)
        {
            return null;
        }

        var (window, reset) = Window();
        return new RateLimitHit(action, who, window, reset, limit, options.AddressCeiling, options.FailedAttempts);
    }

    /// <summary>Counts a failed attempt (an unknown code) against the subject that made it.</summary>
    public async Task RecordFailureAsync(RateLimitHit? hit, CancellationToken ct)
    {
        if (hit is not { FailedLimit: > 0 } || hit.Who.Key is not { } subject)
        {
            return;
        }

        const string sql = """
            INSERT INTO rate_limit (action, subject, window_start, hits) VALUES ('failed', @subject, @window, 1)
            ON CONFLICT (action, subject, window_start) DO UPDATE SET hits = rate_limit.hits + 1
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(sql, new { window = hit.Window, subject });
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
