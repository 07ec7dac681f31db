namespace Discounts.Faults;

/// <summary>The database's facts after a phase, checked against design.md's invariants.</summary>
public sealed record CheckReport(IReadOnlyList<Finding> Findings, int OversoldSlots, int HalfWrittenRows, int PaymentsAcknowledged, int PaymentsRecorded, int PaymentsLostOverall);
