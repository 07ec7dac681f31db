using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Discounts.Tests.Infrastructure;

/// <summary>The storefront's calls, as a test makes them.</summary>
public static class Api
{
    public static Task<HttpResponseMessage> ApplyAsync(this HttpClient client, string code, Guid templateId) =>
        client.PostAsJsonAsync("/api/discount/apply", new { code, templateId });

    public static Task<HttpResponseMessage> CheckoutAsync(this HttpClient client, Guid templateId, Guid? reservationId, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/checkout") { Content = JsonContent.Create(new { templateId, reservationId }) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> WebhookAsync(this HttpClient client, string payload, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/stripe") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.Add("Stripe-Signature", signature);
        }

        return client.SendAsync(request);
    }

    public static async Task<JsonObject> JsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    /// <summary>Reads the body, asserting the status first (with the body in the failure message).</summary>
    public static async Task<JsonObject> ExpectAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? [] : JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>Asserts a problem-details answer with the given status and stable code.</summary>
    public static async Task<JsonObject> ExpectProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.ExpectAsync(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, (string?)body["code"]);
        return body;
    }

    /// <summary>
    /// Sends the request as if from TCP peer <paramref name="peer"/> (see <see cref="AppFactory.PeerHeader"/>), with an
    /// <c>X-Forwarded-For</c> header when given.
    /// </summary>
    public static HttpRequestMessage From(this HttpRequestMessage request, string peer, string? forwardedFor = null)
    {
        request.Headers.Add(AppFactory.PeerHeader, peer);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return request;
    }

    public static HttpRequestMessage ApplyRequest(string token, string code, Guid templateId, string? device = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/discount/apply") { Content = JsonContent.Create(new { code, templateId }) };
        request.Headers.Add("Authorization", "Bearer " + token);
        if (device is not null)
        {
            request.Headers.Add("X-Device-Fingerprint", device);
        }

        return request;
    }

    public static HttpRequestMessage ValidateRequest(string code, Guid templateId, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/discount/validate?code={Uri.EscapeDataString(code)}&templateId={templateId}");
        if (token is not null)
        {
            request.Headers.Add("Authorization", "Bearer " + token);
        }

        return request;
    }

    public static Guid Id(this JsonObject body, string name) => Guid.Parse((string)body[name]!);

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
