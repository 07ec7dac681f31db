using Discounts.Core.Codes;

namespace Discounts.Functions.Codes;

/// <summary>
/// Writes queued generations in the background of the instance that accepted them, as soon as it accepts one
/// (<see cref="Start"/>), so an admin does not wait for the next RunCodeGenerations timer. One run at a time per
/// instance; a failure is logged and left to the timer, which resumes where the last chunk ended.
/// </summary>
public sealed partial class CodeGenerationWorker(CodeGenerationService generations, ILogger<CodeGenerationWorker> logger) : BackgroundService
{
    private readonly SemaphoreSlim wake = new(0, 1);

    /// <summary>Asks for a run (a run already under way picks the new generation up too).</summary>
    public void Start()
    {
        if (wake.CurrentCount == 0)
        {
            try
            {
                wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // another request asked at the same moment: one run serves both
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await wake.WaitAsync(stoppingToken);
            try
            {
                var written = await generations.RunPendingAsync(stoppingToken);
                LogWritten(logger, written);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
    }

    public override void Dispose()
    {
        wake.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote {Count} generated codes")]
    private static partial void LogWritten(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing generated codes failed; the RunCodeGenerations timer resumes it")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
