namespace Discounts.Faults;

/// <summary>
/// One delivery of one Stripe event (a duplicate delivery is another instance with the same event id). Stripe
/// retries a delivery until it is answered 2xx; so does the suite, with backoff.
/// </summary>
public sealed class WebhookDelivery(string eventId, string type, string payload, string sessionId, string? purchaseId, string? usageId)
{
    private static long counter;
    private int inFlight;

    public long Id { get; } = Interlocked.Increment(ref counter);

    public string EventId { get; } = eventId;

    public string Type { get; } = type;

    public string Payload { get; } = payload;

    public string SessionId { get; } = sessionId;

    public string? PurchaseId { get; } = purchaseId;

    public string? UsageId { get; } = usageId;

    public int Attempts { get; set; }

    public double NextAttempt { get; set; }

    public bool TryBegin() => Interlocked.CompareExchange(ref inFlight, 1, 0) == 0;

    public void Finish() => Volatile.Write(ref inFlight, 0);

    public bool InFlight => Volatile.Read(ref inFlight) == 1;

    public WebhookDelivery Again() => new(EventId, Type, Payload, SessionId, PurchaseId, UsageId);
}
