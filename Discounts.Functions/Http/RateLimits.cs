using System.Globalization;
using Discounts.Core.Observability;
using Discounts.Core.RateLimiting;
using Discounts.Functions.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Discounts.Functions.Http;

/// <summary>
/// The shared rate limit of a function (its catalog entry names the action): per user for signed-in callers, per
/// address for anonymous ones (<see cref="RateSubject"/>). The count runs inside the function's first read of the
/// database (one round trip, not one more: the function passes <see cref="RateLimitHit(HttpContext)"/> to its Core
/// call); <see cref="Answer"/> maps what it decided: 429 <c>rate_limited</c> with <c>Retry-After</c> past the limit,
/// and the <c>RateLimit-*</c> headers on every answer. Unknown codes also count as failed attempts of the same
/// subject (Core records them), which have their own limit.
/// </summary>
public static class RateLimits
{
    /// <summary>This request's count against the limit its catalog entry names, for the function's Core call; null when it has none.</summary>
    public static RateLimitHit? RateLimitHit(this HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<HttpTrigger>()?.RateLimit is { } action
            ? context.RequestServices.GetRequiredService<RateLimiter>().Prepare(action, new RateSubject(context.ClientIp(), context.Caller()?.UserId))
            : null;

    /// <summary>After the Core call: the <c>RateLimit-*</c> headers, and the 429 problem when the hit refused the request.</summary>
    public static ProblemHttpResult? Answer(HttpContext context, RateLimitHit? hit)
    {
        if (hit?.Decision is not { } decision)
        {
            return null;
        }

        if (decision.Limit > 0)
        {
            var headers = context.Response.Headers;
            headers["RateLimit-Limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
            headers["RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
            headers["RateLimit-Reset"] = Seconds(decision.ResetAfter);
        }

        if (decision.Allowed)
        {
            return null;
        }

        DiscountsMetrics.RateLimited.Add(1, new KeyValuePair<string, object?>("action", hit.Action));
        var problem = Problems.Create(context, StatusCodes.Status429TooManyRequests, Problems.RateLimited, "Too many requests; try again later.");
        context.Response.Headers.RetryAfter = Seconds(decision.ResetAfter);
        return problem;
    }

    private static string Seconds(TimeSpan span) => Math.Max(1, (int)Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
