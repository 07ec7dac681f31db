using System.Text.Json;
using Discounts.Core.Audit;
using Discounts.Core.Reservations;
using Microsoft.AspNetCore.Mvc;
using Discounts.Core.Usages;

namespace Discounts.Functions.AdminConsole.Pages.Review;

/// <summary>
/// What a review did, from the usage as it is now and its last <c>usage.reviewed</c> audit row (who, when, the note,
/// and the provider's refund id when a rejection refunded a payment): the same after a reload or from a link.
/// </summary>
public sealed class OutcomeModel(UsageAdminService usages, AuditReader audit) : ConsolePage
{
    public Usage Usage { get; private set; } = null!;

    public AuditRecord? Review { get; private set; }

    public string? ReviewNote { get; private set; }

    public string? RefundId { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (await usages.FindAsync(id, HttpContext.RequestAborted) is not { } usage)
        {
            return NotFound();
        }

        Usage = usage;
        var reviews = await audit.ListAsync(new AuditQuery { UsageId = id, Action = AuditAction.UsageReviewed.Name, Limit = 1 }, HttpContext.RequestAborted);
        Review = reviews.Count > 0 ? reviews[0] : null;
        if (Review?.After is { } after)
        {
            using var document = JsonDocument.Parse(after);
            ReviewNote = Text(document.RootElement, "note");
            RefundId = Text(document.RootElement, "refundId");
        }

        return Page();
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
