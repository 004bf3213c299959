namespace Notifications.Core.Email;

/// <summary>One email: recipients, subject, HTML and plain-text bodies.</summary>
/// <param name="To">Recipient addresses.</param>
/// <param name="Subject">Subject line.</param>
/// <param name="Html">HTML body.</param>
/// <param name="Text">Plain-text body, for clients that do not render HTML.</param>
public sealed record EmailMessage(IReadOnlyList<string> To, string Subject, string Html, string Text);
