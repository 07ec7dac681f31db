using System.Diagnostics;
using System.Globalization;

namespace Discounts.Bench;

/// <summary>
/// CPU time, from /proc, of the three parties sharing this machine during a scenario: the service process,
/// PostgreSQL (the postmaster, its live children, and the children it has already reaped) and this load
/// generator; and how busy the machine's cores were.
/// </summary>
public sealed class CpuMeter(int servicePid, int postmasterPid)
{
    private static readonly double TicksPerSecond = ReadClockTicks();

    public CpuSample Take()
    {
        var pg = Stat(postmasterPid) is { } postmaster ? postmaster.Own + postmaster.Reaped : 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && Stat(pid) is { } s && s.Parent == postmasterPid)
            {
                pg += s.Own;
            }
        }

        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        var total = cpu.Take(8).Sum();
        var idle = cpu[3] + cpu[4];
        return new CpuSample(Seconds(Stat(servicePid)?.Own ?? 0), Seconds(pg), Seconds(Stat(Environment.ProcessId)!.Value.Own), Seconds(total - idle), Seconds(total));
    }

    private static double Seconds(long ticks) => ticks / TicksPerSecond;

    private static (int Parent, long Own, long Reaped)? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var f = text[(text.LastIndexOf(')') + 2)..].Split(' '); // f[0] is field 3 (state)
            return (int.Parse(f[1], CultureInfo.InvariantCulture), long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture),
                long.Parse(f[13], CultureInfo.InvariantCulture) + long.Parse(f[14], CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            return null; // the process ended meanwhile
        }
    }

    private static double ReadClockTicks()
    {
        using var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true })!;
        return double.Parse(getconf.StandardOutput.ReadToEnd().Trim(), CultureInfo.InvariantCulture);
    }
}

/// <summary>Cumulative CPU seconds; the difference of two samples is a scenario's use.</summary>
public sealed record CpuSample(double Service, double Postgres, double LoadGenerator, double MachineBusy, double MachineTotal)
{
    public static CpuSample operator -(CpuSample a, CpuSample b) => new(a.Service - b.Service, a.Postgres - b.Postgres,
        a.LoadGenerator - b.LoadGenerator, a.MachineBusy - b.MachineBusy, a.MachineTotal - b.MachineTotal);
}
