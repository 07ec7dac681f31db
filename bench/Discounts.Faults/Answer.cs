using System.Text.Json.Nodes;

namespace Discounts.Faults;

/// <summary>The service's answer to one request: its status (or a transport failure) and its JSON body.</summary>
public sealed record Answer(int Status, JsonNode? Body)
{
    public static readonly Answer Cancelled = new(0, null);

    public bool Ok => Status is >= 200 and < 300;

    /// <summary>No answer, a 5xx, or a timeout: the service (or what it depends on) was not there.</summary>
    public bool Failed => Status >= 500 || Status < 0;

    public string? Text(string property) => Body is JsonObject o && o[property] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
