namespace Discounts.Faults;

/// <summary>A <c>checkout.session.completed</c> (paid) the service answered 200: it must be recorded, forever.</summary>
public sealed record AcknowledgedPayment(int Phase, string EventId, string SessionId, Guid PurchaseId, Guid UsageId);
