using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Discounts.Faults;

/// <summary>HTTP calls to the service, each recorded in the <see cref="RequestLog"/> with its answer.</summary>
public sealed class ServiceClient(HttpClient http, RequestLog log)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public RequestLog Log => log;

    public async Task<Answer> SendAsync(string kind, HttpRequestMessage request, CancellationToken stop, TimeSpan? timeout = null)
    {
        using var owned = request;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stop);
        limit.CancelAfter(timeout ?? DefaultTimeout);
        var started = log.Begin(kind);
        try
        {
            using var response = await http.SendAsync(request, limit.Token);
            var text = await response.Content.ReadAsStringAsync(limit.Token);
            var status = (int)response.StatusCode;
            log.End(started, kind, status);
            return new Answer(status, Parse(text));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            log.Abandon(started);
            return Answer.Cancelled;
        }
        catch (OperationCanceledException)
        {
            log.End(started, kind, RequestRecord.TimedOut);
            return new Answer(RequestRecord.TimedOut, null);
        }
        catch (HttpRequestException)
        {
            log.End(started, kind, RequestRecord.TransportError);
            return new Answer(RequestRecord.TransportError, null);
        }
    }

    public static HttpRequestMessage Json(HttpMethod method, string path, string? token, string? ip, object? body)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (ip is not null)
        {
            request.Headers.Add("X-Forwarded-For", ip);
        }

        return request;
    }

    public static HttpRequestMessage Raw(string path, string payload, string? header = null, string? headerValue = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        if (header is not null)
        {
            request.Headers.Add(header, headerValue);
        }

        return request;
    }

    private static JsonNode? Parse(string text)
    {
        if (text.Length == 0 || text[0] is not ('{' or '['))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
