namespace Discounts.Tests.Infrastructure;

/// <summary>
/// Tests that measure the whole process (its memory) run alone, after the parallel ones: other test classes
/// allocating at the same time would be counted as theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Alone";
}
