namespace Discounts.Functions.Hosting;

/// <summary>A timer-triggered function; returns a summary of the run for the invocation's logs.</summary>
public interface ITimerFunction
{
    Task<object> RunAsync(TimerInfo timer, CancellationToken ct);
}
