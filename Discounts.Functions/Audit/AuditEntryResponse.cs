using System.Text.Json;
using Discounts.Core.Audit;

namespace Discounts.Functions.Audit;

/// <summary>One audit row; before/after are the stored JSON documents.</summary>
public sealed record AuditEntryResponse(
    long Id,
    DateTime At,
    string Actor,
    string Action,
    Guid? CodeId,
    Guid? UsageId,
    Guid? PurchaseId,
    Guid? TemplateId,
    JsonElement? Before,
    JsonElement? After,
    string? Ip)
{
    public static AuditEntryResponse From(AuditRecord r) =>
        new(r.Id, r.At, r.Actor, r.Action, r.CodeId, r.UsageId, r.PurchaseId, r.TemplateId, Parse(r.Before), Parse(r.After), r.Ip);

    private static JsonElement? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
