using Discounts.Core.Fraud;
using Discounts.Core.Reservations;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Mvc;
using Discounts.Core.Usages;
using Discounts.Functions.Usages;

namespace Discounts.Functions.AdminConsole.Pages.Review;

/// <summary>
/// The review queue (ListFlaggedUsages: review pending, newest first, keyset paged): each usage's risk and what it
/// paid, approved here with an optional note, or rejected on its own confirmation page (a paid one is refunded).
/// </summary>
public sealed class ReviewQueueModel(UsageAdminService usages, RiskOptions risk) : ConsolePage
{
    public IReadOnlyList<Usage> Rows { get; private set; } = [];

    public string? NextCursor { get; private set; }

    public bool Paged => Request.Query.ContainsKey("cursor");

    public List<string> Errors { get; } = [];

    /// <summary>The usage whose approval was refused (its note's error shows in its row).</summary>
    public Guid? Failed { get; private set; }

    public string? FailedNote { get; private set; }

    public RiskLevel Level(Usage usage) => risk.LevelOf(usage.RiskScore);

    public async Task OnGetAsync() => await LoadAsync();

    /// <summary>Approve: the same review as POST /api/manage/usages/{id}/review with decision approve.</summary>
    public async Task<IActionResult> OnPostApproveAsync(Guid id, string? note)
    {
        var errors = ReviewDecision.Validate(ReviewDecision.Approve, note);
        if (errors.Count > 0)
        {
            AddErrors(errors);
            (Failed, FailedNote) = (id, note);
            await LoadAsync();
            return Page();
        }

        var outcome = await usages.ReviewAsync(id, ReviewDecision.Approve, NoteOrNull(note), Admin.Actor, Admin.Ip, HttpContext.RequestAborted);
        if (outcome.Succeeded)
        {
            return LocalRedirect($"/console/review/{id}/outcome");
        }

        if (outcome.Error == Core.Common.Errors.NotFound)
        {
            return NotFound();
        }

        Notice = outcome.Detail ?? "The usage could not be approved.";
        return LocalRedirect("/console/review");
    }

    internal static string? NoteOrNull(string? note) => string.IsNullOrWhiteSpace(note) ? null : note.Trim();

    private async Task LoadAsync()
    {
        var errors = new Dictionary<string, string[]>();
        var limit = Paging.Limit(Request.Query, errors);
        var (afterAt, afterId) = Paging.TimeCursor(Request.Query, errors);
        if (errors.Count > 0)
        {
            Errors.AddRange(errors.Values.SelectMany(m => m));
            return;
        }

        Rows = await usages.ListFlaggedAsync(afterAt, afterId, limit, HttpContext.RequestAborted);
        NextCursor = Rows.Count == limit ? Paging.EncodeTimeCursor(Rows[^1].ReservedAt, Rows[^1].Id) : null;
    }

    public string PageUrl(string cursor) =>
        "/console/review" + QueryString.Create(new Dictionary<string, string?> { ["limit"] = Request.Query["limit"], ["cursor"] = cursor }
            .Where(p => !string.IsNullOrEmpty(p.Value)));
}
