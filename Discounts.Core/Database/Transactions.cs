using Npgsql;

namespace Discounts.Core.Database;

/// <summary>
/// Runs a unit of work in its own connection and transaction, retrying it whole when PostgreSQL aborts it
/// for a reason that a retry cures (deadlock, serialization failure, a unique race lost).
/// </summary>
public static class Transactions
{
    private const int MaxAttempts = 4;

    public static async Task<T> RunAsync<T>(NpgsqlDataSource dataSource, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var conn = await dataSource.OpenConnectionAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(ct);
            try
            {
                var result = await work(conn, tx);
                if (tx.Connection is not null)
                {
                    await tx.CommitAsync(ct);
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
