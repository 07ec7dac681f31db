using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Discounts.Faults;

/// <summary>
/// The standalone service as a child process (<c>dotnet Discounts.Functions.dll</c>) with explicit settings. Its
/// output goes to a log file; error-level lines are counted and a few kept, so a 500 can be traced to its cause.
/// </summary>
public sealed class ServiceProcess(FaultOptions options, IReadOnlyDictionary<string, string> settings, string logFile) : IDisposable
{
    private readonly Lock sync = new();
    private Process? process;
    private StreamWriter? log;
    private int errorLines;

    public ConcurrentQueue<string> ErrorSamples { get; } = new();

    public int ErrorLines => Volatile.Read(ref errorLines);

    public bool Running => process is { HasExited: false };

    public void Start()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(options.AppDll);
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        lock (sync)
        {
            log ??= new StreamWriter(logFile, append: true) { AutoFlush = true };
            log.WriteLine($"--- service started at {DateTime.UtcNow:O} ---");
        }

        var started = Process.Start(start) ?? throw new InvalidOperationException("could not start the service");
        started.OutputDataReceived += (_, e) => Write(e.Data);
        started.ErrorDataReceived += (_, e) => Write(e.Data);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        process = started;
    }

    /// <summary>Starts the process; it serves once it has migrated (the caller waits for its answers).</summary>
    public Task StartAsync()
    {
        Start();
        return Task.CompletedTask;
    }

    /// <summary><c>kill -9</c>: no shutdown, no flush, connections cut mid-request.</summary>
    public async Task KillAsync()
    {
        if (process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }

        process?.Dispose();
        process = null;
    }

    public string Pid => process?.Id.ToString(CultureInfo.InvariantCulture) ?? "-";

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (sync)
        {
            log?.WriteLine(line);
        }

        // JSON console logs (Production): one object a line with its level.
        if (line.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal) || line.Contains("\"LogLevel\":\"Critical\"", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref errorLines);
            if (ErrorSamples.Count < 20)
            {
                ErrorSamples.Enqueue(line.Length > 1500 ? line[..1500] + "..." : line);
            }
        }
    }

    public void Dispose()
    {
        if (process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }

        process?.Dispose();
        lock (sync)
        {
            log?.Dispose();
            log = null;
        }
    }
}
