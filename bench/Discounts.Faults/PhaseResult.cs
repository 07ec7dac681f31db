using Discounts.Functions.Http;

namespace Discounts.Faults;

/// <summary>What one phase saw and what the database looked like after it.</summary>
public sealed record PhaseResult(string Name)
{
    public string? Skipped { get; init; }

    public int Requests { get; init; }

    public IReadOnlyDictionary<int, int> Statuses { get; init; } = new Dictionary<int, int>();

    /// <summary>Seconds from the repair until requests succeeded again; null when they did not within the cap.</summary>
    public double? RecoverySeconds { get; init; }

    public double RecoveryCap { get; init; }

    public int PaymentsAcknowledged { get; init; }

    public int PaymentsRecorded { get; init; }

    public int OversoldSlots { get; init; }

    public int HalfWrittenRows { get; init; }

    /// <summary>Answers with a status of 500 or more other than 503, by function and status.</summary>
    public IReadOnlyDictionary<string, int> Other5xx { get; init; } = new Dictionary<string, int>();

    /// <summary>503 answers by function (where the outage showed).</summary>
    public IReadOnlyDictionary<string, int> Unavailable { get; init; } = new Dictionary<string, int>();

    public IReadOnlyList<Finding> Findings { get; init; } = [];

    /// <summary>Problems of the run itself that are not database facts (webhooks never acknowledged, a check that could not run).</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>Observations that are not failures.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public int ServiceErrorLines { get; init; }

    public int Other5xxCount => Other5xx.Values.Sum();

    public bool Failed => Skipped is null && (Findings.Count > 0 || Other5xxCount > 0 || RecoverySeconds is null || Problems.Count > 0 || OversoldSlots > 0);
}
