using Discounts.Core.Audit;
using Discounts.Core.Common;
using Discounts.Core.Database;
using Discounts.Core.Pricing;
using Discounts.Core.Reservations;
using Discounts.Core.Templates;
using Npgsql;

namespace Discounts.Core.Checkout;

/// <summary>
/// Turns a reservation (or a full-price template) into a purchase and a checkout session. The purchase is
/// committed before the provider is called, so a provider failure keeps the hold (EC-023) and a retry, or the
/// release job, repeats the same request with the same idempotency key (EC-025). The amount always comes from
/// the frozen terms of the reservation, never from the request (EC-017).
/// </summary>
public sealed class CheckoutService(NpgsqlDataSource dataSource, ICheckoutGateway gateway, TimeProvider clock, DiscountsOptions options)
{
    public async Task<Outcome<CheckoutResult>> CreateAsync(Caller caller, Guid templateId, Guid? reservationId, string? idempotencyKey, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var prepared = await Transactions.RunAsync(dataSource, (conn, tx) => reservationId is { } rid
            ? PrepareWithReservationAsync(conn, tx, caller, templateId, rid, idempotencyKey, now)
            : PrepareFullPriceAsync(conn, tx, caller, templateId, idempotencyKey, now, options), ct);
        if (!prepared.Succeeded)
        {
            return Outcome<CheckoutResult>.Fail(prepared.Error!, prepared.Detail);
        }

        var (purchase, usage, title, created) = prepared.Value!;
        if (purchase.Status != PurchaseStatus.Pending || purchase.StripeSessionId is not null)
        {
            return Outcome<CheckoutResult>.Ok(new CheckoutResult(purchase, created, usage?.Code));
        }

        CheckoutSession session;
        try
        {
            session = await gateway.CreateSessionAsync(SessionRequest(purchase, usage, title), ct);
        }
        catch (PaymentProviderUnavailableException ex)
        {
            return Outcome<CheckoutResult>.Fail(Errors.Unavailable, ex.Message);
        }

        var attached = await Transactions.RunAsync(dataSource, async (conn, tx) =>
        {
            var (lockedUsage, locked) = await PurchaseRepository.LockWithUsageAsync(conn, tx, purchase.Id, usage?.Id);
            if (lockedUsage is not null)
            {
                await UsageTransitions.AttachSessionAsync(conn, tx, lockedUsage, session.Id, now);
            }

            return await PurchaseTransitions.AttachSessionAsync(conn, tx, locked ?? purchase, session, caller.Actor, now, usage?.CodeId);
        }, ct);
        return Outcome<CheckoutResult>.Ok(new CheckoutResult(attached, created, usage?.Code));
    }

    /// <summary>The caller's purchase, or null when it does not exist or is someone else's.</summary>
    public async Task<(Purchase Purchase, string? Code)?> GetAsync(Caller caller, Guid purchaseId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var purchase = await PurchaseRepository.FindAsync(conn, purchaseId);
        if (purchase is null || purchase.UserId != caller.UserId)
        {
            return null;
        }

        var usage = purchase.UsageId is { } uid ? await UsageRepository.FindAsync(conn, uid) : null;
        return (purchase, usage?.Code);
    }

    /// <summary>The session request of a purchase: derived from stored rows only, so it can be repeated exactly.</summary>
    public static CheckoutSessionRequest SessionRequest(Purchase purchase, Usage? usage, string? productName) => new(
        purchase.Id, purchase.UsageId, usage?.Code, purchase.TemplateId, productName ?? "Template", purchase.FinalAmount,
        purchase.Currency, purchase.SessionExpiresAt, purchase.UserId, usage?.Email);

    private async Task<Outcome<Prepared>> PrepareWithReservationAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Caller caller, Guid templateId, Guid reservationId, string? idempotencyKey, DateTime now)
    {
        var (usage, template, existing, repeated) = await PurchaseRepository.LockReservationAsync(conn, tx, reservationId, caller.UserId, idempotencyKey);
        if (usage is null || usage.UserId != caller.UserId)
        {
            return Outcome<Prepared>.Fail(Errors.NotFound);
        }

        if (usage.TemplateId != templateId)
        {
            return Outcome<Prepared>.Fail(RuleCodes.ReservationInactive, "The reservation is for another template.");
        }

        if (existing is { Status: PurchaseStatus.Pending or PurchaseStatus.Paid })
        {
            return Outcome<Prepared>.Ok(new Prepared(existing, usage, template?.Title, Created: false));
        }

        if (usage.Status != UsageStatus.Reserved || usage.ExpiresAt <= now)
        {
            return Outcome<Prepared>.Fail(RuleCodes.ReservationInactive);
        }

        if (repeated is not null)
        {
            return Outcome<Prepared>.Fail(Errors.Conflict, "The Idempotency-Key was used for another checkout.");
        }

        var purchase = NewPurchase(caller, usage.TemplateId, usage.Id, new PriceQuote(usage.Currency, usage.OriginalAmount, usage.DiscountAmount, usage.FinalAmount, usage.MinimumChargeApplied), idempotencyKey, now, options);
        await PurchaseRepository.InsertAsync(conn, tx, purchase);

        var extended = await UsageTransitions.StartCheckoutAsync(conn, tx, usage, purchase.Id, purchase.FinalAmount, purchase.Currency, options.ReservationTtl, caller.Actor, now, caller.Ip);

        if (purchase.FinalAmount == 0)
        {
            // 100% off: nothing to pay, so no Stripe session; paid and confirmed at once (EC-018).
            await PurchaseTransitions.MarkPaidAsync(conn, tx, purchase, null, caller.Actor, now, usage.CodeId);
            await UsageTransitions.ConfirmAsync(conn, tx, extended, caller.Actor, now);
            purchase = purchase with { Status = PurchaseStatus.Paid, PaidAt = now };
        }

        return Outcome<Prepared>.Ok(new Prepared(purchase, extended, template?.Title, Created: true));
    }

    private static async Task<Outcome<Prepared>> PrepareFullPriceAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Caller caller, Guid templateId, string? idempotencyKey, DateTime now, DiscountsOptions options)
    {
        if (idempotencyKey is not null && await PurchaseRepository.FindByIdempotencyKeyAsync(conn, tx, caller.UserId, idempotencyKey) is { } repeated)
        {
            return repeated.TemplateId == templateId && repeated.UsageId is null
                ? Outcome<Prepared>.Ok(new Prepared(repeated, null, null, Created: false))
                : Outcome<Prepared>.Fail(Errors.Conflict, "The Idempotency-Key was used for another checkout.");
        }

        var template = await TemplateRepository.FindAsync(conn, templateId, tx);
        if (template is not { Active: true })
        {
            return Outcome<Prepared>.Fail(RuleCodes.TemplateNotFound);
        }

        var purchase = NewPurchase(caller, template.Id, null, PriceCalculator.FullPrice(template.Price, template.Currency), idempotencyKey, now, options);
        await PurchaseRepository.InsertAsync(conn, tx, purchase);
        await AuditLog.WriteAsync(conn, tx, new AuditEntry(now, caller.Actor, AuditAction.PurchaseCreated, null, null, purchase.Id,
            null, new { purchase.FinalAmount, purchase.Currency }, caller.Ip));
        if (purchase.FinalAmount == 0)
        {
            await PurchaseTransitions.MarkPaidAsync(conn, tx, purchase, null, caller.Actor, now, null);
            purchase = purchase with { Status = PurchaseStatus.Paid, PaidAt = now };
        }

        return Outcome<Prepared>.Ok(new Prepared(purchase, null, template.Title, Created: true));
    }

    private static Purchase NewPurchase(Caller caller, Guid templateId, Guid? usageId, PriceQuote price, string? idempotencyKey, DateTime now, DiscountsOptions options) => new()
    {
        Id = Ids.New(),
        UserId = caller.UserId,
        TemplateId = templateId,
        UsageId = usageId,
        OriginalAmount = price.OriginalAmount,
        DiscountAmount = price.DiscountAmount,
        FinalAmount = price.FinalAmount,
        Currency = price.Currency,
        Status = PurchaseStatus.Pending,
        IdempotencyKey = idempotencyKey,
        SessionExpiresAt = now + options.SessionTtl,
        CreatedAt = now,
        UpdatedAt = now,
    };

    private sealed record Prepared(Purchase Purchase, Usage? Usage, string? Title, bool Created);
}
