namespace Discounts.Core.Webhooks;

/// <summary>The webhook's answer: rejected (bad signature or payload), a duplicate, or processed with an outcome.</summary>
public sealed record WebhookResult(bool Accepted, bool Duplicate, string Outcome, string? EventId = null)
{
    public static WebhookResult Rejected(string why) => new(false, false, why);
}
