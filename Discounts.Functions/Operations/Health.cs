using System.Reflection;
using Dapper;
using Discounts.Functions.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Discounts.Functions.Operations;

/// <summary><c>GET /api/health</c>: 200 when the database answers, 503 when it does not.</summary>
public sealed class Health(NpgsqlDataSource dataSource) : IHttpFunction
{
    private static readonly string Version = typeof(Health).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";

    public async Task<IResult> RunAsync(HttpContext context) => await CheckAsync(context);

    public async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> CheckAsync(HttpContext context)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await using var conn = await dataSource.OpenConnectionAsync(timeout.Token);
            await conn.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: timeout.Token));
            return TypedResults.Ok(new HealthResponse("healthy", "ok", Version));
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            context.Response.Headers.RetryAfter = Http.Problems.RetryAfterSeconds;
            return TypedResults.Json(new HealthResponse("unhealthy", "unreachable", Version), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
