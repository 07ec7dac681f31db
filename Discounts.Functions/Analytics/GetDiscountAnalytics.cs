using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Discounts.Core.Analytics;

namespace Discounts.Functions.Analytics;

/// <summary>
/// <c>GET /api/manage/discounts/{id}/analytics?from=&amp;to=</c>: one code's reservations, confirmations, releases
/// by reason, conversion, revenue and discount given per currency, and a daily series (default: last 30 days).
/// </summary>
[QueryParameter("from", typeof(DateTimeOffset), Description = "Start (ISO 8601 UTC, inclusive); default 30 days before `to`. At most 366 days.")]
[QueryParameter("to", typeof(DateTimeOffset), Description = "End (ISO 8601 UTC); default now.")]
public sealed class GetDiscountAnalytics(AnalyticsService analytics, TimeProvider clock) : IHttpFunction
{
    public async Task<IResult> RunAsync(HttpContext context) => await GetAsync(context);

    public async Task<Results<Ok<AnalyticsReport>, ProblemHttpResult>> GetAsync(HttpContext context)
    {
        if (!context.TryRouteGuid("id", out var id))
        {
            return Problems.NotFound(context);
        }

        var errors = new Dictionary<string, string[]>();
        var (from, to) = AnalyticsWindow.Read(context.Request.Query, clock.GetUtcNow().UtcDateTime, errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(context, errors);
        }

        return await analytics.ReportAsync(new AnalyticsQuery(id, from, to), context.RequestAborted) is { } report
            ? TypedResults.Ok(report)
            : Problems.NotFound(context);
    }
}
