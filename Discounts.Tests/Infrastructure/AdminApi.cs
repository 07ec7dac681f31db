using System.Net.Http.Headers;
using System.Text;

namespace Discounts.Tests.Infrastructure;

/// <summary>The admin calls, as a test makes them.</summary>
public static class AdminApi
{
    public static Task<HttpResponseMessage> PatchDiscountAsync(this HttpClient client, Guid id, string? ifMatch, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/manage/discounts/{id}") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, string json) =>
        client.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    public static string? ETag(this HttpResponseMessage response) => response.Headers.ETag?.Tag;

    public static EntityTagHeaderValue Version(int version) => new($"\"{version}\"");
}
