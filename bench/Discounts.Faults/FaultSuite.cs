using System.Globalization;
using Discounts.Core.Database;
using Discounts.Core.Templates;
using Discounts.Functions.Auth;
using Discounts.Tests.Infrastructure;
using Npgsql;

namespace Discounts.Faults;

/// <summary>
/// Sets up the run (a fresh database, the Stripe-shaped server, the service as a child process, a template and
/// limited codes), runs a baseline phase and then one phase per fault, and prints the table.
/// </summary>
public static class FaultSuite
{
    private const string SigningKey = "fault-suite-signing-key-0123456789-abcdefghij";
    private const string WebhookSecret = "whsec_faults";

    public static async Task<int> RunAsync(FaultOptions options)
    {
        if (options.CheckOnly)
        {
            return await CheckOnlyAsync(options);
        }

        Directory.CreateDirectory(options.LogDir);
        var shell = new Shell(Path.Combine(options.LogDir, "commands.log"));
        var postgres = new PostgresCluster(options, shell);
        var pgbouncer = new PgBouncerPool(options, shell);
        var timing = PhaseTiming.For(options.Quick);
        await postgres.RecreateDatabaseAsync();

        await using var stripe = await FakeStripeServer.StartAsync();
        var port = LoopbackPort.Free();
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["ConnectionStrings__Discounts"] = options.ServiceConnectionString,
            ["ConnectionStrings__DiscountsMigrations"] = options.MigrationsConnectionString,
            ["Auth__SigningKey"] = SigningKey,
            ["Stripe__SecretKey"] = "sk_test_faults",
            ["Stripe__WebhookSecret"] = WebhookSecret,
            ["Stripe__ApiBase"] = stripe.Url,
            ["Checkout__SuccessUrl"] = "https://shop.test/success?purchase={PURCHASE_ID}",
            ["Checkout__CancelUrl"] = "https://shop.test/cancel?purchase={PURCHASE_ID}",
            ["Timers__Enabled"] = "false",
            ["RateLimits__Validate"] = "0",
            ["RateLimits__Apply"] = "0",
            ["RateLimits__FailedAttempts"] = "0",
            ["Reservations__Ttl"] = options.ReservationTtl.ToString("c", CultureInfo.InvariantCulture),
            ["Network__TrustedProxies"] = "127.0.0.1", // the suite is the front end: it names each shopper in X-Forwarded-For
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in options.ServiceSettings)
        {
            settings[key] = value;
        }

        using var service = new ServiceProcess(options, settings, Path.Combine(options.LogDir, "service.log"));
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 512,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var log = new RequestLog();
        var client = new ServiceClient(http, log);
        var template = new Template
        {
            Id = Guid.CreateVersion7(), Slug = "faults-" + Guid.NewGuid().ToString("N")[..8], Title = "Fault suite template",
            Price = 4900, Currency = "usd", Active = true, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        };
        var shop = new Storefront(client, new AuthOptions { SigningKey = SigningKey }, template.Id);

        Console.WriteLine($"Fault suite: service on port {port}, {(options.Direct ? "direct to PostgreSQL" : "through PgBouncer")}, logs in {options.LogDir}");
        service.Start();
        if (!await WaitHealthyAsync(shop, service))
        {
            Console.Error.WriteLine($"The service did not become healthy; see {options.LogDir}/service.log");
            return 1;
        }

        DbSetup.ConfigureDapper();
        await using (var conn = new NpgsqlConnection(options.DirectConnectionString(options.Database)))
        {
            await conn.OpenAsync();
            await TemplateRepository.UpsertAsync(conn, template);
        }

        var codes = new CodePool(shop);
        if (!await codes.TopUpAsync(options.Quick ? 6 : 8, CancellationToken.None) || codes.Count == 0)
        {
            Console.Error.WriteLine("The service refused to create the limited codes.");
            return 1;
        }

        var ledger = new PaymentLedger();
        var stripeActor = new StripeActor(stripe);
        var webhooks = new WebhookSender(client, ledger, WebhookSecret);
        var runner = new PhaseRunner(options, timing, shop, codes, stripeActor, webhooks, ledger, new LatePayer(stripeActor, webhooks), service);
        var baseline = new Fault("baseline", "none (baseline)", () => Task.CompletedTask, TimeSpan.FromSeconds(timing.OutageSeconds), () => Task.CompletedTask);
        var faults = FaultCatalog.Create(options, timing, postgres, pgbouncer, service, stripe)
            .Where(f => options.Only.Count == 0 || options.Only.Contains(f.Key));
        var results = new List<PhaseResult>();
        var phase = 0;
        foreach (var fault in faults.Prepend(baseline))
        {
            // A service that fails without any fault gives every fault phase the same answer, each after the full
            // recovery cap: those phases are listed as not run instead.
            var skipped = fault.Skipped ?? (results.Count > 0 && results[0].RecoverySeconds is null ? "requests fail without any fault (baseline)" : null);
            if (skipped is not null)
            {
                results.Add(new PhaseResult(fault.Name) { Skipped = skipped });
                continue;
            }

            Console.WriteLine($"[{SuiteClock.Now,6:0.0} s] phase {++phase}: {fault.Name}");
            var result = await runner.RunAsync(fault, phase);
            results.Add(result);
            Console.WriteLine($"[{SuiteClock.Now,6:0.0} s] phase {phase}: {result.Requests} requests, {(result.Failed ? "FAILED" : "ok")}");
        }

        var table = ResultTable.Render(results, options);
        Console.WriteLine();
        Console.Write(table);
        await File.WriteAllTextAsync(Path.Combine(options.LogDir, "faults-table.md"), table);
        await log.WriteCsvAsync(Path.Combine(options.LogDir, "requests.csv"));
        if (results.Any(r => r.Other5xxCount > 0) && !service.ErrorSamples.IsEmpty)
        {
            Console.WriteLine();
            Console.WriteLine("First error lines of the service:");
            foreach (var line in service.ErrorSamples.Take(5))
            {
                Console.WriteLine(line);
            }
        }

        return results.Any(r => r.Failed) ? 1 : 0;
    }

    /// <summary>The checks alone, on the database as it is; holds are overdue ten minutes after expires_at.</summary>
    private static async Task<int> CheckOnlyAsync(FaultOptions options)
    {
        await using var conn = new NpgsqlConnection(options.DirectConnectionString(options.Database));
        await conn.OpenAsync();
        var report = await InvariantChecker.CheckAsync(conn, [], [], 0, 0, DateTime.UtcNow.AddMinutes(-10));
        foreach (var finding in report.Findings)
        {
            Console.WriteLine($"- {finding}");
        }

        Console.WriteLine($"oversold slots {report.OversoldSlots}, half-written rows {report.HalfWrittenRows}");
        return report.Findings.Count == 0 ? 0 : 1;
    }

    private static async Task<bool> WaitHealthyAsync(Storefront shop, ServiceProcess service)
    {
        var deadline = SuiteClock.Now + 120;
        while (SuiteClock.Now < deadline && service.Running)
        {
            if ((await shop.HealthAsync(CancellationToken.None)).Ok)
            {
                return true;
            }

            await Task.Delay(250);
        }

        return false;
    }
}
