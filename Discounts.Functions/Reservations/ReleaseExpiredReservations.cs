using Discounts.Functions.Hosting;
using Discounts.Core.Reservations;

namespace Discounts.Functions.Reservations;

/// <summary>Timer (every 5 minutes): releases overdue holds, expiring their Stripe sessions first.</summary>
public sealed class ReleaseExpiredReservations(ReleaseExpiredReservationsJob job) : ITimerFunction
{
    public async Task<object> RunAsync(TimerInfo timer, CancellationToken ct) => await job.RunAsync(ct);
}
