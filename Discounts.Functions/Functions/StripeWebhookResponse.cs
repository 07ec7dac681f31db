namespace Discounts.Functions.Functions;

public sealed record StripeWebhookResponse(bool Received, bool Duplicate);
