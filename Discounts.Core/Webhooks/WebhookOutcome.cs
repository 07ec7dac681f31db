namespace Discounts.Core.Webhooks;

/// <summary>What processing a Stripe event did (column <c>stripe_event.outcome</c>, the metric's <c>outcome</c> tag, the answer's).</summary>
internal static class WebhookOutcome
{
    public const string Confirmed = "confirmed";
    public const string Paid = "paid";
    public const string PaymentPending = "payment_pending";
    public const string Released = "released";
    public const string Failed = "failed";
    public const string NoChange = "no_change";
    public const string Refunded = "refunded";
    public const string PurchaseRefunded = "purchase_refunded";
    public const string PartialRefundNoted = "partial_refund_noted";
    public const string Flagged = "flagged";
    public const string Noted = "noted";
    public const string Ignored = "ignored";
    public const string Duplicate = "duplicate";
    public const string UnknownSession = "unknown_session";
    public const string SessionMismatch = "session_mismatch";
    public const string UnknownPayment = "unknown_payment";
}
