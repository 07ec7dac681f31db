using System.Net;
using Discounts.Functions.Hosting;
using Microsoft.AspNetCore.HttpOverrides;

namespace Discounts.Functions.Http;

/// <summary>
/// Who is on the other end of a request, on the network (docs/security.md "Trust boundaries"). The client's address
/// is the TCP peer's, unless the peer is a trusted proxy (<c>Network:TrustedProxies</c>, addresses and CIDR ranges):
/// then <c>X-Forwarded-For</c> is walked from the right through every trusted hop, and the first untrusted address is
/// the client — ASP.NET Core's ForwardedHeadersMiddleware with KnownProxies / KnownIPNetworks and no forward limit.
/// Whatever a client writes to the left of that is never read.
/// </summary>
public static class ClientAddress
{
    public const string TrustedProxiesSetting = "Network:TrustedProxies";

    /// <summary>The hop count of earlier versions: trusting a number of hops trusted any peer (the spoofing hole).</summary>
    public const string RetiredHopsSetting = "Network:TrustedProxyHops";

    /// <summary>Reads <c>Network:TrustedProxies</c> (a comma-separated list, or an array); refuses what it cannot trust.</summary>
    public static void ConfigureForwardedHeaders(IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetValue(RetiredHopsSetting, 0) != 0)
        {
            throw new InvalidSettingException(RetiredHopsSetting, $"is no longer read: list the proxies allowed to name the client in {TrustedProxiesSetting} (docs/deployment.md).");
        }

        var (proxies, networks) = TrustedProxies(configuration);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = proxies.Count + networks.Count > 0 ? ForwardedHeaders.XForwardedFor : ForwardedHeaders.None;
            o.ForwardLimit = null; // every hop is checked against the lists instead
            o.KnownProxies.Clear(); // the framework's default trusts loopback; here only what the setting lists
            o.KnownIPNetworks.Clear();
            proxies.ForEach(o.KnownProxies.Add);
            networks.ForEach(o.KnownIPNetworks.Add);
        });
    }

    public static (List<IPAddress> Proxies, List<System.Net.IPNetwork> Networks) TrustedProxies(IConfiguration configuration)
    {
        var section = configuration.GetSection(TrustedProxiesSetting);
        var entries = section.GetChildren().Select(c => c.Value).Append(section.Value)
            .SelectMany(v => (v ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var proxies = new List<IPAddress>();
        var networks = new List<System.Net.IPNetwork>();
        foreach (var entry in entries)
        {
            if (!entry.Contains('/', StringComparison.Ordinal) && IPAddress.TryParse(entry, out var address))
            {
                proxies.Add(address);
            }
            else if (System.Net.IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network.PrefixLength > 0
                    ? network
                    : throw new InvalidSettingException(TrustedProxiesSetting, $"must not contain '{entry}': trusting every address lets any client name any address."));
            }
            else
            {
                throw new InvalidSettingException(TrustedProxiesSetting, $"contains '{entry}', which is neither an IP address nor a CIDR range such as 10.0.0.0/8.");
            }
        }

        return (proxies, networks);
    }

    /// <summary>
    /// Records the TCP peer and whether the request carried a forwarding header, before ForwardedHeadersMiddleware
    /// replaces the peer with the client it names (and removes the header entries it consumed).
    /// </summary>
    public static Task CaptureTransport(HttpContext context, RequestDelegate next)
    {
        var headers = context.Request.Headers;
        context.Features.Set(new Transport(context.Connection.RemoteIpAddress, headers.ContainsKey("X-Forwarded-For") || headers.ContainsKey("Forwarded")));
        return next(context);
    }

    /// <summary>
    /// A call from the Functions host beside the handler (timer invocations): a loopback peer that sent no
    /// forwarding header. A forwarded request came through a proxy, so it is never local, whatever it names.
    /// (A request without a peer address is TestServer's in-process call.)
    /// </summary>
    public static bool IsLocalInvocation(HttpContext context) =>
        context.Features.Get<Transport>() is { Forwarded: false } transport && (transport.Peer is null || IPAddress.IsLoopback(transport.Peer));

    /// <summary>The client's address as text (IPv4-mapped IPv6 as plain IPv4), or null when the server has none.</summary>
    public static string? ClientIp(this HttpContext context) => context.Connection.RemoteIpAddress switch
    {
        null => null,
        { IsIPv4MappedToIPv6: true } mapped => mapped.MapToIPv4().ToString(),
        var address => address.ToString(),
    };

    private sealed record Transport(IPAddress? Peer, bool Forwarded);
}
