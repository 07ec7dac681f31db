using System.Text.Json;
using System.Text.Json.Nodes;

namespace Discounts.Functions.Hosting;

/// <summary>Writes one <c>&lt;FunctionName&gt;/function.json</c> per catalog entry: the Functions host's view of the app.</summary>
public static class FunctionMetadataWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static JsonObject FunctionJson(FunctionDefinition function)
    {
        if (function.Http is { } http)
        {
            return new JsonObject
            {
                ["bindings"] = new JsonArray(
                    new JsonObject
                    {
                        ["type"] = "httpTrigger",
                        ["direction"] = "in",
                        ["name"] = "req",
                        ["authLevel"] = http.AuthLevel,
                        ["methods"] = new JsonArray(http.Methods.Select(m => (JsonNode)JsonValue.Create(m.ToLowerInvariant())).ToArray()),
                        ["route"] = http.Route,
                    },
                    new JsonObject { ["type"] = "http", ["direction"] = "out", ["name"] = "res" }),
            };
        }

        var timer = function.Timer!;
        return new JsonObject
        {
            ["bindings"] = new JsonArray(new JsonObject
            {
                ["type"] = "timerTrigger",
                ["direction"] = "in",
                ["name"] = "timer",
                // An app-setting reference with a flat name (the host does not resolve nested ones): the schedule is
                // configuration, and the deployment's app settings carry the catalog's default.
                ["schedule"] = $"%{timer.Setting}%",
                ["runOnStartup"] = false,
                ["useMonitor"] = true,
            }),
        };
    }

    public static IReadOnlyList<string> Write(string directory)
    {
        var written = new List<string>();
        foreach (var function in FunctionCatalog.All)
        {
            var folder = Path.Combine(directory, function.Name);
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, "function.json");
            File.WriteAllText(path, FunctionJson(function).ToJsonString(Indented) + "\n");
            written.Add(path);
        }

        return written;
    }
}
