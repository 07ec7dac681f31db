using System.Text.Json.Serialization;

namespace Discounts.Functions.Hosting;

/// <summary>The custom handler's answer to an invocation: <c>{"Outputs":{},"Logs":[...],"ReturnValue":null}</c>.</summary>
public sealed record TimerInvocationResponse(
    [property: JsonPropertyName("Outputs")] Dictionary<string, object?> Outputs,
    [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: JsonPropertyName("ReturnValue")] object? ReturnValue);
