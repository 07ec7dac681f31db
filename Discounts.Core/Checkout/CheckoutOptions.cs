namespace Discounts.Core.Checkout;

/// <summary>Stripe and checkout settings (api.md "Settings").</summary>
public sealed class CheckoutOptions
{
    public string? SecretKey { get; set; }

    public string? WebhookSecret { get; set; }

    public string ApiBase { get; set; } = "https://api.stripe.com";

    public string SuccessUrl { get; set; } = "http://localhost:7071/checkout/local/done?result=success&purchase={PURCHASE_ID}";

    public string CancelUrl { get; set; } = "http://localhost:7071/checkout/local/done?result=cancel&purchase={PURCHASE_ID}";

    /// <summary>Public base URL of this app, for the local checkout's pages.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:7071";

    /// <summary>Retries of one Stripe request (the same request, so the same idempotency key), within <see cref="TotalTimeout"/>.</summary>
    public int MaxNetworkRetries { get; set; } = 2;

    /// <summary>How long one attempt of a Stripe request may take.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long all attempts of a Stripe request together may take: a checkout answers within about this.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><c>Checkout:Mode</c>; unset, the host decides (local in Development without a Stripe key, else Stripe).</summary>
    public CheckoutMode? Mode { get; set; }

    /// <summary>The built-in local checkout: its pages and its development webhook secret exist only in this mode.</summary>
    public bool UseLocalCheckout => Mode == CheckoutMode.Local;

    /// <summary>The secret that signs the local checkout's events (not a Stripe secret); never accepted in Stripe mode.</summary>
    public const string LocalWebhookSecret = "whsec_local_checkout_development_only";

    public string EffectiveWebhookSecret => UseLocalCheckout && string.IsNullOrEmpty(WebhookSecret) ? LocalWebhookSecret : WebhookSecret ?? "";
}
