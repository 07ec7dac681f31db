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

    /// <summary>The codes of one generation (<see cref="CodeGenerationService"/>), in the order they were written.</summary>
    public IAsyncEnumerable<DiscountCode> GeneratedCodesAsync(Guid generationId, CancellationToken ct)
    {
        const string sql = "SELECT * FROM discount_code WHERE generation_id = @generationId ORDER BY id";
        return StreamAsync<DiscountCode>(sql, new { generationId }, ct);
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
