using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;
using Stripe;

namespace Discounts.Core.Checkout;

/// <summary>
/// How every call to Stripe is bounded: a time limit per attempt, retries of what Stripe says may be retried (the
/// same request, so the same <c>Idempotency-Key</c>), and a limit on all attempts together, so a checkout answers
/// within its budget (default about 5 s) — with the session, or with 503 and the hold kept (EC-023).
/// </summary>
public static class StripeResilience
{
    /// <summary>Outermost first: the whole budget, the retries inside it, each attempt's limit inside those.</summary>
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, CheckoutOptions options)
    {
        // Network budgets run on the wall clock. The service's injected clock is the business clock (tests stop and
        // move it), and the pipeline would otherwise take that one from the container.
        pipeline.TimeProvider = TimeProvider.System;
        pipeline.AddTimeout(options.TotalTimeout);
        if (options.MaxNetworkRetries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxNetworkRetries,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(200),
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome)),
            });
        }

        pipeline.AddTimeout(options.AttemptTimeout);
    }

    /// <summary>Stripe's own <c>Stripe-Should-Retry</c> header decides where it is sent; else network failures, timeouts, 408, 429 and 5xx.</summary>
    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result?.Headers.TryGetValues("Stripe-Should-Retry", out var values) == true
            ? values.Contains("true", StringComparer.OrdinalIgnoreCase)
            : HttpClientResiliencePredicates.IsTransient(outcome);

    /// <summary>Stripe did not answer usefully: unreachable, too slow for the budget, or an API error.</summary>
    public static bool IsProviderFailure(Exception ex) =>
        ex is StripeException or HttpRequestException or TaskCanceledException or IOException or TimeoutRejectedException;

    /// <summary>The Stripe.net client of the process, pointed at <see cref="CheckoutOptions.ApiBase"/>; retries are the pipeline's, not Stripe.net's.</summary>
    public static IStripeClient CreateClient(CheckoutOptions options, HttpClient httpClient) =>
        new StripeClient(
            apiKey: options.SecretKey,
            httpClient: new SystemNetHttpClient(httpClient, maxNetworkRetries: 0),
            apiBase: options.ApiBase.TrimEnd('/'));
}
