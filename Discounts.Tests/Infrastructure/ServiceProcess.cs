using System.Diagnostics;
using System.Text;

namespace Discounts.Tests.Infrastructure;

/// <summary>
/// The function app as an operator starts it: <c>dotnet Discounts.Functions.dll [command]</c> in a process of its own,
/// with its settings in environment variables (<c>Section__Key</c>), so the entry point's own handling is under test.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder stdout = new();
    private readonly StringBuilder stderr = new();

    private ServiceProcess(Process process)
    {
        this.process = process;
    }

    public string Output { get { lock (stdout) { return stdout.ToString(); } } }

    public string Errors { get { lock (stderr) { return stderr.ToString(); } } }

    /// <summary>Starts the app; <paramref name="settings"/> become environment variables (<c>:</c> → <c>__</c>).</summary>
    public static ServiceProcess Start(IReadOnlyDictionary<string, string> settings, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Discounts.Functions.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var service = new ServiceProcess(Process.Start(start)!);
        service.process.OutputDataReceived += (_, e) => Append(service.stdout, e.Data);
        service.process.ErrorDataReceived += (_, e) => Append(service.stderr, e.Data);
        service.process.BeginOutputReadLine();
        service.process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Runs the app to its end (a command, or a start that fails) and returns its exit code.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(IReadOnlyDictionary<string, string> settings, params string[] args)
    {
        await using var service = Start(settings, args);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await service.process.WaitForExitAsync(timeout.Token);
        service.process.WaitForExit(); // the last lines of output
        return (service.process.ExitCode, service.Output, service.Errors);
    }

    /// <summary>Waits until the app answers <c>GET /api/health</c> on <paramref name="baseUrl"/>.</summary>
    public async Task WaitUntilServingAsync(string baseUrl)
    {
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(5) };
        for (var attempt = 0; attempt < 120; attempt++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The service exited with {process.ExitCode}: {Errors}{Output}");
            }

            try
            {
                if ((await client.GetAsync("/api/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"The service did not answer within 60 s: {Errors}{Output}");
    }

    private static void Append(StringBuilder to, string? line)
    {
        if (line is not null)
        {
            lock (to)
            {
                to.AppendLine(line);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
