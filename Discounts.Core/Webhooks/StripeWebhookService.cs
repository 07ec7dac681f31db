using Discounts.Core.Checkout;
using Discounts.Core.Database;
using Discounts.Core.Fraud;
using Discounts.Core.Observability;
using Discounts.Core.Reservations;
using Microsoft.Extensions.Logging;
using Npgsql;
using Stripe;
using Stripe.Checkout;

namespace Discounts.Core.Webhooks;

/// <summary>
/// Verifies a Stripe webhook and applies its effect at most once (invariant 4): the event id is inserted in
/// the same transaction as the effect, and every effect goes through the forward-only state machines of
/// usages and purchases, so duplicates, concurrency and any order of delivery end in the true state.
/// Storage failures propagate (the function answers 503 and Stripe retries).
/// </summary>
public sealed partial class StripeWebhookService(NpgsqlDataSource dataSource, TimeProvider clock, CheckoutOptions options, ICheckoutGateway gateway, RiskService risk, ILogger<StripeWebhookService> logger)
{
    public const long ToleranceSeconds = 300;
    private const string Actor = "stripe:webhook";

    public async Task<WebhookResult> ProcessAsync(string payload, string? signatureHeader, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(signatureHeader))
        {
            return WebhookResult.Rejected("missing Stripe-Signature header");
        }

        var now = clock.GetUtcNow();
        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(payload, signatureHeader, options.EffectiveWebhookSecret, ToleranceSeconds, now.ToUnixTimeSeconds(), throwOnApiVersionMismatch: false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRejected(logger, ex.Message);
            return WebhookResult.Rejected("invalid signature or payload");
        }

        var fingerprint = await CardFingerprintAsync(stripeEvent, ct);
        var result = await Transactions.RunAsync(dataSource, async (conn, tx) =>
        {
            Applied applied;
            if (SessionOf(stripeEvent) is { } session)
            {
                var (inserted, usage, purchase) = await StripeEventRepository.TryInsertAndLockSessionAsync(
                    conn, tx, stripeEvent.Id, stripeEvent.Type, now.UtcDateTime, PurchaseIdOf(session), session.Id);
                if (!inserted)
                {
                    return new WebhookResult(true, true, WebhookOutcome.Duplicate, stripeEvent.Id);
                }

                applied = await ApplySessionAsync(conn, tx, stripeEvent.Type, session, usage, purchase, now.UtcDateTime);
            }
            else
            {
                if (!await StripeEventRepository.TryInsertAsync(conn, tx, stripeEvent.Id, stripeEvent.Type, now.UtcDateTime))
                {
                    return new WebhookResult(true, true, WebhookOutcome.Duplicate, stripeEvent.Id);
                }

                applied = await ApplyAsync(conn, tx, stripeEvent, now.UtcDateTime);
            }

            if (applied.Confirmed is { } confirmed && fingerprint is not null)
            {
                await risk.ReassessAtConfirmationAsync(conn, tx, confirmed, fingerprint, Actor, now.UtcDateTime);
            }

            await StripeEventRepository.SetOutcomeAsync(conn, tx, stripeEvent.Id, applied.Outcome, applied.PurchaseId, applied.UsageId);
            LogProcessed(logger, stripeEvent.Id, stripeEvent.Type, applied.Outcome);
            return new WebhookResult(true, false, applied.Outcome, stripeEvent.Id);
        }, ct);
        DiscountsMetrics.WebhookOutcomes.Add(1, new KeyValuePair<string, object?>("type", stripeEvent.Type), new KeyValuePair<string, object?>("outcome", result.Outcome));
        if (result.Outcome == WebhookOutcome.Confirmed)
        {
            DiscountsMetrics.HoldsConfirmed.Add(1);
        }
        else if (result.Outcome == WebhookOutcome.Released)
        {
            DiscountsMetrics.HoldsReleased.Add(1, new KeyValuePair<string, object?>("reason", stripeEvent.Type));
        }

        return result;
    }

    /// <summary>
    /// The card behind a payment, asked of the provider before the transaction (no network call holds a lock).
    /// A provider outage costs only this signal: the payment still confirms.
    /// </summary>
    private async Task<string?> CardFingerprintAsync(Event stripeEvent, CancellationToken ct)
    {
        if (stripeEvent.Type is not (EventTypes.CheckoutSessionCompleted or EventTypes.CheckoutSessionAsyncPaymentSucceeded) ||
            stripeEvent.Data.Object is not Session { PaymentIntentId: { Length: > 0 } paymentIntent, PaymentStatus: "paid" })
        {
            return null;
        }

        try
        {
            return await gateway.GetCardFingerprintAsync(paymentIntent, ct);
        }
        catch (PaymentProviderUnavailableException ex)
        {
            LogNoFingerprint(logger, ex, paymentIntent);
            return null;
        }
    }

    /// <summary>The checkout session of a session event (completed, async payment succeeded or failed, expired); null for any other.</summary>
    private static Session? SessionOf(Event e) =>
        e.Type is EventTypes.CheckoutSessionCompleted or EventTypes.CheckoutSessionAsyncPaymentSucceeded or
            EventTypes.CheckoutSessionAsyncPaymentFailed or EventTypes.CheckoutSessionExpired
            ? e.Data.Object as Session
            : null;

    /// <summary>Our purchase id, as the session carries it (client_reference_id, else its metadata).</summary>
    private static Guid? PurchaseIdOf(Session session) =>
        Guid.TryParse(session.ClientReferenceId, out var pid) ||
        (session.Metadata?.TryGetValue("purchase_id", out var meta) == true && Guid.TryParse(meta, out pid))
            ? pid
            : null;

    /// <summary>What an event did: its outcome, the purchase and usage it touched, and the usage it confirmed (for the card check).</summary>
    private sealed record Applied(string Outcome, Guid? PurchaseId = null, Guid? UsageId = null, Usage? Confirmed = null);

    private static Task<Applied> ApplyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Event e, DateTime now) => e.Type switch
    {
        EventTypes.ChargeRefunded when e.Data.Object is Charge charge
            => ApplyRefundAsync(conn, tx, charge, now),
        EventTypes.ChargeDisputeCreated when e.Data.Object is Dispute dispute
            => ApplyDisputeAsync(conn, tx, dispute, now),
        // A declined card inside an open session changes nothing: the customer may retry in it (EC-006).
        EventTypes.PaymentIntentPaymentFailed => Task.FromResult(new Applied(WebhookOutcome.Noted)),
        _ => Task.FromResult(new Applied(WebhookOutcome.Ignored)),
    };

    /// <summary>A session event, on the purchase and usage its first round trip locked (null: not ours, EC-050).</summary>
    private static async Task<Applied> ApplySessionAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string type, Session session, Usage? usage, Purchase? purchase, DateTime now)
    {
        if (purchase is null)
        {
            return new Applied(WebhookOutcome.UnknownSession); // not ours (shared Stripe account, EC-050)
        }

        if (purchase.StripeSessionId is not null && purchase.StripeSessionId != session.Id)
        {
            return new Applied(WebhookOutcome.SessionMismatch, purchase.Id, purchase.UsageId);
        }

        var codeId = usage?.CodeId;
        purchase = await PurchaseTransitions.AttachSessionAsync(conn, tx, purchase, new CheckoutSession(session.Id, session.Url ?? purchase.CheckoutUrl ?? ""), Actor, now, codeId);
        if (usage is not null)
        {
            usage = await UsageTransitions.AttachSessionAsync(conn, tx, usage, session.Id, now);
        }

        Usage? confirmed = null;
        string outcome;
        switch (type)
        {
            case EventTypes.CheckoutSessionCompleted when session.PaymentStatus is "paid" or "no_payment_required":
            case EventTypes.CheckoutSessionAsyncPaymentSucceeded:
                await PurchaseTransitions.MarkPaidAsync(conn, tx, purchase, session.PaymentIntentId, Actor, now, codeId);
                confirmed = usage is null ? null : await UsageTransitions.ConfirmAsync(conn, tx, usage, Actor, now);
                outcome = confirmed is not null ? WebhookOutcome.Confirmed : WebhookOutcome.Paid;
                break;
            case EventTypes.CheckoutSessionCompleted:
                if (session.PaymentIntentId is { } pi && purchase.StripePaymentIntentId is null)
                {
                    await PurchaseRepository.UpdateAsync(conn, tx, purchase with { StripePaymentIntentId = pi, UpdatedAt = now });
                }

                outcome = usage is not null && await UsageTransitions.MarkPaymentPendingAsync(conn, tx, usage, Actor, now) ? WebhookOutcome.PaymentPending : WebhookOutcome.NoChange;
                break;
            case EventTypes.CheckoutSessionAsyncPaymentFailed:
                await PurchaseTransitions.MoveAsync(conn, tx, purchase, PurchaseStatus.Failed, Actor, now, codeId);
                outcome = usage is not null && await UsageTransitions.ReleaseAsync(conn, tx, usage, ReleaseReason.PaymentFailed, Actor, now) ? WebhookOutcome.Released : WebhookOutcome.Failed;
                break;
            default: // expired
                await PurchaseTransitions.MoveAsync(conn, tx, purchase, PurchaseStatus.Expired, Actor, now, codeId);
                outcome = usage is not null && await UsageTransitions.ReleaseAsync(conn, tx, usage, ReleaseReason.SessionExpired, Actor, now) ? WebhookOutcome.Released : WebhookOutcome.NoChange;
                break;
        }

        return new Applied(outcome, purchase.Id, usage?.Id, confirmed);
    }

    private static async Task<Applied> ApplyRefundAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Charge charge, DateTime now)
    {
        var found = charge.PaymentIntentId is { } pi ? await PurchaseRepository.FindByPaymentIntentAsync(conn, pi, tx) : null;
        if (found is null)
        {
            return new Applied(WebhookOutcome.UnknownPayment);
        }

        if (!charge.Refunded)
        {
            return new Applied(WebhookOutcome.PartialRefundNoted, found.Id, found.UsageId);
        }

        var (usage, locked) = await PurchaseRepository.LockWithUsageAsync(conn, tx, found.Id, found.UsageId);
        var purchase = locked ?? found;
        await PurchaseTransitions.MoveAsync(conn, tx, purchase, PurchaseStatus.Refunded, Actor, now, usage?.CodeId);
        var refunded = usage is not null && await UsageTransitions.RefundAsync(conn, tx, usage, Actor, now);
        return new Applied(refunded ? WebhookOutcome.Refunded : WebhookOutcome.PurchaseRefunded, purchase.Id, usage?.Id);
    }

    private static async Task<Applied> ApplyDisputeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Dispute dispute, DateTime now)
    {
        var found = dispute.PaymentIntentId is { } pi ? await PurchaseRepository.FindByPaymentIntentAsync(conn, pi, tx) : null;
        var usage = found?.UsageId is { } uid ? await UsageRepository.LockAsync(conn, tx, uid) : null;
        if (usage is null)
        {
            return new Applied(found is null ? WebhookOutcome.UnknownPayment : WebhookOutcome.Noted, found?.Id);
        }

        await UsageTransitions.FlagForReviewAsync(conn, tx, usage, Actor, "dispute", now);
        return new Applied(WebhookOutcome.Flagged, found!.Id, usage.Id);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No card fingerprint for payment {PaymentIntent}; confirming without the card check")]
    private static partial void LogNoFingerprint(ILogger logger, Exception ex, string paymentIntent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a Stripe webhook: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stripe event {EventId} ({EventType}): {Outcome}")]
    private static partial void LogProcessed(ILogger logger, string eventId, string eventType, string outcome);
}
