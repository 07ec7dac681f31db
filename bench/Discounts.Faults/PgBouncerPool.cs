using System.Globalization;

namespace Discounts.Faults;

/// <summary>The suite's own PgBouncer (scripts/pgbouncer.sh, transaction mode) in front of its cluster.</summary>
public sealed class PgBouncerPool(FaultOptions options, Shell shell)
{
    public Task StopAsync() => shell.RunAsync(Path.Combine(options.ScriptsDir, "pgbouncer.sh"), "stop", options.PgBouncerDir);

    public Task StartAsync() => shell.RunAsync(Path.Combine(options.ScriptsDir, "pgbouncer.sh"), "start", options.PgBouncerDir,
        options.PgBouncerPort.ToString(CultureInfo.InvariantCulture), options.PgPort.ToString(CultureInfo.InvariantCulture));
}
