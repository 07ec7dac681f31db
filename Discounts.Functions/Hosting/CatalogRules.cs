using System.Text.RegularExpressions;
using Cronos;
using Microsoft.AspNetCore.Routing.Patterns;
using Discounts.Functions.Http;

namespace Discounts.Functions.Hosting;

/// <summary>
/// The Azure Functions host's rules a catalog entry can break, checked when the catalog is built: at the process's
/// start, and before the publish step writes any function.json. Standalone Kestrel would serve a route the host
/// refuses, so nothing else would notice before Azure. (FunctionHostRulesTests holds the written metadata to the
/// host's rules in full; the sources are cited there.)
/// </summary>
internal static partial class CatalogRules
{
    /// <summary>
    /// The host's own API lives under these, whatever the routePrefix: its ScriptHost.ValidateHttpFunction refuses any
    /// route that, trimmed of '/' and lower-cased, starts with one ("The specified route conflicts with one or more
    /// built in routes"), so <c>administration</c> is refused as well as <c>admin/...</c>.
    /// </summary>
    public static readonly IReadOnlyList<string> ReservedRoutePrefixes = ["admin", "runtime"];

    /// <summary>The methods function.json's schema allows.</summary>
    private static readonly string[] HttpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE"];

    public static IReadOnlyList<FunctionDefinition> Validated(IReadOnlyList<FunctionDefinition> functions)
    {
        var problems = Problems(functions);
        return problems.Count == 0
            ? functions
            : throw new InvalidOperationException("The function catalog breaks the Azure Functions host's rules:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
    }

    public static IReadOnlyList<string> Problems(IEnumerable<FunctionDefinition> functions)
    {
        var problems = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var routes = new List<(string Function, HttpTrigger Http, string Shape)>();
        foreach (var function in functions)
        {
            if (!FunctionName().IsMatch(function.Name))
            {
                problems.Add($"Function '{function.Name}': not a function name the host accepts (^[a-z][a-z0-9_-]{{0,127}}$, not 'host').");
            }

            if (!names.Add(function.Name))
            {
                problems.Add($"Function '{function.Name}': the name is taken by another function.");
            }

            if ((function.Http is null) == (function.Timer is null))
            {
                problems.Add($"Function '{function.Name}': needs exactly one trigger, HTTP or timer.");
            }

            if (function.Http is { } http)
            {
                if (RouteProblem(http.Route) is { } problem)
                {
                    problems.Add($"Function '{function.Name}', route '{http.Route}': {problem}");
                }
                else
                {
                    routes.Add((function.Name, http, Shape(http.Route)!));
                }

                if (http.Methods.Length == 0 || http.Methods.Any(m => !HttpMethods.Contains(m, StringComparer.Ordinal)))
                {
                    problems.Add($"Function '{function.Name}', route '{http.Route}': methods [{string.Join(", ", http.Methods)}] are not one or more of {string.Join(", ", HttpMethods)}.");
                }
            }

            if (function.Timer is { } timer)
            {
                if (!FlatSettingName().IsMatch(timer.Setting) || timer.Setting.Contains("__", StringComparison.Ordinal))
                {
                    problems.Add($"Function '{function.Name}': schedule setting '{timer.Setting}' is not a flat name (letters, digits, single '_'); the host does not resolve nested ones.");
                }

                if (timer.DefaultSchedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 6 ||
                    !CronExpression.TryParse(timer.DefaultSchedule, CronFormat.IncludeSeconds, out _))
                {
                    problems.Add($"Function '{function.Name}': default schedule '{timer.DefaultSchedule}' is not a 6-field NCRONTAB expression.");
                }
            }
        }

        // The host refuses two functions on one route with a method in common; templates that differ only in their
        // parameters' names match the same requests too.
        for (var i = 0; i < routes.Count; i++)
        {
            foreach (var other in routes.Skip(i + 1))
            {
                if (other.Shape == routes[i].Shape && other.Http.Methods.Intersect(routes[i].Http.Methods, StringComparer.OrdinalIgnoreCase).Any())
                {
                    problems.Add($"Function '{other.Function}', route '{other.Http.Route}': answers the same requests as '{routes[i].Function}' ('{routes[i].Http.Route}').");
                }
            }
        }

        return problems;
    }

    /// <summary>Why the host (or the route parser) would refuse <paramref name="route"/>, or null.</summary>
    public static string? RouteProblem(string route)
    {
        if (string.IsNullOrWhiteSpace(route))
        {
            return "empty; every route is explicit.";
        }

        if (route[0] is '/' or '~')
        {
            return $"starts with '{route[0]}'; a route is relative to the host's route prefix.";
        }

        if (ReservedRoutePrefixes.FirstOrDefault(p => route.StartsWith(p, StringComparison.OrdinalIgnoreCase)) is { } reserved)
        {
            return $"begins with '{reserved}', which the Azure Functions host reserves for its own API: it refuses the function at start " +
                "(\"The specified route conflicts with one or more built in routes\") and the route answers 404. Admin functions live under api/manage/, the admin console under console/.";
        }

        return Shape(route) is null ? "not a valid route template." : null;
    }

    /// <summary>The route as matched: literals lower-cased, every parameter alike; null when it does not parse.</summary>
    private static string? Shape(string route)
    {
        try
        {
            return string.Join("/", RoutePatternFactory.Parse(WithPrefix(route)).PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
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

    /// <summary>The path template the host maps: routePrefix + '/' + route, or the route alone when the prefix is empty.</summary>
    public static string WithPrefix(string route) => FunctionEndpoints.RoutePrefix.Length == 0 ? route : $"{FunctionEndpoints.RoutePrefix}/{route}";

    /// <summary>The host's function-name rule (azure-functions-host src/WebJobs.Script/Utility.cs, IsValidFunctionName).</summary>
    [GeneratedRegex(@"^[a-z][a-z0-9_\-]{0,127}$(?<!^host$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FunctionName();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex FlatSettingName();
}
