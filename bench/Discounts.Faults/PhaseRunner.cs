using Npgsql;
using Discounts.Functions.Http;
using Discounts.Functions.Reservations;

namespace Discounts.Faults;

/// <summary>
/// One phase: traffic warms up, the fault is injected and held while traffic keeps running, it is repaired,
/// the suite waits until requests succeed again, stops the traffic, drains (Stripe's retries of unanswered
/// webhooks, the release job, the expired events of sessions the service expired), and checks the database.
/// </summary>
public sealed class PhaseRunner(FaultOptions options, PhaseTiming timing, Storefront shop, CodePool codes, StripeActor stripe,
    WebhookSender webhooks, PaymentLedger ledger, LatePayer latePayer, ServiceProcess service)
{
    public async Task<PhaseResult> RunAsync(Fault fault, int phase)
    {
        var log = shop.Client.Log;
        log.Phase = phase;
        ledger.Phase = phase;
        var auditMark = await WithDatabaseAsync(InvariantChecker.AuditMarkAsync);
        var errorLinesBefore = service.ErrorLines;
        var refusedBefore = webhooks.Refused.Count;
        var problems = new List<string>();

        await using var traffic = new Traffic(options, shop, codes, stripe, webhooks, latePayer);
        traffic.Start();
        await Task.Delay(TimeSpan.FromSeconds(timing.WarmSeconds));
        Console.WriteLine($"  {fault.Name}: injecting");
        var injected = SuiteClock.Now;
        await StepAsync("inject", fault.Inject, problems);
        await Task.Delay(fault.Window);
        await StepAsync("repair", fault.Restore, problems);
        var repaired = SuiteClock.Now;
        Console.WriteLine($"  {fault.Name}: injected at {injected:0.0} s, repaired at {repaired:0.0} s");
        var recovered = await WaitForRecoveryAsync(log, repaired);
        await traffic.StopAsync();

        // Requests in flight when the traffic stopped have their answers now: the last failure among them counts.
        var recovery = recovered ? Math.Max(0, log.Snapshot().LastFailureEnd - repaired) : (double?)null;
        Console.WriteLine($"  {fault.Name}: {(recovery is { } r ? $"requests succeed again {r:0.0} s after the repair" : $"requests still failing {timing.RecoveryCapSeconds:0} s after the repair")}");

        // Drain: what Stripe and the timers would do next, now that everything is up.
        await webhooks.DrainAsync(timing.DrainSeconds);
        var holdCutoff = await RunReleaseJobAsync(problems);
        foreach (var expired in stripe.UnannouncedExpiries())
        {
            webhooks.Enqueue(expired);
        }

        await webhooks.DrainAsync(timing.DrainSeconds);
        if (webhooks.Pending > 0)
        {
            problems.Add($"{webhooks.Pending} webhook deliveries still not acknowledged {timing.DrainSeconds:0} s into the drain");
        }

        foreach (var (delivery, status) in webhooks.Refused.Skip(refusedBefore))
        {
            problems.Add($"webhook {delivery.Type} {delivery.EventId} refused with {status}");
        }

        if (!service.Running)
        {
            problems.Add("the service process is not running");
        }

        CheckReport? report = null;
        try
        {
            report = await WithDatabaseAsync(conn => InvariantChecker.CheckAsync(conn, ledger.Payments, ledger.EventIds, phase, auditMark, holdCutoff));
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            problems.Add($"the checks could not read the database: {ex.Message}");
        }

        var records = log.OfPhase(phase);
        return new PhaseResult(fault.Name)
        {
            Requests = records.Count,
            Statuses = records.GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.Count()),
            RecoverySeconds = recovery,
            RecoveryCap = timing.RecoveryCapSeconds,
            PaymentsAcknowledged = report?.PaymentsAcknowledged ?? 0,
            PaymentsRecorded = report?.PaymentsRecorded ?? 0,
            OversoldSlots = Math.Max(report?.OversoldSlots ?? 0, traffic.MaxOversoldSeen),
            HalfWrittenRows = report?.HalfWrittenRows ?? 0,
            Other5xx = records.Where(r => r.Status >= 500 && r.Status != 503).GroupBy(r => $"{r.Kind} {r.Status}").ToDictionary(g => g.Key, g => g.Count()),
            Unavailable = records.Where(r => r.Status == 503).GroupBy(r => r.Kind).ToDictionary(g => g.Key, g => g.Count()),
            Findings = report?.Findings ?? [],
            Problems = problems,
            Notes = fault.Note() is { } note ? [note] : [],
            ServiceErrorLines = service.ErrorLines - errorLinesBefore,
        };
    }

    /// <summary>A step of the fault that fails is a problem of the phase; the phase goes on (and its checks still run).</summary>
    private static async Task StepAsync(string step, Func<Task> action, List<string> problems)
    {
        try
        {
            await action();
        }
        catch (Exception ex) when (ex is InvalidOperationException or NpgsqlException or IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            problems.Add($"the {step} step failed: {ex.Message}");
        }
    }

    /// <summary>
    /// Requests succeed again once, after the repair, a stretch of <see cref="PhaseTiming.StableSeconds"/> has
    /// passed with successes and without a failure, and nothing is left waiting longer than a slow answer.
    /// The recovery time is from the repair to the end of the last failure (zero when none came after it).
    /// </summary>
    private async Task<bool> WaitForRecoveryAsync(RequestLog log, double repaired)
    {
        while (true)
        {
            var now = SuiteClock.Now;
            var (lastFailure, lastSuccess, oldestInFlight) = log.Snapshot();
            var quietSince = Math.Max(lastFailure, repaired);
            if (now - repaired >= timing.MinAfterSeconds && now - quietSince >= timing.StableSeconds && lastSuccess > quietSince &&
                now - oldestInFlight < RequestLog.SlowSeconds)
            {
                return true;
            }

            if (now - repaired > timing.RecoveryCapSeconds)
            {
                return false;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Runs the release job until one run was not skipped; returns the cutoff no reserved hold may be older than.</summary>
    private async Task<DateTime> RunReleaseJobAsync(List<string> problems)
    {
        var deadline = SuiteClock.Now + timing.DrainSeconds;
        while (SuiteClock.Now < deadline)
        {
            var before = DateTime.UtcNow.AddSeconds(-1);
            var answer = await shop.TimerAsync("ReleaseExpiredReservations", CancellationToken.None, "timer-drain");
            if (answer.Ok && !Storefront.Skipped(answer))
            {
                return before;
            }

            await Task.Delay(500);
        }

        problems.Add("the release job did not complete a run during the drain");
        return DateTime.MinValue.ToUniversalTime();
    }

    private async Task<T> WithDatabaseAsync<T>(Func<NpgsqlConnection, Task<T>> read)
    {
        var deadline = SuiteClock.Now + 60;
        while (true)
        {
            try
            {
                await using var conn = new NpgsqlConnection(options.DirectConnectionString(options.Database));
                await conn.OpenAsync();
                return await read(conn);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException && SuiteClock.Now < deadline)
            {
                await Task.Delay(500);
            }
        }
    }
}
