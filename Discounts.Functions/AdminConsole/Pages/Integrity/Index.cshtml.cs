using Discounts.Core.Reconciliation;
using Microsoft.AspNetCore.Mvc;
using Discounts.Functions.Reconciliation;

namespace Discounts.Functions.AdminConsole.Pages.Integrity;

/// <summary>
/// The integrity check on demand (RunIntegrityCheck's <see cref="ReconcileUsageCountsJob.RunAsync"/>): a dry run that
/// changes nothing, then a fix, which finds the drift again and re-checks each finding under its row lock before it
/// corrects it (each correction audited by the job), followed by a dry run that shows what is left.
/// </summary>
public sealed class IntegrityModel(ReconcileUsageCountsJob job) : ConsolePage
{
    /// <summary>The run just made (a dry run, or the fix); null before one.</summary>
    public ReconciliationReport? Report { get; private set; }

    /// <summary>After a fix: a dry run of what is left.</summary>
    public ReconciliationReport? Left { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostDryRunAsync()
    {
        Report = await job.RunAsync(fix: false, HttpContext.RequestAborted);
        return Page();
    }

    public async Task<IActionResult> OnPostFixAsync()
    {
        Report = await job.RunAsync(fix: true, HttpContext.RequestAborted);
        if (!Report.Skipped)
        {
            Left = await job.RunAsync(fix: false, HttpContext.RequestAborted);
        }

        return Page();
    }

    /// <summary>The findings of a report, each with whether Fix corrects it, and the ids it names (when it names them).</summary>
    public static IReadOnlyList<Finding> Findings(ReconciliationReport report) =>
    [
        new("slot-rows-missing", "Slot rows missing", "A limited code has fewer slot rows than its max uses: fewer holds can be taken than it allows.", report.SlotRowsMissing, true, []),
        new("slot-rows-extra", "Slot rows extra", "A limited code has more slot rows than its max uses: more holds could be taken than it allows.", report.SlotRowsExtra, true, []),
        new("orphan-slots", "Orphan slots", "A slot is held by a usage that no longer holds one (released, or gone): a use is lost.", report.OrphanSlots, true, []),
        new("holds-without-slot", "Holds without a slot", "A hold (or a paid use) of a limited code holds no slot: the count is too low.", report.HoldsWithoutSlot, true, []),
        new("paid-without-usage", "Paid purchases without a confirmed usage", "Money was taken but the usage is not confirmed: for a person to look at.",
            report.PaidPurchasesWithoutConfirmedUsage.Count, false, report.PaidPurchasesWithoutConfirmedUsage),
        new("confirmed-without-paid", "Confirmed usages without a paid purchase", "A use counts as paid but no payment is recorded: for a person to look at.",
            report.ConfirmedUsagesWithoutPaidPurchase.Count, false, report.ConfirmedUsagesWithoutPaidPurchase),
        new("overdue-holds", "Overdue holds", "Holds more than 10 minutes past their expiry that the release job has not freed yet.",
            report.OverdueHolds.Count, false, report.OverdueHolds),
    ];

    public sealed record Finding(string Key, string Name, string Meaning, int Count, bool Fixable, IReadOnlyList<Guid> Ids);
}
