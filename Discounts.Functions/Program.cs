using Discounts.Functions.Hosting;

// One executable, several verbs: the function app itself (default), and the operator's commands.
var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "serve";
if (verb == "help" || args.Any(a => a is "--help" or "-h" or "-?"))
{
    Console.WriteLine(Commands.Usage);
    return 0;
}

try
{
    return await RunAsync(verb, args);
}
catch (StartupException ex)
{
    // A known reason not to start (a setting, the port, the database): one line that names it, no stack trace.
    await Console.Error.WriteLineAsync(ex.Line);
    return ex.ExitCode;
}

static async Task<int> RunAsync(string verb, string[] args)
{
    switch (verb)
    {
        case "serve":
            var app = AppSetup.Build(args);
            await AppSetup.MigrateOnStartupAsync(app.Configuration, CancellationToken.None);
            await AppSetup.RunAsync(app);
            return 0;
        case "token":
            return Commands.Token(args[1..]);
        case "migrate":
            return await Commands.MigrateAsync(args[1..]);
        case "seed":
            return await Commands.SeedAsync(args[1..]);
        case "functions-metadata":
            return Commands.FunctionsMetadata(args[1..]);
        default:
            await Console.Error.WriteLineAsync($"Unknown command '{verb}'.");
            await Console.Error.WriteLineAsync(Commands.Usage);
            return 2;
    }
}

/// <summary>The entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
