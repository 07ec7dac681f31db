using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Discounts.Bench;
using ServiceProcess = Discounts.Bench.ServiceProcess;
using Discounts.Core.Database;
using Discounts.Core.Templates;
using Discounts.Functions.Auth;
using Discounts.Tests.Infrastructure;
using Npgsql;
using Stripe;
using Discounts.Core.Reservations;
using Discounts.Functions.Checkout;
using Discounts.Functions.Reservations;
using Discounts.Functions.Webhooks;

// Drives the standalone service over HTTP on loopback, against its own PostgreSQL and a Stripe-shaped server,
// then measures the database's own ceiling with pgbench on the same database; prints one table.
var options = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(x => x.a[2..], x => x.i + 1 < args.Length && !args[x.i + 1].StartsWith("--", StringComparison.Ordinal) ? args[x.i + 1] : "true");
var dbPort = int.Parse(options.GetValueOrDefault("db-port", "55434"), CultureInfo.InvariantCulture);
var database = options.GetValueOrDefault("db", "discounts_bench");
var appDll = options["app"];
var pgbench = options.GetValueOrDefault("pgbench", "pgbench");
var quick = options.ContainsKey("quick");
var seconds = quick ? 3 : 10;
var budget = quick ? 3_000 : 30_000;
// The service gets no pool size, so it runs with its own default (DbSetup.DefaultMaxPoolSize); the benchmark's
// own connections (setup, probes) are few.
var connectionString = $"Host=127.0.0.1;Port={dbPort};Username=postgres;Database={database}";
const string SigningKey = ServiceProcess.SigningKey;
const string WebhookSecret = ServiceProcess.WebhookSecret;

if (options.ContainsKey("print-apply-script"))
{
    // `--print-apply-script`: the pgbench script of the service's own apply SQL, to run by hand.
    Console.WriteLine(ServiceSql.ApplyScript("PGSQL", 1_000_000));
    return 0;
}

if (options.ContainsKey("topologies"))
{
    // `--topologies [--compare BASELINE_DLL]`: what the production topology costs — auto-prepare on a direct connection, off (the default),
    // and through PgBouncer in transaction mode — in one run, as ratios of the first.
    return await Topologies.RunAsync(appDll, connectionString, int.Parse(options["pgbouncer-port"], CultureInfo.InvariantCulture), seconds, budget,
        options.GetValueOrDefault("compare"));
}

if (options.ContainsKey("analytics"))
{
    await Migrator.MigrateAsync(connectionString, createDatabase: true);
    await AnalyticsPlans.RunAsync(connectionString, options["pg-log"]);
    return 0;
}

await using var stripe = await FakeStripeServer.StartAsync();
var port = LoopbackPort.Free();
using var service = StartService();
var baseUrl = $"http://127.0.0.1:{port}";
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
{
    BaseAddress = new Uri(baseUrl),
    Timeout = TimeSpan.FromSeconds(30),
};
await WaitForHealthAsync();
var postmasterPid = int.Parse(System.IO.File.ReadLines(Path.Combine(options["pg-data"], "postmaster.pid")).First(), CultureInfo.InvariantCulture);
var meter = new CpuMeter(service.Id, postmasterPid);

var auth = new AuthOptions { SigningKey = SigningKey };
string Token(string user, bool admin = false) => DevTokens.Create(auth, user, null, admin, DateTimeOffset.UtcNow, TimeSpan.FromHours(2));
await using var dataSource = DbSetup.CreateDataSource(connectionString);
var template = new Template { Id = Guid.CreateVersion7(), Slug = "bench-" + Guid.NewGuid().ToString("N")[..8], Title = "Bench", Price = 4900, Currency = "usd", Active = true, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
await using (var conn = await dataSource.OpenConnectionAsync())
{
    await TemplateRepository.UpsertAsync(conn, template);
    await conn.ExecuteAsync("CREATE TABLE IF NOT EXISTS bench_counter (id int PRIMARY KEY, taken bigint NOT NULL, max_uses bigint NOT NULL)");
    await conn.ExecuteAsync("INSERT INTO bench_counter VALUES (1, 0, 1000000000000) ON CONFLICT (id) DO UPDATE SET taken = 0");
}

var admin = Token("bench-admin", admin: true);
var hot = await CreateCodeAsync("HOT", 1_000_000);
var hundred = await CreateCodeAsync("FLASH", 100);
var naiveCode = await CreateCodeAsync("PGNAIVE", null);
var sqlCode = await CreateCodeAsync("PGSQL", 1_000_000);
var checkoutCode = await CreateCodeAsync("CHECKOUT", null);
// Two million slot rows were just written: measure the service, not autovacuum's first pass over them (a database in
// service has its statistics; without them the first scenario ran at a tenth of its speed while autovacuum ran).
await using (var conn = await dataSource.OpenConnectionAsync())
{
    await conn.ExecuteAsync("VACUUM ANALYZE", commandTimeout: 600);
}

var codesToGenerate = quick ? 100_000 : 1_000_000;
if (options.ContainsKey("million"))
{
    // `--million`: only the million codes, generated and exported (a minute or two).
    foreach (var (step, secondsTaken, idleMb, peakMb, detail) in await MillionCodesAsync())
    {
        Console.WriteLine($"| {step} | {secondsTaken:0.0} s | RSS idle {idleMb:0} MiB, peak {peakMb:0} MiB (+{peakMb - idleMb:0}) | {detail} |");
    }

    service.Kill(entireProcessTree: true);
    return 0;
}

var results = new List<LoadResult>();
await ApplyLoadAsync("warm-up", 16, 1_000, hot);
results.Add(await MeasuredAsync(() => ApplyLoadAsync("ApplyDiscount, hot code, 16 clients", 16, budget, hot)));
// `--trace <file>`: samples the service's thread stacks during this scenario (dotnet-trace, speedscope output;
// bench/profile-summary.py reads it).
using var trace = options.TryGetValue("trace", out var traceFile) ? StartTrace(traceFile) : null;
var (apply64, profile) = await DatabaseProbe.DuringAsync(dataSource, database,
    () => MeasuredAsync(() => ApplyLoadAsync("ApplyDiscount, hot code, 64 clients", 64, budget, hot)));
if (trace is not null)
{
    await trace.WaitForExitAsync();
}
results.Add(apply64);

var flashTokens = Enumerable.Range(0, 1000).Select(i => Token($"flash-{i}")).ToArray();
var flash = await MeasuredAsync(() => LoadGenerator.RunAsync("ApplyDiscount, 100 slots, 1000 clients", 1000, 1000, TimeSpan.FromSeconds(60),
    i => SendApplyAsync(flashTokens[i], hundred)));
results.Add(flash);
var (holds, oversold) = await SlotFactsAsync(hundred);

var validate = await MeasuredAsync(() => LoadGenerator.RunAsync("ValidateDiscount, 64 clients", 64, budget, TimeSpan.FromSeconds(seconds),
    async i =>
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/discount/validate?code={hot}&templateId={template.Id}");
        request.Headers.Add("X-Forwarded-For", LoopbackPort.ShopperAddress(i));
        using var response = await http.SendAsync(request);
        return (int)response.StatusCode;
    }));
results.Add(validate);

// Open loop: requests started on a fixed schedule at 25%, 50% and 75% of the capacity the closed loop just measured,
// each timed from when it was due (OpenLoop.cs), so latency is measured without coordinated omission.
var openLoop = new List<OpenLoopResult>();
var applyCapacity = Math.Max(results[0].Throughput, apply64.Throughput);
foreach (var share in new[] { 0.25, 0.5, 0.75 })
{
    var rate = applyCapacity * share;
    var tokens = Enumerable.Range(0, (int)(rate * seconds) + 1).Select(i => Token($"open-{share}-{i}")).ToArray();
    openLoop.Add(await OpenLoop.RunAsync("ApplyDiscount, hot code", rate, share, TimeSpan.FromSeconds(seconds), i => SendApplyAsync(tokens[i], hot)));
}

foreach (var share in new[] { 0.25, 0.5, 0.75 })
{
    var round = (int)(share * 4);
    openLoop.Add(await OpenLoop.RunAsync("ValidateDiscount", validate.Throughput * share, share, TimeSpan.FromSeconds(seconds), async i =>
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/discount/validate?code={hot}&templateId={template.Id}");
        request.Headers.Add("X-Forwarded-For", LoopbackPort.ShopperAddress((round * 1_000_000) + i));
        using var response = await http.SendAsync(request);
        return (int)response.StatusCode;
    }));
}

// Checkout: holds made first (not measured), then one checkout each; then the payment webhook for each session.
var checkoutUsers = quick ? 300 : 1000;
var reservations = new string[checkoutUsers];
var checkoutTokens = Enumerable.Range(0, checkoutUsers).Select(i => Token($"checkout-{i}")).ToArray();
await LoadGenerator.RunAsync("holds for checkout", 16, checkoutUsers, TimeSpan.FromMinutes(2), async i =>
{
    using var request = Post("/api/discount/apply", checkoutTokens[i], new { code = checkoutCode, templateId = template.Id });
    using var response = await http.SendAsync(request);
    reservations[i] = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["reservationId"]!;
    return (int)response.StatusCode;
});
var sessions = new string[checkoutUsers];
results.Add(await MeasuredAsync(() => LoadGenerator.RunAsync("CreateCheckout, 16 clients", 16, checkoutUsers, TimeSpan.FromMinutes(2), async i =>
{
    using var request = Post("/api/checkout", checkoutTokens[i], new { templateId = template.Id, reservationId = reservations[i] });
    using var response = await http.SendAsync(request);
    if (response.StatusCode == HttpStatusCode.Created)
    {
        sessions[i] = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["sessionId"]!;
    }

    return (int)response.StatusCode;
})));
var events = sessions.Select(s =>
{
    var payload = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["id"] = "evt_" + Guid.NewGuid().ToString("N"), ["object"] = "event", ["api_version"] = "2020-08-27",
        ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["type"] = "checkout.session.completed",
        ["data"] = new Dictionary<string, object?> { ["object"] = stripe.Complete(s) },
    });
    return (payload, EventUtility.GenerateSignatureHeader(payload, WebhookSecret, DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
}).ToArray();
results.Add(await MeasuredAsync(() => LoadGenerator.RunAsync("StripeWebhook, 16 clients", 16, checkoutUsers, TimeSpan.FromMinutes(2), async i =>
{
    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/stripe") { Content = new StringContent(events[i].payload, Encoding.UTF8, "application/json") };
    request.Headers.Add("Stripe-Signature", events[i].Item2);
    using var response = await http.SendAsync(request);
    return (int)response.StatusCode;
})));

var million = await MillionCodesAsync();

var rssMb = RssSampler.Read(service.Id, "VmHWM:");
service.Kill(entireProcessTree: true);
await service.WaitForExitAsync();

// The database's own ceiling, on the same database, at the same client counts.
var naiveScript = """
    \set n random(1, 2000000000)
    BEGIN;
    SELECT taken FROM bench_counter WHERE id = 1 FOR UPDATE;
    UPDATE bench_counter SET taken = taken + 1 WHERE id = 1 AND taken < max_uses;
    INSERT INTO discount_usage (id, code_id, code, user_id, template_id, kind, percent_bps, original_amount, discount_amount, final_amount, currency, status, reserved_at, expires_at, updated_at)
        VALUES (gen_random_uuid(), :code_id, 'PGNAIVE', 'naive-' || :n || '-' || :client_id, :template_id, 'percent', 1000, 4900, 490, 4410, 'usd', 'reserved', now(), now() + interval '15 minutes', now());
    INSERT INTO discount_audit_log (at, actor, action, code_id, after) VALUES (now(), 'bench', 'usage.reserved', :code_id, '{}');
    END;
    """;
var serviceScript = ServiceSql.ApplyScript("PGSQL", 1_000_000);
var ceiling = new Dictionary<(string, int), double>();
var ceilingCpu = new Dictionary<(string, int), double>(); // PostgreSQL CPU ms per transaction
foreach (var clients in new[] { 16, 64 })
{
    // The service's SQL twice: prepared (the database at its best) and unprepared, as the service sends it (it keeps no
    // prepared statements: PgBouncer in transaction mode).
    foreach (var (kind, script, code, mode) in new[] { ("naive", naiveScript, naiveCode, "prepared"), ("service", serviceScript, sqlCode, "prepared"), ("service-unprepared", serviceScript, sqlCode, "extended") })
    {
        var variables = new Dictionary<string, string> { ["code_id"] = await CodeIdAsync(code), ["template_id"] = template.Id.ToString() };
        var before = meter.Take();
        ceiling[(kind, clients)] = await PgBench.RunAsync(pgbench, "127.0.0.1", dbPort, database, script, mode, clients, seconds, variables);
        ceilingCpu[(kind, clients)] = (meter.Take() - before).Postgres * 1000 / (ceiling[(kind, clients)] * seconds);
    }
}

PrintTable();
return oversold == 0 && holds == 100 ? 0 : 1;

async Task<List<(string Step, double Seconds, double IdleMb, double PeakMb, string Detail)>> MillionCodesAsync()
{
    // A million codes (issue 15): generated through the API (202, then polled until done) and exported as CSV, each
    // timed, with the service's resident memory sampled throughout (idle before, peak during each).
    var million = new List<(string Step, double Seconds, double IdleMb, double PeakMb, string Detail)>();
    using (var rss = new RssSampler(service.Id))
    {
        var idle = rss.Now();
        rss.TakePeak();
        var watch = Stopwatch.StartNew();
        using var generate = Post("/api/manage/discounts/generate", admin, new { count = codesToGenerate, prefix = "M-", terms = new { kind = "percent", percentOff = 10, campaign = "bench-million" } });
        using var accepted = await http.SendAsync(generate);
        var location = accepted.Headers.Location?.ToString() ?? throw new InvalidOperationException($"generate: {(int)accepted.StatusCode} {await accepted.Content.ReadAsStringAsync()}");
        JsonObject generation;
        do
        {
            await Task.Delay(250);
            using var poll = new HttpRequestMessage(HttpMethod.Get, location);
            poll.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
            using var answer = await http.SendAsync(poll);
            generation = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
        }
        while ((string?)generation["status"] is "queued" or "running");

        million.Add(("GenerateDiscountCodes, 202 then polled until done", watch.Elapsed.TotalSeconds, idle, rss.TakePeak(),
            $"{generation["status"]}, {generation["generated"]} codes, {(int)generation["generated"]! / watch.Elapsed.TotalSeconds:0} codes/s"));

        watch.Restart();
        using var export = new HttpRequestMessage(HttpMethod.Get, (string)generation["codesUrl"]!);
        export.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        using var csv = await http.SendAsync(export, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await csv.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        long bytes = 0, lines = 0;
        for (int read; (read = await body.ReadAsync(buffer)) > 0;)
        {
            bytes += read;
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }

        million.Add(("ExportData ?type=codes&generationId=, streamed", watch.Elapsed.TotalSeconds, idle, rss.TakePeak(),
            $"{(int)csv.StatusCode}, {lines - 1} rows, {bytes / 1024.0 / 1024:0} MiB, {(lines - 1) / watch.Elapsed.TotalSeconds:0} rows/s"));
    }

    return million;
}

Process StartService() => ServiceProcess.Start(appDll, port, connectionString, stripe.Url,
    // e.g. --service-setting RateLimits__Apply=0 to measure what a feature costs
    options.GetValueOrDefault("service-setting", "").Split(',', StringSplitOptions.RemoveEmptyEntries)
        .Select(s => new KeyValuePair<string, string>(s[..s.IndexOf('=', StringComparison.Ordinal)], s[(s.IndexOf('=', StringComparison.Ordinal) + 1)..])));

Process StartTrace(string file)
{
    var start = new ProcessStartInfo("dotnet-trace") { RedirectStandardOutput = true };
    foreach (var arg in new[] { "collect", "-p", service.Id.ToString(CultureInfo.InvariantCulture), "--profile", "dotnet-sampled-thread-time",
                 "--duration", $"00:00:00:{Math.Min(seconds, 8):00}", "--format", "Speedscope", "-o", file })
    {
        start.ArgumentList.Add(arg);
    }

    var process = Process.Start(start)!;
    process.OutputDataReceived += (_, _) => { };
    process.BeginOutputReadLine();
    Thread.Sleep(1000); // the session is up before the load starts
    return process;
}

async Task<LoadResult> MeasuredAsync(Func<Task<LoadResult>> scenario)
{
    var before = meter.Take();
    var result = await scenario();
    return result with { Cpu = meter.Take() - before };
}

Task WaitForHealthAsync() => ServiceProcess.WaitForHealthAsync(service, http);

async Task<string> CreateCodeAsync(string prefix, int? maxUses)
{
    var code = prefix + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
    if (prefix is "PGSQL")
    {
        code = "PGSQL";
    }

    using var request = Post("/api/manage/discounts", admin, new { code, kind = "percent", percentOff = 10, maxUses, maxUsesPerUser = 1 });
    using var response = await http.SendAsync(request);
    if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.Conflict))
    {
        throw new InvalidOperationException($"create {code}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    return code;
}

async Task<string> CodeIdAsync(string code)
{
    await using var conn = await dataSource.OpenConnectionAsync();
    return (await conn.ExecuteScalarAsync<Guid>("SELECT id FROM discount_code WHERE code = @code", new { code })).ToString();
}

async Task<LoadResult> ApplyLoadAsync(string name, int clients, int requests, string code)
{
    var tag = name.GetHashCode(StringComparison.Ordinal).ToString("x8", CultureInfo.InvariantCulture);
    var tokens = Enumerable.Range(0, requests).Select(i => Token($"{tag}-{i}")).ToArray();
    return await LoadGenerator.RunAsync(name, clients, requests, TimeSpan.FromSeconds(seconds), i => SendApplyAsync(tokens[i], code));
}

async Task<int> SendApplyAsync(string token, string code)
{
    using var request = Post("/api/discount/apply", token, new { code, templateId = template.Id });
    using var response = await http.SendAsync(request);
    return (int)response.StatusCode;
}

HttpRequestMessage Post(string path, string token, object body)
{
    var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    request.Headers.Add("X-Forwarded-For", LoopbackPort.ShopperAddress(token.GetHashCode(StringComparison.Ordinal)));
    return request;
}

async Task<(long Holds, long Oversold)> SlotFactsAsync(string code)
{
    await using var conn = await dataSource.OpenConnectionAsync();
    const string sql = """
        SELECT (SELECT count(*) FROM discount_usage u WHERE u.code_id = c.id AND usage_holds_slot(u.status, c.refund_releases_slot)),
               c.max_uses
        FROM discount_code c WHERE c.code = @code
        """;
    var (held, max) = await conn.QuerySingleAsync<(long, int)>(sql, new { code });
    return (held, Math.Max(0, held - max));
}

void PrintTable()
{
    static string F(double v) => double.IsNaN(v) ? "-" : v.ToString(v >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture);
    Console.WriteLine();
    Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; {(quick ? "quick run" : $"{seconds} s per scenario")}");
    Console.WriteLine();
    Console.WriteLine("| scenario | requests | req/s | p50 ms | p99 ms | answers | errors | CPU ms/request: service / PostgreSQL / load generator | cores busy |");
    Console.WriteLine("|---|---:|---:|---:|---:|---|---:|---|---:|");
    foreach (var r in results)
    {
        var answers = string.Join(" ", r.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}:{s.Value}"));
        var cpu = $"{F(r.CpuMsPerRequest(c => c.Service))} / {F(r.CpuMsPerRequest(c => c.Postgres))} / {F(r.CpuMsPerRequest(c => c.LoadGenerator))}";
        var busy = r.Cpu is { MachineTotal: > 0 } c ? F(Environment.ProcessorCount * c.MachineBusy / c.MachineTotal) : "-";
        Console.WriteLine($"| {r.Name} | {r.Requests} | {F(r.Throughput)} | {F(r.Percentile(50))} | {F(r.Percentile(99))} | {answers} | {r.Errors} | {cpu} | {busy} |");
    }

    Console.WriteLine();
    Console.WriteLine("Open loop: requests started on schedule at a share of the capacity measured above (latency from when each was due)");
    Console.WriteLine();
    Console.WriteLine("| scenario | share of capacity | rate req/s | requests | p50 ms | p99 ms | p99.9 ms | max ms | answers |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
    foreach (var r in openLoop)
    {
        var answers = string.Join(" ", r.Statuses.Select(s => $"{s.Key}:{s.Value}"));
        Console.WriteLine($"| {r.Name} | {F(r.ShareOfCapacity * 100)}% | {F(r.Rate)} | {r.Requests} | {F(r.Percentile(50))} | {F(r.Percentile(99))} | {F(r.Percentile(99.9))} | {F(r.Percentile(100))} | {answers} |");
    }

    Console.WriteLine();
    Console.WriteLine("PostgreSQL during \"ApplyDiscount, hot code, 64 clients\": the benchmark database's client backends, sampled every 20 ms");
    Console.WriteLine();
    Console.WriteLine("| backend state | share of samples |");
    Console.WriteLine("|---|---:|");
    foreach (var (state, share) in profile.BackendStates)
    {
        Console.WriteLine($"| {state} | {F(share * 100)}% |");
    }

    if (profile.Statements.Count > 0)
    {
        Console.WriteLine();
        Console.WriteLine("| statement (pg_stat_statements, same scenario) | calls per request | mean ms | share of execution time |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var st in profile.Statements)
        {
            Console.WriteLine($"| `{st.Query.Replace("|", "\\|", StringComparison.Ordinal)}` | {F((double)st.Calls / Math.Max(1, apply64.Requests))} | {st.MeanMs.ToString("0.000", CultureInfo.InvariantCulture)} | {F(st.Share * 100)}% |");
        }
    }

    Console.WriteLine();
    Console.WriteLine($"Flash sale: 100 slots, 1000 clients -> holds {holds}, oversold {oversold}.");
    Console.WriteLine();
    Console.WriteLine("| database ceiling (pgbench, same database) | 16 clients tps | 64 clients tps | PostgreSQL CPU ms/transaction (16 / 64) |");
    Console.WriteLine("|---|---:|---:|---:|");
    Console.WriteLine($"| (a) naive: lock one counter row, insert usage + audit | {F(ceiling[("naive", 16)])} | {F(ceiling[("naive", 64)])} | {F(ceilingCpu[("naive", 16)])} / {F(ceilingCpu[("naive", 64)])} |");
    Console.WriteLine($"| (b) the service's apply SQL (ServiceSql: the read with the rate-limit hit, then the hold), prepared | {F(ceiling[("service", 16)])} | {F(ceiling[("service", 64)])} | {F(ceilingCpu[("service", 16)])} / {F(ceilingCpu[("service", 64)])} |");
    Console.WriteLine($"| (b') the same, unprepared, as the service sends it | {F(ceiling[("service-unprepared", 16)])} | {F(ceiling[("service-unprepared", 64)])} | {F(ceilingCpu[("service-unprepared", 16)])} / {F(ceilingCpu[("service-unprepared", 64)])} |");
    Console.WriteLine();
    var apply16 = results.First(r => r.Name.Contains("16 clients", StringComparison.Ordinal) && r.Name.StartsWith("ApplyDiscount", StringComparison.Ordinal));
    Console.WriteLine("| HTTP ApplyDiscount throughput as a ratio of | 16 clients | 64 clients |");
    Console.WriteLine("|---|---:|---:|");
    Console.WriteLine($"| (a) naive counter transaction | {F(apply16.Throughput / ceiling[("naive", 16)])}x | {F(apply64.Throughput / ceiling[("naive", 64)])}x |");
    Console.WriteLine($"| (b) the service's own SQL, prepared | {F(apply16.Throughput / ceiling[("service", 16)])}x | {F(apply64.Throughput / ceiling[("service", 64)])}x |");
    Console.WriteLine($"| (b') the service's own SQL, unprepared | {F(apply16.Throughput / ceiling[("service-unprepared", 16)])}x | {F(apply64.Throughput / ceiling[("service-unprepared", 64)])}x |");
    Console.WriteLine();
    Console.WriteLine($"{codesToGenerate:N0} codes: the service process's resident memory idle before the step and its peak during it");
    Console.WriteLine();
    Console.WriteLine("| step | seconds | RSS idle MiB | RSS peak MiB | peak - idle MiB | result |");
    Console.WriteLine("|---|---:|---:|---:|---:|---|");
    foreach (var (step, secondsTaken, idleMb, peakMb, detail) in million)
    {
        Console.WriteLine($"| {step} | {F(secondsTaken)} | {F(idleMb)} | {F(peakMb)} | {F(peakMb - idleMb)} | {detail} |");
    }

    Console.WriteLine();
    Console.WriteLine($"Peak memory (RSS) of the service process: {F(rssMb)} MiB");
}
