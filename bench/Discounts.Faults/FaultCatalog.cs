using Discounts.Tests.Infrastructure;

namespace Discounts.Faults;

/// <summary>The faults of the suite, in the order they run; each is undone before the next.</summary>
public static class FaultCatalog
{
    public static IReadOnlyList<Fault> Create(FaultOptions options, PhaseTiming timing, PostgresCluster postgres, PgBouncerPool pgbouncer,
        ServiceProcess service, FakeStripeServer stripe)
    {
        var outage = TimeSpan.FromSeconds(timing.OutageSeconds);
        var slow = TimeSpan.FromSeconds(options.Quick ? 8 : 10);
        // Slow for longer than the service's Stripe budget (5 s by default), so checkouts run out of it.
        var slowFor = TimeSpan.FromSeconds(options.Quick ? Math.Max(timing.OutageSeconds, 6) : Math.Max(timing.OutageSeconds, 10));
        return
        [
            new Fault("pg-restart", "pg_ctl restart -m fast", postgres.RestartFastAsync, TimeSpan.Zero, () => Task.CompletedTask),
            new Fault("pg-kill", "kill -9 postmaster, pg.sh start", () => { postgres.KillPostmaster(); return Task.CompletedTask; }, outage, postgres.StartAsync),
            new Fault("service-kill", "kill -9 service, start again", service.KillAsync, outage, service.StartAsync),
            new Fault("pgbouncer-restart", "PgBouncer stop + start", pgbouncer.StopAsync, TimeSpan.FromSeconds(Math.Min(2, timing.OutageSeconds)), pgbouncer.StartAsync)
            {
                Note = () => $"PgBouncer's stop (SIGINT, safe shutdown) took {pgbouncer.LastStopSeconds:0.0} s until the old process had exited",
                Skipped = options.Direct ? "--direct: no PgBouncer" : null,
            },
            new Fault("stripe-500", "Stripe answers 500", () => { stripe.Down = true; return Task.CompletedTask; }, outage, () => { stripe.Down = false; return Task.CompletedTask; }),
            new Fault("stripe-slow", $"Stripe answers after {slow.TotalSeconds:0} s", () => { stripe.Delay = slow; return Task.CompletedTask; }, slowFor,
                () => { stripe.Delay = TimeSpan.Zero; return Task.CompletedTask; }),
            new Fault("db-refuse", "database refuses connections", postgres.RefuseConnectionsAsync, outage, postgres.AllowConnectionsAsync),
        ];
    }
}
