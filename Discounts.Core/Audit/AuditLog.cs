using Dapper;
using Discounts.Core.Common;
using Npgsql;

namespace Discounts.Core.Audit;

/// <summary>Writes audit rows; always inside the transaction of the change it records (invariant 7).</summary>
public static class AuditLog
{
    public static Task WriteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, AuditEntry entry)
    {
        const string sql = """
            INSERT INTO discount_audit_log (at, actor, action, code_id, usage_id, purchase_id, before, after, ip)
            VALUES (@At, @Actor, @Action, @CodeId, @UsageId, @PurchaseId, CAST(@Before AS jsonb), CAST(@After AS jsonb), @Ip)
            """;
        return conn.ExecuteAsync(sql, new
        {
            entry.At,
            entry.Actor,
            entry.Action,
            entry.CodeId,
            entry.UsageId,
            entry.PurchaseId,
            Before = Json.Serialize(entry.Before),
            After = Json.Serialize(entry.After),
            entry.Ip,
        }, tx);
    }

    /// <summary>Audits many usages in one statement (the release job's batches).</summary>
    public static Task WriteManyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, DateTime at, string actor, string action, IReadOnlyList<(Guid CodeId, Guid UsageId)> rows, object before, object after)
    {
        const string sql = """
            INSERT INTO discount_audit_log (at, actor, action, code_id, usage_id, before, after)
            SELECT @at, @actor, @action, c, u, CAST(@before AS jsonb), CAST(@after AS jsonb)
            FROM unnest(@codeIds, @usageIds) AS t(c, u)
            """;
        return conn.ExecuteAsync(sql, new
        {
            at,
            actor,
            action,
            codeIds = rows.Select(r => r.CodeId).ToArray(),
            usageIds = rows.Select(r => r.UsageId).ToArray(),
            before = Json.Serialize(before),
            after = Json.Serialize(after),
        }, tx);
    }
}
