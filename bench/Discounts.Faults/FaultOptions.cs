using System.Globalization;

namespace Discounts.Faults;

/// <summary>The command line of the fault suite (scripts/faults.sh passes the paths and ports).</summary>
public sealed record FaultOptions
{
    public required string AppDll { get; init; }

    public required string ScriptsDir { get; init; }

    public required string PgBin { get; init; }

    public required string PgData { get; init; }

    public int PgPort { get; init; } = 55436;

    public string PgBouncerDir { get; init; } = "/tmp/discounts-faults-pgb";

    public int PgBouncerPort { get; init; } = 55437;

    public string Database { get; init; } = "discounts_faults";

    /// <summary>Short phases (CI).</summary>
    public bool Quick { get; init; }

    /// <summary>The service talks to PostgreSQL directly (no PgBouncer; its phase is skipped).</summary>
    public bool Direct { get; init; }

    public int Users { get; init; }

    /// <summary>Only the database checks, on the database as it is (no service, no traffic): to try the checks themselves.</summary>
    public bool CheckOnly { get; init; }

    /// <summary>Only the faults whose key is listed (all when empty).</summary>
    public IReadOnlyList<string> Only { get; init; } = [];

    /// <summary>Appended to the service's connection string (none by default: the service's own defaults are under test).</summary>
    public string ServiceConnectionExtra { get; init; } = "";

    /// <summary>Extra service settings, KEY=VALUE (environment variable names).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ServiceSettings { get; init; } = [];

    public string LogDir { get; init; } = Path.Combine(Path.GetTempPath(), "discounts-faults-logs");

    public TimeSpan ReservationTtl { get; init; } = TimeSpan.FromSeconds(30);

    public string DirectConnectionString(string database) =>
        $"Host=127.0.0.1;Port={PgPort};Username=postgres;Database={database};Pooling=false;Timeout=5;Command Timeout=60";

    public string ServiceConnectionString => Direct
        ? $"Host=127.0.0.1;Port={PgPort};Username=postgres;Database={Database}{Extra}"
        : $"Host=127.0.0.1;Port={PgBouncerPort};Username=postgres;Database={Database}{Extra}";

    /// <summary>Migrations go straight to PostgreSQL, as in production (docs/deployment.md: runtime via PgBouncer, migrations direct).</summary>
    public string MigrationsConnectionString => $"Host=127.0.0.1;Port={PgPort};Username=postgres;Database={Database}";

    private string Extra => ServiceConnectionExtra.Length == 0 ? "" : ";" + ServiceConnectionExtra.TrimStart(';');

    public static FaultOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var settings = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            }

            var key = args[i][2..];
            var value = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
            if (key == "service-setting")
            {
                var eq = value.IndexOf('=', StringComparison.Ordinal);
                settings.Add(new(value[..eq], value[(eq + 1)..]));
            }
            else
            {
                values[key] = value;
            }
        }

        string Required(string key) => values.TryGetValue(key, out var v) ? v : values.ContainsKey("check-only") ? "" : throw new ArgumentException($"--{key} is required.");
        var quick = values.ContainsKey("quick");
        var direct = values.ContainsKey("direct");
        return new FaultOptions
        {
            AppDll = Required("app"),
            ScriptsDir = Required("scripts"),
            PgBin = Required("pg-bin"),
            PgData = Required("pg-data"),
            PgPort = int.Parse(values.GetValueOrDefault("pg-port", "55436"), CultureInfo.InvariantCulture),
            PgBouncerDir = values.GetValueOrDefault("pgb-dir", "/tmp/discounts-faults-pgb"),
            PgBouncerPort = int.Parse(values.GetValueOrDefault("pgb-port", "55437"), CultureInfo.InvariantCulture),
            Database = values.GetValueOrDefault("db", "discounts_faults"),
            Quick = quick,
            CheckOnly = values.ContainsKey("check-only"),
            Direct = direct,
            Users = int.Parse(values.GetValueOrDefault("users", quick ? "16" : "24"), CultureInfo.InvariantCulture),
            Only = values.TryGetValue("only", out var only) ? only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [],
            ServiceConnectionExtra = values.GetValueOrDefault("connection-extra", ""),
            ServiceSettings = settings,
            LogDir = values.GetValueOrDefault("log-dir", Path.Combine(Path.GetTempPath(), "discounts-faults-logs")),
            ReservationTtl = TimeSpan.FromSeconds(int.Parse(values.GetValueOrDefault("ttl-seconds", "30"), CultureInfo.InvariantCulture)),
        };
    }
}
