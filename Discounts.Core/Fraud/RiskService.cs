using System.Net;
using System.Text.Json;
using Discounts.Core.Audit;
using Discounts.Core.Codes;
using Discounts.Core.Reservations;
using Discounts.Core.Common;
using Discounts.Core.RateLimiting;
using Npgsql;

namespace Discounts.Core.Fraud;

/// <summary>
/// Scores an apply (EC-014): gathers the signals, scores them, and decides — low passes; medium needs a valid
/// CAPTCHA (when one is configured) and is flagged for review; high is refused.
/// </summary>
public sealed class RiskService(RiskOptions options, RateLimitOptions rateLimits, CaptchaVerifier captcha, TimeProvider clock)
{
    /// <summary>How far back holds that expired unpaid count against an account, a device or an address (EC-044).</summary>
    public static readonly TimeSpan UnpaidHoldsWindow = TimeSpan.FromHours(24);

    /// <summary>What the apply's signal query (<see cref="RiskRepository.ApplySignalsSql"/>) needs to know.</summary>
    public RiskSignalQuery SignalQuery(Caller caller)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new RiskSignalQuery(caller.UserId, caller.Ip, caller.DeviceFingerprint, new RateSubject(caller.Ip, caller.UserId).Key!,
            now.AddHours(-1), now - rateLimits.Window, now - UnpaidHoldsWindow);
    }

    /// <summary>Adds the signals that need no database to those the query found, scores them and decides.</summary>
    public async Task<Outcome<RiskAssessment>> AssessApplyAsync(Caller caller, RiskSignals gathered, string? captchaToken, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var signals = gathered with
        {
            DisposableEmail = DisposableEmailDomains.IsDisposable(caller.Email),
            AccountAge = caller.AccountCreatedAt is { } created ? now - created : null,
            IpDenied = caller.Ip is not null && options.DenyIps.Any(d => IsMatch(d, caller.Ip)),
        };
        var risk = RiskScorer.Score(signals, options);
        if (risk.Level == RiskLevel.High)
        {
            return Outcome<RiskAssessment>.Fail(Errors.RiskBlocked);
        }

        if (risk.Level == RiskLevel.Medium && captcha.Enabled)
        {
            if (string.IsNullOrEmpty(captchaToken))
            {
                return Outcome<RiskAssessment>.Fail(Errors.CaptchaRequired);
            }

            if (await captcha.VerifyAsync(captchaToken, caller.Ip, ct) is { } why)
            {
                return Outcome<RiskAssessment>.Fail(Errors.CaptchaFailed, why);
            }
        }

        return Outcome<RiskAssessment>.Ok(risk);
    }

    /// <summary>
    /// Scores a usage again when it is paid: the same card paying for a one-per-user code from several accounts
    /// (EC-014). Money was taken, so nothing is refused here: a medium or high score puts the usage in the review
    /// queue, where an admin can reject it (which refunds). Runs in the confirmation's transaction.
    /// </summary>
    public async Task ReassessAtConfirmationAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Usage usage, string fingerprint, string actor, DateTime now)
    {
        var (others, maxUsesPerUser) = await RiskRepository.RecordCardAsync(conn, tx, usage.Id, usage.CodeId, usage.UserId, fingerprint);
        if (others == 0 || maxUsesPerUser != 1)
        {
            return;
        }

        var added = RiskScorer.Score(new RiskSignals { SameCardOtherAccounts = others }, options);
        var reasons = (JsonSerializer.Deserialize<string[]>(usage.RiskSignals) ?? []).Union(added.Reasons).ToArray();
        var score = Math.Min(100, usage.RiskScore + added.Score);
        var review = score >= options.MediumThreshold && usage.ReviewStatus == ReviewStatus.None ? ReviewStatus.Pending : usage.ReviewStatus;
        await UsageTransitions.ReassessRiskAsync(conn, tx, usage, score, reasons, review, actor, now);
    }

    /// <summary>An address, or a CIDR range such as 203.0.113.0/24.</summary>
    private static bool IsMatch(string entry, string ip) =>
        IPAddress.TryParse(ip, out var address) &&
        (entry.Contains('/', StringComparison.Ordinal)
            ? IPNetwork.TryParse(entry, out var network) && network.Contains(address)
            : IPAddress.TryParse(entry, out var single) && single.Equals(address));
}
