using Discounts.Core.Audit;
using Discounts.Core.Common;
using Discounts.Core.Database;
using Npgsql;

namespace Discounts.Core.Codes;

/// <summary>Admin operations on codes.</summary>
public sealed class DiscountCodeService(NpgsqlDataSource dataSource, TimeProvider clock, CodeGenerator generator)
{
    /// <summary>Creates a code and, for a limited one, its slot rows, in one transaction (409 on a duplicate, EC-030).</summary>
    public async Task<Outcome<DiscountCode>> CreateAsync(NewDiscountCode request, string normalizedCode, string actor, string? ip, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var code = new DiscountCode
        {
            Id = Ids.New(),
            Code = normalizedCode,
            Description = request.Description ?? "",
            Kind = request.Kind!,
            PercentBps = request.PercentOff is { } p ? (int)(p * 100) : null,
            AmountOff = request.AmountOff,
            Currency = request.Currency,
            MaxUses = request.MaxUses,
            MaxUsesPerUser = request.MaxUsesPerUser ?? 1,
            MinOrderAmount = request.MinOrderAmount,
            TemplateIds = request.TemplateIds?.Distinct().ToArray() ?? [],
            FirstPurchaseOnly = request.FirstPurchaseOnly,
            StartsAt = request.StartsAt?.UtcDateTime,
            ExpiresAt = request.ExpiresAt?.UtcDateTime,
            Status = CodeStatus.Active,
            Campaign = request.Campaign,
            RefundReleasesSlot = request.RefundReleasesSlot,
            Version = 1,
            CreatedBy = actor,
            CreatedAt = now,
            UpdatedAt = now,
        };

        var created = await Transactions.RunAsync(dataSource, async (conn, tx) =>
        {
            if (!await DiscountCodeRepository.TryInsertAsync(conn, tx, code))
            {
                return false;
            }

            if (code.MaxUses is { } max)
            {
                await DiscountCodeRepository.AddSlotsAsync(conn, tx, code.Id, max);
            }

            await AuditLog.WriteAsync(conn, tx, new AuditEntry(now, actor, "code.created", code.Id, After: code, Ip: ip));
            return true;
        }, ct);
        return created ? Outcome<DiscountCode>.Ok(code) : Outcome<DiscountCode>.Fail(Errors.DuplicateCode, $"A code equal to {normalizedCode} exists.");
    }

    public async Task<(DiscountCode Code, CodeUsageCounts Counts)?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var code = await DiscountCodeRepository.FindByIdAsync(conn, id);
        return code is null ? null : (code, await DiscountCodeRepository.CountUsagesAsync(conn, id));
    }

    public async Task<IReadOnlyList<(DiscountCode Code, CodeUsageCounts Counts)>> ListAsync(CodeListFilter filter, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var codes = await DiscountCodeRepository.ListAsync(conn, filter);
        var counts = await DiscountCodeRepository.CountUsagesAsync(conn, codes.Select(c => c.Id).ToArray());
        return codes.Select(c => (c, counts[c.Id])).ToList();
    }

    /// <summary>
    /// Generates a campaign of unique single-use codes in one transaction. Candidates that collide with an
    /// existing code (the unique index says so) are drawn again (EC-053).
    /// </summary>
    public async Task<IReadOnlyList<string>> GenerateAsync(CodeBatch batch, string actor, string? ip, CancellationToken ct)
    {
        const int MaxRounds = 20;
        var now = clock.GetUtcNow().UtcDateTime;
        var terms = batch.Terms;
        return await Transactions.RunAsync(dataSource, async (conn, tx) =>
        {
            var created = new List<string>(batch.Count);
            for (var round = 0; created.Count < batch.Count; round++)
            {
                if (round == MaxRounds)
                {
                    throw new InvalidOperationException($"Could not draw {batch.Count} unique codes in {MaxRounds} rounds; use a longer length.");
                }

                var candidates = new HashSet<string>(StringComparer.Ordinal);
                while (candidates.Count < batch.Count - created.Count)
                {
                    candidates.Add(generator.Next(batch.Prefix, batch.Length));
                }

                created.AddRange(await DiscountCodeRepository.InsertBatchAsync(conn, tx, candidates.ToArray(), terms, actor, now));
            }

            await AuditLog.WriteAsync(conn, tx, new AuditEntry(now, actor, "codes.generated", After: new { batch.Count, batch.Prefix, terms.Campaign, first = created[0] }, Ip: ip));
            return (IReadOnlyList<string>)created;
        }, ct);
    }
}
