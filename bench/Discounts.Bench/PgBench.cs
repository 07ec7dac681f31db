using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Discounts.Bench;

/// <summary>Runs pgbench with a custom script on the benchmark database and reads its tps; <c>mode</c> is -M: prepared or extended (unprepared).</summary>
public static partial class PgBench
{
    public static async Task<double> RunAsync(string pgbench, string host, int port, string database, string script, string mode, int clients, int seconds, IReadOnlyDictionary<string, string> variables)
    {
        var file = Path.Combine(Path.GetTempPath(), $"discounts-bench-{Guid.NewGuid():N}.sql");
        await File.WriteAllTextAsync(file, script);
        try
        {
            var start = new ProcessStartInfo(pgbench)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var arg in new[] { "-h", host, "-p", port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-n", "-M", mode,
                         "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", "2", "-T", seconds.ToString(CultureInfo.InvariantCulture), "-f", file })
            {
                start.ArgumentList.Add(arg);
            }

            foreach (var (key, value) in variables)
            {
                start.ArgumentList.Add("-D");
                start.ArgumentList.Add($"{key}={value}");
            }

            start.ArgumentList.Add(database);
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var match = Tps().Match(output);
            if (process.ExitCode != 0 || !match.Success)
            {
                throw new InvalidOperationException($"pgbench failed ({process.ExitCode}): {error}\n{output}");
            }

            return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex Tps();
}
