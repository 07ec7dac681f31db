namespace Discounts.Functions.Checkout;

/// <summary>Success and cancel URLs come from configuration, never from the request; amounts are never read.</summary>
public sealed record CreateCheckoutRequest(string? TemplateId, string? ReservationId);
