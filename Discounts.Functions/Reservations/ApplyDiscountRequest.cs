namespace Discounts.Functions.Reservations;

/// <summary>
/// Any amount a client sends is ignored: only the code, the template and, when the risk is medium, the
/// CAPTCHA token (Turnstile or hCaptcha) are read.
/// </summary>
public sealed record ApplyDiscountRequest(string? Code, string? TemplateId, string? CaptchaToken = null);
