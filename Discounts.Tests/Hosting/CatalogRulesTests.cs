using Discounts.Functions.Hosting;
using Discounts.Functions.Codes;
using Discounts.Functions.Reservations;

namespace Discounts.Tests.Hosting;

/// <summary>The catalog refuses, when it is built, what the Functions host would refuse at start (admin/ and runtime/ routes first).</summary>
public sealed class CatalogRulesTests
{
    [Fact]
    public void Problems_TheRealCatalog_None()
    {
        Assert.Empty(CatalogRules.Problems(FunctionCatalog.All));
        Assert.All(FunctionCatalog.HttpFunctions.Where(f => f.Http!.Access == Access.Admin), f => Assert.StartsWith("api/manage/", f.Http!.Route, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("admin/discounts", "begins with 'admin'")]
    [InlineData("admin", "begins with 'admin'")]
    [InlineData("Admin/x", "begins with 'admin'")]
    [InlineData("ADMIN/discounts/{id}", "begins with 'admin'")]
    [InlineData("administration/discounts", "begins with 'admin'")]
    [InlineData("runtime/status", "begins with 'runtime'")]
    [InlineData("Runtime", "begins with 'runtime'")]
    [InlineData("/manage/discounts", "starts with '/'")]
    [InlineData("/admin/discounts", "starts with '/'")]
    [InlineData("~/manage/discounts", "starts with '~'")]
    [InlineData("", "empty")]
    [InlineData("manage/{id", "not a valid route template")]
    public void Problems_RouteTheHostRefuses_RefusedNamingFunctionAndRoute(string route, string expected)
    {
        var function = new FunctionDefinition(nameof(ListDiscounts), typeof(ListDiscounts), Http: new HttpTrigger(["GET"], route, Access.Admin));

        var problem = Assert.Single(CatalogRules.Problems([function]));

        Assert.Contains($"Function 'ListDiscounts', route '{route}'", problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validated_CatalogWithAnAdminRoute_Throws()
    {
        FunctionDefinition[] catalog = [.. FunctionCatalog.All, new(nameof(ListDiscounts) + "Old", typeof(ListDiscounts), Http: new HttpTrigger(["GET"], "admin/discounts", Access.Admin))];

        var ex = Assert.Throws<InvalidOperationException>(() => CatalogRules.Validated(catalog));

        Assert.Contains("Function 'ListDiscountsOld', route 'admin/discounts': begins with 'admin'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("api/manage/discounts", "GET", "answers the same requests as 'ListDiscounts'")]
    [InlineData("Api/Manage/Discounts/", "GET", "answers the same requests as 'ListDiscounts'")]
    [InlineData("api/discount/reservations/{id}", "GET", "answers the same requests as 'GetReservation'")]
    [InlineData("api/manage/discounts", "CONNECT", "methods [CONNECT]")]
    public void Problems_RouteClashOrUnknownMethod_Refused(string route, string method, string expected)
    {
        FunctionDefinition[] catalog = [.. FunctionCatalog.All, new("Extra", typeof(ListDiscounts), Http: new HttpTrigger([method], route, Access.Admin))];

        Assert.Contains(CatalogRules.Problems(catalog), p => p.StartsWith("Function 'Extra'", StringComparison.Ordinal) && p.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Timers__ReleaseExpiredReservations", "0 */5 * * * *", "not a flat name")]
    [InlineData("Timers:ReleaseExpiredReservations", "0 */5 * * * *", "not a flat name")]
    [InlineData("ReleaseExpiredReservationsSchedule", "*/5 * * * *", "not a 6-field NCRONTAB")]
    public void Problems_TimerSettingNestedOrScheduleNotSixFields_Refused(string setting, string schedule, string expected)
    {
        var function = new FunctionDefinition(nameof(ReleaseExpiredReservations), typeof(ReleaseExpiredReservations),
            Timer: new TimerTrigger(setting, "Timers:ReleaseExpiredReservations", schedule));

        Assert.Contains(expected, Assert.Single(CatalogRules.Problems([function])), StringComparison.Ordinal);
    }
}
