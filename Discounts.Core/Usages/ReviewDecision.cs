
namespace Discounts.Core.Usages;

public static class ReviewDecision
{
    public const string Approve = "approve";
    public const string Reject = "reject";

    public const int MaxNote = 1000;

    /// <summary>
    /// The errors of a review request, keyed <c>decision</c> and <c>note</c> (ReviewUsage's and the console's);
    /// <paramref name="noteRequiredToReject"/>: the console asks a rejecting admin for the reason.
    /// </summary>
    public static Dictionary<string, string[]> Validate(string? decision, string? note, bool noteRequiredToReject = false)
    {
        var errors = new Dictionary<string, string[]>();
        if (decision is not (Approve or Reject))
        {
            errors["decision"] = ["decision is \"approve\" or \"reject\"."];
        }

        if (note is { Length: > MaxNote })
        {
            errors["note"] = [$"note is at most {MaxNote} characters."];
        }
        else if (noteRequiredToReject && decision == Reject && string.IsNullOrWhiteSpace(note))
        {
            errors["note"] = ["note is required to reject: say why (the audit log keeps it)."];
        }

        return errors;
    }
}
