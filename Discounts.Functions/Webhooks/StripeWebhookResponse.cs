namespace Discounts.Functions.Webhooks;

public sealed record StripeWebhookResponse(bool Received, bool Duplicate);
