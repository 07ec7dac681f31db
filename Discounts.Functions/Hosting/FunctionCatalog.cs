using Discounts.Core.RateLimiting;
using Discounts.Functions.AdminConsole;
using Discounts.Functions.Analytics;
using Discounts.Functions.Audit;
using Discounts.Functions.Checkout;
using Discounts.Functions.Codes;
using Discounts.Functions.Export;
using Discounts.Functions.Operations;
using Discounts.Functions.RateLimiting;
using Discounts.Functions.Reconciliation;
using Discounts.Functions.Reservations;
using Discounts.Functions.Templates;
using Discounts.Functions.Usages;
using Discounts.Functions.Webhooks;

namespace Discounts.Functions.Hosting;

/// <summary>
/// The single source of truth of the function app: routes are mapped from it, the standalone scheduler learns
/// its timers from it, and the publish step writes every function.json from it.
/// </summary>
public static class FunctionCatalog
{
    /// <summary>Every function; checked against the Functions host's rules when built (<see cref="CatalogRules"/>), so a
    /// route the host would refuse (<c>admin/...</c>, <c>runtime/...</c>) stops the process at start.</summary>
    public static readonly IReadOnlyList<FunctionDefinition> All = CatalogRules.Validated(
    [
        Http<ValidateDiscount>("GET", "api/discount/validate", Access.Anonymous, RateLimitActions.Validate),
        Http<ApplyDiscount>("POST", "api/discount/apply", Access.User, RateLimitActions.Apply),
        Http<GetReservation>("GET", "api/discount/reservations/{reservationId}", Access.User),
        Http<ReleaseReservation>("DELETE", "api/discount/reservations/{reservationId}", Access.User),
        Http<CreateCheckout>("POST", "api/checkout", Access.User),
        Http<GetPurchase>("GET", "api/purchases/{purchaseId}", Access.User),
        Http<StripeWebhook>("POST", "api/webhooks/stripe", Access.Anonymous),
        Http<Health>("GET", "api/health", Access.Anonymous),
        Http<GetOpenApiDocument>("GET", "api/openapi.json", Access.Anonymous),
        Http<ListDiscounts>("GET", "api/manage/discounts", Access.Admin),
        Http<CreateDiscount>("POST", "api/manage/discounts", Access.Admin),
        Http<GenerateDiscountCodes>("POST", "api/manage/discounts/generate", Access.Admin),
        Http<GetCodeGeneration>("GET", "api/manage/code-generations/{id}", Access.Admin),
        Http<GetDiscount>("GET", "api/manage/discounts/{id}", Access.Admin),
        Http<UpdateDiscount>("PATCH", "api/manage/discounts/{id}", Access.Admin),
        Http<ArchiveDiscount>("DELETE", "api/manage/discounts/{id}", Access.Admin),
        Http<ListDiscountUsages>("GET", "api/manage/discounts/{id}/usages", Access.Admin),
        Http<GetDiscountAnalytics>("GET", "api/manage/discounts/{id}/analytics", Access.Admin),
        Http<GetSystemAnalytics>("GET", "api/manage/analytics", Access.Admin),
        Http<ListTemplates>("GET", "api/manage/templates", Access.Admin),
        Http<ImportTemplates>("POST", "api/manage/templates/import", Access.Admin),
        Http<GetTemplate>("GET", "api/manage/templates/{id}", Access.Admin),
        Http<PutTemplate>("PUT", "api/manage/templates/{id}", Access.Admin),
        Http<ListFlaggedUsages>("GET", "api/manage/usages/flagged", Access.Admin),
        Http<ReviewUsage>("POST", "api/manage/usages/{id}/review", Access.Admin),
        Http<ReleaseUsage>("POST", "api/manage/usages/{id}/release", Access.Admin),
        Http<ListAuditLog>("GET", "api/manage/audit", Access.Admin),
        Http<RunIntegrityCheck>("POST", "api/manage/integrity-check", Access.Admin),
        Http<ExportData>("GET", "api/manage/export", Access.Admin),
        // The admin console's pages and assets: one catch-all function, so the host forwards every console path.
        Site<ConsoleSite>("console/{*path}", "GET", "POST"),
        // The API reference (Scalar): its page and the script it ships, under one catch-all function too.
        Site<ApiReferenceSite>("api/docs/{*path}", "GET"),
        Timer<ReleaseExpiredReservations>("0 */5 * * * *"),
        Timer<ReconcileUsageCounts>("0 0 3 * * *"),
        Timer<RollUpAnalytics>("0 30 3 * * *"),
        Timer<PurgeRateLimits>("0 */15 * * * *"),
        Timer<RunCodeGenerations>("0 * * * * *"),
    ]);

    /// <summary>The API's functions: one endpoint each, handled by an <see cref="IHttpFunction"/>.</summary>
    public static IEnumerable<FunctionDefinition> HttpFunctions => All.Where(f => f.Http is not null && typeof(IHttpFunction).IsAssignableFrom(f.Handler));

    /// <summary>Sites mounted under one catch-all function (the admin console): an <see cref="IHttpSite"/> maps their endpoints.</summary>
    public static IEnumerable<FunctionDefinition> Sites => All.Where(f => f.Http is not null && typeof(IHttpSite).IsAssignableFrom(f.Handler));

    public static IEnumerable<FunctionDefinition> TimerFunctions => All.Where(f => f.Timer is not null);

    private static FunctionDefinition Http<T>(string method, string route, Access access, string? rateLimit = null)
        where T : IHttpFunction => new(typeof(T).Name, typeof(T), Http: new HttpTrigger([method], route, access, rateLimit));

    private static FunctionDefinition Site<T>(string route, params string[] methods)
        where T : IHttpSite, new() => new(typeof(T).Name, typeof(T), Http: new HttpTrigger(methods, route, Access.Anonymous));

    /// <summary>The schedule's setting is <c>&lt;FunctionName&gt;Schedule</c>; the older <c>Timers:&lt;FunctionName&gt;</c> still works standalone.</summary>
    private static FunctionDefinition Timer<T>(string defaultSchedule)
        where T : ITimerFunction => new(typeof(T).Name, typeof(T), Timer: new TimerTrigger(typeof(T).Name + "Schedule", "Timers:" + typeof(T).Name, defaultSchedule));
}
