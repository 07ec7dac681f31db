using System.Globalization;
using System.Text;
using Discounts.Core.Codes;
using Discounts.Functions.Contracts;
using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Discounts.Functions.Functions;

/// <summary><c>GET /api/admin/discounts?status=&amp;q=&amp;campaign=&amp;cursor=&amp;limit=</c>: newest first, keyset paged.</summary>
public sealed class ListDiscounts(DiscountCodeService codes) : IHttpFunction
{
    public async Task<IResult> RunAsync(HttpContext context) => await ListAsync(context);

    public async Task<Results<Ok<ListDiscountsResponse>, ProblemHttpResult>> ListAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var errors = new Dictionary<string, string[]>();
        string? status = query["status"];
        if (status is not (null or CodeStatus.Active or CodeStatus.Paused or CodeStatus.Archived))
        {
            errors["status"] = ["status is active, paused or archived."];
        }

        var limit = 50;
        if (query.ContainsKey("limit") && (!int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 200))
        {
            errors["limit"] = ["limit is 1..200."];
        }

        DateTime? afterCreatedAt = null;
        Guid? afterId = null;
        if (query["cursor"].ToString() is { Length: > 0 } cursor)
        {
            if (TryDecodeCursor(cursor, out var at, out var id))
            {
                (afterCreatedAt, afterId) = (at, id);
            }
            else
            {
                errors["cursor"] = ["cursor is not valid."];
            }
        }

        string? q = query["q"];
        if (q is { Length: > 100 })
        {
            errors["q"] = ["q is at most 100 characters."];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(context, errors);
        }

        var page = await codes.ListAsync(new CodeListFilter
        {
            Status = status,
            Campaign = query["campaign"].ToString() is { Length: > 0 } c ? c : null,
            Query = q is { Length: > 0 } ? q.ToUpperInvariant() : null,
            AfterCreatedAt = afterCreatedAt,
            AfterId = afterId,
            Limit = limit,
        }, context.RequestAborted);
        var next = page.Count == limit ? EncodeCursor(page[^1].Code.CreatedAt, page[^1].Code.Id) : null;
        return TypedResults.Ok(new ListDiscountsResponse(page.Select(p => DiscountResponse.From(p.Code, p.Counts)).ToList(), next));
    }

    private static string EncodeCursor(DateTime createdAt, Guid id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{createdAt.Ticks.ToString(CultureInfo.InvariantCulture)}:{id}"));

    private static bool TryDecodeCursor(string cursor, out DateTime createdAt, out Guid id)
    {
        createdAt = default;
        id = default;
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(cursor)).Split(':');
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) &&
                ticks is > 0 and < 3155378975999999999 && Guid.TryParse(parts[1], out id))
            {
                createdAt = new DateTime(ticks, DateTimeKind.Utc);
                return true;
            }
        }
        catch (FormatException)
        {
        }

        return false;
    }
}
