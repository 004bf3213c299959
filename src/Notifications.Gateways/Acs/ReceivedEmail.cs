namespace Notifications.Gateways.Acs;

/// <summary>An email a loopback mail endpoint accepted.</summary>
/// <param name="Id">The operation id (ACS) or Message-ID (SMTP).</param>
/// <param name="From">Sender address.</param>
/// <param name="To">Recipients.</param>
/// <param name="Subject">Subject.</param>
/// <param name="Html">HTML body.</param>
/// <param name="Text">Plain-text body.</param>
/// <param name="ReceivedAt">When it arrived.</param>
public sealed record ReceivedEmail(string Id, string From, IReadOnlyList<string> To, string Subject, string Html, string Text, DateTimeOffset ReceivedAt);
