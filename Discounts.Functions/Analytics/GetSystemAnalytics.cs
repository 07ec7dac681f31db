using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Discounts.Core.Analytics;

namespace Discounts.Functions.Analytics;

/// <summary><c>GET /api/manage/analytics?from=&amp;to=</c>: the same totals across all codes, plus the top codes.</summary>
[QueryParameter("from", typeof(DateTimeOffset), Description = "Start (ISO 8601 UTC, inclusive); default 30 days before `to`. At most 366 days.")]
[QueryParameter("to", typeof(DateTimeOffset), Description = "End (ISO 8601 UTC); default now.")]
public sealed class GetSystemAnalytics(AnalyticsService analytics, TimeProvider clock) : IHttpFunction
{
    public async Task<IResult> RunAsync(HttpContext context) => await GetAsync(context);

    public async Task<Results<Ok<AnalyticsReport>, ProblemHttpResult>> GetAsync(HttpContext context)
    {
        var errors = new Dictionary<string, string[]>();
        var (from, to) = AnalyticsWindow.Read(context.Request.Query, clock.GetUtcNow().UtcDateTime, errors);
        return errors.Count > 0
            ? Problems.Invalid(context, errors)
            : TypedResults.Ok(await analytics.ReportAsync(new AnalyticsQuery(null, from, to), context.RequestAborted));
    }
}
