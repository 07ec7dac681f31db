using Microsoft.AspNetCore.Mvc;
using Discounts.Core.Export;
using Discounts.Functions.Export;

namespace Discounts.Functions.AdminConsole.Pages.Export;

/// <summary>
/// The CSV exports: the download (<c>?handler=download&amp;type=</c>) is ExportData's own stream
/// (<see cref="CsvExport"/>: the same type check, columns, escaping and file name).
/// </summary>
public sealed class ExportModel(ExportService export, TimeProvider clock) : ConsolePage
{
    /// <summary>What each export holds, for the form.</summary>
    public static readonly IReadOnlyList<(string Type, string Label, string Holds, IReadOnlyList<string> Columns)> Kinds =
    [
        ("codes", "Codes", "every discount code and its terms", CsvExport.Codes.Select(c => c.Name).ToList()),
        ("usages", "Usages", "every reservation of a code: who, the frozen amounts, status and risk", CsvExport.Usages.Select(c => c.Name).ToList()),
        ("purchases", "Purchases", "every purchase, with its code and Stripe identifiers", CsvExport.Purchases.Select(c => c.Name).ToList()),
    ];

    public string Type { get; private set; } = "codes";

    public void OnGet()
    {
    }

    public IActionResult OnGetDownload()
    {
        var errors = new Dictionary<string, string[]>();
        var type = CsvExport.ReadType(Request.Query, errors);
        if (errors.Count > 0)
        {
            AddErrors(errors);
            return Page();
        }

        var ct = HttpContext.RequestAborted;
        Type = type!;
        return new HttpResultAction(CsvExport.Download(type!, null, export, clock.GetUtcNow().UtcDateTime, ct));
    }

    /// <summary>Runs an endpoint result (ExportData's stream) as the page's answer.</summary>
    private sealed class HttpResultAction(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}
