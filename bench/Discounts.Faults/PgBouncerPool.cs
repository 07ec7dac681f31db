using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Discounts.Faults;

/// <summary>The suite's own PgBouncer (scripts/pgbouncer.sh, transaction mode) in front of its cluster.</summary>
public sealed class PgBouncerPool(FaultOptions options, Shell shell)
{
    /// <summary>How long the last stop took until the old process had exited (its safe shutdown waits for transactions in flight).</summary>
    public double LastStopSeconds { get; private set; }

    /// <summary>
    /// scripts/pgbouncer.sh stop (SIGINT: a safe shutdown, which waits for the transactions in flight), then waits
    /// until the old process is gone: the script itself gives up waiting after 5 s, and a start before the old
    /// process has let go of the port fails.
    /// </summary>
    public async Task StopAsync()
    {
        var started = SuiteClock.Now;
        var pidFile = Path.Combine(options.PgBouncerDir, "pgbouncer.pid");
        var pid = File.Exists(pidFile) ? int.Parse((await File.ReadAllTextAsync(pidFile)).Trim(), CultureInfo.InvariantCulture) : 0;
        await shell.RunAsync(Path.Combine(options.ScriptsDir, "pgbouncer.sh"), "stop", options.PgBouncerDir);
        while (pid > 0 && Alive(pid) && SuiteClock.Now - started < 60)
        {
            await Task.Delay(100);
        }

        LastStopSeconds = SuiteClock.Now - started;
    }

    public async Task StartAsync()
    {
        // A start while the port is still bound (the old process not gone after 60 s) fails in the script; retry a while.
        var deadline = SuiteClock.Now + 30;
        while (PortTaken() && SuiteClock.Now < deadline)
        {
            await Task.Delay(200);
        }

        await shell.RunAsync(Path.Combine(options.ScriptsDir, "pgbouncer.sh"), "start", options.PgBouncerDir,
            options.PgBouncerPort.ToString(CultureInfo.InvariantCulture), options.PgPort.ToString(CultureInfo.InvariantCulture));
    }

    private static bool Alive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private bool PortTaken()
    {
        try
        {
            using var probe = new TcpClient();
            probe.Connect("127.0.0.1", options.PgBouncerPort);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
