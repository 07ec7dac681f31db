using Discounts.Core.Common;
using Npgsql;

namespace Discounts.Core.Database;

/// <summary>
/// Runs a unit of work in its own connection and transaction, retrying it whole when PostgreSQL aborts it
/// for a reason that a retry cures (deadlock, serialization failure, a unique race lost).
/// </summary>
internal static class Transactions
{
    private const int MaxAttempts = 4;

    /// <summary>Runs the work and commits.</summary>
    public static Task<T> RunAsync<T>(NpgsqlDataSource dataSource, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken ct) =>
        RunAsync(dataSource, work, static _ => true, ct);

    /// <summary>Runs the work; commits a success and rolls back an expected failure, so a refusal leaves nothing behind.</summary>
    public static Task<Outcome<T>> RunAsync<T>(NpgsqlDataSource dataSource, Func<NpgsqlConnection, NpgsqlTransaction, Task<Outcome<T>>> work, CancellationToken ct) =>
        RunAsync(dataSource, work, static outcome => outcome.Succeeded, ct);

    private static async Task<T> RunAsync<T>(NpgsqlDataSource dataSource, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, Func<T, bool> commit, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var conn = await dataSource.OpenConnectionAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(ct);
            try
            {
                var result = await work(conn, tx);
                if (commit(result))
                {
                    await tx.CommitAsync(ct);
                }
                else
                {
                    await tx.RollbackAsync(ct);
                }

                return result;
            }
            catch (PostgresException ex) when (attempt < MaxAttempts && IsRetryable(ex))
            {
                await tx.RollbackAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>Deadlock, serialization failure, or a unique-index race that a fresh attempt sees through.</summary>
    public static bool IsRetryable(PostgresException ex) =>
        ex.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.UniqueViolation;
}
