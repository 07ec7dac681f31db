using System.Net.Sockets;
using Discounts.Core.Checkout;
using Discounts.Core.Database;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Discounts.Functions.Http;

/// <summary>
/// The one place an exception becomes an answer: a dependency that is down (the database by
/// <see cref="DatabaseErrors.IsTransient"/>, the payment provider) is a 503 with <c>Retry-After</c>, so callers and
/// Stripe retry (EC-051); a body the server refused to read keeps its status (413 and friends); anything else —
/// a permanent database error included — is a bug: logged (with its SQLSTATE), and a 500 problem with the trace id.
/// </summary>
public sealed partial class ExceptionProblemHandler(IProblemDetailsService problems, ILogger<ExceptionProblemHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var context = httpContext;
        int status;
        string code;
        string title;
        switch (exception)
        {
            case BadHttpRequestException bad:
                status = bad.StatusCode;
                code = Problems.CodeForStatus(status);
                title = "The request could not be read.";
                break;
            case var _ when DatabaseErrors.IsTransient(exception) || exception is SocketException or TimeoutException or PaymentProviderUnavailableException:
                LogUnavailable(logger, exception, (exception as PostgresException)?.SqlState);
                status = StatusCodes.Status503ServiceUnavailable;
                code = Problems.CodeForStatus(status);
                title = "A dependency is unavailable; try again shortly.";
                context.Response.Headers.RetryAfter = Problems.RetryAfterSeconds;
                break;
            case OperationCanceledException when context.RequestAborted.IsCancellationRequested:
                status = 499;
                code = "client_closed_request";
                title = "The client closed the request.";
                break;
            case PostgresException postgres:
                LogDatabaseBug(logger, postgres, postgres.SqlState, postgres.ConstraintName);
                status = StatusCodes.Status500InternalServerError;
                code = Problems.InternalError;
                title = "An unexpected error occurred.";
                break;
            default:
                LogUnhandled(logger, exception);
                status = StatusCodes.Status500InternalServerError;
                code = Problems.InternalError;
                title = "An unexpected error occurred.";
                break;
        }

        // A console page is answered by the console's own error page (its exception handler re-executes it), not JSON.
        if (context.Request.Path.StartsWithSegments(AdminConsole.ConsoleSite.PathBase))
        {
            return false;
        }

        var problem = new ProblemDetails { Status = status, Title = title, Type = $"https://discounts.local/problems/{code}" };
        Problems.Decorate(problem, context, code);
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A dependency is unavailable (SQLSTATE {SqlState})")]
    private static partial void LogUnavailable(ILogger logger, Exception ex, string? sqlState);

    [LoggerMessage(Level = LogLevel.Error, Message = "Database error SQLSTATE {SqlState} (constraint {Constraint}): a bug, not an outage")]
    private static partial void LogDatabaseBug(ILogger logger, Exception ex, string sqlState, string? constraint);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception")]
    private static partial void LogUnhandled(ILogger logger, Exception ex);
}
