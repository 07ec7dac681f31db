using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using System.Text.Json;
using Discounts.Core.Common;
using Discounts.Functions.Http;

namespace Discounts.Functions.Hosting;

/// <summary>Maps the catalog: HTTP functions at their routes, sites under theirs, timer functions at <c>POST /{FunctionName}</c> (the custom-handler invocation contract).</summary>
public static class FunctionEndpoints
{
    public const string UserPolicy = "user";
    public const string AdminPolicy = "admin";

    /// <summary>
    /// host.json's <c>extensions.http.routePrefix</c>: empty, so each catalog route is the whole path (<c>api/...</c> for
    /// the API, <c>console/...</c> for the admin console); the host forwards request paths unchanged.
    /// </summary>
    public const string RoutePrefix = "";

    public static void MapFunctions(this IEndpointRouteBuilder app)
    {
        foreach (var function in FunctionCatalog.HttpFunctions)
        {
            var trigger = function.Http!;
            var handler = function.Handler;
            var endpoint = app.MapMethods("/" + trigger.Route, trigger.Methods,
                    (Delegate)(Func<HttpContext, Task<IResult>>)(context => ((IHttpFunction)context.RequestServices.GetRequiredService(handler)).RunAsync(context)))
                .WithName(function.Name)
                .WithTags(trigger.Access == Access.Admin ? "Admin" : "Storefront")
                .WithMetadata(handler.GetCustomAttributes(inherit: true))
                .WithMetadata(trigger); // JsonBody reads its Access: admin bodies are strict
            endpoint.Add(builder => AddResultMetadata(handler, builder));
            _ = trigger.Access switch
            {
                Access.User => endpoint.RequireAuthorization(UserPolicy),
                Access.Admin => endpoint.RequireAuthorization(AdminPolicy),
                _ => endpoint.AllowAnonymous(),
            };
        }

        foreach (var site in FunctionCatalog.Sites)
        {
            ((IHttpSite)Activator.CreateInstance(site.Handler)!).Map(app, site.Http!);
        }

        foreach (var function in FunctionCatalog.TimerFunctions)
        {
            app.MapPost("/" + function.Name, (Delegate)(Func<HttpContext, Task<IResult>>)(context => InvokeTimerAsync(context, function)))
                .WithName(function.Name + "Invocation")
                .ExcludeFromDescription()
                .AllowAnonymous();
        }
    }

    /// <summary>
    /// Describes a function's possible answers for OpenAPI: its typed entry method returns <c>Results&lt;...&gt;</c>,
    /// which knows its own response metadata, while the route itself only sees <see cref="IResult"/>.
    /// </summary>
    private static void AddResultMetadata(Type handler, EndpointBuilder builder)
    {
        foreach (var method in handler.GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            if (method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(Task<>) &&
                method.ReturnType.GetGenericArguments()[0] is var result && typeof(IEndpointMetadataProvider).IsAssignableFrom(result))
            {
                typeof(FunctionEndpoints).GetMethod(nameof(Populate), BindingFlags.NonPublic | BindingFlags.Static)!
                    .MakeGenericMethod(result).Invoke(null, [method, builder]);
            }
        }
    }

    private static void Populate<TResult>(MethodInfo method, EndpointBuilder builder)
        where TResult : IEndpointMetadataProvider => TResult.PopulateMetadata(method, builder);

    /// <summary>
    /// Runs a timer function for the Functions host (or any local caller). Only the host beside the handler may
    /// invoke (<see cref="ClientAddress.IsLocalInvocation"/>): nothing else should fire jobs.
    /// </summary>
    private static async Task<IResult> InvokeTimerAsync(HttpContext context, FunctionDefinition function)
    {
        if (!ClientAddress.IsLocalInvocation(context))
        {
            return Problems.Create(context, StatusCodes.Status403Forbidden, Problems.Forbidden, "Timer invocations come from the Functions host only.");
        }

        var isPastDue = false;
        if (context.Request.ContentLength is > 0 and < 64 * 1024)
        {
            try
            {
                using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
                var root = body.RootElement;
                isPastDue = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("Data", out var data) && data.ValueKind == JsonValueKind.Object &&
                    data.EnumerateObject().Any(p => p.Value.ValueKind == JsonValueKind.Object &&
                        p.Value.TryGetProperty("IsPastDue", out var due) && due.ValueKind == JsonValueKind.True);
            }
            catch (JsonException)
            {
                return Problems.Invalid(context, "body", "The invocation payload is not JSON.");
            }
        }

        var summary = await TimerRun.RunAsync(context.RequestServices, function, new TimerInfo(isPastDue), context.RequestAborted);
        var log = $"{function.Name} ran: {Json.Serialize(summary)}";
        return TypedResults.Json(new TimerInvocationResponse([], [log], null));
    }
}
