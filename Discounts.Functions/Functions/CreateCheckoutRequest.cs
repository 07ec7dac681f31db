namespace Discounts.Functions.Functions;

/// <summary>Success and cancel URLs come from configuration, never from the request; amounts are never read.</summary>
public sealed record CreateCheckoutRequest(string? TemplateId, string? ReservationId);
