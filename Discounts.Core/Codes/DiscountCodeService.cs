using Discounts.Core.Audit;
using Discounts.Core.Common;
using Discounts.Core.Database;
using Discounts.Core.Templates;
using Npgsql;

namespace Discounts.Core.Codes;

/// <summary>Admin operations on codes.</summary>
public sealed class DiscountCodeService(NpgsqlDataSource dataSource, TimeProvider clock)
{
    /// <summary>
    /// Creates a code and, for a limited one, its slot rows, in one transaction (409 on a duplicate, EC-030; 422
    /// <c>template_not_found</c> when it names a template that does not exist, since it could never apply).
    /// </summary>
    public async Task<Outcome<DiscountCode>> CreateAsync(NewDiscountCode request, string normalizedCode, string actor, string? ip, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var code = request.ToCode(normalizedCode, actor, now);

        return await Transactions.RunAsync(dataSource, async (conn, tx) =>
        {
            if (await MissingTemplatesAsync(conn, tx, code.TemplateIds) is { } missing)
            {
                return Outcome<DiscountCode>.Fail(RuleCodes.TemplateNotFound, missing);
            }

            if (!await DiscountCodeRepository.TryInsertAsync(conn, tx, code))
            {
                return Outcome<DiscountCode>.Fail(Errors.DuplicateCode, $"A code equal to {normalizedCode} exists.");
            }

            if (code.MaxUses is { } max)
            {
                await DiscountCodeRepository.AddSlotsAsync(conn, tx, code.Id, max);
            }

            await AuditLog.WriteAsync(conn, tx, new AuditEntry(now, actor, AuditAction.CodeCreated, code.Id, After: code, Ip: ip));
            return Outcome<DiscountCode>.Ok(code);
        }, ct);
    }

    /// <summary>
    /// Why not, when some of <paramref name="templateIds"/> name no template: a code limited to those could never
    /// apply. Templates are never deleted, so one that exists now still exists at commit; no lock is needed.
    /// </summary>
    internal static async Task<string?> MissingTemplatesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid[]? templateIds)
    {
        if (templateIds is not { Length: > 0 } ids)
        {
            return null;
        }

        var missing = ids.Except(await TemplateRepository.FindExistingIdsAsync(conn, tx, ids)).ToArray();
        return missing.Length == 0 ? null : $"No template has the id {string.Join(", ", missing)}.";
    }

    /// <summary>
    /// Edits a code under optimistic concurrency (EC-027): the caller's version must be the stored one. A new
    /// <c>max_uses</c> reshapes the slot rows in the same transaction and never below the slots held (EC-026).
    /// Holds keep the terms they froze at apply (EC-029). Answers the code as saved with its usage counts.
    /// </summary>
    public async Task<Outcome<(DiscountCode Code, CodeUsageCounts Counts)>> UpdateAsync(Guid id, int expectedVersion, CodeChanges changes, string actor, string? ip, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await Transactions.RunAsync(dataSource, async (conn, tx) =>
        {
            var before = await DiscountCodeRepository.LockAsync(conn, tx, id);
            if (before is null)
            {
                return Outcome<(DiscountCode, CodeUsageCounts)>.Fail(Errors.NotFound);
            }

            if (before.Version != expectedVersion)
            {
                return Outcome<(DiscountCode, CodeUsageCounts)>.Fail(Errors.PreconditionFailed, $"The code is at version {before.Version}; read it again and repeat the edit.");
            }

            if (before.Status == CodeStatus.Archived)
            {
                return Outcome<(DiscountCode, CodeUsageCounts)>.Fail(Errors.Conflict, "An archived code cannot be edited.");
            }

            if (await MissingTemplatesAsync(conn, tx, changes.TemplateIds) is { } missing)
            {
                return Outcome<(DiscountCode, CodeUsageCounts)>.Fail(RuleCodes.TemplateNotFound, missing);
            }

            var after = changes.ApplyTo(before) with { Version = before.Version + 1, UpdatedAt = now };
            if (after.StartsAt is { } s && after.ExpiresAt is { } e && s >= e)
            {
                return Outcome<(DiscountCode, CodeUsageCounts)>.Fail(Errors.InvalidRequest, "expiresAt is after startsAt.");
            }

            if (after.RefundReleasesSlot != before.RefundReleasesSlot && await DiscountCodeRepository.HasRefundedUsagesAsync(conn, tx, id))
            {
                // Past refunds were counted under the old rule; changing it now would make the slot rows disagree.
                return Outcome<(DiscountCode, CodeUsageCounts)>.Fail(Errors.Conflict, "refundReleasesSlot cannot change once the code has refunded usages.");
            }

            var resized = await ResizeSlotsAsync(conn, tx, before, after.MaxUses);
            if (resized is not null)
            {
                return Outcome<(DiscountCode, CodeUsageCounts)>.Fail(Errors.MaxUsesBelowTaken, resized);
            }

            await DiscountCodeRepository.UpdateAsync(conn, tx, after);
            await AuditLog.WriteAsync(conn, tx, new AuditEntry(now, actor, AuditAction.CodeUpdated, id, Before: before, After: after, Ip: ip));
            return Outcome<(DiscountCode, CodeUsageCounts)>.Ok((after, await DiscountCodeRepository.CountUsagesAsync(conn, id)));
        }, ct);
    }

    /// <summary>
    /// Makes the slot rows exactly 1..<paramref name="newMax"/> (none for unlimited) without losing a held
    /// slot; returns why not when fewer than the held slots were asked for (equal is allowed).
    /// </summary>
    private static async Task<string?> ResizeSlotsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, DiscountCode code, int? newMax)
    {
        if (newMax == code.MaxUses)
        {
            return null;
        }

        if (newMax is not { } max)
        {
            await DiscountCodeRepository.DeleteAllSlotsAsync(conn, tx, code.Id);
            return null;
        }

        if (code.MaxUses is null)
        {
            var holders = await DiscountCodeRepository.CountSlotHoldersAsync(conn, tx, code.Id, code.RefundReleasesSlot);
            if (max < holders)
            {
                return $"{holders} usages hold this code now; maxUses must be at least {holders}.";
            }

            await DiscountCodeRepository.AttachSlotHoldersAsync(conn, tx, code.Id, code.RefundReleasesSlot);
            await DiscountCodeRepository.AddSlotsAsync(conn, tx, code.Id, max);
            return null;
        }

        var slots = await DiscountCodeRepository.LockSlotsAsync(conn, tx, code.Id);
        var held = slots.Count(r => r.UsageId is not null);
        if (max < held)
        {
            return $"{held} slots are taken; maxUses must be at least {held}.";
        }

        // Held rows above the new limit move down into free numbers at or below it; free rows above it go.
        var heldAbove = slots.Where(r => r.UsageId is not null && r.SlotNo > max).Select(r => r.SlotNo).ToArray();
        var targets = slots.Where(r => r.UsageId is null && r.SlotNo <= max).Select(r => r.SlotNo).Take(heldAbove.Length).ToArray();
        var freeAbove = slots.Where(r => r.UsageId is null && r.SlotNo > max).Select(r => r.SlotNo);
        await DiscountCodeRepository.DeleteSlotsAsync(conn, tx, code.Id, freeAbove.Concat(targets).ToArray());
        if (heldAbove.Length > 0)
        {
            // Fewer free rows below than held rows above can only mean missing rows: their numbers are free too.
            var missing = Enumerable.Range(1, max).Except(slots.Select(r => r.SlotNo)).Take(heldAbove.Length - targets.Length);
            await DiscountCodeRepository.RenumberSlotsAsync(conn, tx, code.Id, heldAbove, targets.Concat(missing).ToArray());
        }

        await DiscountCodeRepository.AddSlotsAsync(conn, tx, code.Id, max);
        return null;
    }

    /// <summary>
    /// Deletes a code that never had a usage (its slots cascade); archives one that did, so in-flight holds
    /// finish under their frozen terms (EC-028). Returns null when it was deleted.
    /// </summary>
    public async Task<Outcome<DiscountCode?>> ArchiveAsync(Guid id, string actor, string? ip, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await Transactions.RunAsync(dataSource, async (conn, tx) =>
        {
            // FOR UPDATE (not NO KEY): a concurrent reservation's insert holds a key-share lock, so it finishes first.
            var before = await DiscountCodeRepository.LockForDeleteAsync(conn, tx, id);
            if (before is null)
            {
                return Outcome<DiscountCode?>.Fail(Errors.NotFound);
            }

            if (!await DiscountCodeRepository.HasUsagesAsync(conn, tx, id))
            {
                await DiscountCodeRepository.DeleteAsync(conn, tx, id);
                await AuditLog.WriteAsync(conn, tx, new AuditEntry(now, actor, AuditAction.CodeDeleted, id, Before: before, Ip: ip));
                return Outcome<DiscountCode?>.Ok(null);
            }

            if (before.Status == CodeStatus.Archived)
            {
                return Outcome<DiscountCode?>.Ok(before);
            }

            var after = before with { Status = CodeStatus.Archived, Version = before.Version + 1, UpdatedAt = now };
            await DiscountCodeRepository.UpdateAsync(conn, tx, after);
            await AuditLog.WriteAsync(conn, tx, new AuditEntry(now, actor, AuditAction.CodeArchived, id, Before: new { before.Status }, After: new { after.Status }, Ip: ip));
            return Outcome<DiscountCode?>.Ok(after);
        }, ct);
    }

    public async Task<(DiscountCode Code, CodeUsageCounts Counts)?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var code = await DiscountCodeRepository.FindByIdAsync(conn, id);
        return code is null ? null : (code, await DiscountCodeRepository.CountUsagesAsync(conn, id));
    }

    /// <summary>The code written as <paramref name="code"/> (any case, as a shopper types it), or null.</summary>
    public async Task<DiscountCode?> FindByCodeAsync(string? code, CancellationToken ct)
    {
        if (!CodeNormalizer.TryNormalize(code, out var normalized))
        {
            return null;
        }

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await DiscountCodeRepository.FindByCodeAsync(conn, normalized);
    }

    public async Task<IReadOnlyList<(DiscountCode Code, CodeUsageCounts Counts)>> ListAsync(CodeListFilter filter, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var codes = await DiscountCodeRepository.ListAsync(conn, filter);
        var counts = await DiscountCodeRepository.CountUsagesAsync(conn, codes.Select(c => c.Id).ToArray());
        return codes.Select(c => (c, counts[c.Id])).ToList();
    }
}
