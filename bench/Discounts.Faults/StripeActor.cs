using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Discounts.Tests.Infrastructure;

namespace Discounts.Faults;

/// <summary>
/// Stripe's side of the flow, on the Stripe-shaped server of the tests: the customer pays or lets the session
/// lapse, and Stripe emits the event. Sessions the service itself expired (release job, cancel) get their
/// <c>checkout.session.expired</c> event too, as Stripe sends them, when the suite drains.
/// </summary>
public sealed class StripeActor(FakeStripeServer stripe)
{
    public const string Completed = "checkout.session.completed";
    public const string Expired = "checkout.session.expired";

    private readonly ConcurrentDictionary<string, bool> announcedExpiry = new();

    public FakeStripeServer Server => stripe;

    /// <summary>A session the service created for the storefront; the suite may act on it later.</summary>
    public void Track(string sessionId) => announcedExpiry.TryAdd(sessionId, false);

    /// <summary>The customer pays in the open session; null when it is no longer open (the service expired it).</summary>
    public WebhookDelivery? Pay(string sessionId)
    {
        var session = stripe.Session(sessionId);
        lock (session)
        {
            return (string?)session["status"] == "open" ? Event(Completed, stripe.Complete(sessionId)) : null;
        }
    }

    /// <summary>The session lapses at Stripe (its time ran out); null when it is no longer open.</summary>
    public WebhookDelivery? Lapse(string sessionId)
    {
        var session = stripe.Session(sessionId);
        lock (session)
        {
            if ((string?)session["status"] != "open")
            {
                return null;
            }

            session["status"] = "expired";
            announcedExpiry[sessionId] = true;
            return Event(Expired, (JsonObject)session.DeepClone());
        }
    }

    /// <summary>Expired events for the sessions the service expired that Stripe has not announced yet.</summary>
    public IReadOnlyList<WebhookDelivery> UnannouncedExpiries()
    {
        var events = new List<WebhookDelivery>();
        foreach (var (id, announced) in announcedExpiry)
        {
            if (announced)
            {
                continue;
            }

            var session = stripe.Session(id);
            lock (session)
            {
                if ((string?)session["status"] == "expired" && announcedExpiry.TryUpdate(id, true, false))
                {
                    events.Add(Event(Expired, (JsonObject)session.DeepClone()));
                }
            }
        }

        return events;
    }

    private static WebhookDelivery Event(string type, JsonObject session)
    {
        var id = "evt_" + Guid.NewGuid().ToString("N");
        var payload = new JsonObject
        {
            ["id"] = id,
            ["object"] = "event",
            ["api_version"] = "2020-08-27",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["type"] = type,
            ["data"] = new JsonObject { ["object"] = session },
        }.ToJsonString();
        var metadata = session["metadata"] as JsonObject;
        return new WebhookDelivery(id, type, payload, (string)session["id"]!, (string?)session["client_reference_id"], (string?)metadata?["usage_id"]);
    }
}
