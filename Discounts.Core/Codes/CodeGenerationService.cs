using System.Text.Json;
using Discounts.Core.Audit;
using Discounts.Core.Common;
using Discounts.Core.Database;
using Npgsql;

namespace Discounts.Core.Codes;

/// <summary>
/// Campaigns of unique single-use codes (GenerateDiscountCodes, the console's campaign page), up to
/// <see cref="CodeBatch.MaxCount"/>. Up to <see cref="InlineMax"/> are written in the request, in one transaction
/// with the generation's row; a larger one is queued and written in the background by <see cref="RunPendingAsync"/>,
/// <see cref="ChunkSize"/> codes a transaction, its progress kept on its row for the admin to poll. Codes are written
/// with COPY (CodeGenerationRepository); a candidate that collides with an existing code is drawn again (EC-053).
/// </summary>
public sealed class CodeGenerationService(NpgsqlDataSource dataSource, TimeProvider clock, CodeGenerator generator)
{
    /// <summary>The largest generation written in the request itself (10,000 codes: about a second).</summary>
    public int InlineMax { get; init; } = 10_000;

    /// <summary>Codes written per transaction in the background: a chunk of 50,000 commits in a few seconds.</summary>
    public int ChunkSize { get; init; } = 50_000;

    /// <summary>Rounds of redrawing collided candidates before a generation gives up (its length leaves too few codes).</summary>
    private const int MaxRounds = 20;

    /// <summary>
    /// Creates the generation (its row and audit row); writes its codes now when there are at most
    /// <see cref="InlineMax"/>, else queues it. 422 <c>template_not_found</c> as for a single code.
    /// </summary>
    public async Task<Outcome<GeneratedCodes>> CreateAsync(CodeBatch batch, string actor, string? ip, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await Transactions.RunAsync(dataSource, async (conn, tx) =>
        {
            if (await DiscountCodeService.MissingTemplatesAsync(conn, tx, batch.Terms.TemplateIds) is { } missing)
            {
                return Outcome<GeneratedCodes>.Fail(RuleCodes.TemplateNotFound, missing);
            }

            var generation = new CodeGeneration
            {
                Id = Ids.New(), Count = batch.Count, Prefix = batch.Prefix, Length = batch.Length, Terms = Json.Serialize(batch.Terms)!,
                Campaign = batch.Terms.Campaign, Status = CodeGenerationStatus.Queued, CreatedBy = actor, CreatedAt = now, UpdatedAt = now,
            };
            await CodeGenerationRepository.InsertAsync(conn, tx, generation);
            await AuditLog.WriteAsync(conn, tx, new AuditEntry(now, actor, AuditAction.CodesGenerated,
                After: new { generationId = generation.Id, batch.Count, batch.Prefix, batch.Terms.Campaign }, Ip: ip));
            if (batch.Count > InlineMax)
            {
                return Outcome<GeneratedCodes>.Ok(new GeneratedCodes(generation, null));
            }

            var written = await WriteAsync(conn, tx, generation, batch.Terms, batch.Count, now, ct);
            if (written < batch.Count)
            {
                throw new InvalidOperationException($"Could not draw {batch.Count} unique codes in {MaxRounds} rounds; use a longer length.");
            }

            generation = generation with { Generated = written, Status = CodeGenerationStatus.Done, FinishedAt = now };
            await CodeGenerationRepository.SetProgressAsync(conn, tx, generation.Id, written, generation.Status, null, now);
            return Outcome<GeneratedCodes>.Ok(new GeneratedCodes(generation, await CodeGenerationRepository.CodesAsync(conn, tx, generation.Id)));
        }, ct);
    }

    public async Task<CodeGeneration?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await CodeGenerationRepository.FindAsync(conn, id);
    }

    /// <summary>
    /// Writes the codes of every unfinished generation, oldest first, one chunk per transaction, until none is left
    /// (the RunCodeGenerations timer, and the instance that queued one, at once). Instances share the work: each chunk
    /// locks its generation's row, and another instance skips a locked one. A generation whose length leaves too few
    /// new codes fails, saying so. Returns how many codes were written.
    /// </summary>
    public async Task<int> RunPendingAsync(CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            var written = await Transactions.RunAsync(dataSource, async (conn, tx) =>
            {
                if (await CodeGenerationRepository.LockNextAsync(conn, tx) is not { } generation)
                {
                    return (int?)null;
                }

                var now = clock.GetUtcNow().UtcDateTime;
                var terms = JsonSerializer.Deserialize<NewDiscountCode>(generation.Terms, Json.Options)!;
                var wanted = Math.Min(ChunkSize, generation.Count - generation.Generated);
                var written = await WriteAsync(conn, tx, generation, terms, wanted, now, ct);
                var generated = generation.Generated + written;
                var (status, error) = generated == generation.Count ? (CodeGenerationStatus.Done, null)
                    : written < wanted ? (CodeGenerationStatus.Failed, $"Could not draw unique codes in {MaxRounds} rounds after {generated}; use a longer length.")
                    : (CodeGenerationStatus.Running, (string?)null);
                await CodeGenerationRepository.SetProgressAsync(conn, tx, generation.Id, generated, status, error, now);
                return written;
            }, ct);
            if (written is null)
            {
                return total;
            }

            total += written.Value;
        }
    }

    /// <summary>Writes up to <paramref name="wanted"/> new codes of the generation in the caller's transaction; fewer only when <see cref="MaxRounds"/> rounds of redrawing collisions did not find them.</summary>
    private async Task<int> WriteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CodeGeneration generation, NewDiscountCode terms, int wanted, DateTime now, CancellationToken ct)
    {
        var single = SingleUse(terms, generation, now);
        var written = 0;
        for (var round = 0; round < MaxRounds && written < wanted; round++)
        {
            // Distinct within the round; a generator that keeps repeating itself (a length too short) ends the round early.
            var need = wanted - written;
            var candidates = new HashSet<string>(need, StringComparer.Ordinal);
            for (var draws = 0; candidates.Count < need && draws < need * 4; draws++)
            {
                candidates.Add(generator.Next(generation.Prefix, generation.Length));
            }

            written += await CodeGenerationRepository.InsertChunkAsync(conn, tx, generation.Id, single, candidates.Select(c => (Ids.New(), c)), ct);
        }

        return written;
    }

    /// <summary>
    /// What every code of the generation is: its terms, single-use, created by whoever asked for the generation (each
    /// code's own text and id come from its candidate).
    /// </summary>
    public static DiscountCode SingleUse(NewDiscountCode terms, CodeGeneration generation, DateTime now) =>
        terms.ToCode("", generation.CreatedBy, now) with { MaxUses = 1, MaxUsesPerUser = 1 };
}
