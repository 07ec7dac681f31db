using Discounts.Core.Checkout;
using Discounts.Core.Reservations;

namespace Discounts.Core.Usages;

/// <summary>The reviewed usage and, for a rejection that refunded a payment, the provider's refund id.</summary>
public sealed record ReviewResult(Usage Usage, string? RefundId);

/// <summary>A usage before it is rejected: its purchase, and the paid purchase a rejection refunds (null when none).</summary>
public sealed record RejectPreview(Usage Usage, Purchase? Purchase, Purchase? Refund);
