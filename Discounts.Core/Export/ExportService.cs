using System.Runtime.CompilerServices;
using Dapper;
using Discounts.Core.Codes;
using Discounts.Core.Reservations;
using Npgsql;

namespace Discounts.Core.Export;

/// <summary>
/// The rows of the admin exports, streamed from one unbuffered query each so an export of any size holds one
/// row in memory at a time.
/// </summary>
public sealed class ExportService(NpgsqlDataSource dataSource)
{
    public IAsyncEnumerable<DiscountCode> CodesAsync(CancellationToken ct)
    {
        const string sql = "SELECT * FROM discount_code ORDER BY created_at, id";
        return StreamAsync<DiscountCode>(sql, null, ct);
    }

    /// <summary>
    /// The codes one generation made (<see cref="DiscountCodeService.GenerateAsync"/>), given its first: a generation
    /// writes all its single-use codes in one transaction at one time, by one admin, with one campaign.
    /// </summary>
    public IAsyncEnumerable<DiscountCode> GeneratedCodesAsync(DiscountCode first, CancellationToken ct)
    {
        const string sql = """
            SELECT * FROM discount_code
            WHERE created_at = @CreatedAt AND created_by = @CreatedBy AND campaign IS NOT DISTINCT FROM @Campaign
              AND max_uses = 1 AND max_uses_per_user = 1
            ORDER BY created_at, id
            """;
        return StreamAsync<DiscountCode>(sql, new { first.CreatedAt, first.CreatedBy, first.Campaign }, ct);
    }

    public IAsyncEnumerable<Usage> UsagesAsync(CancellationToken ct)
    {
        const string sql = "SELECT * FROM discount_usage ORDER BY reserved_at, id";
        return StreamAsync<Usage>(sql, null, ct);
    }

    public IAsyncEnumerable<PurchaseExportRow> PurchasesAsync(CancellationToken ct)
    {
        const string sql = """
            SELECT p.id, p.user_id, p.template_id, p.usage_id, u.code, p.status, p.currency, p.original_amount,
                   p.discount_amount, p.final_amount, p.stripe_session_id, p.stripe_payment_intent_id, p.created_at, p.paid_at
            FROM purchase p LEFT JOIN discount_usage u ON u.id = p.usage_id
            ORDER BY p.created_at, p.id
            """;
        return StreamAsync<PurchaseExportRow>(sql, null, ct);
    }

    private async IAsyncEnumerable<T> StreamAsync<T>(string sql, object? parameters, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await foreach (var row in conn.QueryUnbufferedAsync<T>(sql, parameters).WithCancellation(ct))
        {
            yield return row;
        }
    }
}
