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
            INSERT INTO discount_audit_log (at, actor, action, code_id, usage_id, purchase_id, template_id, before, after, ip)
            VALUES (@At, @Actor, @Action, @CodeId, @UsageId, @PurchaseId, @TemplateId, CAST(@Before AS jsonb), CAST(@After AS jsonb), @Ip)
            """;
        return conn.ExecuteAsync(sql, new
        {
            entry.At,
            entry.Actor,
            entry.Action,
            entry.CodeId,
            entry.UsageId,
            entry.PurchaseId,
            entry.TemplateId,
            Before = Json.Serialize(entry.Before),
            After = Json.Serialize(entry.After),
            entry.Ip,
        }, tx);
    }

    /// <summary>Writes many entries in one statement (a catalog import audits up to 10,000 changes).</summary>
    public static Task WriteAllAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<AuditEntry> entries)
    {
        const string sql = """
            INSERT INTO discount_audit_log (at, actor, action, code_id, usage_id, purchase_id, template_id, before, after, ip)
            SELECT at, actor, action, code_id, usage_id, purchase_id, template_id, CAST(before AS jsonb), CAST(after AS jsonb), ip
            FROM unnest(@ats, @actors, @actions, @codeIds, @usageIds, @purchaseIds, @templateIds, @befores, @afters, @ips)
                AS e(at, actor, action, code_id, usage_id, purchase_id, template_id, before, after, ip)
            """;
        return entries.Count == 0 ? Task.CompletedTask : conn.ExecuteAsync(sql, new
        {
            ats = entries.Select(e => e.At).ToArray(),
            actors = entries.Select(e => e.Actor).ToArray(),
            actions = entries.Select(e => e.Action).ToArray(),
            codeIds = entries.Select(e => e.CodeId).ToArray(),
            usageIds = entries.Select(e => e.UsageId).ToArray(),
            purchaseIds = entries.Select(e => e.PurchaseId).ToArray(),
            templateIds = entries.Select(e => e.TemplateId).ToArray(),
            befores = entries.Select(e => Json.Serialize(e.Before)).ToArray(),
            afters = entries.Select(e => Json.Serialize(e.After)).ToArray(),
            ips = entries.Select(e => e.Ip).ToArray(),
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
