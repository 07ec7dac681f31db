using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Discounts.Core.Fraud;

/// <summary>
/// Verifies a CAPTCHA token with the provider's siteverify endpoint. Fails closed: a replayed token, a wrong
/// hostname or action, a refusal, or an unreachable verifier all refuse (EC-038). A token is consumed (its hash
/// stored) before it is checked, so it can be presented once only, whatever the answer.
/// </summary>
public sealed partial class CaptchaVerifier(HttpClient http, CaptchaOptions options, NpgsqlDataSource dataSource, TimeProvider clock, ILogger<CaptchaVerifier> logger)
{
    public bool Enabled => options.Enabled;

    /// <summary>Null when the token passes; otherwise why it did not.</summary>
    public async Task<string?> VerifyAsync(string token, string? remoteIp, CancellationToken ct)
    {
        if (token.Length is 0 or > 4096)
        {
            return "malformed";
        }

        const string consume = "INSERT INTO captcha_token (token_hash, used_at) VALUES (@hash, @now) ON CONFLICT DO NOTHING";
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            if (await conn.ExecuteAsync(consume, new { hash = SHA256.HashData(Encoding.UTF8.GetBytes(token)), now = clock.GetUtcNow().UtcDateTime }) == 0)
            {
                return "replayed";
            }
        }

        SiteVerifyAnswer? answer;
        try
        {
            var form = new Dictionary<string, string> { ["secret"] = options.Secret!, ["response"] = token };
            if (remoteIp is not null)
            {
                form["remoteip"] = remoteIp;
            }

            using var response = await http.PostAsync(options.VerifyUri, new FormUrlEncodedContent(form), ct);
            if (!response.IsSuccessStatusCode)
            {
                return "verifier_unavailable";
            }

            answer = await response.Content.ReadFromJsonAsync<SiteVerifyAnswer>(ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException && !ct.IsCancellationRequested)
        {
            LogUnavailable(logger, ex);
            return "verifier_unavailable";
        }

        if (answer is not { Success: true })
        {
            return "rejected";
        }

        if (options.Hostname is { Length: > 0 } host && !string.Equals(answer.Hostname, host, StringComparison.OrdinalIgnoreCase))
        {
            return "wrong_hostname";
        }

        return options.Action is { Length: > 0 } action && options.Provider == "turnstile" && answer.Action != action ? "wrong_action" : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "CAPTCHA verifier unreachable; refusing (fail closed)")]
    private static partial void LogUnavailable(ILogger logger, Exception ex);

    private sealed record SiteVerifyAnswer(
        [property: JsonPropertyName("success")] bool Success,
        [property: JsonPropertyName("hostname")] string? Hostname,
        [property: JsonPropertyName("action")] string? Action);
}
