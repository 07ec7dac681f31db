using System.Collections.Concurrent;

namespace Discounts.Faults;

/// <summary>
/// Customers who pay just as their hold runs out: the payment lands around the moment the release job expires
/// the session at Stripe, so either the customer pays first (the release job must confirm, not release) or
/// the expiry wins (the payment is refused at Stripe and the slot comes back). Kept across phases.
/// </summary>
public sealed class LatePayer(StripeActor stripe, WebhookSender webhooks)
{
    private readonly ConcurrentQueue<(string Session, double Due)> waiting = new();

    public void Schedule(string session, double due) => waiting.Enqueue((session, due));

    /// <summary>Pays every session that is due (in order; the queue is nearly sorted by due time).</summary>
    public async Task PayDueAsync()
    {
        while (waiting.TryPeek(out var next) && next.Due <= SuiteClock.Now && waiting.TryDequeue(out next))
        {
            if (stripe.Pay(next.Session) is { } paid)
            {
                await webhooks.DeliverAsync(paid, CancellationToken.None);
            }
        }
    }
}
