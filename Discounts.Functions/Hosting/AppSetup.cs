using Discounts.Core.Audit;
using Discounts.Core.Checkout;
using Discounts.Core.Codes;
using Discounts.Core.Common;
using Discounts.Core.Database;
using Discounts.Core.Fraud;
using Discounts.Core.RateLimiting;
using Discounts.Core.Reconciliation;
using Discounts.Core.Reservations;
using Discounts.Core.Templates;
using Discounts.Core.Webhooks;
using Discounts.Functions.AdminConsole;
using Discounts.Functions.Auth;
using Discounts.Functions.Http;
using Discounts.Functions.LocalCheckout;
using System.Runtime.CompilerServices;
using Azure.Core;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Stripe;
using Discounts.Core.Analytics;
using Discounts.Core.Export;
using Discounts.Core.Usages;

namespace Discounts.Functions.Hosting;

/// <summary>Builds the function app: settings, services, the pipeline and the catalog's endpoints.</summary>
public static class AppSetup
{
    public const string CustomHandlerPortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    public const string OpenApiDocumentName = "v1";

    public static bool UnderFunctionsHost(IConfiguration configuration) => !string.IsNullOrEmpty(configuration[CustomHandlerPortVariable]);

    public static AuthOptions AuthOptions(IConfiguration configuration) => configuration.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();

    /// <summary>
    /// Stripe and checkout settings. The local checkout is used only when chosen (<c>Checkout:Mode=local</c>), or by
    /// default in Development without a Stripe key; otherwise a missing Stripe key or webhook secret stops the start,
    /// so a production instance never falls back to a checkout anyone can "pay" (design.md).
    /// </summary>
    public static CheckoutOptions CheckoutOptions(IConfiguration configuration, IHostEnvironment environment)
    {
        var options = new CheckoutOptions();
        configuration.GetSection("Stripe").Bind(options);
        try
        {
            configuration.GetSection("Checkout").Bind(options);
        }
        catch (InvalidOperationException ex) when (!Enum.TryParse<CheckoutMode>(configuration["Checkout:Mode"], ignoreCase: true, out _))
        {
            throw new InvalidSettingException("Checkout:Mode", "must be 'stripe' or 'local'.", ex);
        }

        options.Mode ??= environment.IsDevelopment() && string.IsNullOrWhiteSpace(options.SecretKey) ? CheckoutMode.Local : CheckoutMode.Stripe;
        if (!options.UseLocalCheckout)
        {
            if (string.IsNullOrWhiteSpace(options.SecretKey))
            {
                throw new InvalidSettingException("Stripe:SecretKey", "is required: payments go through Stripe unless Checkout:Mode is 'local'.");
            }

            if (string.IsNullOrWhiteSpace(options.WebhookSecret))
            {
                throw new InvalidSettingException("Stripe:WebhookSecret", "is required: without it no Stripe event can be verified.");
            }
        }

        if (options.AttemptTimeout <= TimeSpan.Zero || options.AttemptTimeout > options.TotalTimeout)
        {
            throw new InvalidSettingException("Stripe:AttemptTimeout", "must be positive and at most Stripe:TotalTimeout.");
        }

        if (options.TotalTimeout > TimeSpan.FromSeconds(30))
        {
            throw new InvalidSettingException("Stripe:TotalTimeout", "must be at most 30 seconds: a checkout request waits for it.");
        }

        if (options.MaxNetworkRetries is < 0 or > 5)
        {
            throw new InvalidSettingException("Stripe:MaxNetworkRetries", "must be between 0 and 5.");
        }

        return options;
    }

    public static DiscountsOptions DiscountsOptions(IConfiguration configuration)
    {
        var options = new DiscountsOptions
        {
            ReservationTtl = configuration.GetValue("Reservations:Ttl", TimeSpan.FromMinutes(15)),
            SessionTtl = configuration.GetValue("Checkout:SessionTtl", TimeSpan.FromMinutes(30)),
            ReleaseBatchSize = configuration.GetValue("Reservations:ReleaseBatchSize", 100),
            MaxActiveHoldsPerUser = configuration.GetValue("Reservations:MaxActiveHoldsPerUser", 3),
            ScarceFreeSlots = configuration.GetValue("Reservations:ScarceFreeSlots", 50),
            MaxHoldsPerAddress = configuration.GetValue("Reservations:MaxHoldsPerAddress", 5),
            MaxHoldsPerDevice = configuration.GetValue("Reservations:MaxHoldsPerDevice", 2),
        };
        if (options.SessionTtl < TimeSpan.FromMinutes(30))
        {
            throw new InvalidSettingException("Checkout:SessionTtl", "must be at least 30 minutes (Stripe's minimum).");
        }

        AtLeast("Reservations:ScarceFreeSlots", options.ScarceFreeSlots, 0);
        AtLeast("Reservations:MaxHoldsPerAddress", options.MaxHoldsPerAddress, 1);
        AtLeast("Reservations:MaxHoldsPerDevice", options.MaxHoldsPerDevice, 1);
        return options;
    }

    /// <summary>The rate limits (docs/security.md "Limits"); 0 turns one off, a negative number is a mistake.</summary>
    public static RateLimitOptions RateLimitOptions(IConfiguration configuration)
    {
        var options = configuration.GetSection("RateLimits").Get<RateLimitOptions>() ?? new RateLimitOptions();
        AtLeast("RateLimits:Validate", options.Validate, 0);
        AtLeast("RateLimits:Apply", options.Apply, 0);
        AtLeast("RateLimits:FailedAttempts", options.FailedAttempts, 0);
        AtLeast("RateLimits:AddressCeiling", options.AddressCeiling, 0);
        return options.Window > TimeSpan.Zero ? options : throw new InvalidSettingException("RateLimits:Window", "must be positive.");
    }

    private static void AtLeast(string setting, int value, int minimum)
    {
        if (value < minimum)
        {
            throw new InvalidSettingException(setting, $"must be at least {minimum}.");
        }
    }

    /// <summary>The service's connection string (through the pooler in production); required and well-formed.</summary>
    public static string ConnectionString(IConfiguration configuration) => ConnectionString(configuration, "Discounts")
        ?? throw new InvalidSettingException("ConnectionStrings:Discounts", "is not set.");

    /// <summary>
    /// Where migrations run: <c>ConnectionStrings:DiscountsMigrations</c> when set (a direct connection as a role that
    /// may change the schema, as Azure recommends for DDL), else the service's own.
    /// </summary>
    public static string MigrationsConnectionString(IConfiguration configuration) =>
        ConnectionString(configuration, "DiscountsMigrations") ?? ConnectionString(configuration);

    private static string? ConnectionString(IConfiguration configuration, string name)
    {
        if (configuration.GetConnectionString(name) is not { Length: > 0 } value)
        {
            return null;
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(value);
            return value;
        }
        catch (ArgumentException ex)
        {
            throw new InvalidSettingException($"ConnectionStrings:{name}", $"is not a PostgreSQL connection string ({ex.Message.Split('\n')[0].Trim()}).", ex);
        }
    }

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var configuration = builder.Configuration;
        if (configuration[CustomHandlerPortVariable] is { Length: > 0 } port)
        {
            // Under the Functions host: listen where it forwards to, on loopback only.
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        }

        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = Webhooks.StripeWebhook.MaxBytes;
            RequestLimits.ConfigureKestrel(k.Limits); // above the app's own limits, which answer with problem details
        });
        if (!builder.Environment.IsDevelopment())
        {
            // Structured logs: one JSON object a line, with the message template's named values.
            builder.Logging.ClearProviders().AddJsonConsole(o => o.UseUtcTimestamp = true);
        }

        // A failed start is reported once, by the entry point, as one line (StartupException); the host's own error log
        // of it (the exception with its 40 frames) would bury that line. Once started, the host logs as configured.
        var started = new StrongBox<bool>();
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", level => level >= LogLevel.Information && (started.Value || level < LogLevel.Error));
        AddServices(builder.Services, configuration, builder.Environment);
        var app = builder.Build();
        app.Lifetime.ApplicationStarted.Register(() => started.Value = true);
        UsePipeline(app);
        return app;
    }

    /// <summary>Serves until stopped; an address in use is a <see cref="StartupException"/> naming the setting.</summary>
    public static async Task RunAsync(WebApplication app)
    {
        var setting = UnderFunctionsHost(app.Configuration) ? CustomHandlerPortVariable : "Urls";
        try
        {
            await app.RunAsync();
        }
        catch (IOException ex) when (ex.InnerException is AddressInUseException)
        {
            throw new StartupException(setting, $"{ex.Message.TrimEnd('.')} (setting {setting}). Is the service running already? scripts/run-local.sh stop stops it.", StartupException.Unavailable, ex);
        }
    }

    /// <summary>Registers everything; every setting that guards money or identity is read (and refused) here, before the app starts.</summary>
    public static void AddServices(IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var connectionString = ConnectionString(configuration);
        MigrationsConnectionString(configuration);
        var discounts = DiscountsOptions(configuration);
        var checkout = CheckoutOptions(configuration, environment);
        var rateLimits = RateLimitOptions(configuration);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(discounts);
        services.AddSingleton(checkout);
        var entra = EntraPasswords.Enabled(configuration, connectionString);
        if (entra)
        {
            services.TryAddSingleton(_ => EntraPasswords.ManagedIdentity(configuration));
        }

        services.AddSingleton(sp => DbSetup.CreateDataSource(connectionString, entra ? b => EntraPasswords.Use(b, sp.GetRequiredService<TokenCredential>()) : null));
        // The resilience pipeline bounds every Stripe call (StripeResilience); HttpClient's own timeout would only cut it short.
        services.AddHttpClient("stripe", c => c.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("stripe", pipeline => StripeResilience.Configure(pipeline, checkout));
        // A Stripe call that fails for good is logged once by its gateway and answered 503; the pipeline's own events
        // (each timed-out or failed attempt) are detail, never an Error an alert would count.
        services.Configure<Polly.Telemetry.TelemetryOptions>(o => o.SeverityProvider = args =>
            args.Event.Severity > Polly.Telemetry.ResilienceEventSeverity.Warning ? Polly.Telemetry.ResilienceEventSeverity.Warning : args.Event.Severity);
        services.AddSingleton<IStripeClient>(sp => StripeResilience.CreateClient(
            sp.GetRequiredService<CheckoutOptions>(), sp.GetRequiredService<IHttpClientFactory>().CreateClient("stripe")));
        services.AddSingleton<ICheckoutGateway>(sp => sp.GetRequiredService<CheckoutOptions>().UseLocalCheckout
            ? ActivatorUtilities.CreateInstance<LocalCheckoutGateway>(sp)
            : ActivatorUtilities.CreateInstance<StripeCheckoutGateway>(sp));
        services.AddSingleton<IRefundGateway>(sp => sp.GetRequiredService<CheckoutOptions>().UseLocalCheckout
            ? new LocalRefundGateway()
            : ActivatorUtilities.CreateInstance<StripeRefundGateway>(sp));
        services.AddSingleton<HoldReleaser>();
        services.AddSingleton<UsageAdminService>();
        services.AddSingleton<AuditReader>();
        services.AddSingleton<ExportService>();
        services.AddSingleton<AnalyticsService>();
        services.AddSingleton<ReservationService>();
        services.AddSingleton<Core.Checkout.CheckoutService>();
        services.AddSingleton<StripeWebhookService>();
        services.AddSingleton<LocalCheckoutService>();
        services.AddSingleton(new CodeGenerator());
        services.AddSingleton<DiscountCodeService>();
        services.AddSingleton<CodeGenerationService>();
        services.AddSingleton<Codes.CodeGenerationWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<Codes.CodeGenerationWorker>());
        services.AddSingleton<TemplateCatalog>();
        services.AddSingleton(rateLimits);
        services.AddSingleton<RateLimiter>();
        services.AddSingleton(configuration.GetSection("Risk").Get<RiskOptions>() ?? new RiskOptions());
        services.AddSingleton(configuration.GetSection("Captcha").Get<CaptchaOptions>() ?? new CaptchaOptions());
        services.AddHttpClient("captcha", c => c.Timeout = TimeSpan.FromSeconds(5))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<CaptchaVerifier>(sp, sp.GetRequiredService<IHttpClientFactory>().CreateClient("captcha")));
        services.AddSingleton<RiskService>();
        services.AddSingleton<ReleaseExpiredReservationsJob>();
        services.AddSingleton<ReconcileUsageCountsJob>();
        services.AddSingleton<AnalyticsRollupJob>();
        foreach (var function in FunctionCatalog.All)
        {
            services.AddScoped(function.Handler);
        }

        if (!UnderFunctionsHost(configuration) && configuration.GetValue("Timers:Enabled", true))
        {
            services.AddHostedService<TimerScheduler>();
        }

        services.AddDiscountsAuth(AuthOptions(configuration));
        ConsoleSite.AddServices(services, configuration, environment, AuthOptions(configuration));
        services.AddDiscountsTelemetry(configuration);
        services.AddDiscountsOpenApi(OpenApiDocumentName);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase;
            // The OpenAPI schemas are generated from these options (bodies are read by JsonBody, answers never quote
            // numbers): Web's AllowReadingFromString would document every number as "integer or numeric string".
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            if (!c.ProblemDetails.Extensions.ContainsKey("code"))
            {
                Problems.Decorate(c.ProblemDetails, c.HttpContext, Problems.CodeForStatus(c.ProblemDetails.Status ?? 500));
            }
        });
        services.AddExceptionHandler<ExceptionProblemHandler>();

        ClientAddress.ConfigureForwardedHeaders(services, configuration);
    }

    public static void UsePipeline(WebApplication app)
    {
        app.Use(RequestLimits.Enforce);
        app.Use(ClientAddress.CaptureTransport);
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        ConsoleSite.UsePipeline(app);
        // Explicit, after the console's error pages: a page they re-execute is routed again.
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapFunctions();
        if (app.Services.GetRequiredService<CheckoutOptions>().UseLocalCheckout)
        {
            app.MapLocalCheckout();
        }
    }

    /// <summary>Applies migrations before the app serves (idempotent; instances serialize on an advisory lock).</summary>
    public static async Task MigrateOnStartupAsync(IConfiguration configuration, CancellationToken ct)
    {
        if (configuration.GetValue("Database:MigrateOnStartup", true))
        {
            await MigrateAsync(configuration, ct);
        }
    }

    /// <summary>Applies the migrations; returns the scripts applied. A database that cannot be reached, or a script that
    /// fails, is a <see cref="StartupException"/> naming the connection string's setting.</summary>
    public static Task<IReadOnlyList<string>> MigrateAsync(IConfiguration configuration, CancellationToken ct)
    {
        var setting = ConnectionString(configuration, "DiscountsMigrations") is null ? "ConnectionStrings:Discounts" : "ConnectionStrings:DiscountsMigrations";
        var connectionString = MigrationsConnectionString(configuration);
        return OnDatabaseAsync(setting, connectionString, () => Migrator.MigrateAsync(connectionString, configuration.GetValue("Database:CreateIfMissing", false), ct));
    }

    /// <summary>Runs a start-up step against the database of <paramref name="setting"/>, turning the failures an operator
    /// can fix (the server is down or refuses the login, the database is missing, a migration fails) into one line.</summary>
    public static async Task<T> OnDatabaseAsync<T>(string setting, string connectionString, Func<Task<T>> step)
    {
        try
        {
            return await step();
        }
        catch (MigrationFailedException ex)
        {
            throw new StartupException(setting, $"{ex.Message} (the database of {setting}; that script was rolled back).", StartupException.Failed, ex);
        }
        catch (NpgsqlException ex) when (ConnectionProblem(ex) is { } problem)
        {
            var server = new NpgsqlConnectionStringBuilder(connectionString);
            throw new StartupException(setting, $"The database at {server.Host}:{server.Port} ({setting}) {problem}.", StartupException.Unavailable, ex);
        }
    }

    /// <summary>What is wrong with the connection itself; null for a statement's error (a bug, not a setting).</summary>
    private static string? ConnectionProblem(NpgsqlException ex) => ex switch
    {
        // 28xxx: the login was refused (role, password, pg_hba); 3D000: no such database.
        PostgresException { SqlState: ['2', '8', ..] or "3D000" } pg => $"refused the connection: {pg.SqlState}: {pg.MessageText}",
        PostgresException => null,
        _ => $"cannot be reached: {ex.GetBaseException().Message.TrimEnd('.')}",
    };
}
