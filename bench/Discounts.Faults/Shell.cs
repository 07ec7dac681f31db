using System.Diagnostics;

namespace Discounts.Faults;

/// <summary>
/// Runs the project's scripts and PostgreSQL's tools. Their output goes to a log file, never to a pipe of this
/// process: PgBouncer and the postmaster daemonize and would keep a pipe open for as long as they live.
/// PostgreSQL's tools run as the cluster's owner ('postgres') when this process is root, like scripts/pg.sh.
/// </summary>
public sealed class Shell(string logFile)
{
    public static bool IsRoot => Environment.UserName == "root";

    public Task RunAsync(string file, params string[] args) => RunCoreAsync(false, file, args);

    public Task RunAsOwnerAsync(string file, params string[] args) => RunCoreAsync(IsRoot, file, args);

    private async Task RunCoreAsync(bool asOwner, string file, string[] args)
    {
        var start = new ProcessStartInfo("/bin/bash") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("log=$1; shift; exec \"$@\" >>\"$log\" 2>&1 </dev/null");
        start.ArgumentList.Add("shell");
        start.ArgumentList.Add(logFile);
        if (asOwner)
        {
            start.ArgumentList.Add("runuser");
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add("postgres");
            start.ArgumentList.Add("--");
        }

        start.ArgumentList.Add(file);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        await File.AppendAllTextAsync(logFile, $"$ {string.Join(' ', start.ArgumentList.Skip(4))}{Environment.NewLine}");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} exited with {process.ExitCode} (see {logFile})");
        }
    }
}
