using System.Globalization;
using System.Text;

namespace Discounts.Faults;

/// <summary>The suite's table (one row per fault), the findings under it, and the verdict line.</summary>
public static class ResultTable
{
    public static string Render(IReadOnlyList<PhaseResult> results, FaultOptions options)
    {
        var text = new StringBuilder();
        var topology = options.Direct ? $"PostgreSQL directly (127.0.0.1:{options.PgPort})" : $"PgBouncer (transaction mode, 127.0.0.1:{options.PgBouncerPort}) in front of PostgreSQL (127.0.0.1:{options.PgPort})";
        Line(text, $"Service -> {topology}; {options.Users} virtual users; {(options.Quick ? "quick run" : "full run")}; {Environment.ProcessorCount} cores.");
        Line(text, "");
        Line(text, "| fault | requests | answers by status | seconds to recover | acknowledged payments recorded / sent | oversold slots | half-written rows | 5xx other than 503 |");
        Line(text, "|---|---:|---|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            if (r.Skipped is not null)
            {
                Line(text, $"| {r.Name} | - | skipped: {r.Skipped} | - | - | - | - | - |");
                continue;
            }

            var recovery = r.RecoverySeconds is { } s ? s.ToString("0.0", CultureInfo.InvariantCulture) : $"> {r.RecoveryCap:0}";
            Line(text, $"| {r.Name} | {r.Requests} | {Answers(r.Statuses)} | {recovery} | {r.PaymentsRecorded} / {r.PaymentsAcknowledged} | {r.OversoldSlots} | {r.HalfWrittenRows} | {r.Other5xxCount} |");
        }

        Line(text, "");
        foreach (var r in results.Where(r => r.Skipped is null))
        {
            var notes = new List<string>();
            if (r.Unavailable.Count > 0)
            {
                notes.Add("503 by function: " + string.Join(", ", r.Unavailable.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {kv.Value}")));
            }

            notes.AddRange(r.Other5xx.Select(kv => $"5xx other than 503: {kv.Key} x{kv.Value}"));
            notes.AddRange(r.Notes);
            notes.AddRange(r.Findings.Select(f => f.ToString()));
            notes.AddRange(r.Problems);
            if (r.RecoverySeconds is null)
            {
                notes.Add($"requests were still failing (or slower than {RequestLog.SlowSeconds:0} s) {r.RecoveryCap:0} s after the repair");
            }

            if (r.ServiceErrorLines > 0)
            {
                notes.Add($"the service logged {r.ServiceErrorLines} error lines");
            }

            foreach (var note in notes)
            {
                Line(text, $"- {r.Name}: {note}");
            }
        }

        var failed = results.Where(r => r.Failed).Select(r => r.Name).ToList();
        var notRun = results.Where(r => r.Skipped is not null && results[0].RecoverySeconds is null).ToList();
        if (notRun.Count > 0 && results[0].Skipped is null)
        {
            failed.Add($"{notRun.Count} fault phases not run");
        }

        Line(text, "");
        Line(text, failed.Count == 0
            ? $"VERDICT: PASS - {results.Count(r => r.Skipped is null)} phases, every invariant held, no 5xx other than 503, every acknowledged payment recorded."
            : $"VERDICT: FAIL - {string.Join(", ", failed)}.");
        return text.ToString();
    }

    private static string Answers(IReadOnlyDictionary<int, int> statuses) => string.Join(" ", statuses.OrderBy(kv => kv.Key < 0 ? 1000 - kv.Key : kv.Key).Select(kv => kv.Key switch
    {
        RequestRecord.TransportError => $"no answer:{kv.Value}",
        RequestRecord.TimedOut => $"timeout:{kv.Value}",
        _ => $"{kv.Key}:{kv.Value}",
    }));

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}
