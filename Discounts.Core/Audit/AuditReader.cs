using Dapper;
using Npgsql;

namespace Discounts.Core.Audit;

/// <summary>Reads the audit trail for admins.</summary>
public sealed class AuditReader(NpgsqlDataSource dataSource)
{
    /// <summary>Rows matching every given filter (<c>from</c> inclusive, <c>to</c> exclusive), newest first.</summary>
    public async Task<IReadOnlyList<AuditRecord>> ListAsync(AuditQuery query, CancellationToken ct)
    {
        const string sql = """
            SELECT * FROM discount_audit_log
            WHERE (@CodeId::uuid IS NULL OR code_id = @CodeId)
              AND (@UsageId::uuid IS NULL OR usage_id = @UsageId)
              AND (@TemplateId::uuid IS NULL OR template_id = @TemplateId)
              AND (@Actor::text IS NULL OR actor = @Actor)
              AND (@Action::text IS NULL OR action = @Action)
              AND (@From::timestamptz IS NULL OR at >= @From)
              AND (@To::timestamptz IS NULL OR at < @To)
              AND (@BeforeId::bigint IS NULL OR id < @BeforeId)
            ORDER BY id DESC
            LIMIT @Limit
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<AuditRecord>(new CommandDefinition(sql, query, cancellationToken: ct))).AsList();
    }
}
