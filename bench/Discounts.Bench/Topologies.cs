using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Discounts.Core.Database;
using Discounts.Core.Templates;
using Discounts.Functions.Auth;
using Discounts.Tests.Infrastructure;
using Npgsql;

namespace Discounts.Bench;

/// <summary>
/// The same service, the same database, three ways to reach it: direct with Npgsql's auto-prepare on (what the
/// service did before it had to run behind PgBouncer), direct with it off (the default now), and through PgBouncer
/// in transaction mode (production's topology). With a baseline build (<c>--compare DLL</c>): that build and this one,
/// direct, and this one through PgBouncer. Hot-code applies and validations at fixed client counts, one table.
/// </summary>
public static class Topologies
{
    public static async Task<int> RunAsync(string appDll, string directConnectionString, int pgBouncerPort, int seconds, int budget, string? baselineDll = null)
    {
        var pooled = new NpgsqlConnectionStringBuilder(directConnectionString) { Port = pgBouncerPort }.ConnectionString;
        var variants = baselineDll is null
            ? new (string Name, string AppDll, string ConnectionString)[]
            {
                ("direct, auto-prepare on (Max Auto Prepare=128)", appDll, directConnectionString + ";Max Auto Prepare=128;Auto Prepare Min Usages=2"),
                ("direct, auto-prepare off (default)", appDll, directConnectionString),
                ("PgBouncer 1.18, transaction mode", appDll, pooled),
            }
            :
            [
                ("baseline build, direct", baselineDll, directConnectionString),
                ("this build, direct", appDll, directConnectionString),
                ("this build, PgBouncer 1.18, transaction mode", appDll, pooled),
            ];
        await Migrator.MigrateAsync(directConnectionString, createDatabase: true);
        await using var stripe = await FakeStripeServer.StartAsync();
        // Two rounds, the second in reverse order, so a drift of the shared machine's load shows instead of
        // passing for a difference between the variants; ratios are to the first variant of the same round.
        var rows = new List<(int Round, string Variant, LoadResult Apply, LoadResult Validate)>();
        foreach (var (round, order) in new[] { (1, variants), (2, variants.Reverse().ToArray()) })
        {
            foreach (var (name, dll, connectionString) in order)
            {
                var (_, apply, validate) = await MeasureAsync(dll, name, connectionString, stripe.Url, directConnectionString, seconds, budget);
                rows.Add((round, name, apply, validate));
            }
        }

        static string F(double v) => v.ToString(v >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture);
        Console.WriteLine();
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; {seconds} s per scenario");
        Console.WriteLine();
        Console.WriteLine($"| round | build and how it reaches PostgreSQL | apply req/s (16 clients) | apply p99 ms | validate req/s (64 clients) | validate p99 ms | apply / {variants[0].Name} | validate / {variants[0].Name} | answers |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var (round, variant, apply, validate) in rows)
        {
            var baseline = rows.Single(r => r.Round == round && r.Variant == variants[0].Name);
            var answers = string.Join(" ", apply.Statuses.Concat(validate.Statuses).GroupBy(s => s.Key).OrderBy(g => g.Key).Select(g => $"{g.Key}:{g.Sum(s => s.Value)}"));
            Console.WriteLine($"| {round} | {variant} | {F(apply.Throughput)} | {F(apply.Percentile(99))} | {F(validate.Throughput)} | {F(validate.Percentile(99))} | " +
                $"{F(apply.Throughput / baseline.Apply.Throughput)}x | {F(validate.Throughput / baseline.Validate.Throughput)}x | {answers} |");
        }

        return rows.All(r => r.Apply.Statuses.Keys.All(k => k == 201) && r.Validate.Statuses.Keys.All(k => k == 200)) ? 0 : 1;
    }

    private static async Task<(string, LoadResult, LoadResult)> MeasureAsync(string appDll, string name, string connectionString, string stripeUrl, string direct, int seconds, int budget)
    {
        var port = LoopbackPort.Free();
        using var service = ServiceProcess.Start(appDll, port, connectionString, stripeUrl, []);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue }) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            await ServiceProcess.WaitForHealthAsync(service, http);
            var auth = new AuthOptions { SigningKey = ServiceProcess.SigningKey };
            var tag = Guid.NewGuid().ToString("N")[..8];
            var template = new Template { Id = Guid.CreateVersion7(), Slug = "topology-" + tag, Title = "Bench", Price = 4900, Currency = "usd", Active = true, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
            await using (var dataSource = DbSetup.CreateDataSource(direct))
            await using (var conn = await dataSource.OpenConnectionAsync())
            {
                await TemplateRepository.UpsertAsync(conn, template);
            }

            var code = "TOPO" + tag.ToUpperInvariant();
            using (var create = new HttpRequestMessage(HttpMethod.Post, "/api/manage/discounts") { Content = JsonContent.Create(new { code, kind = "percent", percentOff = 10, maxUses = 1_000_000 }) })
            {
                create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DevTokens.Create(auth, "bench-admin", null, true, DateTimeOffset.UtcNow));
                (await http.SendAsync(create)).EnsureSuccessStatusCode();
            }

            // The code's million slot rows were just written: statistics first, as a database in service has them.
            await using (var dataSource = DbSetup.CreateDataSource(direct))
            await using (var conn = await dataSource.OpenConnectionAsync())
            await using (var analyze = new NpgsqlCommand("VACUUM ANALYZE discount_slot", conn) { CommandTimeout = 600 })
            {
                await analyze.ExecuteNonQueryAsync();
            }

            var tokens = Enumerable.Range(0, budget + 1000).Select(i => DevTokens.Create(auth, $"{tag}-{i}", null, false, DateTimeOffset.UtcNow, TimeSpan.FromHours(2))).ToArray();
            async Task<int> ApplyAsync(int i)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/discount/apply") { Content = JsonContent.Create(new { code, templateId = template.Id }) };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[i]);
                request.Headers.Add("X-Forwarded-For", LoopbackPort.ShopperAddress(i));
                using var response = await http.SendAsync(request);
                return (int)response.StatusCode;
            }

            await LoadGenerator.RunAsync("warm-up", 16, 1000, TimeSpan.FromSeconds(seconds), i => ApplyAsync(budget + i));
            var apply = await LoadGenerator.RunAsync("apply", 16, budget, TimeSpan.FromSeconds(seconds), ApplyAsync);
            var validate = await LoadGenerator.RunAsync("validate", 64, budget, TimeSpan.FromSeconds(seconds), async i =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/discount/validate?code={code}&templateId={template.Id}");
                request.Headers.Add("X-Forwarded-For", LoopbackPort.ShopperAddress(i));
                using var response = await http.SendAsync(request);
                return (int)response.StatusCode;
            });
            return (name, apply, validate);
        }
        finally
        {
            service.Kill(entireProcessTree: true);
            await service.WaitForExitAsync();
        }
    }
}
