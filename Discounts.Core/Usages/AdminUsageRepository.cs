using Dapper;
using Discounts.Core.Reservations;
using Npgsql;

namespace Discounts.Core.Usages;

/// <summary>Admin reads of <c>discount_usage</c>.</summary>
internal static class AdminUsageRepository
{
    public static async Task<IReadOnlyList<Usage>> ListAsync(NpgsqlConnection conn, UsageQuery query)
    {
        const string sql = """
            SELECT * FROM discount_usage
            WHERE (@CodeId::uuid IS NULL OR code_id = @CodeId)
              AND (@Status::text IS NULL OR status = @Status)
              AND (@ReviewStatus::text IS NULL OR review_status = @ReviewStatus)
              AND (@AfterReservedAt::timestamptz IS NULL OR (reserved_at, id) < (@AfterReservedAt, @AfterId))
            ORDER BY reserved_at DESC, id DESC
            LIMIT @Limit
            """;
        return (await conn.QueryAsync<Usage>(sql, query)).AsList();
    }
}
