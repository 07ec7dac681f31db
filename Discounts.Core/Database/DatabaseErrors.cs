using Npgsql;

namespace Discounts.Core.Database;

/// <summary>
/// The one classification of database failures. Transient ones (the database or its pooler unreachable,
/// restarting, out of connections or resources, a lock knot that outlived the retries) are an outage: 503 with
/// <c>Retry-After</c>, and clients retry. Everything else is permanent: a constraint or data error the request
/// caused is mapped where the request is understood (a code deleted mid-apply is <c>code_not_found</c>), and
/// the rest is a bug, answered 500 and logged with its SQLSTATE — never dressed as an outage.
/// </summary>
public static class DatabaseErrors
{
    public static bool IsTransient(Exception exception) => exception switch
    {
        PostgresException pg => IsTransient(pg),
        // Npgsql's own: the network, a timeout opening or waiting for a connection.
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => false,
    };

    private static bool IsTransient(PostgresException pg) => pg.SqlState switch
    {
        // connection exception (PgBouncer reports its own failures as 08P01), insufficient resources (53300 too many connections)
        var s when s.StartsWith("08", StringComparison.Ordinal) || s.StartsWith("53", StringComparison.Ordinal) => true,
        PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.IdleSessionTimeout => true,
        // Retried by Transactions first; what reaches here lost every attempt.
        PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.LockNotAvailable => true,
        // statement_timeout: the database is too slow right now
        PostgresErrorCodes.QueryCanceled => true,
        // "database is not currently accepting connections": FATAL at connect, never inside a session
        PostgresErrorCodes.ObjectNotInPrerequisiteState => pg.InvariantSeverity == "FATAL",
        _ => false,
    };
}
