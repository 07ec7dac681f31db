namespace Discounts.Faults;

/// <summary>
/// One shopper after another, each going the storefront's way: validate, apply a limited code (sometimes
/// twice at once, a double click), then check out and, acting as the customer and Stripe, pay (sometimes
/// with the event delivered twice, sometimes just as the hold runs out), let the session lapse, cancel, or walk
/// away and leave the hold to the release job. A failed step is not retried in a tight loop: the shopper pauses and starts over.
/// Stopping ends the loop between steps; a request already sent is never cancelled by the suite, so every
/// answer (however slow) is recorded.
/// </summary>
public sealed class VirtualUser(int index, Storefront shop, CodePool codes, StripeActor stripe, WebhookSender webhooks, LatePayer latePayer, TimeSpan holdTtl)
{
    private readonly Random random = new(index * 7919 + 17);

    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var ok = await OneShopperAsync(stopping);
            if (!ok && !stopping.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(150 + random.Next(150), stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>False when the service failed a step (then the shopper pauses).</summary>
    private async Task<bool> OneShopperAsync(CancellationToken stopping)
    {
        var ct = CancellationToken.None;
        var shopper = shop.NewShopper($"vu{index}");
        var code = codes.Pick(random);
        var validate = await shop.ValidateAsync(shopper, code.Code, ct);
        if (validate.Failed)
        {
            return false;
        }

        Answer apply;
        if (random.NextDouble() < 0.15)
        {
            var both = await Task.WhenAll(shop.ApplyAsync(shopper, code.Code, ct), shop.ApplyAsync(shopper, code.Code, ct));
            apply = both.FirstOrDefault(a => a.Ok) ?? both[0];
        }
        else
        {
            apply = await shop.ApplyAsync(shopper, code.Code, ct);
        }

        if (apply.Status == 422 && apply.Text("code") == "code_exhausted")
        {
            code.Exhausted();
            return true;
        }

        var reservation = apply.Ok ? apply.Text("reservationId") : null;
        if (reservation is null || stopping.IsCancellationRequested)
        {
            return !apply.Failed;
        }

        var choice = random.NextDouble();
        if (choice < 0.08)
        {
            return !(await shop.ReleaseAsync(shopper, reservation, ct)).Failed;
        }

        if (choice < 0.15)
        {
            return true; // walks away: the hold lapses and the release job gives the slot back
        }

        Answer checkout = Answer.Cancelled;
        for (var attempt = 0; attempt < 3 && !stopping.IsCancellationRequested; attempt++)
        {
            checkout = await shop.CheckoutAsync(shopper, reservation, ct);
            if (!checkout.Failed)
            {
                break;
            }

            await Pause(stopping);
        }

        var session = checkout.Ok ? checkout.Text("sessionId") : null;
        if (session is null)
        {
            return !checkout.Failed;
        }

        stripe.Track(session);
        var next = random.NextDouble();
        if (next < 0.08)
        {
            // Pays when the hold (extended at checkout) runs out, give or take a few seconds.
            latePayer.Schedule(session, SuiteClock.Now + holdTtl.TotalSeconds - 2 + random.NextDouble() * 5);
            return true;
        }

        if (next < 0.55)
        {
            var paid = stripe.Pay(session);
            if (paid is null)
            {
                return true; // the release job expired it first
            }

            var duplicate = random.NextDouble();
            if (duplicate < 0.12)
            {
                await Task.WhenAll(webhooks.DeliverAsync(paid, ct), webhooks.DeliverAsync(paid.Again(), ct));
            }
            else
            {
                await webhooks.DeliverAsync(paid, ct);
                if (duplicate < 0.18)
                {
                    await webhooks.DeliverAsync(paid.Again(), ct, delaySeconds: 1 + random.NextDouble() * 2);
                }
            }

            return true;
        }

        if (next < 0.70)
        {
            if (stripe.Lapse(session) is { } expired)
            {
                await webhooks.DeliverAsync(expired, ct);
            }

            return true;
        }

        if (next < 0.85)
        {
            return !(await shop.ReleaseAsync(shopper, reservation, ct)).Failed;
        }

        return true; // abandons the open session: the release job expires it at Stripe, then frees the slot
    }

    private async Task Pause(CancellationToken ct)
    {
        try
        {
            await Task.Delay(300 + random.Next(200), ct);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
