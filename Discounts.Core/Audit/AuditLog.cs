using Dapper;
using Discounts.Core.Common;
using Npgsql;

namespace Discounts.Core.Audit;

/// <summary>
/// Writes audit rows; always inside the transaction of the change it records (invariant 7). The one place that
/// knows the table's columns: the two statements that insert a row in the same statement as their change (a new
/// hold, a batch of generated codes) use <see cref="Insert"/> too.
/// </summary>
internal static class AuditLog
{
    /// <summary>The head of every insert into the log; a <c>SELECT</c> of the ten columns in this order follows.</summary>
    public const string Insert = "INSERT INTO discount_audit_log (at, actor, action, code_id, usage_id, purchase_id, template_id, before, after, ip)";

    public static Task WriteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, AuditEntry entry) => WriteAllAsync(conn, tx, [entry]);

    /// <summary>Writes many entries in one statement (a catalog import audits up to 10,000 changes, a release batch 100).</summary>
    public static Task WriteAllAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<AuditEntry> entries)
    {
        const string sql = $"""
            {Insert}
            SELECT at, actor, action, code_id, usage_id, purchase_id, template_id, CAST(before AS jsonb), CAST(after AS jsonb), ip
            FROM unnest(@ats, @actors, @actions, @codeIds, @usageIds, @purchaseIds, @templateIds, @befores, @afters, @ips)
                AS e(at, actor, action, code_id, usage_id, purchase_id, template_id, before, after, ip)
            """;
        return entries.Count == 0 ? Task.CompletedTask : conn.ExecuteAsync(sql, new
        {
            ats = entries.Select(e => e.At).ToArray(),
            actors = entries.Select(e => e.Actor).ToArray(),
            actions = entries.Select(e => e.Action.Name).ToArray(),
            codeIds = entries.Select(e => e.CodeId).ToArray(),
            usageIds = entries.Select(e => e.UsageId).ToArray(),
            purchaseIds = entries.Select(e => e.PurchaseId).ToArray(),
            templateIds = entries.Select(e => e.TemplateId).ToArray(),
            befores = entries.Select(e => Json.Serialize(e.Before)).ToArray(),
            afters = entries.Select(e => Json.Serialize(e.After)).ToArray(),
            ips = entries.Select(e => e.Ip).ToArray(),
        }, tx);
    }
}
