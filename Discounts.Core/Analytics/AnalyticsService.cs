using System.Data;
using Discounts.Core.Codes;
using Npgsql;

namespace Discounts.Core.Analytics;

/// <summary>
/// Analytics of one code or of the whole system over whole UTC days: the window's start is rounded down and
/// its end up to midnight. Sealed days come from the nightly rollup, the rest from the live tables, all in one
/// snapshot (repeatable read), so a rollup running meanwhile is either wholly seen or not at all.
/// </summary>
public sealed class AnalyticsService(NpgsqlDataSource dataSource)
{
    public const int TopCodes = 10;

    /// <summary>The report of the window; null when <see cref="AnalyticsQuery.CodeId"/> names no code.</summary>
    public async Task<AnalyticsReport?> ReportAsync(AnalyticsQuery query, CancellationToken ct)
    {
        var fromDay = DateOnly.FromDateTime(query.From);
        var toDay = DateOnly.FromDateTime(query.To);
        if (query.To.TimeOfDay > TimeSpan.Zero)
        {
            toDay = toDay.AddDays(1);
        }

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        if (query.CodeId is { } codeId && await DiscountCodeRepository.FindByIdAsync(conn, codeId, tx) is null)
        {
            return null;
        }

        var sealedBefore = await AnalyticsRollupJob.SealedBeforeAsync(conn, tx) ?? fromDay;
        var sealedEnd = sealedBefore < fromDay ? fromDay : sealedBefore > toDay ? toDay : sealedBefore;
        var parts = new AnalyticsParts(query.CodeId, fromDay, sealedEnd, AnalyticsRollupJob.Midnight(sealedEnd), AnalyticsRollupJob.Midnight(toDay));

        var days = (await AnalyticsRepository.DaysAsync(conn, tx, parts)).ToDictionary(d => DateOnly.FromDateTime(d.Day));
        var releases = await AnalyticsRepository.ReleasesAsync(conn, tx, parts);
        var releasesByDay = releases.GroupBy(r => DateOnly.FromDateTime(r.Day)).ToDictionary(g => g.Key, g => g.Sum(r => r.Releases));
        var series = new List<DailyCounts>();
        for (var day = fromDay; day < toDay; day = day.AddDays(1))
        {
            days.TryGetValue(day, out var totals);
            series.Add(new DailyCounts(AnalyticsRollupJob.Midnight(day), totals?.Reservations ?? 0, totals?.Confirmations ?? 0, releasesByDay.GetValueOrDefault(day)));
        }

        long reservations = days.Values.Sum(d => d.Reservations), converted = days.Values.Sum(d => d.Converted);
        long abandoned = days.Values.Sum(d => d.Abandoned), flagged = days.Values.Sum(d => d.Flagged);
        return new AnalyticsReport
        {
            CodeId = query.CodeId,
            From = AnalyticsRollupJob.Midnight(fromDay),
            To = AnalyticsRollupJob.Midnight(toDay),
            Reservations = reservations,
            Confirmations = days.Values.Sum(d => d.Confirmations),
            Converted = converted,
            Conversion = Share(converted, reservations),
            Abandoned = abandoned,
            Abandonment = Share(abandoned, reservations),
            Flagged = flagged,
            FlaggedShare = Share(flagged, reservations),
            HeldToPaid = converted == 0 ? null : decimal.Round((decimal)reservations / converted, 2),
            ReleasesByReason = releases.GroupBy(r => r.Reason, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(r => r.Releases), StringComparer.Ordinal),
            Money = await AnalyticsRepository.MoneyAsync(conn, tx, parts),
            Daily = series,
            TopCodes = query.CodeId is null ? await AnalyticsRepository.TopCodesAsync(conn, tx, parts, TopCodes) : [],
        };
    }

    private static decimal Share(long part, long whole) => whole == 0 ? 0 : decimal.Round((decimal)part / whole, 4);
}
