namespace Discounts.Functions.Hosting;

/// <summary>The request-size limits (docs/security.md "Limits").</summary>
public static class RequestLimits
{
    public const int MaxRequestTargetBytes = 8 * 1024;

    public const int MaxRequestHeadersTotalBytes = 32 * 1024;

    public const int MaxRequestHeaderCount = 100;

    public const int KestrelMaxRequestLineBytes = 8 * 1024;

    public const int KestrelMaxRequestHeadersTotalBytes = 32 * 1024;
}
