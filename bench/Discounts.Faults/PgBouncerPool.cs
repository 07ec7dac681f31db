using System.Globalization;

namespace Discounts.Faults;

/// <summary>The suite's own PgBouncer (scripts/pgbouncer.sh, transaction mode) in front of its cluster.</summary>
public sealed class PgBouncerPool(FaultOptions options, Shell shell)
{
    /// <summary>How long the last stop took until the old process had exited (its safe shutdown waits for transactions in flight).</summary>
    public double LastStopSeconds { get; private set; }

    /// <summary>
    /// scripts/pgbouncer.sh stop: a safe shutdown (SIGINT), which waits for the transactions in flight, and after 5 s
    /// an immediate one (SIGTERM); the script returns once the old process is gone and its port free.
    /// </summary>
    public async Task StopAsync()
    {
        var started = SuiteClock.Now;
        await shell.RunAsync(Path.Combine(options.ScriptsDir, "pgbouncer.sh"), "stop", options.PgBouncerDir);
        LastStopSeconds = SuiteClock.Now - started;
    }

    public Task StartAsync() => shell.RunAsync(Path.Combine(options.ScriptsDir, "pgbouncer.sh"), "start", options.PgBouncerDir,
        options.PgBouncerPort.ToString(CultureInfo.InvariantCulture), options.PgPort.ToString(CultureInfo.InvariantCulture));
}
