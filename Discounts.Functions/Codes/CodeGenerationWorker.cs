using System.Threading.Channels;
using Discounts.Core.Codes;

namespace Discounts.Functions.Codes;

/// <summary>
/// Writes queued generations in the background of the instance that accepted them, as soon as it accepts one
/// (<see cref="Start"/>), so an admin does not wait for the next RunCodeGenerations timer. One run at a time per
/// instance; a failure is logged and left to the timer, which resumes where the last chunk ended.
/// </summary>
public sealed partial class CodeGenerationWorker(CodeGenerationService generations, ILogger<CodeGenerationWorker> logger) : BackgroundService
{
    /// <summary>At most one request for a run waits: requests while one waits are the same request.</summary>
    private readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Asks for a run (a run already under way picks the new generation up too).</summary>
    public void Start() => wake.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var _ in wake.Reader.ReadAllAsync(stoppingToken))
        {
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote {Count} generated codes")]
    private static partial void LogWritten(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing generated codes failed; the RunCodeGenerations timer resumes it")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
