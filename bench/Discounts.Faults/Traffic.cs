using Npgsql;
using Discounts.Functions.Reconciliation;
using Discounts.Functions.Reservations;

namespace Discounts.Faults;

/// <summary>
/// The mixed traffic of one phase: the virtual users, the Functions host's timers (the release job often, the
/// reconciliation now and then), Stripe's retries of unanswered webhooks, an admin adding codes, and a
/// sampler that reads the oversold count straight from PostgreSQL while it all runs.
/// </summary>
public sealed class Traffic(FaultOptions options, Storefront shop, CodePool codes, StripeActor stripe, WebhookSender webhooks, LatePayer latePayer) : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly List<Task> loops = [];
    private int maxOversold;

    /// <summary>The most slots over a code's limit seen by the sampler (zero when none).</summary>
    public int MaxOversoldSeen => Volatile.Read(ref maxOversold);

    public void Start()
    {
        var ct = stop.Token;
        for (var i = 0; i < options.Users; i++)
        {
            var user = new VirtualUser(i, shop, codes, stripe, webhooks, latePayer, options.ReservationTtl);
            loops.Add(Task.Run(() => user.RunAsync(ct), CancellationToken.None));
        }

        // The token stops the loops; requests already sent run to their answer (or their own timeout).
        var none = CancellationToken.None;
        loops.Add(Task.Run(() => webhooks.RetryLoopAsync(ct), none));
        loops.Add(Task.Run(() => EveryAsync(TimeSpan.FromSeconds(1.5), () => shop.TimerAsync("ReleaseExpiredReservations", none), ct), none));
        loops.Add(Task.Run(() => EveryAsync(TimeSpan.FromSeconds(options.Quick ? 4 : 7), () => shop.TimerAsync("ReconcileUsageCounts", none), ct), none));
        loops.Add(Task.Run(() => EveryAsync(TimeSpan.FromSeconds(1), () => codes.TopUpAsync(4, none), ct), none));
        loops.Add(Task.Run(() => EveryAsync(TimeSpan.FromSeconds(1), SampleAsync, ct), none));
        loops.Add(Task.Run(() => EveryAsync(TimeSpan.FromSeconds(0.2), latePayer.PayDueAsync, ct), none));
    }

    public async Task StopAsync()
    {
        if (!stop.IsCancellationRequested)
        {
            await stop.CancelAsync();
        }

        await Task.WhenAll(loops);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        stop.Dispose();
    }

    private async Task SampleAsync()
    {
        try
        {
            await using var conn = new NpgsqlConnection(options.DirectConnectionString(options.Database));
            await conn.OpenAsync(stop.Token);
            var oversold = await InvariantChecker.OversoldSlotsAsync(conn);
            InterlockedMax(ref maxOversold, oversold);
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            // The database is down for the fault: nothing to sample.
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private static async Task EveryAsync(TimeSpan period, Func<Task> work, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var started = SuiteClock.Now;
            await work();
            var wait = period - TimeSpan.FromSeconds(SuiteClock.Now - started);
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
