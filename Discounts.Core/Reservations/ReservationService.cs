using Discounts.Core.Codes;
using Discounts.Core.Common;
using Discounts.Core.Database;
using Discounts.Core.Fraud;
using Discounts.Core.Observability;
using Discounts.Core.Templates;
using Npgsql;

namespace Discounts.Core.Reservations;

/// <summary>Validate, apply (reserve a slot), read and release reservations.</summary>
public sealed class ReservationService(NpgsqlDataSource dataSource, TimeProvider clock, DiscountsOptions options, HoldReleaser holdReleaser, RiskService risk)
{
    /// <summary>Read-only: would this code apply to this template for this caller, and at what price.</summary>
    public async Task<Validation> ValidateAsync(Caller? caller, string code, Guid templateId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var (discount, template) = await DiscountCodeRepository.FindForPricingAsync(conn, code, templateId);
        if (discount is null)
        {
            return new Validation(false, code, null, null, RuleCodes.CodeNotFound);
        }

        var failure = RuleEvaluator.CheckCode(discount, template, now);
        if (failure is not null)
        {
            return new Validation(false, code, discount, null, failure);
        }

        if (caller is not null)
        {
            var facts = await UsageRepository.ReadUserFactsAsync(conn, caller.UserId, discount.Id, templateId, discount.RefundReleasesSlot);
            if (facts.ActiveForTemplate.FirstOrDefault(h => h.CodeId == discount.Id) is { } hold)
            {
                return new Validation(true, code, discount, new(hold.Currency, hold.OriginalAmount, hold.DiscountAmount, hold.FinalAmount, hold.MinimumChargeApplied), null);
            }

            failure = RuleEvaluator.CheckUser(discount, facts.Uses, facts.HasPaidPurchase);
            if (failure is not null)
            {
                return new Validation(false, code, discount, null, failure);
            }
        }

        if (discount.MaxUses is not null && !await SlotRepository.HasFreeAsync(conn, discount.Id))
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
    /// </summary>
    public async Task<Outcome<Reservation>> ApplyAsync(Caller caller, string code, Guid templateId, string? captchaToken, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        DiscountCode? discount;
        Template? template;
        RiskSignals signals;
        int freeSlots;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            (discount, template, signals, freeSlots) = await DiscountCodeRepository.FindForApplyAsync(conn, code, templateId, risk.SignalQuery(caller), options.ScarceFreeSlots + 1);
        }

        var failure = discount is null ? RuleCodes.CodeNotFound : RuleEvaluator.CheckCode(discount, template, now);
        if (discount is null || failure is not null)
        {
            var refused = Outcome<Reservation>.Fail(failure ?? RuleCodes.CodeNotFound);
            Record(refused);
            return refused;
        }

        // Fraud scoring (EC-014): high risk is refused, medium needs a CAPTCHA and goes to the review queue.
        var assessment = await risk.AssessApplyAsync(caller, signals, captchaToken, ct);
        if (!assessment.Succeeded)
        {
            var refused = Outcome<Reservation>.Fail(assessment.Error!, assessment.Detail);
            Record(refused);
            return refused;
        }

        var price = RuleEvaluator.Price(discount, template!);
        var riskAssessment = assessment.Value!;
        // EC-044: on a scarce code (few free slots left), one address and one device hold only so many at once.
        var capShared = discount.MaxUses is not null && freeSlots <= options.ScarceFreeSlots && (caller.Ip ?? caller.DeviceFingerprint) is not null;
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

            if (holds >= options.MaxActiveHoldsPerUser)
            {
                return Outcome<Reservation>.Fail(Errors.HoldLimitReached, $"At most {options.MaxActiveHoldsPerUser} reservations may be held at once.");
            }

            var userFailure = RuleEvaluator.CheckUser(discount, uses, facts.HasPaidPurchase);
            if (userFailure is not null)
            {
                return Outcome<Reservation>.Fail(userFailure);
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

            var usage = new Usage
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

            // Every rule was checked above, so a transaction holding a slot row almost never rolls back.
            var after = Json.Serialize(new { status = usage.Status, usage.TemplateId, usage.FinalAmount, usage.Currency, usage.ExpiresAt })!;
            bool reserved;
            try
            {
                reserved = discount.MaxUses is null
                    ? await UsageRepository.ReserveAsync(conn, tx, usage, SlotClaim.None, caller.Actor, after)
                    : await UsageRepository.ReserveAsync(conn, tx, usage, SlotClaim.SkipLocked, caller.Actor, after, discount.MaxUses) ||
                      await UsageRepository.ReserveAsync(conn, tx, usage, SlotClaim.Wait, caller.Actor, after);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ForeignKeyViolation)
            {
                // The code (or template) read before this transaction was deleted since — ArchiveDiscount deletes a
                // code that never had a usage: for this caller it no longer exists. (A limited code's slots go with
                // it, so that case answers code_exhausted above without reaching the insert.)
                return Outcome<Reservation>.Fail(ex.ConstraintName == UsageRepository.TemplateForeignKey ? RuleCodes.TemplateNotFound : RuleCodes.CodeNotFound);
            }

            return reserved
                ? Outcome<Reservation>.Ok(new Reservation(usage, Created: true))
                : Outcome<Reservation>.Fail(RuleCodes.CodeExhausted);
        }, ct);
        Record(outcome);
        if (outcome.Succeeded)
        {
            foreach (var reason in released)
            {
                DiscountsMetrics.HoldsReleased.Add(1, new KeyValuePair<string, object?>("reason", reason));
            }
        }

        return outcome;
    }

    private static void Record(Outcome<Reservation> outcome)
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
