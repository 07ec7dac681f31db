using Dapper;
using Npgsql;

namespace Discounts.Bench;

/// <summary>
/// Where PostgreSQL's time goes during one scenario: per-statement execution time (pg_stat_statements, when the
/// cluster preloads it) and what the benchmark database's client backends are doing, sampled every 20 ms
/// (running, waiting for a lock or for I/O, or idle waiting for the service, inside or between transactions).
/// </summary>
public static class DatabaseProbe
{
    public static async Task<(T Result, DatabaseProfile Profile)> DuringAsync<T>(NpgsqlDataSource dataSource, string database, Func<Task<T>> scenario)
    {
        bool statementsAvailable;
        await using (var conn = await dataSource.OpenConnectionAsync())
        {
            statementsAvailable = (await conn.ExecuteScalarAsync<string>("SHOW shared_preload_libraries") ?? "").Contains("pg_stat_statements", StringComparison.Ordinal);
            if (statementsAvailable)
            {
                await conn.ExecuteAsync("CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset();");
            }
        }

        var states = new Dictionary<string, int>();
        using var stop = new CancellationTokenSource();
        var sampling = SampleAsync(dataSource, database, states, stop.Token);
        var result = await scenario();
        await stop.CancelAsync();
        await sampling;

        var total = Math.Max(1, states.Values.Sum());
        var shares = states.OrderByDescending(s => s.Value).Select(s => (s.Key, (double)s.Value / total)).ToList();
        IReadOnlyList<StatementTime> statements = [];
        if (statementsAvailable)
        {
            await using var conn = await dataSource.OpenConnectionAsync();
            const string sql = """
                SELECT regexp_replace(left(s.query, 110), '\s+', ' ', 'g') AS query, s.calls, s.mean_exec_time AS mean_ms,
                       s.total_exec_time / nullif(sum(s.total_exec_time) OVER (), 0) AS share
                FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                WHERE d.datname = @database AND s.query NOT LIKE '%pg_stat_activity%'
                ORDER BY s.total_exec_time DESC LIMIT 10
                """;
            statements = (await conn.QueryAsync<StatementTime>(sql, new { database })).AsList();
        }

        return (result, new DatabaseProfile(statements, shares));
    }

    private static async Task SampleAsync(NpgsqlDataSource dataSource, string database, Dictionary<string, int> states, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        const string sql = """
            SELECT CASE WHEN state = 'active' AND wait_event IS NULL THEN 'running'
                        WHEN state = 'active' THEN 'waiting: ' || wait_event_type || '/' || wait_event
                        WHEN state = 'idle in transaction' THEN 'idle in transaction (waiting for the service)'
                        ELSE 'idle (between transactions)' END
            FROM pg_stat_activity WHERE datname = @database AND backend_type = 'client backend' AND pid <> pg_backend_pid()
            """;
        while (!ct.IsCancellationRequested)
        {
            foreach (var state in await conn.QueryAsync<string>(sql, new { database }))
            {
                states[state] = states.GetValueOrDefault(state) + 1;
            }

            try
            {
                await Task.Delay(20, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

public sealed record DatabaseProfile(IReadOnlyList<StatementTime> Statements, IReadOnlyList<(string State, double Share)> BackendStates);

public sealed record StatementTime(string Query, long Calls, double MeanMs, double Share);
