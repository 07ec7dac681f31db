using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Discounts.Functions.Hosting;
using Discounts.Tests.Infrastructure;
using Discounts.Functions.Reservations;

namespace Discounts.Tests.Hosting;

/// <summary>
/// The deployable package made by scripts/publish.sh: host.json, one function.json folder per catalog entry, the
/// self-contained handler without local settings — and the handler starts from it under the Functions host's
/// contract (FUNCTIONS_CUSTOMHANDLER_PORT) and answers /api/health.
/// </summary>
public sealed class PublishPackageTests : IAsyncLifetime
{
    private readonly string output = Path.Combine(Path.GetTempPath(), "discounts-publish-" + Guid.NewGuid().ToString("N"));
    private string connectionString = "";

    public async Task InitializeAsync() => connectionString = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        await TestDatabase.DropAsync(connectionString);
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }

        File.Delete(output + ".zip");
    }

    [Fact]
    public async Task PublishedPackage_MatchesCatalog_AndHandlerStartsUnderTheHostContract()
    {
        var root = Repository.Root();
        var publish = await RunAsync("bash", [Path.Combine(root, "scripts", "publish.sh"), output], root, []);
        Assert.True(publish.ExitCode == 0, publish.Output);

        Assert.True(File.Exists(Path.Combine(output, "host.json")));
        var host = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "host.json")))!;
        Assert.Equal("bin/Discounts.Functions", (string?)host["customHandler"]!["description"]!["defaultExecutablePath"]);
        Assert.True((bool)host["customHandler"]!["enableProxyingHttpRequest"]!);
        Assert.Equal(
            FunctionCatalog.All.Select(f => f.Name).Order(),
            Directory.GetDirectories(output).Select(Path.GetFileName).Where(n => n != "bin").Order());
        Assert.All(FunctionCatalog.All, f => Assert.True(File.Exists(Path.Combine(output, f.Name, "function.json"))));
        Assert.True(File.Exists(Path.Combine(output, "bin", "Discounts.Functions")));
        Assert.False(File.Exists(Path.Combine(output, "bin", "appsettings.Development.json")));
        Assert.DoesNotContain("SigningKey", await File.ReadAllTextAsync(Path.Combine(output, "bin", "appsettings.json")), StringComparison.Ordinal);
        Assert.True(File.Exists(output + ".zip"));

        Assert.True(File.Exists(Path.Combine(output, "bin", "wwwroot", "console", "assets", "console.js")));
        await using var identityProvider = await FakeOidcProvider.StartAsync();

        var port = LoopbackPort.Free();
        using var handler = Process.Start(new ProcessStartInfo(Path.Combine(output, "bin", "Discounts.Functions"))
        {
            WorkingDirectory = Path.Combine(output, "bin"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["ConnectionStrings__Discounts"] = connectionString,
                ["Auth__SigningKey"] = "publish-test-signing-key-0123456789abcdef",
                // A published package runs as Production: without Stripe's settings it refuses to start.
                ["Stripe__SecretKey"] = "sk_test_publish",
                ["Stripe__WebhookSecret"] = "whsec_publish",
                ["Logging__LogLevel__Default"] = "Warning",
                // The console as production runs it: OIDC, behind the host on loopback, with its public origin.
                ["Console__SignIn"] = "oidc",
                ["Console__ClientId"] = "discounts-console",
                ["Console__PublicOrigin"] = "https://discounts.example.com",
                ["Auth__Authority"] = identityProvider.Url,
                ["Auth__RequireHttpsMetadata"] = "false",
            },
        })!;
        try
        {
            handler.OutputDataReceived += (_, _) => { };
            handler.ErrorDataReceived += (_, _) => { };
            handler.BeginOutputReadLine();
            handler.BeginErrorReadLine();
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            HttpResponseMessage? health = null;
            for (var attempt = 0; attempt < 100 && health?.StatusCode != HttpStatusCode.OK && !handler.HasExited; attempt++)
            {
                try
                {
                    health = await http.GetAsync("/api/health");
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(200); // the process is starting; nothing to observe but its port
                }
            }

            Assert.Equal(HttpStatusCode.OK, health?.StatusCode);
            var timer = await http.PostAsync("/ReleaseExpiredReservations", new StringContent("""{"Data":{"timer":{"IsPastDue":false}},"Metadata":{}}""", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, timer.StatusCode);

            // The console's compiled pages and its assets are in the package; its sign-in returns to the public origin.
            var signIn = await http.GetAsync("/console/signin");
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
            Assert.Contains("Sign in with your organization", await signIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/console/assets/console.css")).StatusCode);
            using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = http.BaseAddress };
            var challenge = await noRedirects.GetAsync("/console/signin?handler=provider");
            Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
            var authorize = challenge.Headers.Location!;
            Assert.StartsWith(identityProvider.Url + "/authorize?", authorize.ToString(), StringComparison.Ordinal);
            Assert.Equal("https://discounts.example.com/console/signin-oidc", Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(authorize.Query)["redirect_uri"].ToString());
            Assert.All(challenge.Headers.GetValues("Set-Cookie"), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            handler.Kill(entireProcessTree: true);
            await handler.WaitForExitAsync();
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] args, string workingDirectory, Dictionary<string, string> env)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in env)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
