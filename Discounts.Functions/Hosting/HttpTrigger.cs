namespace Discounts.Functions.Hosting;

/// <summary>
/// An HTTP trigger: methods and route (the whole path: host.json's routePrefix is empty), as function.json writes them, who may call it, and the
/// shared rate limit it counts against (a <see cref="Core.RateLimiting.RateLimitActions"/> name), if any. It is also
/// the endpoint's metadata: <see cref="Http.JsonBody"/> reads admin bodies strictly by its <see cref="Access"/>.
/// </summary>
public sealed record HttpTrigger(string[] Methods, string Route, Access Access, string? RateLimit = null)
{
    public string AuthLevel => Access == Access.Admin ? "function" : "anonymous";
}
