using Discounts.Core.Reservations;
using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Discounts.Core.Common;

namespace Discounts.Functions.Reservations;

/// <summary><c>DELETE /api/discount/reservations/{reservationId}</c>: the owner gives the hold back; idempotent.</summary>
[RouteParameter("reservationId", "The reservation (the caller's own).")]
[ProblemAnswer(StatusCodes.Status409Conflict, Errors.Conflict, Description = "The reservation has been paid for.")]
public sealed class ReleaseReservation(ReservationService reservations) : IHttpFunction
{
    public async Task<IResult> RunAsync(HttpContext context) => await ReleaseAsync(context);

    public async Task<Results<NoContent, ProblemHttpResult>> ReleaseAsync(HttpContext context)
    {
        if (!context.TryRouteGuid("reservationId", out var id))
        {
            return Problems.NotFound(context);
        }

        var outcome = await reservations.ReleaseAsync(context.RequiredCaller(), id, context.RequestAborted);
        return outcome.Succeeded ? TypedResults.NoContent() : Problems.FromError(context, outcome.Error!, outcome.Detail);
    }
}
