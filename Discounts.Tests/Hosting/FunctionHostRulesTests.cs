using Discounts.Tests.Infrastructure;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cronos;
using Discounts.Functions.Hosting;
using Microsoft.AspNetCore.Routing.Patterns;
using Discounts.Functions.Checkout;
using Discounts.Functions.Codes;
using Discounts.Functions.Operations;
using Discounts.Functions.Reservations;

namespace Discounts.Tests.Hosting;

/// <summary>
/// The package as the Azure Functions host reads it: every written function.json, and host.json, held to what the
/// host checks when it indexes the app. A function that breaks one of these rules is "in error" after start (an
/// HTTP function answers 404, a timer never fires) while standalone Kestrel serves it without complaint. The rules
/// are restated here from the host's own sources, independently of the catalog's checks (CatalogRules): each
/// comment names the file, in Azure/azure-functions-host unless another repository is named.
/// </summary>
public sealed partial class FunctionHostRulesTests
{
    private static readonly string[] ReservedRoutePrefixes = ["admin", "runtime"];

    private static readonly string[] Methods = ["get", "post", "delete", "head", "patch", "put", "options", "trace"];

    private static readonly string[] AuthLevels = ["anonymous", "function", "admin"];

    [Fact]
    public void WrittenMetadata_AsPublished_BreaksNoHostRule()
    {
        var dir = Path.Combine(Path.GetTempPath(), "fnrules-" + Guid.NewGuid().ToString("N"));
        try
        {
            FunctionMetadataWriter.Write(dir);
            var functions = Directory.GetDirectories(dir).ToDictionary(
                d => Path.GetFileName(d), d => JsonNode.Parse(File.ReadAllText(Path.Combine(d, "function.json")))!);

            var violations = Violations(HostJson(), functions);

            Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
            Assert.Equal(FunctionCatalog.All.Count, functions.Count);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The rules can fail: metadata the host refuses (the old admin/ routes among it) is reported.</summary>
    [Theory]
    [InlineData("route admin/discounts", "built in routes")]
    [InlineData("route Admin/discounts", "built in routes")]
    [InlineData("route /admin/discounts", "built in routes")]
    [InlineData("route administration", "built in routes")]
    [InlineData("route runtime/status", "built in routes")]
    [InlineData("route api//discount/validate", "route template")]
    [InlineData("route empty", "no route")]
    [InlineData("same route and method", "conflicts with the route of")]
    [InlineData("same route, other parameter name", "the same requests")]
    [InlineData("method connect", "method 'connect'")]
    [InlineData("no methods", "no methods")]
    [InlineData("authLevel user", "authLevel 'user'")]
    [InlineData("no http output", "http output")]
    [InlineData("two triggers", "one trigger")]
    [InlineData("binding name with a dash", "binding name 'my-req'")]
    [InlineData("direction sideways", "direction 'sideways'")]
    [InlineData("schedule %Timers__ReleaseExpiredReservations%", "nested setting name")]
    [InlineData("schedule %Timers:ReleaseExpiredReservations%", "nested setting name")]
    [InlineData("schedule five fields", "6-field")]
    [InlineData("function named host", "function name 'host'")]
    [InlineData("function named 1Health", "function name '1Health'")]
    [InlineData("host.json version 3.0", "version")]
    [InlineData("host.json routePrefix api", "routePrefix")]
    [InlineData("host.json routePrefix absent", "routePrefix")]
    [InlineData("host.json functionTimeout 30 minutes", "functionTimeout")]
    public void HostRules_MetadataTheHostRefuses_IsReported(string change, string expected)
    {
        var host = HostJson();
        var functions = FunctionCatalog.All.ToDictionary(f => f.Name, f => (JsonNode)FunctionMetadataWriter.FunctionJson(f));
        JsonNode Trigger(string function) => functions[function]["bindings"]![0]!;
        void Route(string function, string method, string route) =>
            functions[function] = FunctionMetadataWriter.FunctionJson(new FunctionDefinition(function, typeof(ListDiscounts), Http: new HttpTrigger([method], route, Access.Admin)));

        switch (change)
        {
            case "route empty": Trigger("Health")["route"] = ""; break;
            case "same route and method": Route(nameof(CreateCheckout), "POST", "api/discount/apply"); break;
            case "same route, other parameter name": Route(nameof(GetPurchase), "GET", "api/discount/reservations/{id}"); break;
            case "method connect": Trigger("Health")["methods"] = new JsonArray("connect"); break;
            case "no methods": Trigger("Health")["methods"] = new JsonArray(); break;
            case "authLevel user": Trigger("Health")["authLevel"] = "user"; break;
            case "no http output": functions["Health"]["bindings"]!.AsArray().RemoveAt(1); break;
            case "two triggers": functions["Health"]["bindings"]!.AsArray().Add(Trigger(nameof(ReleaseExpiredReservations)).DeepClone()); break;
            case "binding name with a dash": Trigger("Health")["name"] = "my-req"; break;
            case "direction sideways": Trigger("Health")["direction"] = "sideways"; break;
            case "schedule five fields": Trigger(nameof(ReleaseExpiredReservations))["schedule"] = "*/5 * * * *"; break;
            case "function named host": functions["host"] = functions["Health"]; functions.Remove("Health"); break;
            case "function named 1Health": functions["1Health"] = functions["Health"]; functions.Remove("Health"); break;
            case "host.json version 3.0": host["version"] = "3.0"; break;
            case "host.json routePrefix api": host["extensions"]!["http"]!["routePrefix"] = "api"; break;
            case "host.json routePrefix absent": host["extensions"]!["http"]!.AsObject().Remove("routePrefix"); break;
            case "host.json functionTimeout 30 minutes": host["functionTimeout"] = "00:30:00"; break;
            case var schedule when schedule.StartsWith("schedule ", StringComparison.Ordinal):
                Trigger(nameof(ReleaseExpiredReservations))["schedule"] = schedule["schedule ".Length..];
                break;
            case var route when route.StartsWith("route ", StringComparison.Ordinal):
                Route(nameof(ListDiscounts), "GET", route["route ".Length..]);
                break;
            default: throw new ArgumentOutOfRangeException(nameof(change), change, null);
        }

        var violations = Violations(host, functions);

        Assert.Contains(violations, v => v.Contains(expected, StringComparison.Ordinal));
    }

    /// <summary>
    /// Under Core Tools the host resolves each <c>%Name%</c> from local.settings.json's Values; a name it cannot resolve
    /// leaves the timer in error ("'%Name%' does not resolve to a value": azure-webjobs-sdk, INameResolver's
    /// ResolveWholeString, through TimerSchedule.Create in azure-webjobs-sdk-extensions
    /// src/WebJobs.Extensions/Extensions/Timers/Scheduling/TimerSchedule.cs). The sample must carry every one.
    /// </summary>
    [Fact]
    public void LocalSettingsSample_EveryScheduleSetting_ResolvesToASixFieldCron()
    {
        var values = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root(), "local.settings.sample.json")))!["Values"]!;
        foreach (var function in FunctionCatalog.TimerFunctions)
        {
            var schedule = (string?)FunctionMetadataWriter.FunctionJson(function)["bindings"]![0]!["schedule"];
            var name = AppSettingExpression().Match(schedule!).Groups[1].Value;
            var value = (string?)values[name];
            Assert.True(value is not null && IsSixFieldCron(value), $"local.settings.sample.json: {name} is '{value}'");
        }
    }

    private static List<string> Violations(JsonNode host, IReadOnlyDictionary<string, JsonNode> functions)
    {
        var found = new List<string>();

        // host.json's "version" must be "2.0": src/WebJobs.Script/Config/HostJsonFileConfigurationSource.cs
        // ("missing the required 'version' property" / "is an invalid value for host.json 'version' property").
        if ((string?)host["version"] != "2.0")
        {
            found.Add($"host.json: version '{host["version"]}' is not \"2.0\"");
        }

        // The route prefix is extensions.http.routePrefix, "api" when absent (src/WebJobs.Script.WebHost/Management/
        // WebFunctionsManager.cs GetRoutePrefix; azure-webjobs-sdk-extensions src/WebJobs.Extensions.Http/Config/HttpOptions.cs).
        // The host proxies the request path unchanged (customHandler.enableProxyingHttpRequest), so it must be the
        // prefix the handler maps its routes under.
        var prefix = host["extensions"]?["http"]?["routePrefix"] is { } configured ? (string?)configured : "api";
        if (prefix != FunctionEndpoints.RoutePrefix)
        {
            found.Add($"host.json: routePrefix '{prefix}' is not the handler's '{FunctionEndpoints.RoutePrefix}'");
        }

        // The custom handler's executable: src/WebJobs.Script/Workers/Http/HttpWorkerDescription.cs
        // ("WorkerDescription DefaultExecutablePath cannot be empty").
        if (string.IsNullOrWhiteSpace((string?)host["customHandler"]?["description"]?["defaultExecutablePath"]))
        {
            found.Add("host.json: customHandler.description.defaultExecutablePath is empty");
        }

        // functionTimeout between 1 second and 10 minutes on a Consumption plan, which infra/main.bicep offers (Y1):
        // src/WebJobs.Script/Config/ScriptJobHostOptionsSetup.cs (MinFunctionTimeout, MaxFunctionTimeoutDynamic).
        if (host["functionTimeout"] is { } timeout &&
            (!TimeSpan.TryParse((string?)timeout, System.Globalization.CultureInfo.InvariantCulture, out var t) || t < TimeSpan.FromSeconds(1) || t > TimeSpan.FromMinutes(10)))
        {
            found.Add($"host.json: functionTimeout '{timeout}' is outside 00:00:01..00:10:00 (Consumption)");
        }

        var routes = new List<(string Function, string Route, string[] Methods)>();
        foreach (var (name, json) in functions.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            // The folder name is the function name: ^[a-z][a-z0-9_\-]{0,127}$ ignoring case, never "host"
            // (src/WebJobs.Script/Utility.cs FunctionNameValidationRegex, IsValidFunctionName; checked by
            // src/WebJobs.Script/Host/HostFunctionMetadataProvider.cs ReadFunctionMetadata: "is not a valid function name").
            if (!FunctionName().IsMatch(name))
            {
                found.Add($"{name}: function name '{name}' is not valid for the host");
            }

            // At least one binding: src/WebJobs.Script/Host/HostFunctionMetadataProvider.cs ParseFunctionMetadata.
            if (json["bindings"] is not JsonArray { Count: > 0 } bindings)
            {
                found.Add($"{name}: no bindings");
                continue;
            }

            // Every binding has a type, a name matching ^([a-zA-Z][a-zA-Z0-9]{0,127}|\$return)$ (src/WebJobs.Script/Utility.cs
            // BindingNameValidationRegex, ValidateBinding; src/WebJobs.Script/Description/FunctionDescriptorProvider.cs
            // ValidateBinding), unique ignoring case, and a direction in, out or inout (src/WebJobs.Script.Abstractions/
            // Description/Binding/BindingMetadata.cs Create, BindingDirection.cs; schemas/json/function.json bindingBase).
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var binding in bindings)
            {
                var bindingName = (string?)binding?["name"];
                if (bindingName is null || !BindingName().IsMatch(bindingName) || !names.Add(bindingName))
                {
                    found.Add($"{name}: binding name '{bindingName}' is missing, invalid or repeated");
                }

                if (string.IsNullOrEmpty((string?)binding?["type"]))
                {
                    found.Add($"{name}: a binding has no type");
                }

                if ((string?)binding?["direction"] is not ("in" or "out" or "inout"))
                {
                    found.Add($"{name}: direction '{binding?["direction"]}' is not in, out or inout");
                }
            }

            // Exactly one trigger (a type ending in "trigger") among the inputs: FunctionDescriptorProvider.ValidateFunction
            // ("Multiple trigger bindings defined" / "No trigger binding specified").
            var triggers = bindings.Where(b => (string?)b?["direction"] == "in" && ((string?)b?["type"])?.EndsWith("trigger", StringComparison.OrdinalIgnoreCase) == true).ToList();
            if (triggers.Count != 1)
            {
                found.Add($"{name}: {triggers.Count} triggers, the host takes exactly one trigger");
                continue;
            }

            var trigger = triggers[0]!;
            switch ((string?)trigger["type"])
            {
                case "httpTrigger":
                    routes.Add((name, (string?)trigger["route"] ?? "", (trigger["methods"] as JsonArray)?.Select(m => (string?)m ?? "").ToArray() ?? []));
                    found.AddRange(HttpViolations(name, bindings, trigger, prefix ?? ""));
                    break;
                case "timerTrigger":
                    found.AddRange(TimerViolations(name, trigger));
                    break;
                default:
                    found.Add($"{name}: trigger '{trigger["type"]}' is not one the app implements");
                    break;
            }
        }

        // No two functions on the same route (Trim('/'), ignoring case) with a method in common: src/WebJobs.Script/Host/
        // ScriptHost.cs ValidateFunction, HttpRoutesConflict ("The route specified conflicts with the route defined by
        // function ..."). Further than the host: templates equal once prefixed and with parameter names ignored match
        // the same requests, and ASP.NET Core routing (the host's WebJobsRouter, and the handler) would find both.
        for (var i = 0; i < routes.Count; i++)
        {
            for (var j = i + 1; j < routes.Count; j++)
            {
                var (a, b) = (routes[i], routes[j]);
                if (!a.Methods.Intersect(b.Methods, StringComparer.OrdinalIgnoreCase).Any())
                {
                    continue;
                }

                if (string.Equals(a.Route.Trim('/'), b.Route.Trim('/'), StringComparison.OrdinalIgnoreCase))
                {
                    found.Add($"{b.Function}: route '{b.Route}' conflicts with the route of {a.Function}");
                }
                else if (Shape(Prefixed(prefix, a.Route)) is { } shape && shape == Shape(Prefixed(prefix, b.Route)))
                {
                    found.Add($"{b.Function}: route '{b.Route}' answers the same requests as {a.Function}'s '{a.Route}'");
                }
            }
        }

        return found;
    }

    /// <summary>The template the host maps: routePrefix + '/' + route, the route alone under an empty prefix.</summary>
    private static string Prefixed(string? prefix, string route) => string.IsNullOrEmpty(prefix) ? route : prefix + "/" + route;

    private static IEnumerable<string> HttpViolations(string name, JsonArray bindings, JsonNode trigger, string prefix)
    {
        // authLevel, methods and route are what src/WebJobs.Script/Binding/WebJobsCoreScriptBindingProvider.cs reads
        // (authLevel as an AuthorizationLevel name); schemas/json/function.json (httpBinding) allows authLevel anonymous,
        // function or admin and the methods below. No methods means every method, which no function here means.
        var authLevel = (string?)trigger["authLevel"];
        if (!AuthLevels.Contains(authLevel))
        {
            yield return $"{name}: authLevel '{authLevel}' is not anonymous, function or admin";
        }

        if (trigger["methods"] is not JsonArray { Count: > 0 } methods)
        {
            yield return $"{name}: no methods (the host would take every method)";
        }
        else
        {
            foreach (var method in methods.Select(m => (string?)m))
            {
                if (!Methods.Contains(method))
                {
                    yield return $"{name}: method '{method}' is not one of {string.Join(", ", Methods)}";
                }
            }
        }

        // An empty route becomes the function's name (src/WebJobs.Script/Host/ScriptHost.cs ValidateHttpFunction); every
        // route here is explicit.
        var route = (string?)trigger["route"];
        if (string.IsNullOrWhiteSpace(route))
        {
            yield return $"{name}: no route";
            yield break;
        }

        // The host's own API owns admin and runtime, whatever the routePrefix: ScriptHost.ValidateHttpFunction refuses a
        // route that, trimmed of '/' and lower-cased, starts with either ("The specified route conflicts with one or more
        // built in routes."; test/WebJobs.Script.Tests/ScriptHostTests.cs ValidateFunction_ValidatesHttpRoutes).
        var trimmed = route.Trim('/').ToLowerInvariant();
        foreach (var reserved in ReservedRoutePrefixes.Where(r => trimmed.StartsWith(r, StringComparison.Ordinal)))
        {
            yield return $"{name}: route '{route}' starts with '{reserved}': The specified route conflicts with one or more built in routes.";
        }

        // The host maps routePrefix + '/' + route as an ASP.NET Core route template: azure-webjobs-sdk-extensions
        // src/WebJobs.Extensions.Http/Routing/WebJobsRouteBuilder.cs (BuildRouteTemplate, new Route(...)).
        if (Shape(Prefixed(prefix, route)) is null)
        {
            yield return $"{name}: '{prefix}/{route}' is not a valid route template";
        }

        // The request reaches the handler as it came only for a function with one input (the httpTrigger) and one
        // output of type http: src/WebJobs.Script/Extensions/FunctionMetadataExtensions.cs IsHttpInAndOutFunction,
        // src/WebJobs.Script/Workers/Http/DefaultHttpWorkerService.cs InvokeAsync.
        if (bindings.Count(b => (string?)b?["direction"] == "in") != 1 ||
            bindings.Where(b => (string?)b?["direction"] == "out").Select(b => (string?)b?["type"]).SingleOrDefault() != "http")
        {
            yield return $"{name}: not exactly the httpTrigger and one http output binding";
        }
    }

    private static IEnumerable<string> TimerViolations(string name, JsonNode trigger)
    {
        // The schedule is resolved with INameResolver.ResolveWholeString, then must be an NCRONTAB expression with
        // seconds (6 fields) or a TimeSpan (azure-webjobs-sdk-extensions src/WebJobs.Extensions/Extensions/Timers/
        // Scheduling/TimerSchedule.cs Create, CronSchedule.cs TryCreate: IncludingSeconds = true). The app uses CRON only.
        // A %Name% is looked up as configuration[Name] (azure-webjobs-sdk src/Microsoft.Azure.WebJobs.Host/
        // DefaultNameResolver.cs); app settings reach configuration as environment variables, where "__" stands for ':',
        // and nested names are reported not to resolve (azure-functions-host #10246, #8649; azure-webjobs-sdk #1550):
        // the name must be flat.
        var schedule = (string?)trigger["schedule"] ?? "";
        if (AppSettingExpression().Match(schedule) is { Success: true } expression)
        {
            var setting = expression.Groups[1].Value;
            if (setting.Contains("__", StringComparison.Ordinal) || setting.Contains(':', StringComparison.Ordinal) || !FlatSettingName().IsMatch(setting))
            {
                yield return $"{name}: schedule '{schedule}' uses a nested setting name; the host resolves only flat ones";
            }
        }
        else if (!IsSixFieldCron(schedule))
        {
            yield return $"{name}: schedule '{schedule}' is neither a %Setting% nor a 6-field NCRONTAB expression";
        }

        // runOnStartup and useMonitor are booleans: schemas/json/function.json (timerTriggerBinding).
        foreach (var flag in new[] { "runOnStartup", "useMonitor" })
        {
            if (trigger[flag] is { } value && value.GetValueKind() is not (System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False))
            {
                yield return $"{name}: {flag} is not a boolean";
            }
        }
    }

    /// <summary>Six fields, digits and CRON operators only (no names, no Cronos-only L, W, # or ?), and a valid expression.</summary>
    private static bool IsSixFieldCron(string schedule)
    {
        var fields = schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 6 && fields.All(f => CronField().IsMatch(f)) && CronExpression.TryParse(schedule, CronFormat.IncludeSeconds, out _);
    }

    /// <summary>A route template's shape: literals lower-cased, every parameter alike; null when it does not parse.</summary>
    private static string? Shape(string template)
    {
        try
        {
            var pattern = RoutePatternFactory.Parse(template);
            return string.Join("/", pattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
            {
                RoutePatternLiteralPart literal => literal.Content.ToLowerInvariant(),
                RoutePatternParameterPart => "{}",
                _ => p.ToString(),
            }))));
        }
        catch (RoutePatternException)
        {
            return null;
        }
    }

    private static JsonNode HostJson() => JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root(), "host.json")))!;

    [GeneratedRegex(@"^[a-z][a-z0-9_\-]{0,127}$(?<!^host$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FunctionName();

    [GeneratedRegex(@"^([a-zA-Z][a-zA-Z0-9]{0,127}|\$return)$")]
    private static partial Regex BindingName();

    [GeneratedRegex("^%([^%]+)%$")]
    private static partial Regex AppSettingExpression();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex FlatSettingName();

    [GeneratedRegex(@"^[0-9*/,\-]+$")]
    private static partial Regex CronField();
}
