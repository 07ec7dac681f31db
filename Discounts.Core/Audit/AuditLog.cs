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

    /// <summary>The rows of <paramref name="entries"/>, one statement for any number.</summary>
    private const string InsertEntries = $"""
        {Insert}
        SELECT at, actor, action, code_id, usage_id, purchase_id, template_id, CAST(before AS jsonb), CAST(after AS jsonb), ip
        FROM unnest(@audit_ats, @audit_actors, @audit_actions, @audit_code_ids, @audit_usage_ids, @audit_purchase_ids, @audit_template_ids, @audit_befores, @audit_afters, @audit_ips)
            AS e(at, actor, action, code_id, usage_id, purchase_id, template_id, before, after, ip)
        """;

    public static Task WriteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, AuditEntry entry) => WriteAllAsync(conn, tx, [entry]);

    /// <summary>Writes many entries in one statement (a catalog import audits up to 10,000 changes, a release batch 100).</summary>
    public static Task WriteAllAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<AuditEntry> entries) =>
        entries.Count == 0 ? Task.CompletedTask : conn.ExecuteAsync(InsertEntries, Parameters(new DynamicParameters(), entries), tx);

    /// <summary>
    /// The change and its audit rows in one round trip: <paramref name="changeSql"/> (bound to <paramref name="change"/>'s
    /// properties), then the rows, one command in the caller's transaction. The log's own parameters are named
    /// <c>audit_*</c>, so they never meet the change's.
    /// </summary>
    public static Task WriteWithAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string changeSql, object change, params AuditEntry[] entries) =>
        conn.ExecuteAsync($"{changeSql};\n{InsertEntries}", Parameters(new DynamicParameters(change), entries), tx);

    private static DynamicParameters Parameters(DynamicParameters parameters, IReadOnlyList<AuditEntry> entries)
    {
        parameters.AddDynamicParams(new Dictionary<string, object?>
        {
            ["audit_ats"] = entries.Select(e => e.At).ToArray(),
            ["audit_actors"] = entries.Select(e => e.Actor).ToArray(),
            ["audit_actions"] = entries.Select(e => e.Action.Name).ToArray(),
            ["audit_code_ids"] = entries.Select(e => e.CodeId).ToArray(),
            ["audit_usage_ids"] = entries.Select(e => e.UsageId).ToArray(),
            ["audit_purchase_ids"] = entries.Select(e => e.PurchaseId).ToArray(),
            ["audit_template_ids"] = entries.Select(e => e.TemplateId).ToArray(),
            ["audit_befores"] = entries.Select(e => Json.Serialize(e.Before)).ToArray(),
            ["audit_afters"] = entries.Select(e => Json.Serialize(e.After)).ToArray(),
            ["audit_ips"] = entries.Select(e => e.Ip).ToArray(),
        });
        return parameters;
    }
}
