using Discounts.Functions.Hosting;
using Discounts.Tests.Infrastructure;

namespace Discounts.Tests.Hosting;

/// <summary>A reader who knows a function's Azure name finds its class in one hop: <c>Discounts.Functions/&lt;Feature&gt;/&lt;Name&gt;.cs</c>.</summary>
public sealed class LayoutTests
{
    [Fact]
    public void EveryFunction_LivesInItsFeatureFolder_UnderItsOwnName()
    {
        var root = Path.Combine(Repository.Root(), "Discounts.Functions");
        Assert.All(FunctionCatalog.All, function =>
        {
            var file = Repository.FeatureFile(function.Handler);
            Assert.True(File.Exists(Path.Combine(root, file)), $"{function.Name} is not at Discounts.Functions/{file}");
            Assert.Contains($"class {function.Name}", File.ReadAllText(Path.Combine(root, file)), StringComparison.Ordinal);
        });
    }
}
