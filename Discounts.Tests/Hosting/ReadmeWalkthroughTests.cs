using System.Diagnostics;
using Discounts.Tests.Infrastructure;
using Npgsql;
using Discounts.Core.Checkout;

namespace Discounts.Tests.Hosting;

/// <summary>
/// Issue 13: the README's curl walkthrough, exactly as written there, pasted into bash against the service started
/// as scripts/run-local.sh starts it (Development, local checkout, its own process), so the README cannot rot.
/// </summary>
public sealed class ReadmeWalkthroughTests
{
    /// <summary>The README's first bash block after "### Trying it with curl".</summary>
    private static string Walkthrough()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root(), "README.md"));
        var section = readme[readme.IndexOf("### Trying it with curl", StringComparison.Ordinal)..];
        var start = section.IndexOf("```bash\n", StringComparison.Ordinal) + "```bash\n".Length;
        return section[start..section.IndexOf("\n```", start, StringComparison.Ordinal)];
    }

    [Fact]
    public async Task Walkthrough_PastedWhole_EndsWithPaidAndConfirmed()
    {
        var connectionString = await TestDatabase.CreateAsync(throughPgBouncer: false);
        var url = $"http://127.0.0.1:{LoopbackPort.Free()}";
        try
        {
            await using var service = ServiceProcess.Start(new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["Urls"] = url,
                ["ConnectionStrings:Discounts"] = connectionString,
                ["Checkout:PublicBaseUrl"] = url,
                ["Timers:Enabled"] = "false",
            });
            await service.WaitUntilServingAsync(url);

            // Twice: a second paste (a new shopper and code) works as the first did.
            for (var paste = 1; paste <= 2; paste++)
            {
                var (exitCode, output) = await PasteAsync(Walkthrough(), url);
                var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.True(exitCode == 0 && lines[^2..] is ["paid", "confirmed"], $"paste {paste} ended with {exitCode}:\n{output}\n{service.Errors}");
                Assert.Contains(lines, l => l.StartsWith("Purchase ", StringComparison.Ordinal) && l.EndsWith(" is confirmed.", StringComparison.Ordinal));
                Assert.DoesNotContain("/problems/", output, StringComparison.Ordinal);
            }

            await using var conn = new NpgsqlConnection(connectionString);
            await conn.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM discount_usage WHERE status = 'confirmed'", conn);
            Assert.Equal(2L, await count.ExecuteScalarAsync());
        }
        finally
        {
            await TestDatabase.DropAsync(connectionString);
        }
    }

    /// <summary>Runs the block in bash from the repository's root, as a reader pastes it (no -e: a paste has none).</summary>
    private static async Task<(int ExitCode, string Output)> PasteAsync(string block, string url)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repository.Root() };
        start.Environment["API"] = url;
        using var bash = Process.Start(start)!;
        await bash.StandardInput.WriteAsync(block);
        bash.StandardInput.Close();
        var output = bash.StandardOutput.ReadToEndAsync();
        var errors = bash.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await bash.WaitForExitAsync(timeout.Token);
        return (bash.ExitCode, await output + await errors);
    }
}
