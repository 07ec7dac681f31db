using Discounts.Core.Reservations;

namespace Discounts.Core.Admin;

/// <summary>The reviewed usage and, for a rejection that refunded a payment, the provider's refund id.</summary>
public sealed record ReviewResult(Usage Usage, string? RefundId);
