using Discounts.Core.Reservations;
using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Discounts.Core.Usages;

namespace Discounts.Functions.Usages;

/// <summary><c>GET /api/manage/discounts/{id}/usages?status=&amp;cursor=&amp;limit=</c>: the code's usages, newest first.</summary>
[QueryParameter("limit", typeof(int), Description = "Page size, 1..200 (default 50).")]
[QueryParameter("cursor", typeof(string), Description = "The `next` of the page before (opaque).")]
[QueryParameter("status", typeof(string), Values = [UsageStatus.Reserved, UsageStatus.PaymentPending, UsageStatus.Confirmed, UsageStatus.Released, UsageStatus.Refunded, UsageStatus.OverLimit])]
public sealed class ListDiscountUsages(UsageAdminService usages) : IHttpFunction
{
    private static readonly string[] Statuses =
        [UsageStatus.Reserved, UsageStatus.PaymentPending, UsageStatus.Confirmed, UsageStatus.Released, UsageStatus.Refunded, UsageStatus.OverLimit];

    public async Task<IResult> RunAsync(HttpContext context) => await ListAsync(context);

    public async Task<Results<Ok<ListUsagesResponse>, ProblemHttpResult>> ListAsync(HttpContext context)
    {
        if (!context.TryRouteGuid("id", out var id))
        {
            return Problems.NotFound(context);
        }

        var query = context.Request.Query;
        var errors = new Dictionary<string, string[]>();
        string? status = query["status"];
        if (status is not null && !Statuses.Contains(status))
        {
            errors["status"] = [$"status is one of {string.Join(", ", Statuses)}."];
        }

        var limit = Paging.Limit(query, errors);
        var (afterAt, afterId) = Paging.TimeCursor(query, errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(context, errors);
        }

        return await usages.ListAsync(new UsageQuery { CodeId = id, Status = status, AfterReservedAt = afterAt, AfterId = afterId, Limit = limit }, context.RequestAborted) is { } page
            ? TypedResults.Ok(Page(page, limit))
            : Problems.NotFound(context);
    }

    internal static ListUsagesResponse Page(IReadOnlyList<Usage> page, int limit) => new(
        page.Select(AdminUsageResponse.From).ToList(),
        page.Count == limit ? Paging.EncodeTimeCursor(page[^1].ReservedAt, page[^1].Id) : null);
}
