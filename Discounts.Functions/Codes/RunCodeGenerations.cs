using Discounts.Core.Codes;
using Discounts.Functions.Hosting;

namespace Discounts.Functions.Codes;

/// <summary>
/// Timer (every minute): writes the codes of unfinished generations. The instance that queued a generation starts at
/// once (<see cref="CodeGenerationWorker"/>); this finishes one whose instance stopped or failed midway.
/// </summary>
public sealed class RunCodeGenerations(CodeGenerationService generations) : ITimerFunction
{
    public async Task<object> RunAsync(TimerInfo timer, CancellationToken ct) => new { written = await generations.RunPendingAsync(ct) };
}
