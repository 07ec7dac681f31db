using Discounts.Core.Database;
using Discounts.Functions.Auth;
using Discounts.Functions.Hosting;

// One executable, several verbs: the function app itself (default), and the operator's commands.
var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "serve";
try
{
    return await RunAsync(verb, args);
}
catch (InvalidSettingException ex)
{
    // A setting that guards money or identity is missing or unsafe: one line that names it, no stack trace.
    await Console.Error.WriteLineAsync($"Configuration error: {ex.Message}");
    return 78; // EX_CONFIG
}

static async Task<int> RunAsync(string verb, string[] args)
{
    switch (verb)
    {
        case "serve":
            var app = AppSetup.Build(args);
            await AppSetup.MigrateAsync(app.Configuration, CancellationToken.None);
            await app.RunAsync();
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
            await Console.Error.WriteLineAsync($"Unknown command '{verb}'. Commands: serve (default), token, migrate, seed, functions-metadata <dir>.");
            return 2;
    }
}

/// <summary>The entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
