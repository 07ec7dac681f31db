using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Discounts.Functions.Hosting;

/// <summary>
/// The size limits of a request's target and headers (docs/security.md "Limits"). Kestrel answers a request over its
/// own limits itself, before any middleware runs, with an empty body that no app can shape. So the app's limits are
/// enforced first in the pipeline, answering 414 <c>uri_too_long</c> or 431 <c>headers_too_large</c> problem
/// details, and Kestrel's are set above them: only a grossly oversize request meets Kestrel's bare answer.
/// </summary>
public static class RequestLimits
{
    /// <summary>Path and query as sent (Kestrel's default request line is 8 KiB); the longest real one is a few hundred bytes.</summary>
    public const int MaxRequestTargetBytes = 8 * 1024;

    /// <summary>All header lines together (Kestrel's default); a bearer token from an identity provider is a few KiB.</summary>
    public const int MaxRequestHeadersTotalBytes = 32 * 1024;

    /// <summary>Header lines (Kestrel's default).</summary>
    public const int MaxRequestHeaderCount = 100;

    /// <summary>Kestrel's request line limit (method, target, version): twice the app's target limit.</summary>
    public const int KestrelMaxRequestLineBytes = 2 * MaxRequestTargetBytes;

    public const int KestrelMaxRequestHeadersTotalBytes = 2 * MaxRequestHeadersTotalBytes;

    public const int KestrelMaxRequestHeaderCount = 2 * MaxRequestHeaderCount;

    public static void ConfigureKestrel(KestrelServerLimits limits)
    {
        limits.MaxRequestLineSize = KestrelMaxRequestLineBytes;
        limits.MaxRequestHeadersTotalSize = KestrelMaxRequestHeadersTotalBytes;
        limits.MaxRequestHeaderCount = KestrelMaxRequestHeaderCount;
    }

    /// <summary>First in the pipeline: a target or headers over the app's limits are answered here, as problem details.</summary>
    public static Task Enforce(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw
            ? raw.Length
            : (request.PathBase.Value?.Length ?? 0) + (request.Path.Value?.Length ?? 0) + (request.QueryString.Value?.Length ?? 0);
        if (target > MaxRequestTargetBytes)
        {
            return Problems.Create(context, StatusCodes.Status414UriTooLong, Problems.UriTooLong, "The request target is too long.",
                $"The request target (path and query) is {target} bytes; this service accepts at most {MaxRequestTargetBytes}.").ExecuteAsync(context);
        }

        // As Kestrel counts them: each header line, "name: value" and its line break.
        long bytes = 0;
        var lines = 0;
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                bytes += name.Length + (value?.Length ?? 0) + 4;
                lines++;
            }
        }

        if (bytes > MaxRequestHeadersTotalBytes || lines > MaxRequestHeaderCount)
        {
            return Problems.Create(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, Problems.HeadersTooLarge, "The request headers are too large.",
                $"The request has {lines} header lines of {bytes} bytes in all; this service accepts at most {MaxRequestHeaderCount} lines and {MaxRequestHeadersTotalBytes} bytes.").ExecuteAsync(context);
        }

        return next(context);
    }
}
