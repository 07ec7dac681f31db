using Npgsql;

namespace Discounts.Core.Database;

/// <summary>
/// A transaction-scoped advisory lock held for the length of a timer job, so two instances (or the Functions
/// host and a standalone process) never run the same job at once. Transaction-scoped so it stays correct
/// behind a transaction-mode pooler; the lock's transaction does nothing else.
/// </summary>
internal sealed class JobLock : IAsyncDisposable
{
    private const int Namespace = 0x4A4F_4253; // "JOBS"
    private readonly NpgsqlConnection connection;
    private readonly NpgsqlTransaction transaction;

    private JobLock(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        this.connection = connection;
        this.transaction = transaction;
    }

    /// <summary>Takes the job's lock, or returns null at once when another run holds it.</summary>
    public static async Task<JobLock?> TryAcquireAsync(NpgsqlDataSource dataSource, string jobName, CancellationToken ct)
    {
        var conn = await dataSource.OpenConnectionAsync(ct);
        try
        {
            var tx = await conn.BeginTransactionAsync(ct);
            await using var cmd = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock(@ns, hashtext(@job))", conn, tx);
            cmd.Parameters.AddWithValue("ns", Namespace);
            cmd.Parameters.AddWithValue("job", jobName);
            if (await cmd.ExecuteScalarAsync(ct) is true)
            {
                return new JobLock(conn, tx);
            }

            await tx.DisposeAsync();
            await conn.DisposeAsync();
            return null;
        }
        catch
        {
            await conn.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await transaction.CommitAsync(CancellationToken.None);
        }
        finally
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
