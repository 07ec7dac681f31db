using Discounts.Core.RateLimiting;
using Discounts.Functions.Functions;

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
        Http<ValidateDiscount>("GET", "discount/validate", Access.Anonymous, RateLimitActions.Validate),
        Http<ApplyDiscount>("POST", "discount/apply", Access.User, RateLimitActions.Apply),
        Http<GetReservation>("GET", "discount/reservations/{reservationId}", Access.User),
        Http<ReleaseReservation>("DELETE", "discount/reservations/{reservationId}", Access.User),
        Http<CreateCheckout>("POST", "checkout", Access.User),
        Http<GetPurchase>("GET", "purchases/{purchaseId}", Access.User),
        Http<StripeWebhook>("POST", "webhooks/stripe", Access.Anonymous),
        Http<Health>("GET", "health", Access.Anonymous),
        Http<GetOpenApiDocument>("GET", "openapi.json", Access.Anonymous),
        Http<GetApiReference>("GET", "docs", Access.Anonymous),
        Http<ListDiscounts>("GET", "manage/discounts", Access.Admin),
        Http<CreateDiscount>("POST", "manage/discounts", Access.Admin),
        Http<GenerateDiscountCodes>("POST", "manage/discounts/generate", Access.Admin),
        Http<GetDiscount>("GET", "manage/discounts/{id}", Access.Admin),
        Http<UpdateDiscount>("PATCH", "manage/discounts/{id}", Access.Admin),
        Http<ArchiveDiscount>("DELETE", "manage/discounts/{id}", Access.Admin),
        Http<ListDiscountUsages>("GET", "manage/discounts/{id}/usages", Access.Admin),
        Http<GetDiscountAnalytics>("GET", "manage/discounts/{id}/analytics", Access.Admin),
        Http<GetSystemAnalytics>("GET", "manage/analytics", Access.Admin),
        Http<ListTemplates>("GET", "manage/templates", Access.Admin),
        Http<ImportTemplates>("POST", "manage/templates/import", Access.Admin),
        Http<GetTemplate>("GET", "manage/templates/{id}", Access.Admin),
        Http<PutTemplate>("PUT", "manage/templates/{id}", Access.Admin),
        Http<ListFlaggedUsages>("GET", "manage/usages/flagged", Access.Admin),
        Http<ReviewUsage>("POST", "manage/usages/{id}/review", Access.Admin),
        Http<ReleaseUsage>("POST", "manage/usages/{id}/release", Access.Admin),
        Http<ListAuditLog>("GET", "manage/audit", Access.Admin),
        Http<RunIntegrityCheck>("POST", "manage/integrity-check", Access.Admin),
        Http<ExportData>("GET", "manage/export", Access.Admin),
        Timer<ReleaseExpiredReservations>("0 */5 * * * *"),
        Timer<ReconcileUsageCounts>("0 0 3 * * *"),
    ]);

    public static IEnumerable<FunctionDefinition> HttpFunctions => All.Where(f => f.Http is not null);

    public static IEnumerable<FunctionDefinition> TimerFunctions => All.Where(f => f.Timer is not null);

    private static FunctionDefinition Http<T>(string method, string route, Access access, string? rateLimit = null)
        where T : IHttpFunction => new(typeof(T).Name, typeof(T), Http: new HttpTrigger([method], route, access, rateLimit));

    /// <summary>The schedule's setting is <c>&lt;FunctionName&gt;Schedule</c>; the older <c>Timers:&lt;FunctionName&gt;</c> still works standalone.</summary>
    private static FunctionDefinition Timer<T>(string defaultSchedule)
        where T : ITimerFunction => new(typeof(T).Name, typeof(T), Timer: new TimerTrigger(typeof(T).Name + "Schedule", "Timers:" + typeof(T).Name, defaultSchedule));
}
