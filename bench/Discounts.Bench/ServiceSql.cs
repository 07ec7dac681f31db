using System.Globalization;
using System.Text.RegularExpressions;
using Discounts.Core.Reservations;

namespace Discounts.Bench;

/// <summary>
/// The statements <c>ReservationService.ApplyAsync</c> sends for a new hold on a limited code (its common case: the
/// read with the rate-limit hit, then the hold in one statement), taken from Core's own
/// constants (not a copy, so the database's ceiling follows the service's SQL as it changes) and written for pgbench:
/// every Dapper parameter becomes the pgbench expression that stands for it.
/// </summary>
public static partial class ServiceSql
{
    /// <summary>A pgbench script: one new shopper per transaction on the code <c>:code_id</c> (written <paramref name="code"/>).</summary>
    public static string ApplyScript(string code, int maxUses)
    {
        const string user = "('svc-' || :n || '-' || :client_id)";
        const string usageId = "md5('svc' || :n || '-' || :client_id)::uuid";
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            // the read before the hold: the rate-limit hit, the code and the caller's facts, the template, the risk signals
            ["RateAction"] = "'apply'",
            ["RateSubject"] = $"('user:' || {user})",
            ["RateCeilingSubject"] = "('users-at:10.0.' || (:n % 250) || '.' || :client_id)",
            ["RateWindow"] = "date_trunc('minute', now())",
            ["RateLimit"] = "5",
            ["RateCeiling"] = "1000",
            ["FreeUpTo"] = "11",
            ["TemplateId"] = ":template_id",
            ["UserId"] = user,
            ["Ip"] = "('10.0.' || (:n % 250) || '.' || :client_id)",
            ["Device"] = "NULL::text",
            ["FailedSubject"] = $"('user ' || {user})",
            ["Since"] = "now() - interval '1 hour'",
            ["WindowFloor"] = "now() - interval '1 minute'",
            ["UnpaidSince"] = "now() - interval '24 hours'",
            // the hold, if the caller's facts are unchanged under the user's lock: the slot, the usage, its audit row
            ["Ns"] = UsageRepository.UserLockNamespace.ToString(CultureInfo.InvariantCulture),
            ["CodeId"] = ":code_id",
            ["RefundReleasesSlot"] = "false",
            ["Uses"] = "0",
            ["HasPaidPurchase"] = "false",
            ["ActiveHolds"] = "0",
            ["Limited"] = "true",
            ["Start"] = ":start",
            ["Id"] = usageId,
            ["Code"] = $"'{code}'",
            ["Email"] = "NULL::text",
            ["Kind"] = "'percent'",
            ["PercentBps"] = "1000",
            ["AmountOff"] = "NULL::bigint",
            ["OriginalAmount"] = "4900",
            ["DiscountAmount"] = "490",
            ["FinalAmount"] = "4410",
            ["Currency"] = "'usd'",
            ["MinimumChargeApplied"] = "false",
            ["Status"] = "'reserved'",
            ["ReservedAt"] = "now()",
            ["ExpiresAt"] = "now() + interval '15 minutes'",
            ["ClientIp"] = "('10.0.' || (:n % 250) || '.' || :client_id)",
            ["DeviceFingerprint"] = "NULL::text",
            ["RiskScore"] = "0",
            ["RiskSignals"] = "'[]'",
            ["ReviewStatus"] = "'none'",
            ["UpdatedAt"] = "now()",
            ["Actor"] = $"('user:' || {user})",
            ["Action"] = "'usage.reserved'",
            ["After"] = "'{}'",
        };
        return $"""
            \set n random(1, 2000000000)
            \set start random(1, {maxUses})
            {ForPgBench(ReservationReads.ApplyLimitedSql, values)};
            {ForPgBench(UsageRepository.ReserveIfUnchangedSql, values)};
            """;
    }

    /// <summary>Replaces each <c>@Name</c> of <paramref name="sql"/> by its pgbench expression; a parameter without one is a bug.</summary>
    public static string ForPgBench(string sql, IReadOnlyDictionary<string, string> values) =>
        Parameter().Replace(sql, m => values.TryGetValue(m.Groups[1].Value, out var value)
            ? value
            : throw new InvalidOperationException($"The benchmark has no pgbench value for the service's parameter @{m.Groups[1].Value}."));

    [GeneratedRegex(@"(?<![@\w])@(\w+)")]
    private static partial Regex Parameter();
}
