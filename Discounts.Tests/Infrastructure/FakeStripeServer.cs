using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Discounts.Tests.Infrastructure;

/// <summary>
/// A Stripe-shaped HTTP server on loopback for Stripe.net to talk to (<c>Stripe:ApiBase</c>): Checkout Sessions
/// create (with idempotency-key replay), retrieve and expire (refusing a session that is not open, as Stripe
/// does), and refunds (with idempotency-key replay). It records every request, can be made to fail, and lets a test "pay" a session.
/// </summary>
public sealed class FakeStripeServer : IAsyncDisposable
{
    private WebApplication app = null!;
    private readonly ConcurrentDictionary<string, JsonObject> sessions = new();
    private readonly ConcurrentDictionary<string, string> idempotentResponses = new();
    private int failuresLeft;


    public string Url { get; private set; } = "";

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>When set, every request answers 500 (Stripe failing).</summary>
    public bool Down { get; set; }

    /// <summary>How long every request waits before it is answered (a slow Stripe); zero by default.</summary>
    public TimeSpan Delay { get; set; }

    public static async Task<FakeStripeServer> StartAsync()
    {
        var server = new FakeStripeServer();
        (server.app, server.Url) = await LoopbackServer.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                // Recorded on arrival, so an attempt the client gave up on (a slow answer) is seen too.
                var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync() : null;
                server.Record(context, form?.ToDictionary(f => f.Key, f => f.Value.ToString()) ?? []);
                if (server.Delay > TimeSpan.Zero)
                {
                    try
                    {
                        await Task.Delay(server.Delay, context.RequestAborted);
                    }
                    catch (OperationCanceledException)
                    {
                        return; // the client gave up waiting
                    }
                }

                await next(context);
            });
            app.MapPost("/v1/checkout/sessions", (Func<HttpContext, Task<IResult>>)server.CreateAsync);
            app.MapGet("/v1/checkout/sessions/{id}", (string id, HttpContext context) => server.Retrieve(context, id));
            app.MapPost("/v1/checkout/sessions/{id}/expire", server.ExpireAsync);
            app.MapPost("/v1/refunds", (Func<HttpContext, Task<IResult>>)server.RefundAsync);
            app.MapGet("/v1/payment_intents/{id}", (string id, HttpContext context) => server.PaymentIntent(context, id));
        });
        return server;
    }

    /// <summary>The card fingerprint each payment intent reports (default: a card of its own).</summary>
    public ConcurrentDictionary<string, string> CardFingerprints { get; } = new();

    /// <summary>The customer of this session pays with the card of this fingerprint.</summary>
    public void UseCard(string sessionId, string fingerprint) => CardFingerprints["pi_" + sessionId[3..]] = fingerprint;

    private IResult PaymentIntent(HttpContext context, string id)
    {
        if (Failing())
        {
            return Error(500, "api_error", "Simulated failure.");
        }

        var charge = new JsonObject
        {
            ["id"] = "ch_" + id[3..],
            ["object"] = "charge",
            ["payment_method_details"] = new JsonObject
            {
                ["type"] = "card",
                ["card"] = new JsonObject { ["fingerprint"] = CardFingerprints.GetValueOrDefault(id, "fp_" + id) },
            },
        };
        var expanded = context.Request.Query["expand[]"].Contains("latest_charge") || context.Request.Query["expand[0]"].Contains("latest_charge");
        return Results.Text(new JsonObject
        {
            ["id"] = id,
            ["object"] = "payment_intent",
            ["status"] = "succeeded",
            ["latest_charge"] = expanded ? charge : charge["id"]!.DeepClone(),
        }.ToJsonString(), "application/json");
    }

    /// <summary>The next <paramref name="count"/> requests answer 500.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref failuresLeft, count);

    public JsonObject Session(string id) => sessions[id];

    public IReadOnlyList<RecordedRequest> RefundRequests => Requests.Where(r => r.Path == "/v1/refunds").ToList();

    public IReadOnlyList<RecordedRequest> CreateRequests => Requests.Where(r => r.Path == "/v1/checkout/sessions").ToList();

    /// <summary>The customer completes the session (card: paid; delayed method: unpaid).</summary>
    public JsonObject Complete(string sessionId, string paymentStatus = "paid")
    {
        var session = sessions[sessionId];
        lock (session)
        {
            session["status"] = "complete";
            session["payment_status"] = paymentStatus;
            session["payment_intent"] = "pi_" + sessionId[3..];
            return (JsonObject)session.DeepClone();
        }
    }

    /// <summary>
    /// A POST as Stripe answers it: recorded, failed on demand, and replayed whole for a repeated Idempotency-Key.
    /// <paramref name="create"/> makes the new object, or the error to answer instead.
    /// </summary>
    private async Task<IResult> IdempotentPostAsync(HttpContext context, Func<IFormCollection, (JsonObject? Created, IResult? Error)> create)
    {
        var form = await context.Request.ReadFormAsync();
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        if (Failing())
        {
            return Error(500, "api_error", "Simulated failure.");
        }

        if (key.Length > 0 && idempotentResponses.TryGetValue(key, out var replay))
        {
            context.Response.Headers["Idempotent-Replayed"] = "true";
            return Results.Text(replay, "application/json");
        }

        var (created, error) = create(form);
        if (error is not null)
        {
            return error;
        }

        var json = created!.ToJsonString();
        if (key.Length > 0)
        {
            json = idempotentResponses.GetOrAdd(key, json);
        }

        return Results.Text(json, "application/json");
    }

    private Task<IResult> CreateAsync(HttpContext context) => IdempotentPostAsync(context, form =>
    {
        var id = "cs_test_" + Guid.NewGuid().ToString("N");
        var metadata = new JsonObject();
        foreach (var field in form.Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal)))
        {
            metadata[field.Key[9..^1]] = field.Value.ToString();
        }

        var session = new JsonObject
        {
            ["id"] = id,
            ["object"] = "checkout.session",
            ["mode"] = form["mode"].ToString(),
            ["status"] = "open",
            ["payment_status"] = "unpaid",
            ["payment_intent"] = null,
            ["client_reference_id"] = form["client_reference_id"].ToString(),
            ["amount_total"] = long.Parse(form["line_items[0][price_data][unit_amount]"]!, CultureInfo.InvariantCulture),
            ["currency"] = form["line_items[0][price_data][currency]"].ToString(),
            ["expires_at"] = long.Parse(form["expires_at"]!, CultureInfo.InvariantCulture),
            ["success_url"] = form["success_url"].ToString(),
            ["url"] = "https://checkout.stripe.test/c/pay/" + id,
            ["metadata"] = metadata,
        };
        sessions[id] = session;
        return (session, null);
    });

    /// <summary>A full refund of a payment intent (form-encoded, replayed by Idempotency-Key as Stripe does).</summary>
    private Task<IResult> RefundAsync(HttpContext context) => IdempotentPostAsync(context, form =>
    {
        var paymentIntent = form["payment_intent"].ToString();
        var session = sessions.Values.FirstOrDefault(s => (string?)s["payment_intent"] == paymentIntent);
        if (session is null)
        {
            return (null, Error(400, "invalid_request_error", $"No such payment_intent: '{paymentIntent}'"));
        }

        var refund = new JsonObject
        {
            ["id"] = "re_test_" + Guid.NewGuid().ToString("N"),
            ["object"] = "refund",
            ["status"] = "succeeded",
            ["payment_intent"] = paymentIntent,
            ["amount"] = (long)session["amount_total"]!,
            ["currency"] = (string?)session["currency"],
        };
        return (refund, null);
    });

    private Task<IResult> ExpireAsync(string id, HttpContext context)
    {
        if (Failing())
        {
            return Task.FromResult(Error(500, "api_error", "Simulated failure."));
        }

        if (!sessions.TryGetValue(id, out var session))
        {
            return Task.FromResult(Error(404, "invalid_request_error", "No such checkout.session"));
        }

        lock (session)
        {
            if ((string?)session["status"] != "open")
            {
                return Task.FromResult(Error(400, "invalid_request_error", "Only Checkout Sessions with a status of 'open' can be expired."));
            }

            session["status"] = "expired";
        }

        return Task.FromResult(Results.Text(session.ToJsonString(), "application/json"));
    }

    private IResult Retrieve(HttpContext context, string id)
    {
        if (Failing())
        {
            return Error(500, "api_error", "Simulated failure.");
        }

        return sessions.TryGetValue(id, out var session)
            ? Results.Text(session.ToJsonString(), "application/json")
            : Error(404, "invalid_request_error", "No such checkout.session");
    }

    private bool Failing()
    {
        if (Down)
        {
            return true;
        }

        while (true)
        {
            var left = Volatile.Read(ref failuresLeft);
            if (left <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref failuresLeft, left - 1, left) == left)
            {
                return true;
            }
        }
    }

    private void Record(HttpContext context, Dictionary<string, string> form) => Requests.Enqueue(new RecordedRequest(
        context.Request.Method, context.Request.Path.Value!, context.Request.Headers["Idempotency-Key"].ToString(), form));

    private static IResult Error(int status, string type, string message) => Results.Json(
        new { error = new { type, message } }, statusCode: status, options: JsonSerializerOptions.Default);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

public sealed record RecordedRequest(string Method, string Path, string IdempotencyKey, Dictionary<string, string> Form);
