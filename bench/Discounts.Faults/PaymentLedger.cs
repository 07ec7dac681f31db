using System.Collections.Concurrent;

namespace Discounts.Faults;

/// <summary>What the service acknowledged: every event id answered 2xx, and the paid sessions among them.</summary>
public sealed class PaymentLedger
{
    private readonly ConcurrentDictionary<string, AcknowledgedPayment> payments = new();
    private readonly ConcurrentDictionary<string, string> events = new();

    public int Phase { get; set; }

    public void Acknowledged(WebhookDelivery delivery)
    {
        events.TryAdd(delivery.EventId, delivery.Type);
        if (delivery.Type == StripeActor.Completed && Guid.TryParse(delivery.PurchaseId, out var purchase) && Guid.TryParse(delivery.UsageId, out var usage))
        {
            payments.TryAdd(delivery.SessionId, new AcknowledgedPayment(Phase, delivery.EventId, delivery.SessionId, purchase, usage));
        }
    }

    public IReadOnlyList<AcknowledgedPayment> Payments => payments.Values.ToList();

    public IReadOnlyList<string> EventIds => events.Keys.ToList();
}
