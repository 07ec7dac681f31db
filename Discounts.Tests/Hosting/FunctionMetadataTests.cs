using System.Text.Json.Nodes;
using Cronos;
using Discounts.Functions.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Discounts.Tests.Infrastructure;
using Discounts.Functions.Reservations;

namespace Discounts.Tests.Hosting;

/// <summary>The Functions host's view of the app (function.json) and the app's own routes both come from the catalog.</summary>
public sealed class FunctionMetadataTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public void WrittenFunctionJson_MatchesTheCatalog()
    {
        var dir = Path.Combine(Path.GetTempPath(), "fnmeta-" + Guid.NewGuid().ToString("N"));
        try
        {
            FunctionMetadataWriter.Write(dir);
            var folders = Directory.GetDirectories(dir).Select(Path.GetFileName).Order().ToList();
            Assert.Equal(FunctionCatalog.All.Select(f => f.Name).Order(), folders);
            foreach (var function in FunctionCatalog.All)
            {
                var json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, function.Name, "function.json")))!;
                var trigger = json["bindings"]![0]!;
                if (function.Http is { } http)
                {
                    Assert.Equal("httpTrigger", (string?)trigger["type"]);
                    Assert.Equal(http.Route, (string?)trigger["route"]);
                    Assert.Equal(http.Methods.Select(m => m.ToLowerInvariant()), trigger["methods"]!.AsArray().Select(m => (string)m!));
                    Assert.Equal(http.Access == Access.Admin ? "function" : "anonymous", (string?)trigger["authLevel"]);
                    Assert.Equal("http", (string?)json["bindings"]![1]!["type"]);
                }
                else
                {
                    Assert.Equal("timerTrigger", (string?)trigger["type"]);
                    Assert.Equal($"%{function.Name}Schedule%", (string?)trigger["schedule"]);
                }
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void AppRoutes_AreExactlyTheCatalogsHttpFunctions()
    {
        // A site may live under /api/ too (the API reference at api/docs): its endpoints are held by the test below.
        var sites = FunctionCatalog.Sites.Select(s => "/" + s.Http!.Route[..s.Http.Route.IndexOf("/{*", StringComparison.Ordinal)]).ToList();
        var endpoints = RouteEndpoints()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal))
            .Where(e => !sites.Any(s => IsUnder(e.RoutePattern.RawText!, s)))
            .Select(e => e.RoutePattern.RawText![1..] + " " + string.Join(",", e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods))
            .Order();
        Assert.Equal(FunctionCatalog.HttpFunctions.Select(f => f.Http!.Route + " " + string.Join(",", f.Http.Methods)).Order(), endpoints);
    }

    /// <summary>
    /// The host forwards a request only when a function's route matches it: every endpoint the app maps is an API
    /// function, a timer's invocation route, or inside a site's catch-all route with one of its methods (the console's
    /// pages and sign-in callbacks included; a page that takes any method gets only the site's). The local checkout is mapped only without Stripe, never under the host.
    /// </summary>
    [Fact]
    public void AppRoutes_OutsideTheApi_AreInsideASiteOrATimerInvocation()
    {
        var sites = FunctionCatalog.Sites.Select(s => (Prefix: "/" + s.Http!.Route[..s.Http.Route.IndexOf("/{*", StringComparison.Ordinal)], s.Http.Methods)).ToList();
        Assert.NotEmpty(sites);
        var timers = FunctionCatalog.TimerFunctions.Select(t => "/" + t.Name).ToHashSet();
        var functions = FunctionCatalog.HttpFunctions.Select(f => "/" + f.Http!.Route).ToHashSet();
        var stray = RouteEndpoints()
            .Where(e => !functions.Contains(e.RoutePattern.RawText!) && !timers.Contains(e.RoutePattern.RawText!))
            .Where(e => !sites.Any(s => IsUnder("/" + e.RoutePattern.RawText!.TrimStart('/'), s.Prefix) &&
                (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? s.Methods).All(m => s.Methods.Contains(m, StringComparer.OrdinalIgnoreCase))))
            .Select(e => e.RoutePattern.RawText + " " + string.Join(",", e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["(any method)"]));
        Assert.Empty(stray);
        Assert.Contains(RouteEndpoints(), e => e.RoutePattern.RawText!.StartsWith("console/codes", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(RouteEndpoints(), e => e.RoutePattern.RawText!.StartsWith("/api/docs/", StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsUnder(string path, string prefix) =>
        path.Equals(prefix, StringComparison.OrdinalIgnoreCase) || path.StartsWith(prefix + "/", StringComparison.OrdinalIgnoreCase);

    private IEnumerable<RouteEndpoint> RouteEndpoints() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

    [Fact]
    public void AppRoutes_UnderTheHostsReservedPrefixes_None()
    {
        var reserved = RouteEndpoints()
            .Select(e => e.RoutePattern.RawText!.TrimStart('/'))
            .Where(r => r.StartsWith("admin", StringComparison.OrdinalIgnoreCase) || r.StartsWith("runtime", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(reserved);
    }

    [Fact]
    public void TimerSchedules_ParseAsSixFieldCron()
    {
        var configuration = app.Services.GetRequiredService<IConfiguration>();
        foreach (var function in FunctionCatalog.TimerFunctions)
        {
            var schedule = TimerScheduler.Schedule(function, configuration);
            Assert.NotNull(schedule.GetNextOccurrence(DateTime.UtcNow));
        }

        Assert.Equal(
            new DateTime(2026, 11, 24, 10, 5, 0, DateTimeKind.Utc),
            TimerScheduler.Schedule(FunctionCatalog.TimerFunctions.First(f => f.Name == "ReleaseExpiredReservations"), configuration)
                .GetNextOccurrence(new DateTime(2026, 11, 24, 10, 0, 1, DateTimeKind.Utc)));
    }

    [Theory]
    [InlineData("0 */10 * * * *", "0 */15 * * * *", "0 */10 * * * *")]
    [InlineData("0 */10 * * * *", null, "0 */10 * * * *")]
    [InlineData(null, "0 */15 * * * *", "0 */15 * * * *")]
    [InlineData(" ", "0 */15 * * * *", "0 */15 * * * *")]
    [InlineData(null, null, "0 */5 * * * *")]
    public void ScheduleFrom_FlatLegacyOrNeitherSet_FlatThenLegacyThenCatalogDefault(string? flat, string? legacy, string expected)
    {
        // As app settings arrive: environment variables, where "__" stands for ':'.
        var prefix = $"DISCOUNTS_TEST_{Guid.NewGuid():N}_";
        var variables = new Dictionary<string, string?> { ["ReleaseExpiredReservationsSchedule"] = flat, ["Timers__ReleaseExpiredReservations"] = legacy };
        foreach (var (name, value) in variables)
        {
            Environment.SetEnvironmentVariable(prefix + name, value);
        }

        var configuration = new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build();
        foreach (var name in variables.Keys)
        {
            Environment.SetEnvironmentVariable(prefix + name, null);
        }

        var timer = FunctionCatalog.TimerFunctions.First(f => f.Name == "ReleaseExpiredReservations");

        Assert.Equal(expected, timer.Timer!.ScheduleFrom(configuration));
        Assert.Equal(CronExpression.Parse(expected, CronFormat.IncludeSeconds), TimerScheduler.Schedule(timer, configuration));
    }
}
