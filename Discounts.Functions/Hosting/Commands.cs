using Discounts.Core.Database;
using Discounts.Functions.Auth;
using Discounts.Core.Reservations;

namespace Discounts.Functions.Hosting;

/// <summary>The operator's commands: <c>token</c>, <c>migrate</c>, <c>seed</c>, <c>functions-metadata</c>.</summary>
public static class Commands
{
    public const string Usage = """
        The discount-code function app and its operator's commands.

        Usage: Discounts.Functions [command] [--Section:Key=value ...]

          serve (default)             serve the functions on Urls (http://localhost:7071 in Development); outside the
                                      Functions host the timers run in-process
          token --user <id> [--email <address>] [--admin]
                                      print a development token signed with Auth:SigningKey (valid 12 hours)
          migrate                     apply the database migrations to ConnectionStrings:DiscountsMigrations (or :Discounts)
          seed                        migrate, then add the sample templates and codes (idempotent)
          functions-metadata <dir>    write one function.json per function (the publish step)
          help, --help                this text

        Settings come from appsettings.json, appsettings.<environment>.json, environment variables (Section__Key) and
        --Section:Key=value arguments; the README's "Settings" lists them. scripts/run-local.sh runs the service with its
        own PostgreSQL; scripts/token.sh runs `token` on the same build.
        """;

    /// <summary>
    /// The operator's commands default to Development, so `dotnet run -- token` works on a developer's machine;
    /// a published package carries no Development settings, so there this changes nothing.
    /// </summary>
    private static string EnvironmentName =>
        Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Development";

    private static IConfiguration Configuration(string[] args) => new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddJsonFile($"appsettings.{EnvironmentName}.json", optional: true)
        .AddEnvironmentVariables()
        .AddCommandLine(args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal)).ToArray())
        .Build();

    /// <summary><c>token --user u1 [--email a@b.c] [--admin]</c>: prints a development token signed with the local key.</summary>
    public static int Token(string[] args)
    {
        string? user = null, email = null;
        var admin = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--user" when i + 1 < args.Length: user = args[++i]; break;
                case "--email" when i + 1 < args.Length: email = args[++i]; break;
                case "--admin": admin = true; break;
            }
        }

        if (string.IsNullOrWhiteSpace(user))
        {
            Console.Error.WriteLine("usage: token --user <id> [--email <address>] [--admin]");
            return 2;
        }

        var options = AppSetup.AuthOptions(Configuration(args));
        if (string.IsNullOrEmpty(options.SigningKey))
        {
            Console.Error.WriteLine("No local signing key is configured (Auth:SigningKey); tokens come from the identity provider.");
            return 1;
        }

        Console.WriteLine(DevTokens.Create(options, user, email, admin, DateTimeOffset.UtcNow));
        return 0;
    }

    public static async Task<int> MigrateAsync(string[] args)
    {
        var applied = await AppSetup.MigrateAsync(Configuration(args), CancellationToken.None);
        Console.WriteLine(applied.Count == 0 ? "Database is up to date." : $"Applied: {string.Join(", ", applied)}");
        return 0;
    }

    public static async Task<int> SeedAsync(string[] args)
    {
        await MigrateAsync(args);
        var configuration = Configuration(args);
        var connectionString = AppSetup.ConnectionString(configuration);
        await using var dataSource = DbSetup.CreateDataSource(connectionString);
        var created = await AppSetup.OnDatabaseAsync("ConnectionStrings:Discounts", connectionString, () => Seeder.SeedAsync(dataSource, TimeProvider.System, CancellationToken.None));
        Console.WriteLine($"Seeded 3 templates and {created} new codes.");
        Console.WriteLine($"Templates: minimal-portfolio {Seeder.PortfolioTemplate}, developer-resume {Seeder.ResumeTemplate}, agency-pro {Seeder.AgencyTemplate}");
        return 0;
    }

    /// <summary><c>functions-metadata &lt;dir&gt;</c>: writes one function.json folder per catalog entry.</summary>
    public static int FunctionsMetadata(string[] args)
    {
        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: functions-metadata <output directory>");
            return 2;
        }

        foreach (var path in FunctionMetadataWriter.Write(args[0]))
        {
            Console.WriteLine(path);
        }

        return 0;
    }
}
