using System.Globalization;
using Discounts.Core.Audit;
using Discounts.Functions.Http;

namespace Discounts.Functions.Audit;

/// <summary>
/// The filters and paging of the audit trail (ListAuditLog and the console's audit page): <c>codeId</c>,
/// <c>usageId</c>, <c>templateId</c>, <c>actor</c>, <c>action</c>, <c>from</c> (inclusive), <c>to</c> (exclusive),
/// <c>limit</c>, and <c>cursor</c> (the <c>nextCursor</c> of the page before, opaque like every list's).
/// </summary>
public static class AuditLogFilter
{
    public const int MaxActor = 200;
    public const int MaxAction = 100;

    /// <summary>
    /// Reads the query; errors keyed by parameter. <paramref name="time"/> reads <c>from</c> and <c>to</c> (default:
    /// ISO 8601 UTC, <see cref="Paging.Time"/>; the console reads its inputs in the admin's zone).
    /// </summary>
    public static AuditQuery Read(IQueryCollection query, Dictionary<string, string[]> errors, Func<string, DateTime?>? time = null)
    {
        time ??= name => Paging.Time(query, name, errors);
        var codeId = OptionalGuid(query, "codeId", errors);
        var usageId = OptionalGuid(query, "usageId", errors);
        var templateId = OptionalGuid(query, "templateId", errors);
        var from = time("from");
        var to = time("to");
        var limit = Paging.Limit(query, errors);
        string? actor = query["actor"];
        if (actor is { Length: > MaxActor })
        {
            errors["actor"] = [$"actor is at most {MaxActor} characters."];
        }

        string? action = query["action"];
        if (action is { Length: > MaxAction })
        {
            errors["action"] = [$"action is at most {MaxAction} characters."];
        }

        var beforeId = Paging.IdCursor(query, errors);

        return new AuditQuery
        {
            CodeId = codeId,
            UsageId = usageId,
            TemplateId = templateId,
            Actor = actor is { Length: > 0 } ? actor : null,
            Action = action is { Length: > 0 } ? action : null,
            From = from,
            To = to,
            BeforeId = beforeId,
            Limit = limit,
        };
    }

    /// <summary>The cursor of the page after <paramref name="page"/>; null on the last page.</summary>
    public static string? NextCursor(IReadOnlyList<AuditRecord> page, int limit) =>
        page.Count == limit ? Paging.EncodeIdCursor(page[^1].Id) : null;

    private static Guid? OptionalGuid(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        if (query[name].ToString() is not { Length: > 0 } text)
        {
            return null;
        }

        if (Guid.TryParse(text, out var id))
        {
            return id;
        }

        errors[name] = [$"{name} is a UUID."];
        return null;
    }
}
