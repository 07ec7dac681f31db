using System.Globalization;
using Discounts.Core.Common;
using Discounts.Core.Observability;
using Discounts.Core.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Discounts.Functions.Reservations;

namespace Discounts.Functions.Http;

/// <summary>
/// The shared rate limit of a function (its catalog entry names the action): per user for signed-in callers, per
/// address for anonymous ones (<see cref="RateSubject"/>), 429 <c>rate_limited</c> with <c>Retry-After</c> past the
/// limit, and the <c>RateLimit-*</c> headers on every answer. Answers that reveal an unknown code also count as
/// failed attempts of the same subject, which have their own limit.
/// </summary>
public sealed class RateLimitFilter(string action) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var limiter = http.RequestServices.GetRequiredService<RateLimiter>();
        var who = new RateSubject(http.ClientIp(), http.Caller()?.UserId);
        var decision = await limiter.HitAsync(action, who, http.RequestAborted);
        if (!decision.Allowed)
        {
            return Refuse(http, decision);
        }

        if (decision.Limit > 0)
        {
            SetHeaders(http, decision);
        }

        var result = await next(context);
        if (RevealsUnknownCode(result))
        {
            await limiter.RecordFailureAsync(who, http.RequestAborted);
        }

        return result;
    }

    private ProblemHttpResult Refuse(HttpContext context, RateLimitDecision decision)
    {
        DiscountsMetrics.RateLimited.Add(1, new KeyValuePair<string, object?>("action", action));
        SetHeaders(context, decision);
        var problem = Problems.Create(context, StatusCodes.Status429TooManyRequests, Problems.RateLimited, "Too many requests; try again later.");
        context.Response.Headers.RetryAfter = Seconds(decision.ResetAfter);
        return problem;
    }

    private static void SetHeaders(HttpContext context, RateLimitDecision decision)
    {
        var headers = context.Response.Headers;
        headers["RateLimit-Limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Reset"] = Seconds(decision.ResetAfter);
    }

    private static string Seconds(TimeSpan span) => Math.Max(1, (int)Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static bool RevealsUnknownCode(object? result)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        return result switch
        {
            Ok<ValidateDiscountResponse> ok => ok.Value?.Reason == RuleCodes.CodeNotFound,
            ProblemHttpResult problem => problem.ProblemDetails.Extensions.TryGetValue("code", out var code) && RuleCodes.CodeNotFound.Equals(code),
            _ => false,
        };
    }
}
