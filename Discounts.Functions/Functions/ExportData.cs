using System.Globalization;
using Discounts.Core.Admin;
using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Discounts.Functions.Functions;

/// <summary>
/// <c>GET /api/manage/export?type=codes|usages|purchases&amp;format=csv</c>: streamed CSV. Text cells that a
/// spreadsheet would run as a formula (starting with = + - @, tab or CR) get a leading apostrophe.
/// </summary>
public sealed class ExportData(ExportService export, TimeProvider clock) : IHttpFunction
{
    private static readonly string[] Types = ["codes", "usages", "purchases"];

    public async Task<IResult> RunAsync(HttpContext context) => await ExportAsync(context);

    public Task<Results<PushStreamHttpResult, ProblemHttpResult>> ExportAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var errors = new Dictionary<string, string[]>();
        string? type = query["type"];
        if (type is null || !Types.Contains(type))
        {
            errors["type"] = ["type is codes, usages or purchases."];
        }

        if (query["format"].ToString() is { Length: > 0 } format && format != "csv")
        {
            errors["format"] = ["format is csv."];
        }

        if (errors.Count > 0)
        {
            return Task.FromResult<Results<PushStreamHttpResult, ProblemHttpResult>>(Problems.Invalid(context, errors));
        }

        var ct = context.RequestAborted;
        var name = $"{type}-{clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.csv";
        return Task.FromResult<Results<PushStreamHttpResult, ProblemHttpResult>>(type switch
        {
            "codes" => CsvExport.Stream(CsvExport.Codes, export.CodesAsync(ct), name, ct),
            "usages" => CsvExport.Stream(CsvExport.Usages, export.UsagesAsync(ct), name, ct),
            _ => CsvExport.Stream(CsvExport.Purchases, export.PurchasesAsync(ct), name, ct),
        });
    }
}
