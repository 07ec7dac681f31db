namespace Discounts.Functions.Hosting;

/// <summary>
/// Runs one timer function, whoever fires it (the Functions host's invocation, or the standalone scheduler), and logs
/// its start once, here, for every timer.
/// </summary>
public static partial class TimerRun
{
    /// <summary>Resolves the function from <paramref name="scoped"/> (a request's or a scope's services) and runs it.</summary>
    public static Task<object> RunAsync(IServiceProvider scoped, FunctionDefinition function, TimerInfo timer, CancellationToken ct)
    {
        var logger = scoped.GetRequiredService<ILoggerFactory>().CreateLogger(function.Handler.FullName!);
        LogStart(logger, function.Name, timer.IsPastDue);
        return ((ITimerFunction)scoped.GetRequiredService(function.Handler)).RunAsync(timer, ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Function} started (past due: {IsPastDue})")]
    private static partial void LogStart(ILogger logger, string function, bool isPastDue);
}
