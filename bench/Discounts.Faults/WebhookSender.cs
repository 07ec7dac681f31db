using System.Collections.Concurrent;
using Stripe;

namespace Discounts.Faults;

/// <summary>
/// Delivers Stripe events to the service's webhook, signed as Stripe signs them (a fresh timestamp on each
/// attempt), and keeps every delivery not answered 2xx for a later retry, as Stripe does. A 4xx is never
/// cured by retrying (a bad signature, a refused event): it is recorded as refused.
/// </summary>
public sealed class WebhookSender(ServiceClient client, PaymentLedger ledger, string secret)
{
    private readonly ConcurrentDictionary<long, WebhookDelivery> pending = new();

    public ConcurrentQueue<(WebhookDelivery Delivery, int Status)> Refused { get; } = new();

    public int Pending => pending.Count;

    public async Task DeliverAsync(WebhookDelivery delivery, CancellationToken ct, double delaySeconds = 0)
    {
        delivery.NextAttempt = SuiteClock.Now + delaySeconds;
        pending[delivery.Id] = delivery;
        if (delaySeconds <= 0)
        {
            await AttemptAsync(delivery, ct);
        }
    }

    /// <summary>Queues a delivery for the retry loop or the drain.</summary>
    public void Enqueue(WebhookDelivery delivery)
    {
        delivery.NextAttempt = SuiteClock.Now;
        pending[delivery.Id] = delivery;
    }

    /// <summary>Retries due deliveries until stopped.</summary>
    public async Task RetryLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var due = pending.Values.Where(d => d.NextAttempt <= SuiteClock.Now && !d.InFlight).Take(32).ToList();
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = CancellationToken.None },
                async (d, _) => await AttemptAsync(d, CancellationToken.None));
            try
            {
                await Task.Delay(250, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>After the fault: every pending delivery is retried at once, round after round, until none is left or time is up.</summary>
    public async Task DrainAsync(double seconds)
    {
        var deadline = SuiteClock.Now + seconds;
        while (!pending.IsEmpty && SuiteClock.Now < deadline)
        {
            await Parallel.ForEachAsync(pending.Values.ToList(), new ParallelOptions { MaxDegreeOfParallelism = 4 },
                async (d, _) => await AttemptAsync(d, CancellationToken.None, "webhook-drain"));
            if (!pending.IsEmpty)
            {
                await Task.Delay(500);
            }
        }
    }

    private async Task AttemptAsync(WebhookDelivery delivery, CancellationToken ct, string kind = "webhook")
    {
        if (!pending.ContainsKey(delivery.Id) || !delivery.TryBegin())
        {
            return;
        }

        try
        {
            delivery.Attempts++;
            var signature = EventUtility.GenerateSignatureHeader(delivery.Payload, secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            var answer = await client.SendAsync(kind, ServiceClient.Raw("/api/webhooks/stripe", delivery.Payload, "Stripe-Signature", signature), ct);
            if (answer.Ok)
            {
                pending.TryRemove(delivery.Id, out _);
                ledger.Acknowledged(delivery);
            }
            else if (answer.Status is >= 400 and < 500)
            {
                pending.TryRemove(delivery.Id, out _);
                Refused.Enqueue((delivery, answer.Status));
            }
            else
            {
                // No answer, 5xx, or the suite stopping: Stripe tries again later (capped backoff here, hours there).
                delivery.NextAttempt = SuiteClock.Now + Math.Min(4, 0.25 * Math.Pow(2, Math.Min(delivery.Attempts, 5)));
            }
        }
        finally
        {
            delivery.Finish();
        }
    }
}
