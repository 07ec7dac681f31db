namespace Discounts.Functions.Hosting;

/// <summary>Who may call an HTTP function.</summary>
public enum Access
{
    /// <summary>Anyone (validate, the webhook — authenticated by its signature — and health).</summary>
    Anonymous,

    /// <summary>A valid bearer token.</summary>
    User,

    /// <summary>A valid bearer token with role admin; in Azure also <c>authLevel: function</c>.</summary>
    Admin,
}
