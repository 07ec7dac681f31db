using Npgsql;

namespace Discounts.Core.Admin;

/// <summary>Analytics of one code or of the whole system over a window.</summary>
public sealed class AnalyticsService(NpgsqlDataSource dataSource)
{
    public const int TopCodes = 10;

    public async Task<AnalyticsReport> ReportAsync(AnalyticsQuery query, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var (reservations, confirmations, converted) = await AnalyticsRepository.CountsAsync(conn, query);
        var daily = await AnalyticsRepository.DailyAsync(conn, query);
        var series = new List<DailyCounts>();
        for (var day = query.From.Date; day < query.To; day = day.AddDays(1))
        {
            var d = DateTime.SpecifyKind(day, DateTimeKind.Utc);
            series.Add(new DailyCounts(d,
                daily.Where(r => r.Kind == "reserved" && r.Day == day).Sum(r => r.N),
                daily.Where(r => r.Kind == "confirmed" && r.Day == day).Sum(r => r.N)));
        }

        return new AnalyticsReport
        {
            CodeId = query.CodeId,
            From = query.From,
            To = query.To,
            Reservations = reservations,
            Confirmations = confirmations,
            Converted = converted,
            Conversion = reservations == 0 ? 0 : decimal.Round((decimal)converted / reservations, 4),
            ReleasesByReason = await AnalyticsRepository.ReleasesByReasonAsync(conn, query),
            Money = await AnalyticsRepository.MoneyAsync(conn, query),
            Daily = series,
            TopCodes = query.CodeId is null ? await AnalyticsRepository.TopCodesAsync(conn, query, TopCodes) : [],
        };
    }
}
