using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Discounts.Faults;

/// <summary>The suite's own PostgreSQL cluster (started by scripts/faults.sh through scripts/pg.sh), and the faults done to it.</summary>
public sealed class PostgresCluster(FaultOptions options, Shell shell)
{
    private string PgCtl => Path.Combine(options.PgBin, "pg_ctl");

    /// <summary><c>pg_ctl restart -m fast</c>: every session is cut, the server is back when the command returns.</summary>
    public Task RestartFastAsync() =>
        shell.RunAsOwnerAsync(PgCtl, "-D", options.PgData, "-l", Path.Combine(options.PgData, "server.log"), "-m", "fast", "-w", "-t", "60", "restart");

    /// <summary><c>kill -9</c> of the postmaster (its pid is the first line of postmaster.pid).</summary>
    public void KillPostmaster()
    {
        var pid = int.Parse(File.ReadLines(Path.Combine(options.PgData, "postmaster.pid")).First().Trim(), CultureInfo.InvariantCulture);
        using var postmaster = Process.GetProcessById(pid);
        postmaster.Kill(); // SIGKILL
    }

    /// <summary>
    /// scripts/pg.sh start, retried: after a kill -9 the orphaned backends notice their postmaster is gone only
    /// after a moment, and until they exit a new postmaster refuses the old shared memory.
    /// </summary>
    public async Task StartAsync()
    {
        var deadline = SuiteClock.Now + 60;
        while (true)
        {
            try
            {
                await shell.RunAsync(Path.Combine(options.ScriptsDir, "pg.sh"), "start", options.PgData, options.PgPort.ToString(CultureInfo.InvariantCulture));
                return;
            }
            catch (InvalidOperationException) when (SuiteClock.Now < deadline)
            {
                await Task.Delay(500);
            }
        }
    }

    /// <summary>The database refuses new connections, and its existing sessions are cut.</summary>
    public async Task RefuseConnectionsAsync()
    {
        await using var conn = new NpgsqlConnection(options.DirectConnectionString("postgres"));
        await conn.OpenAsync();
        await ExecuteAsync(conn, $"ALTER DATABASE {options.Database} WITH ALLOW_CONNECTIONS false");
        await ExecuteAsync(conn, $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '{options.Database}' AND pid <> pg_backend_pid()");
    }

    public async Task AllowConnectionsAsync()
    {
        await using var conn = new NpgsqlConnection(options.DirectConnectionString("postgres"));
        await conn.OpenAsync();
        await ExecuteAsync(conn, $"ALTER DATABASE {options.Database} WITH ALLOW_CONNECTIONS true");
    }

    /// <summary>A fresh, empty database for the run (the service creates its tables when it starts).</summary>
    public async Task RecreateDatabaseAsync()
    {
        await using var conn = new NpgsqlConnection(options.DirectConnectionString("postgres"));
        await conn.OpenAsync();
        await ExecuteAsync(conn, $"DROP DATABASE IF EXISTS {options.Database} WITH (FORCE)");
        await ExecuteAsync(conn, $"CREATE DATABASE {options.Database}");
    }

    /// <summary>The database name comes from the command line of the suite itself, never from a request.</summary>
    private static async Task ExecuteAsync(NpgsqlConnection conn, string sql)
    {
#pragma warning disable CA2100 // DDL on the suite's own database: its name is an identifier, which cannot be a parameter
        await using var cmd = new NpgsqlCommand(sql, conn);
#pragma warning restore CA2100
        await cmd.ExecuteNonQueryAsync();
    }
}
