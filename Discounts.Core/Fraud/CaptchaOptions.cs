namespace Discounts.Core.Fraud;

/// <summary>CAPTCHA verification (settings <c>Captcha:*</c>): Cloudflare Turnstile or hCaptcha, by their siteverify contract.</summary>
public sealed class CaptchaOptions
{
    /// <summary><c>turnstile</c>, <c>hcaptcha</c>, or empty for none (then medium risk is only flagged for review).</summary>
    public string? Provider { get; set; }

    public string? Secret { get; set; }

    /// <summary>Overrides the provider's siteverify URL (tests point it at a loopback server).</summary>
    public string? SiteVerifyUrl { get; set; }

    /// <summary>The storefront's hostname the token must have been issued for; empty = not checked.</summary>
    public string? Hostname { get; set; }

    /// <summary>The widget action the token must carry (Turnstile); empty = not checked.</summary>
    public string? Action { get; set; }

    public bool Enabled => Provider is "turnstile" or "hcaptcha" && !string.IsNullOrEmpty(Secret);

    public Uri VerifyUri => new(SiteVerifyUrl is { Length: > 0 } url ? url : Provider == "hcaptcha"
        ? "https://api.hcaptcha.com/siteverify"
        : "https://challenges.cloudflare.com/turnstile/v0/siteverify");
}
