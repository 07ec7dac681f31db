using Discounts.Core.Codes;
using Discounts.Core.Common;
using Discounts.Core.Database;
using Discounts.Core.Fraud;
using Discounts.Core.Observability;
using Discounts.Core.Pricing;
using Discounts.Core.RateLimiting;
using Discounts.Core.Templates;
using Npgsql;

namespace Discounts.Core.Reservations;

/// <summary>Validate, apply (reserve a slot), read and release reservations.</summary>
public sealed class ReservationService(NpgsqlDataSource dataSource, TimeProvider clock, DiscountsOptions options, HoldReleaser holdReleaser, RiskService risk, RateLimiter limiter)
{
    /// <summary>
    /// Read-only: would this code apply to this template for this caller, and at what price. One round trip, the
    /// request's rate-limit hit (<paramref name="hit"/>, when it has one) included; refused by it: <see cref="Errors.RateLimited"/>.
    /// </summary>
    public async Task<Validation> ValidateAsync(Caller? caller, string code, Guid templateId, RateLimitHit? hit, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        DiscountCode? discount;
        CodeFacts? facts;
        Template? template;
        Usage? hold;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            (discount, facts, template, hold) = await ReservationReads.ForValidateAsync(conn, code, templateId, caller?.UserId, hit, ct);
        }

        if (hit is { Refused: true })
        {
            return new Validation(false, code, null, null, Errors.RateLimited);
        }

        if (discount is null || facts is null)
        {
            await limiter.RecordFailureAsync(hit, ct);
            return new Validation(false, code, null, null, RuleCodes.CodeNotFound);
        }

        var failure = RuleEvaluator.CheckCode(discount, template, now);
        if (failure is not null)
        {
            return new Validation(false, code, discount, null, failure);
        }

        if (caller is not null)
        {
            if (hold is not null)
            {
                return new Validation(true, code, discount, new(hold.Currency, hold.OriginalAmount, hold.DiscountAmount, hold.FinalAmount, hold.MinimumChargeApplied), null);
            }

            failure = RuleEvaluator.CheckUser(discount, facts.Uses, facts.HasPaidPurchase);
            if (failure is not null)
            {
                return new Validation(false, code, discount, null, failure);
            }
        }

        if (discount.MaxUses is not null && facts.FreeSlots == 0)
        {
            return new Validation(false, code, discount, null, RuleCodes.CodeExhausted);
        }

        return new Validation(true, code, discount, RuleEvaluator.Price(discount, template!), null);
    }

    /// <summary>
    /// Reserves one slot of the code for the caller and template for <see cref="DiscountsOptions.ReservationTtl"/>.
    /// Idempotent per (user, code, template); a hold of another code on the same template is released in the
    /// same transaction (one code per purchase). Every rule is checked before a slot is claimed, so a
    /// transaction that holds a slot row almost never rolls back.
    /// <para>
    /// Two round trips in the common case: one read (<see cref="ReservationReads"/>, the rate-limit hit included),
    /// then one statement that takes the hold if the caller's facts are still those it was decided on
    /// (<see cref="UsageRepository.ReserveIfUnchangedAsync"/>). A caller with a hold on the template or facts that
    /// would refuse it, a scarce code, changed facts or no slot free without waiting take the locked path, which
    /// decides again under the user's lock.
    /// </para>
    /// </summary>
    public async Task<Outcome<Reservation>> ApplyAsync(Caller caller, string code, Guid templateId, string? captchaToken, RateLimitHit? hit, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        DiscountCode? discount;
        CodeFacts? facts;
        Template? template;
        RiskSignals signals;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            (discount, facts, template, signals) = await ReservationReads.ForApplyAsync(conn, code, templateId, risk.SignalQuery(caller), options.ScarceFreeSlots + 1, hit, ct);
        }

        if (hit is { Refused: true })
        {
            return Outcome<Reservation>.Fail(Errors.RateLimited);
        }

        if (discount is null || facts is null)
        {
            await limiter.RecordFailureAsync(hit, ct);
            return Record(Outcome<Reservation>.Fail(RuleCodes.CodeNotFound));
        }

        if (RuleEvaluator.CheckCode(discount, template, now) is { } failure)
        {
            return Record(Outcome<Reservation>.Fail(failure));
        }

        // Fraud scoring (EC-014): high risk is refused, medium needs a CAPTCHA and goes to the review queue.
        var assessment = await risk.AssessApplyAsync(caller, signals, captchaToken, ct);
        if (!assessment.Succeeded)
        {
            return Record(Outcome<Reservation>.Fail(assessment.Error!, assessment.Detail));
        }

        var usage = NewUsage(caller, discount, templateId, RuleEvaluator.Price(discount, template!), assessment.Value!, now);
        var after = Json.Serialize(new { status = usage.Status, usage.TemplateId, usage.FinalAmount, usage.Currency, usage.ExpiresAt })!;
        // EC-044: on a scarce code (few free slots left), one address and one device hold only so many at once.
        var capShared = discount.MaxUses is not null && facts.FreeSlots <= options.ScarceFreeSlots && (caller.Ip ?? caller.DeviceFingerprint) is not null;
        // The unlocked read may only let a hold through: the fact functions each take their own snapshot, so a
        // concurrent apply of the same user can show in one fact and not yet in another. A refusal is decided on the
        // locked path, on facts read together under the user's lock (a double click must answer 200, not 422).
        if (facts.HoldsForTemplate == 0 && !capShared && CheckUser(discount, facts.Uses, facts.ActiveHolds, facts.HasPaidPurchase) is null &&
            await ReserveIfUnchangedAsync(usage, discount, facts, caller, after, ct) is { } reserved)
        {
            return Record(reserved);
        }

        return await ApplyLockedAsync(caller, discount, templateId, usage, capShared, after, now, ct);
    }

    /// <summary>
    /// The common case: null when nothing was written — the caller's facts changed, no slot was free without waiting,
    /// or the statement lost a deadlock or a race that <see cref="Transactions"/> would retry (the locked path does).
    /// </summary>
    private async Task<Outcome<Reservation>?> ReserveIfUnchangedAsync(Usage usage, DiscountCode discount, CodeFacts facts, Caller caller, string after, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        try
        {
            var (_, reserved) = await UsageRepository.ReserveIfUnchangedAsync(conn, usage, facts, discount.RefundReleasesSlot, discount.MaxUses, caller.Actor, after);
            return reserved ? Outcome<Reservation>.Ok(new Reservation(usage, Created: true)) : null;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            return Deleted(ex);
        }
        catch (PostgresException ex) when (Transactions.IsRetryable(ex))
        {
            return null;
        }
    }

    /// <summary>
    /// The locked path: under the user's lock, the caller's holds on the template (the same code's is answered again,
    /// another code's released), the per-user rules, the address and device caps of a scarce code, then the hold.
    /// </summary>
    private async Task<Outcome<Reservation>> ApplyLockedAsync(Caller caller, DiscountCode discount, Guid templateId, Usage usage, bool capShared, string after, DateTime now, CancellationToken ct)
    {
        var released = new List<string>(); // reasons of the holds this apply releases, counted once committed
        var outcome = await Transactions.RunAsync(dataSource, async (conn, tx) =>
        {
            released.Clear();
            var facts = await UsageRepository.LockUserAndReadAsync(conn, tx, caller.UserId, discount.Id, templateId, discount.RefundReleasesSlot);
            var uses = facts.Uses;
            var holds = facts.ActiveHolds;
            foreach (var hold in facts.ActiveForTemplate)
            {
                var checkoutStarted = hold.Status == UsageStatus.PaymentPending || hold.PurchaseId is not null;
                if (hold.CodeId == discount.Id && (checkoutStarted || hold.ExpiresAt > now))
                {
                    return Outcome<Reservation>.Ok(new Reservation(hold, Created: false));
                }

                if (checkoutStarted)
                {
                    // Its checkout may still be paid, so it is never released here without expiring the session
                    // first: the owner cancels it (DELETE does that), or the release job does when its time is up.
                    return Outcome<Reservation>.Fail(Errors.Conflict, "A checkout with another code is in progress for this template; cancel that reservation first.");
                }

                // An overdue hold of this code (the release job has not come by yet) or a hold of another code.
                var reason = hold.CodeId == discount.Id ? ReleaseReason.Expired : ReleaseReason.Replaced;
                await UsageTransitions.ReleaseAsync(conn, tx, hold, reason, caller.Actor, now, caller.Ip);
                released.Add(reason);
                uses -= hold.CodeId == discount.Id ? 1 : 0;
                holds--;
            }

            if (CheckUser(discount, uses, holds, facts.HasPaidPurchase) is { } refused)
            {
                return refused;
            }

            if (capShared)
            {
                var (fromAddress, fromDevice) = await UsageRepository.LockAndCountSharedHoldsAsync(conn, tx, discount.Id, caller.Ip, caller.DeviceFingerprint);
                if (fromAddress >= options.MaxHoldsPerAddress || fromDevice >= options.MaxHoldsPerDevice)
                {
                    return Outcome<Reservation>.Fail(Errors.SharedHoldLimit,
                        $"At most {options.MaxHoldsPerAddress} unpaid reservations of this code may be open from one network, and {options.MaxHoldsPerDevice} from one device.");
                }
            }

            // Every rule was checked above, so a transaction holding a slot row almost never rolls back.
            try
            {
                return await UsageRepository.ReserveAsync(conn, tx, usage, discount.MaxUses, caller.Actor, after)
                    ? Outcome<Reservation>.Ok(new Reservation(usage, Created: true))
                    : Outcome<Reservation>.Fail(RuleCodes.CodeExhausted);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ForeignKeyViolation)
            {
                return Deleted(ex);
            }
        }, ct);
        if (outcome.Succeeded)
        {
            foreach (var reason in released)
            {
                DiscountsMetrics.HoldsReleased.Add(1, new KeyValuePair<string, object?>("reason", reason));
            }
        }

        return Record(outcome);
    }

    /// <summary>The per-user rules on the caller's open holds and uses of the code; null when they pass.</summary>
    private Outcome<Reservation>? CheckUser(DiscountCode discount, int uses, int activeHolds, bool hasPaidPurchase)
    {
        if (activeHolds >= options.MaxActiveHoldsPerUser)
        {
            return Outcome<Reservation>.Fail(Errors.HoldLimitReached, $"At most {options.MaxActiveHoldsPerUser} reservations may be held at once.");
        }

        return RuleEvaluator.CheckUser(discount, uses, hasPaidPurchase) is { } failure ? Outcome<Reservation>.Fail(failure) : null;
    }

    /// <summary>
    /// The code (or template) read before the hold was written was deleted since — ArchiveDiscount deletes a code that
    /// never had a usage: for this caller it no longer exists. (A limited code's slots go with it, so that case
    /// finds no free slot before it reaches the insert.)
    /// </summary>
    private static Outcome<Reservation> Deleted(PostgresException ex) =>
        Outcome<Reservation>.Fail(ex.ConstraintName == UsageRepository.TemplateForeignKey ? RuleCodes.TemplateNotFound : RuleCodes.CodeNotFound);

    private Usage NewUsage(Caller caller, DiscountCode discount, Guid templateId, PriceQuote price, RiskAssessment riskAssessment, DateTime now) => new()
    {
        Id = Ids.New(),
        CodeId = discount.Id,
        Code = discount.Code,
        UserId = caller.UserId,
        Email = caller.Email,
        TemplateId = templateId,
        Kind = discount.Kind,
        PercentBps = discount.PercentBps,
        AmountOff = discount.AmountOff,
        OriginalAmount = price.OriginalAmount,
        DiscountAmount = price.DiscountAmount,
        FinalAmount = price.FinalAmount,
        Currency = price.Currency,
        MinimumChargeApplied = price.MinimumChargeApplied,
        Status = UsageStatus.Reserved,
        ReservedAt = now,
        ExpiresAt = now + options.ReservationTtl,
        ClientIp = caller.Ip,
        DeviceFingerprint = caller.DeviceFingerprint,
        RiskScore = riskAssessment.Score,
        RiskSignals = Json.Serialize(riskAssessment.Reasons)!,
        ReviewStatus = riskAssessment.Level == RiskLevel.Medium ? ReviewStatus.Pending : ReviewStatus.None,
        UpdatedAt = now,
    };

    /// <summary>Counts the outcome (holds taken, refusals by reason) and returns it.</summary>
    private static Outcome<Reservation> Record(Outcome<Reservation> outcome)
    {
        if (outcome.Succeeded)
        {
            if (outcome.Value!.Created)
            {
                DiscountsMetrics.HoldsTaken.Add(1);
            }
        }
        else
        {
            DiscountsMetrics.ApplyRefused.Add(1, new KeyValuePair<string, object?>("reason", outcome.Error));
        }

        return outcome;
    }

    /// <summary>The caller's reservation, or null when it does not exist or is someone else's.</summary>
    public async Task<Usage?> GetAsync(Caller caller, Guid reservationId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var usage = await UsageRepository.FindAsync(conn, reservationId);
        return usage is not null && usage.UserId == caller.UserId ? usage : null;
    }

    /// <summary>
    /// The owner gives the hold back (idempotent). A hold with a checkout session is released only after the
    /// session is expired at the payment provider (design.md invariant 5).
    /// </summary>
    public async Task<Outcome<bool>> ReleaseAsync(Caller caller, Guid reservationId, CancellationToken ct)
    {
        var usage = await GetAsync(caller, reservationId, ct);
        if (usage is null)
        {
            return Outcome<bool>.Fail(Errors.NotFound);
        }

        var result = await holdReleaser.ReleaseAsync(usage.Id, ReleaseReason.Cancelled, caller.Actor, ct);
        return result switch
        {
            HoldReleaseResult.Unavailable => Outcome<bool>.Fail(Errors.Unavailable),
            HoldReleaseResult.Paid or HoldReleaseResult.PaymentPending => Outcome<bool>.Fail(Errors.Conflict, "The reservation has been paid for."),
            _ => Outcome<bool>.Ok(true),
        };
    }
}
