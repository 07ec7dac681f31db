using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Discounts.Functions.Hosting;
using Discounts.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Discounts.Tests.Hosting;

/// <summary>
/// Over-long request targets and oversize headers, on a real Kestrel (TestServer enforces none of its limits): the
/// answer a client normally meets is 414 or 431 problem+json with a stable code; only a request beyond Kestrel's own,
/// higher limits gets Kestrel's bare answer (issue 13).
/// </summary>
public sealed class RequestLimitTests(RequestLimitTests.KestrelApp app) : IClassFixture<RequestLimitTests.KestrelApp>
{
    public sealed class KestrelApp : AppFactory
    {
        public int Port { get; private set; }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            UseKestrel(LoopbackPort.Free());
            StartServer();
            Port = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        }
    }

    private sealed record RawResponse(int Status, string Head, string Body)
    {
        public string? ContentType => Head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))?[13..].Trim();
    }

    /// <summary>Sends one HTTP/1.1 request as written, and reads the answer until the server closes.</summary>
    private async Task<RawResponse> SendRawAsync(string target, IEnumerable<(string Name, string Value)>? headers = null)
    {
        var request = new StringBuilder($"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{app.Port}\r\nConnection: close\r\n");
        foreach (var (name, value) in headers ?? [])
        {
            request.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        request.Append("\r\n");
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", app.Port);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()));
        }
        catch (IOException)
        {
            // Kestrel may answer and close before it has read all of a grossly oversize request.
        }

        using var read = new MemoryStream();
        try
        {
            await stream.CopyToAsync(read).WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (IOException)
        {
            // A reset after the answer: what arrived is the answer.
        }

        var text = Encoding.UTF8.GetString(read.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(split > 0, $"no answer: '{text}'");
        var head = text[..split];
        var body = text[(split + 4)..];
        if (head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Dechunk(body);
        }

        return new RawResponse(int.Parse(head.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), head, body);
    }

    private static string Dechunk(string chunked)
    {
        var body = new StringBuilder();
        var at = 0;
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[at..lineEnd].Split(';')[0], 16);
            if (size == 0)
            {
                return body.ToString();
            }

            body.Append(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private static string Validate(int targetBytes)
    {
        const string start = "/api/discount/validate?code=SPRING25&pad=";
        return start + new string('a', targetBytes - start.Length);
    }

    private static JsonObject Problem(RawResponse response, int status, string code)
    {
        Assert.True(response.Status == status, $"expected {status}: {response.Head}\n{response.Body}");
        Assert.Equal("application/problem+json", response.ContentType);
        var body = JsonNode.Parse(response.Body)!.AsObject();
        Assert.Equal(code, (string?)body["code"]);
        Assert.Equal(status, (int?)body["status"]);
        Assert.False(string.IsNullOrEmpty((string?)body["detail"]));
        return body;
    }

    [Fact]
    public async Task TargetAtTheLimit_Served_OverIt_414Problem()
    {
        var atLimit = await SendRawAsync(Validate(RequestLimits.MaxRequestTargetBytes));
        Assert.True(atLimit.Status is not 414 and < 500, atLimit.Head);

        var body = Problem(await SendRawAsync(Validate(RequestLimits.MaxRequestTargetBytes + 1)), 414, "uri_too_long");
        Assert.Contains($"{RequestLimits.MaxRequestTargetBytes}", (string?)body["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeadersOverTheLimit_431Problem()
    {
        var big = new string('h', RequestLimits.MaxRequestHeadersTotalBytes);
        Problem(await SendRawAsync("/api/discount/validate?code=SPRING25", [("X-Big", big)]), 431, "headers_too_large");

        var many = Enumerable.Range(0, RequestLimits.MaxRequestHeaderCount + 1).Select(i => ($"X-H{i}", "v"));
        Problem(await SendRawAsync("/api/discount/validate?code=SPRING25", many), 431, "headers_too_large");

        var fine = await SendRawAsync("/api/discount/validate?code=SPRING25", [("X-Big", new string('h', RequestLimits.MaxRequestHeadersTotalBytes / 2))]);
        Assert.True(fine.Status is not 431 and < 500, fine.Head);
    }

    /// <summary>
    /// Beyond Kestrel's own limits (above the app's) Kestrel answers before any middleware runs, with no body: that
    /// much is outside what the framework lets an app shape. Pinned here so a change of either limit is seen.
    /// </summary>
    [Fact]
    public async Task GrosslyOversize_KestrelsOwnBareAnswer()
    {
        var line = await SendRawAsync(Validate(RequestLimits.KestrelMaxRequestLineBytes + 1));
        Assert.Equal(414, line.Status);
        Assert.Equal("", line.Body);

        var headers = await SendRawAsync("/api/discount/validate?code=SPRING25", [("X-Big", new string('h', RequestLimits.KestrelMaxRequestHeadersTotalBytes + 1))]);
        Assert.Equal(431, headers.Status);
        Assert.Equal("", headers.Body);
    }
}
