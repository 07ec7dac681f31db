using Discounts.Core.Reservations;

namespace Discounts.Functions.Usages;

/// <summary>The reviewed usage; <c>refundId</c> is the provider's refund when a rejection refunded a payment.</summary>
public sealed record ReviewUsageResponse(AdminUsageResponse Usage, string? RefundId);
