namespace Discounts.Faults;

/// <summary>
/// One injected fault: what breaks, how long it stays broken while traffic runs, and what puts it right.
/// A fault that is its own repair (a restart) has no window and nothing to restore.
/// </summary>
public sealed record Fault(string Key, string Name, Func<Task> Inject, TimeSpan Window, Func<Task> Restore)
{
    /// <summary>Why the fault does not apply to this run (null when it does).</summary>
    public string? Skipped { get; init; }

    /// <summary>What the fault itself observed, for the notes under the table (null when nothing).</summary>
    public Func<string?> Note { get; init; } = () => null;
}
