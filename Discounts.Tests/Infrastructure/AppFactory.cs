using System.Net.Http.Headers;
using Discounts.Core.Checkout;
using Discounts.Core.Codes;
using Discounts.Core.Templates;
using Discounts.Functions.Auth;
using Discounts.Functions.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Stripe;

namespace Discounts.Tests.Infrastructure;

/// <summary>
/// The function app in process (WebApplicationFactory) on its own fresh PostgreSQL database, with a movable
/// clock and the Stripe-shaped server. Tests talk HTTP to it and read the database directly to check facts.
/// </summary>
public class AppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string WebhookSecret = "whsec_test_secret_for_the_fake_stripe";

    private readonly Lock clientsLock = new();

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(DateTime.UtcNow.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero));

    public FakeStripeServer Stripe { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    /// <summary>Another instance's database (set before first use): two instances of the app on one database.</summary>
    public string? SharedConnectionString { get; set; }

    /// <summary>Extra settings a test class needs (set before the first request).</summary>
    protected virtual Dictionary<string, string?> Settings => [];

    /// <summary>False: the built-in local checkout instead of the Stripe-shaped server.</summary>
    protected virtual bool UseStripe => true;

    /// <summary>True: the app reaches its database through PgBouncer in transaction mode; null: as this test run says.</summary>
    protected virtual bool? ThroughPgBouncer => null;

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.CreateAsync(ThroughPgBouncer);
        Stripe = await FakeStripeServer.StartAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        // Each step runs even when the one before it failed, so a failed host stop never leaks the database.
        // xUnit reports a failed cleanup by exception type only; the whole exception goes to the diagnostics
        // file the test command prints.
        try
        {
            try
            {
                await DisposeAsync();
            }
            finally
            {
                try
                {
                    await Stripe.DisposeAsync();
                }
                finally
                {
                    await TestDatabase.DropAsync(ConnectionString);
                }
            }
        }
        catch (Exception ex) when (Diagnostics.Record($"{GetType().Name} cleanup", ex))
        {
            throw; // unreachable: Record returns false
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Discounts"] = SharedConnectionString ?? ConnectionString,
            ["Database:CreateIfMissing"] = "false",
            ["Timers:Enabled"] = "false",
            ["Stripe:SecretKey"] = UseStripe ? "sk_test_fake" : "",
            ["Stripe:WebhookSecret"] = UseStripe ? WebhookSecret : "",
            ["Stripe:ApiBase"] = Stripe.Url,
            ["Stripe:MaxNetworkRetries"] = "0",
            ["Checkout:SuccessUrl"] = "https://shop.test/success?purchase={PURCHASE_ID}",
            ["Checkout:CancelUrl"] = "https://shop.test/cancel?purchase={PURCHASE_ID}",
            ["Checkout:PublicBaseUrl"] = "http://localhost",
            // Off unless a test class is about rate limits: most tests send many requests as one user.
            ["RateLimits:Validate"] = "0",
            ["RateLimits:Apply"] = "0",
            ["RateLimits:FailedAttempts"] = "0",
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddTransient<IStartupFilter, SimulatedPeer>();
        });
    }

    /// <summary>
    /// The header a test names a request's TCP peer with. TestServer has no network, so its requests come from no
    /// address at all; this filter, first in the pipeline and only in tests, plays the network: it sets the
    /// connection's remote address from the header (and removes the header) before the app sees the request.
    /// </summary>
    public const string PeerHeader = "X-Test-Peer";

    private sealed class SimulatedPeer : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.Remove(PeerHeader, out var peer))
                {
                    context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(peer.ToString());
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }

    public T Service<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public AuthOptions Auth => AppSetup.AuthOptions(Services.GetRequiredService<IConfiguration>());

    public string Token(string userId, bool admin = false) => DevTokens.Create(Auth, userId, $"{userId}@example.com", admin, DateTimeOffset.UtcNow, TimeSpan.FromDays(2));

    /// <summary>
    /// A client of the test server. WebApplicationFactory records every client it creates in a plain list (to
    /// dispose them with itself); race tests create clients on many threads at once, which could lose or null an
    /// entry and fail the fixture's cleanup, so creation is serialized here.
    /// </summary>
    public new HttpClient CreateClient()
    {
        lock (clientsLock)
        {
            return base.CreateClient();
        }
    }

    /// <summary>An HTTP client acting as a user (a new client each time; handlers are cheap in TestServer).</summary>
    public HttpClient ClientFor(string userId, bool admin = false)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(userId, admin));
        return client;
    }

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        return conn;
    }

    public async Task<Template> TemplateAsync(long price = 4900, string currency = "usd")
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        var template = new Template
        {
            Id = Guid.CreateVersion7(), Slug = "t-" + Guid.NewGuid().ToString("N")[..12], Title = "Template", Price = price,
            Currency = currency, Active = true, CreatedAt = now, UpdatedAt = now,
        };
        await using var conn = await OpenAsync();
        await TemplateRepository.UpsertAsync(conn, template);
        return template;
    }

    public async Task<DiscountCode> CodeAsync(NewDiscountCode request)
    {
        var errors = request.Validate(out var normalized);
        Assert.Empty(errors);
        var outcome = await Service<DiscountCodeService>().CreateAsync(request, normalized, "test", null, CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.Error);
        return outcome.Value!;
    }

    public Task<DiscountCode> PercentCodeAsync(decimal percent = 25, int? maxUses = 20, string? code = null) => CodeAsync(new NewDiscountCode
    {
        Code = code ?? "C" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(),
        Kind = DiscountKind.Percent,
        PercentOff = percent,
        MaxUses = maxUses,
    });

    /// <summary>A Stripe event JSON signed as Stripe signs it, at the app's clock time (or at <paramref name="at"/>).</summary>
    public (string Payload, string Signature) SignedEvent(string type, object dataObject, string? eventId = null, DateTimeOffset? at = null, string secret = WebhookSecret)
    {
        var payload = System.Text.Json.JsonSerializer.Serialize(new
        {
            id = eventId ?? "evt_" + Guid.NewGuid().ToString("N"),
            @object = "event",
            api_version = "2020-08-27",
            created = (at ?? Clock.GetUtcNow()).ToUnixTimeSeconds(),
            livemode = false,
            pending_webhooks = 1,
            type,
            data = new { @object = dataObject },
        });
        return (payload, EventUtility.GenerateSignatureHeader(payload, secret, (at ?? Clock.GetUtcNow()).ToUnixTimeSeconds()));
    }

    public CheckoutOptions CheckoutOptions => Service<CheckoutOptions>();
}

/// <summary>The same app with the built-in local checkout (no Stripe keys).</summary>
public sealed class LocalCheckoutAppFactory : AppFactory
{
    protected override bool UseStripe => false;
}
