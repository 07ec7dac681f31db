using System.Text.Encodings.Web;
using System.Text.Json;
using Discounts.Core.Audit;
using Discounts.Functions.Http;
using Discounts.Functions.Audit;

namespace Discounts.Functions.AdminConsole.Pages.Audit;

/// <summary>
/// The audit trail (ListAuditLog: <see cref="AuditLogFilter"/>'s filters and id paging, the same query names), with
/// from/to read in the admin's zone, and each row's before/after documents.
/// </summary>
public sealed class AuditLogModel(AuditReader audit) : ConsolePage
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }; // shown through Razor's HTML encoding

    public static readonly int[] PageSizes = [20, 50, 100, 200];

    public IReadOnlyList<AuditRecord> Rows { get; private set; } = [];

    public string? NextCursor { get; private set; }

    public bool Failed { get; private set; }

    /// <summary>The page link's cursor is not one this list wrote.</summary>
    public bool BadCursor { get; private set; }

    public int Limit { get; private set; } = Paging.DefaultLimit;

    public string Value(string name) => Request.Query[name].ToString();

    public bool Filtered => Filters.Any(name => Value(name).Length > 0);

    public bool Paged => Request.Query.ContainsKey("cursor");

    private static readonly string[] Filters = ["action", "actor", "codeId", "usageId", "templateId", "from", "to"];

    public async Task OnGetAsync()
    {
        var errors = new Dictionary<string, string[]>();
        var query = AuditLogFilter.Read(Request.Query, errors, name =>
        {
            if (Format.TryUtc(Request.Query[name], out var utc))
            {
                return utc?.UtcDateTime;
            }

            errors[name] = [$"{name} is a date and time."];
            return null;
        });
        Limit = query.Limit;
        if (errors.Count > 0)
        {
            AddErrors(errors);
            Failed = true;
            BadCursor = errors.ContainsKey("cursor");
            return;
        }

        Rows = await audit.ListAsync(query, HttpContext.RequestAborted);
        NextCursor = AuditLogFilter.NextCursor(Rows, query.Limit);
    }

    /// <summary>A stored document, indented for reading (Razor encodes it).</summary>
    public static string Pretty(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement, Indented);
    }

    /// <summary>The top-level fields whose values differ between the documents (those of both when one is missing or not an object).</summary>
    public static IReadOnlyList<string> Changed(string? before, string? after)
    {
        using var b = before is null ? null : JsonDocument.Parse(before);
        using var a = after is null ? null : JsonDocument.Parse(after);
        var fields = new Dictionary<string, (string? Before, string? After)>(StringComparer.Ordinal);
        foreach (var (document, isAfter) in new[] { (b, false), (a, true) })
        {
            if (document?.RootElement is not { ValueKind: JsonValueKind.Object } root)
            {
                continue;
            }

            foreach (var property in root.EnumerateObject())
            {
                var value = fields.GetValueOrDefault(property.Name);
                fields[property.Name] = isAfter ? (value.Before, property.Value.GetRawText()) : (property.Value.GetRawText(), value.After);
            }
        }

        return fields.Where(f => f.Value.Before != f.Value.After).Select(f => f.Key).ToList();
    }

    /// <summary>This list with the same filters, from <paramref name="cursor"/> (null: the first page).</summary>
    public string PageUrl(string? cursor) =>
        "/console/audit" + QueryString.Create(Filters.Append("limit").Select(name => KeyValuePair.Create(name, (string?)Value(name)))
            .Append(KeyValuePair.Create("cursor", cursor))
            .Where(p => !string.IsNullOrEmpty(p.Value))).ToUriComponent();
}
