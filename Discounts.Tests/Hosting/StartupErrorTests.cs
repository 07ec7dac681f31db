using System.Net;
using System.Net.Sockets;
using Discounts.Tests.Infrastructure;
using Npgsql;

namespace Discounts.Tests.Hosting;

/// <summary>
/// Issue 13: a start that cannot go on for a known reason prints one line naming the problem and its setting, and
/// exits with a non-zero code; no stack frames, nothing on standard output. Each case runs the real executable.
/// </summary>
public sealed class StartupErrorTests
{
    /// <summary>Development on its embedded defaults, pointed at nothing that exists, and without timers.</summary>
    private static Dictionary<string, string> Development(params (string Key, string Value)[] changes)
    {
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Urls"] = $"http://127.0.0.1:{LoopbackPort.Free()}",
            ["ConnectionStrings:Discounts"] = $"Host=127.0.0.1;Port={LoopbackPort.Free()};Username=postgres;Database=discounts;Timeout=5",
            ["Timers:Enabled"] = "false",
        };
        foreach (var (key, value) in changes)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static async Task<string> AssertOneLineAsync(Dictionary<string, string> settings, int exitCode, string[] args, params string[] expected)
    {
        var (code, output, errors) = await ServiceProcess.RunAsync(settings, args);
        var lines = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected one line, got:\n{errors}{output}");
        Assert.DoesNotContain("   at ", errors + output, StringComparison.Ordinal);
        // Standard output carries the service's own log of what it did before it stopped (a start that binds its address
        // has made the console's first key, and warns that it is stored unencrypted), never an error of its own.
        Assert.DoesNotContain("fail:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("crit:", output, StringComparison.Ordinal);
        Assert.Equal(exitCode, code);
        foreach (var part in expected)
        {
            Assert.Contains(part, lines[0], StringComparison.Ordinal);
        }

        return lines[0];
    }

    [Fact]
    public async Task PortInUse_OneLineNamingTheAddressAndSetting_Exit69()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";

        // A database that is there: the start gets as far as binding the address.
        var connectionString = await TestDatabase.CreateAsync(throughPgBouncer: false);
        try
        {
            await AssertOneLineAsync(Development(("Urls", url), ("ConnectionStrings:Discounts", connectionString)), 69, [],
                "Startup error: ", url, "address already in use", "(setting Urls)", "scripts/run-local.sh stop");
        }
        finally
        {
            await TestDatabase.DropAsync(connectionString);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("too-short-for-hmac")]
    public async Task SigningKeyMissingOrShort_OneLineNamingTheSetting_Exit78(string key) =>
        await AssertOneLineAsync(Development(("Auth:SigningKey", key)), 78, [], "Configuration error: Auth:SigningKey must be at least 32 bytes");

    [Fact]
    public async Task ConnectionStringMissing_OneLineNamingTheSetting_Exit78() =>
        await AssertOneLineAsync(Development(("ConnectionStrings:Discounts", "")), 78, [], "Configuration error: ConnectionStrings:Discounts is not set.");

    [Theory]
    [InlineData("serve")]
    [InlineData("migrate")]
    [InlineData("seed")]
    public async Task DatabaseUnreachable_OneLineNamingServerAndSetting_Exit69(string command)
    {
        var settings = Development();
        var port = new NpgsqlConnectionStringBuilder(settings["ConnectionStrings:Discounts"]).Port;
        await AssertOneLineAsync(settings, 69, command == "serve" ? [] : [command],
            $"Startup error: The database at 127.0.0.1:{port} (ConnectionStrings:Discounts) cannot be reached: Connection refused.");
    }

    [Fact]
    public async Task DatabaseMissing_OneLineSayingTheServerRefused_Exit69()
    {
        var missing = new NpgsqlConnectionStringBuilder(TestDatabase.ServerConnectionString) { Database = "no_such_database_" + Guid.NewGuid().ToString("N")[..8] };
        await AssertOneLineAsync(
            Development(("ConnectionStrings:Discounts", missing.ConnectionString), ("Database:CreateIfMissing", "false")), 69, [],
            "(ConnectionStrings:Discounts) refused the connection: 3D000: database", "does not exist");
    }

    [Fact]
    public async Task MigrationFails_OneLineNamingTheScriptAndSetting_Exit70()
    {
        // A database that already holds a table the first migration creates: that script fails and is rolled back.
        var database = await TestDatabase.CreateEmptyAsync();
        var connectionString = TestDatabase.For(database, pooling: false);
        try
        {
            await using (var conn = new NpgsqlConnection(connectionString))
            {
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand("CREATE TABLE template (squatter int)", conn);
                await cmd.ExecuteNonQueryAsync();
            }

            await AssertOneLineAsync(Development(("ConnectionStrings:Discounts", connectionString)), 70, [],
                "Startup error: Migration 0001_initial.sql failed: 42P07: relation \"template\" already exists", "(the database of ConnectionStrings:Discounts; that script was rolled back)");
        }
        finally
        {
            await TestDatabase.DropAsync(connectionString);
        }
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("help")]
    [InlineData("-h")]
    public async Task Help_ListsTheCommands_Exit0(string arg)
    {
        // Without Development settings: --help must not need any.
        var (code, output, errors) = await ServiceProcess.RunAsync(new Dictionary<string, string>(), arg);

        Assert.Equal(0, code);
        Assert.Equal("", errors);
        foreach (var command in new[] { "serve", "token --user", "migrate", "seed", "functions-metadata <dir>", "help" })
        {
            Assert.Contains(command, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task UnknownCommand_SaysSoAndListsTheCommands_Exit2()
    {
        var (code, output, errors) = await ServiceProcess.RunAsync(new Dictionary<string, string>(), "serv");

        Assert.Equal(2, code);
        Assert.StartsWith("Unknown command 'serv'.", errors, StringComparison.Ordinal);
        Assert.Contains("functions-metadata <dir>", errors, StringComparison.Ordinal);
        Assert.Equal("", output);
    }
}
