using Discounts.Core.Reservations;
using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Discounts.Functions.Reservations;

/// <summary><c>GET /api/discount/reservations/{reservationId}</c>: the caller's own reservation (404 otherwise, EC-034).</summary>
[RouteParameter("reservationId", "The reservation (the caller's own).")]
public sealed class GetReservation(ReservationService reservations) : IHttpFunction
{
    public async Task<IResult> RunAsync(HttpContext context) => await GetAsync(context);

    public async Task<Results<Ok<ReservationResponse>, ProblemHttpResult>> GetAsync(HttpContext context)
    {
        if (!context.TryRouteGuid("reservationId", out var id))
        {
            return Problems.NotFound(context);
        }

        var usage = await reservations.GetAsync(context.RequiredCaller(), id, context.RequestAborted);
        return usage is null ? Problems.NotFound(context) : TypedResults.Ok(ReservationResponse.From(usage));
    }
}
