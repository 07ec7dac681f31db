using Discounts.Functions.Hosting;
using Discounts.Tests.Infrastructure;

namespace Discounts.Tests.RateLimiting;

/// <summary>
/// The catalog names the functions a rate limit applies to, and the count runs inside the function's first read of
/// the database (Http/RateLimits.cs): a function the catalog limits that did not pass its hit to Core would be
/// unlimited, and one that passed a hit the catalog does not name would count nothing.
/// </summary>
public sealed class RateLimitCatalogTests
{
    [Fact]
    public void EveryRateLimitedFunction_CarriesItsHitIntoItsCoreCall_AndAnswersWithIt()
    {
        Assert.Contains(FunctionCatalog.HttpFunctions, f => f.Http!.RateLimit is not null);
        Assert.All(FunctionCatalog.HttpFunctions, function =>
        {
            var source = File.ReadAllText(Path.Combine(Repository.Root(), "Discounts.Functions", Repository.FeatureFile(function.Handler)));
            var carries = source.Contains("context.RateLimitHit()", StringComparison.Ordinal) && source.Contains("RateLimits.Answer(context, ", StringComparison.Ordinal);
            Assert.True(carries == (function.Http!.RateLimit is not null),
                $"{function.Name}: the catalog's rate limit is {function.Http.RateLimit ?? "none"}, and the function {(carries ? "does" : "does not")} pass a hit to its Core call");
        });
    }
}
