using Discounts.Core.Fraud;
using Discounts.Core.Reservations;
using Microsoft.AspNetCore.Mvc;
using Discounts.Core.Usages;

namespace Discounts.Functions.AdminConsole.Pages.Review;

/// <summary>
/// Rejecting a flagged usage, after a confirmation: a paid one is refunded through Stripe first (EC-039), and this
/// page says how much before the admin confirms. A refund that fails changes nothing, and the page says so.
/// </summary>
public sealed class RejectModel(UsageAdminService usages, RiskOptions risk) : ConsolePage
{
    public RejectPreview Preview { get; private set; } = null!;

    [BindProperty]
    public string? Note { get; set; }

    /// <summary>What went wrong with the refund (nothing changed); null when nothing did.</summary>
    public string? Failure { get; private set; }

    public RiskLevel Level => risk.LevelOf(Preview.Usage.RiskScore);

    public bool Rejected => Preview.Usage.ReviewStatus == ReviewStatus.Rejected;

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (await usages.PreviewRejectAsync(id, HttpContext.RequestAborted) is not { } preview)
        {
            return NotFound();
        }

        Preview = preview;
        return Page();
    }

    /// <summary>The confirmed rejection: the same review as POST /api/manage/usages/{id}/review with decision reject.</summary>
    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (await usages.PreviewRejectAsync(id, HttpContext.RequestAborted) is not { } preview)
        {
            return NotFound();
        }

        Preview = preview;
        var errors = ReviewDecision.Validate(ReviewDecision.Reject, Note, noteRequiredToReject: true);
        if (errors.Count > 0)
        {
            AddErrors(errors);
            return Page();
        }

        var outcome = await usages.ReviewAsync(id, ReviewDecision.Reject, ReviewQueueModel.NoteOrNull(Note), Admin.Actor, Admin.Ip, HttpContext.RequestAborted);
        if (outcome.Succeeded)
        {
            return LocalRedirect($"/console/review/{id}/outcome");
        }

        Failure = outcome.Error switch
        {
            Core.Common.Errors.NotFound => "The usage no longer exists.",
            Core.Common.Errors.Unavailable =>
                $"The refund failed: Stripe could not be reached ({outcome.Detail}). Nothing changed: the customer was not refunded " +
                "and the usage is still in the review queue. Try again in a few minutes; a retry never refunds twice.",
            _ => $"The usage was not rejected: {outcome.Detail} Nothing changed: the customer was not refunded and the usage is still in the review queue.",
        };
        return Page();
    }
}
