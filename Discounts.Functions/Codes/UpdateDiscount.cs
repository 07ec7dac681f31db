using System.Globalization;
using Discounts.Core.Codes;
using Discounts.Core.Common;
using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Discounts.Functions.Codes;

/// <summary>
/// <c>PATCH /api/manage/discounts/{id}</c> with <c>If-Match: "&lt;version&gt;"</c>: edits a code; 412 when another
/// admin changed it first (EC-027), 422 <c>max_uses_below_taken</c> (EC-026).
/// </summary>
[JsonBody(typeof(CodeChanges))]
[HeaderParameter("If-Match", typeof(string), Required = true, Description = "The ETag of the code as read (GetDiscount): `\"<version>\"`.", Example = "\"3\"")]
[ProblemAnswer(StatusCodes.Status409Conflict, Errors.Conflict, Description = "The code is archived, or refundReleasesSlot cannot change any more.")]
[ProblemAnswer(StatusCodes.Status412PreconditionFailed, Errors.PreconditionFailed, Description = "Another admin changed the code first: read it again.")]
[ProblemAnswer(StatusCodes.Status422UnprocessableEntity, Errors.MaxUsesBelowTaken, RuleCodes.TemplateNotFound)]
[RequestExample("""
    { "maxUses": 30, "expiresAt": "2027-01-31T23:59:59Z", "description": "Spring sale, extended" }
    """)]
[AnswerExample(200, """
    { "id": "0193b100-0000-7000-8000-000000000001", "code": "SPRING25", "description": "Spring sale, extended",
      "discount": { "kind": "percent", "percentOff": 25.0 }, "maxUses": 30, "maxUsesPerUser": 1, "minOrderAmount": null,
      "templateIds": [], "firstPurchaseOnly": false, "startsAt": null, "expiresAt": "2027-01-31T23:59:59Z", "status": "active",
      "campaign": null, "refundReleasesSlot": true, "version": 4, "createdBy": "u1", "createdAt": "2026-11-01T09:00:00Z",
      "updatedAt": "2026-11-24T10:00:00Z",
      "usage": { "codeId": "0193b100-0000-7000-8000-000000000001", "reserved": 2, "paymentPending": 1, "confirmed": 12, "released": 4, "refunded": 0, "overLimit": 0 } }
    """)]
public sealed class UpdateDiscount(DiscountCodeService codes) : IHttpFunction
{
    public async Task<IResult> RunAsync(HttpContext context) => await UpdateAsync(context);

    public async Task<Results<Ok<DiscountResponse>, ProblemHttpResult>> UpdateAsync(HttpContext context)
    {
        if (!context.TryRouteGuid("id", out var id))
        {
            return Problems.NotFound(context);
        }

        if (!TryParseIfMatch(context.Request.Headers.IfMatch.ToString(), out var version))
        {
            return Problems.Invalid(context, "If-Match", "If-Match is required: the ETag of the code as read (\"<version>\").");
        }

        var (changes, problem) = await JsonBody.ReadAsync<CodeChanges>(context);
        if (problem is not null)
        {
            return problem;
        }

        var errors = changes!.Validate();
        if (errors.Count > 0)
        {
            return Problems.Invalid(context, errors);
        }

        var caller = context.RequiredCaller();
        var outcome = await codes.UpdateAsync(id, version, changes, caller.Actor, caller.Ip, context.RequestAborted);
        if (!outcome.Succeeded)
        {
            return outcome.Error == Errors.InvalidRequest
                ? Problems.Invalid(context, "expiresAt", outcome.Detail!)
                : Problems.FromError(context, outcome.Error!, outcome.Detail);
        }

        var (code, counts) = outcome.Value;
        context.Response.Headers.ETag = $"\"{code.Version}\"";
        return TypedResults.Ok(DiscountResponse.From(code, counts));
    }

    /// <summary><c>"3"</c> (or <c>W/"3"</c>, or a bare 3): the version the caller read.</summary>
    private static bool TryParseIfMatch(string header, out int version)
    {
        var value = header.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        value = value.Trim('"');
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out version) && version > 0;
    }
}
