using System.Net;
using Discounts.Core.Common;
using Discounts.Core.RateLimiting;
using Npgsql;

namespace Discounts.Core.Fraud;

/// <summary>
/// Scores an apply (EC-014): gathers the signals, scores them, and decides — low passes; medium needs a valid
/// CAPTCHA (when one is configured) and is flagged for review; high is refused.
/// </summary>
public sealed class RiskService(NpgsqlDataSource dataSource, RiskOptions options, RateLimitOptions rateLimits, CaptchaVerifier captcha, TimeProvider clock)
{
    public async Task<Outcome<RiskAssessment>> AssessApplyAsync(Caller caller, Guid codeId, string? captchaToken, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        RiskSignals signals;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            signals = await RiskRepository.GatherAsync(conn, codeId, caller.UserId, caller.Ip, caller.DeviceFingerprint,
                RateLimiter.Subjects(caller.Ip, caller.UserId), now.AddHours(-1), now - rateLimits.Window);
        }

        signals = signals with
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

    /// <summary>An address, or a CIDR range such as 203.0.113.0/24.</summary>
    private static bool IsMatch(string entry, string ip) =>
        IPAddress.TryParse(ip, out var address) &&
        (entry.Contains('/', StringComparison.Ordinal)
            ? IPNetwork.TryParse(entry, out var network) && network.Contains(address)
            : IPAddress.TryParse(entry, out var single) && single.Equals(address));
}
