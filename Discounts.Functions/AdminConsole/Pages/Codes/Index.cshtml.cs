using Discounts.Core.Codes;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Mvc;
using Discounts.Functions.Codes;

namespace Discounts.Functions.AdminConsole.Pages.Codes;

/// <summary>The code list (ListDiscounts' filters and keyset paging), with pause and resume.</summary>
public sealed class CodesModel(DiscountCodeService codes) : ConsolePage
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Campaign { get; set; }

    public IReadOnlyList<(DiscountCode Code, CodeUsageCounts Counts)> Rows { get; private set; } = [];

    public string? NextCursor { get; private set; }

    public List<string> Errors { get; } = [];

    public bool Filtered => Q is { Length: > 0 } || Status is { Length: > 0 } || Campaign is { Length: > 0 };

    public async Task OnGetAsync()
    {
        var errors = new Dictionary<string, string[]>();
        if (Status is { Length: > 0 } and not (CodeStatus.Active or CodeStatus.Paused or CodeStatus.Archived))
        {
            errors["status"] = ["Status is active, paused or archived."];
        }

        if (Q is { Length: > 100 })
        {
            errors["q"] = ["Search is at most 100 characters."];
        }

        var limit = Paging.Limit(Request.Query, errors);
        var (afterCreatedAt, afterId) = Paging.TimeCursor(Request.Query, errors);
        if (errors.Count > 0)
        {
            Errors.AddRange(errors.Values.SelectMany(m => m));
            return;
        }

        Rows = await codes.ListAsync(new CodeListFilter
        {
            Status = Status is { Length: > 0 } ? Status : null,
            Campaign = Campaign is { Length: > 0 } ? Campaign.Trim() : null,
            Query = Q is { Length: > 0 } ? Q.Trim().ToUpperInvariant() : null,
            AfterCreatedAt = afterCreatedAt,
            AfterId = afterId,
            Limit = limit,
        }, HttpContext.RequestAborted);
        NextCursor = Rows.Count == limit ? Paging.EncodeTimeCursor(Rows[^1].Code.CreatedAt, Rows[^1].Code.Id) : null;
    }

    /// <summary>Pause or resume: the same versioned edit as PATCH, so a code changed meanwhile is not overwritten.</summary>
    public async Task<IActionResult> OnPostStatusAsync(Guid id, int version, string status, string? returnUrl)
    {
        if (status is not (CodeStatus.Active or CodeStatus.Paused))
        {
            return BadRequest();
        }

        var outcome = await codes.UpdateAsync(id, version, new CodeChanges { Status = status }, Admin.Actor, Admin.Ip, HttpContext.RequestAborted);
        Notice = outcome.Succeeded
            ? $"{outcome.Value.Code.Code} is {status}."
            : outcome.Error == Core.Common.Errors.PreconditionFailed
                ? "That code changed since the list was shown; here it is as it is now."
                : outcome.Detail ?? "The code could not be changed.";
        return BackTo(returnUrl);
    }

    public string NextPageUrl(string cursor) =>
        QueryString.Create(new Dictionary<string, string?> { ["q"] = Q, ["status"] = Status, ["campaign"] = Campaign, ["cursor"] = cursor }
            .Where(p => !string.IsNullOrEmpty(p.Value))).ToUriComponent() is var query ? "/console/codes" + query : "";
}
