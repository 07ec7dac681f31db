using Dapper;
using Discounts.Core.Codes;
using Discounts.Core.Fraud;
using Discounts.Core.RateLimiting;
using Discounts.Core.Templates;
using Npgsql;

namespace Discounts.Core.Reservations;

/// <summary>
/// The first round trip of validate and of apply: everything they decide on, read in one batch before any
/// transaction — the request's rate-limit hit, the code with its free slots and the caller's facts (migration 0011),
/// the template, and apply's risk signals or validate's own hold. Validate needs nothing else.
/// </summary>
internal static class ReservationReads
{
    private const string CodeAndFacts = """
        SELECT * FROM discount_code WHERE code = @Code;
        SELECT free_slots(c.id, @FreeUpTo) AS free_slots, user_template_holds(@UserId, @TemplateId) AS holds_for_template,
               user_code_uses(@UserId, c.id, c.refund_releases_slot) AS uses, user_has_paid(@UserId) AS has_paid_purchase,
               user_active_holds(@UserId) AS active_holds
        FROM discount_code c WHERE c.code = @Code
        """;

    private const string TemplateById = "SELECT * FROM template WHERE id = @TemplateId";

    /// <summary>The caller's unpaid hold of this code on this template (at most one: discount_usage_one_active).</summary>
    private const string OwnHold = """
        SELECT u.* FROM discount_usage u JOIN discount_code c ON c.id = u.code_id
        WHERE c.code = @Code AND u.user_id = @UserId AND u.template_id = @TemplateId AND u.status IN ('reserved', 'payment_pending')
        """;

    internal const string ApplySql = $"{CodeAndFacts};\n{TemplateById};\n{RiskRepository.ApplySignalsSql}";

    internal const string ApplyLimitedSql = $"{RateLimitHit.Sql};\n{ApplySql}";

    private const string ValidateSql = $"{CodeAndFacts};\n{TemplateById};\n{OwnHold}";

    private const string ValidateLimitedSql = $"{RateLimitHit.Sql};\n{ValidateSql}";

    /// <summary>For apply: the code (null when unknown) with its facts, the template, the risk signals.</summary>
    public static async Task<(DiscountCode? Code, CodeFacts? Facts, Template? Template, RiskSignals Signals)> ForApplyAsync(
        NpgsqlConnection conn, string code, Guid templateId, RiskSignalQuery risk, int freeUpTo, RateLimitHit? hit, CancellationToken ct)
    {
        var parameters = new DynamicParameters(new { Code = code, TemplateId = templateId, FreeUpTo = freeUpTo, risk.UserId, risk.Ip, risk.Device, risk.FailedSubject, risk.Since, risk.WindowFloor, risk.UnpaidSince });
        await using var results = await QueryAsync(conn, hit is null ? ApplySql : ApplyLimitedSql, parameters, hit, ct);
        var (discount, facts) = await ReadCodeAsync(results);
        return (discount, facts, await results.ReadSingleOrDefaultAsync<Template>(), await results.ReadSingleAsync<RiskSignals>());
    }

    /// <summary>For validate: the code (null when unknown) with its facts, the template, the caller's own hold of it.</summary>
    public static async Task<(DiscountCode? Code, CodeFacts? Facts, Template? Template, Usage? OwnHold)> ForValidateAsync(
        NpgsqlConnection conn, string code, Guid templateId, string? userId, RateLimitHit? hit, CancellationToken ct)
    {
        var parameters = new DynamicParameters(new { Code = code, TemplateId = templateId, FreeUpTo = 1, UserId = userId });
        await using var results = await QueryAsync(conn, hit is null ? ValidateSql : ValidateLimitedSql, parameters, hit, ct);
        var (discount, facts) = await ReadCodeAsync(results);
        return (discount, facts, await results.ReadSingleOrDefaultAsync<Template>(), await results.ReadSingleOrDefaultAsync<Usage>());
    }

    private static async Task<SqlMapper.GridReader> QueryAsync(NpgsqlConnection conn, string sql, DynamicParameters parameters, RateLimitHit? hit, CancellationToken ct)
    {
        if (hit is not null)
        {
            parameters.AddDynamicParams(hit.Parameters);
        }

        var results = await conn.QueryMultipleAsync(new CommandDefinition(sql, parameters, cancellationToken: ct));
        if (hit is not null)
        {
            var counts = await results.ReadSingleAsync<RateLimitHit.Counts>();
            hit.Decide(counts.Hits, counts.Shared, counts.Failed);
        }

        return results;
    }

    private static async Task<(DiscountCode? Code, CodeFacts? Facts)> ReadCodeAsync(SqlMapper.GridReader results) =>
        (await results.ReadSingleOrDefaultAsync<DiscountCode>(), await results.ReadSingleOrDefaultAsync<CodeFacts>());
}
