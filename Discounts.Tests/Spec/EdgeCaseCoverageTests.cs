using System.Reflection;
using System.Text.RegularExpressions;
using Discounts.Tests.Infrastructure;

namespace Discounts.Tests.Spec;

/// <summary>
/// docs/spec/edge-cases.md (the owner's list, copied into the repository): every case has a test that carries its id,
/// as a name (<c>EC017_...</c>) or a trait (<c>[Trait("EdgeCase", "EC-017")]</c>), and every id a test carries is on the list.
/// </summary>
public sealed partial class EdgeCaseCoverageTests
{
    [Fact]
    public void EveryEdgeCase_HasATestCarryingItsId()
    {
        var listed = CaseId().Matches(File.ReadAllText(Path.Combine(Repository.Root(), "docs", "spec", "edge-cases.md")))
            .Select(m => m.Value).ToHashSet();
        var tested = typeof(EdgeCaseCoverageTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttributes<FactAttribute>().Any())
            .SelectMany(m => m.GetCustomAttributesData()
                .Where(a => a.AttributeType == typeof(TraitAttribute) && (string?)a.ConstructorArguments[0].Value == "EdgeCase")
                .Select(a => (string)a.ConstructorArguments[1].Value!)
                .Concat(NamedId().Match(m.Name) is { Success: true } named ? [$"EC-{named.Groups[1].Value}"] : []))
            .ToHashSet();

        Assert.Equal(53, listed.Count);
        Assert.Empty(listed.Except(tested).Order());
        Assert.Empty(tested.Except(listed).Order());
    }

    [GeneratedRegex(@"EC-\d{3}")]
    private static partial Regex CaseId();

    [GeneratedRegex(@"^EC(\d{3})_")]
    private static partial Regex NamedId();
}
