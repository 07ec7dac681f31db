using System.Diagnostics;
using Discounts.Core.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Discounts.Functions.Http;

/// <summary>RFC 9457 problem details with a stable <c>code</c> and the <c>traceId</c> (api.md).</summary>
public static class Problems
{
    public const string RetryAfterSeconds = "30";

    /// <summary>401: no token, or one refused; the problem's <c>reason</c> says which (Auth.AccessReasons).</summary>
    public const string Unauthenticated = "unauthenticated";

    /// <summary>403 from the framework: authenticated, but not allowed (a role missing).</summary>
    public const string Forbidden = "forbidden";

    /// <summary>414: the request target is longer than the app accepts (Hosting.RequestLimits).</summary>
    public const string UriTooLong = "uri_too_long";

    /// <summary>431: the request's headers are larger, or more, than the app accepts (Hosting.RequestLimits).</summary>
    public const string HeadersTooLarge = "headers_too_large";

    /// <summary>413: a body larger than the function accepts.</summary>
    public const string PayloadTooLarge = "payload_too_large";

    /// <summary>415: a body that is not <c>application/json</c>.</summary>
    public const string UnsupportedMediaType = "unsupported_media_type";

    /// <summary>405: the route exists, the method does not.</summary>
    public const string MethodNotAllowed = "method_not_allowed";

    /// <summary>429: a rate limit (docs/security.md "Limits"); <c>Retry-After</c> says when to try again.</summary>
    public const string RateLimited = Errors.RateLimited;

    /// <summary>500: a fault of the service; the traceId finds it in the logs.</summary>
    public const string InternalError = "internal_error";

    public static ProblemHttpResult Create(HttpContext context, int status, string code, string title, string? detail = null, IDictionary<string, string[]>? errors = null)
    {
        var problem = errors is null ? new ProblemDetails() : new HttpValidationProblemDetails(errors);
        problem.Status = status;
        problem.Title = title;
        problem.Detail = detail;
        problem.Type = $"https://discounts.local/problems/{code}";
        Decorate(problem, context, code);
        if (status is StatusCodes.Status503ServiceUnavailable or StatusCodes.Status429TooManyRequests)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds;
        }

        return TypedResults.Problem(problem);
    }

    /// <summary>Adds <c>code</c> and <c>traceId</c>; used for the framework's own problems too.</summary>
    public static void Decorate(ProblemDetails problem, HttpContext context, string code)
    {
        problem.Extensions["code"] = code;
        problem.Extensions["traceId"] = Activity.Current?.Id ?? context.TraceIdentifier;
    }

    public static ProblemHttpResult Invalid(HttpContext context, IDictionary<string, string[]> errors) =>
        Create(context, StatusCodes.Status400BadRequest, Errors.InvalidRequest, "The request is not valid.", errors: errors);

    public static ProblemHttpResult Invalid(HttpContext context, string field, string message) =>
        Invalid(context, new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult NotFound(HttpContext context) =>
        Create(context, StatusCodes.Status404NotFound, Errors.NotFound, "Not found.");

    /// <summary>Maps an expected failure of a Core operation to its status (api.md).</summary>
    public static ProblemHttpResult FromError(HttpContext context, string error, string? detail = null) => error switch
    {
        Errors.NotFound => NotFound(context),
        Errors.Conflict => Create(context, StatusCodes.Status409Conflict, error, "Conflict.", detail),
        Errors.DuplicateCode => Create(context, StatusCodes.Status409Conflict, error, "The code exists already.", detail),
        Errors.PreconditionFailed => Create(context, StatusCodes.Status412PreconditionFailed, error, "The resource changed since it was read.", detail),
        Errors.MaxUsesBelowTaken => Create(context, StatusCodes.Status422UnprocessableEntity, error, "maxUses is below the slots taken.", detail),
        Errors.InvalidRequest => Invalid(context, "body", detail ?? "The request is not valid."),
        Errors.Unavailable => Create(context, StatusCodes.Status503ServiceUnavailable, error, "A dependency is unavailable; try again shortly.", detail),
        Errors.RiskBlocked => Create(context, StatusCodes.Status403Forbidden, error, "This request cannot be accepted.", detail),
        Errors.CaptchaRequired => Create(context, StatusCodes.Status403Forbidden, error, "Please complete the CAPTCHA and send its token as captchaToken.", detail),
        Errors.CaptchaFailed => Create(context, StatusCodes.Status403Forbidden, error, "The CAPTCHA could not be verified.", detail),
        _ => Create(context, StatusCodes.Status422UnprocessableEntity, error, RuleCodes.Message(error), detail),
    };

    /// <summary>The stable code the framework's own problems (401, 403, 404, 405, 413, 414, 415, 431) carry.</summary>
    public static string CodeForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => Errors.InvalidRequest,
        StatusCodes.Status401Unauthorized => Unauthenticated,
        StatusCodes.Status403Forbidden => Forbidden,
        StatusCodes.Status404NotFound => Errors.NotFound,
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
        StatusCodes.Status413PayloadTooLarge => PayloadTooLarge,
        StatusCodes.Status414UriTooLong => UriTooLong,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        StatusCodes.Status431RequestHeaderFieldsTooLarge => HeadersTooLarge,
        StatusCodes.Status503ServiceUnavailable => Errors.Unavailable,
        _ => InternalError,
    };
}
