using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Discounts.Core.Export;

namespace Discounts.Functions.Export;

/// <summary>
/// <c>GET /api/manage/export?type=codes|usages|purchases&amp;format=csv[&amp;generationId=]</c>: streamed CSV (<see cref="CsvExport"/>). Text cells
/// that a spreadsheet would run as a formula (starting with = + - @, tab or CR) get a leading apostrophe.
/// </summary>
[QueryParameter("type", typeof(string), Required = true, Values = ["codes", "usages", "purchases"])]
[QueryParameter("format", typeof(string), Values = ["csv"], Description = "csv (the default).")]
[QueryParameter("generationId", typeof(Guid), Description = "With type=codes: only the codes of this generation (GenerateDiscountCodes' generationId).")]
public sealed class ExportData(ExportService export, TimeProvider clock) : IHttpFunction
{
    public async Task<IResult> RunAsync(HttpContext context) => await ExportAsync(context);

    public Task<Results<PushStreamHttpResult, ProblemHttpResult>> ExportAsync(HttpContext context)
    {
        var errors = new Dictionary<string, string[]>();
        var type = CsvExport.ReadType(context.Request.Query, errors);
        var generationId = CsvExport.ReadGeneration(context.Request.Query, type, errors);
        if (errors.Count > 0)
        {
            return Task.FromResult<Results<PushStreamHttpResult, ProblemHttpResult>>(Problems.Invalid(context, errors));
        }

        var ct = context.RequestAborted;
        return Task.FromResult<Results<PushStreamHttpResult, ProblemHttpResult>>(CsvExport.Download(type!, generationId, export, clock.GetUtcNow().UtcDateTime, ct));
    }
}
