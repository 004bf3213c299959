namespace Notifications.Core.Api;

/// <summary>RFC 9457 problem details, with per-field errors for validation problems.</summary>
/// <param name="Type">Problem type URI.</param>
/// <param name="Title">Short summary.</param>
/// <param name="Status">HTTP status.</param>
/// <param name="Detail">What happened, for a person.</param>
/// <param name="Errors">Field (JSON path) to its problems.</param>
public sealed record ProblemDetails(string Type, string Title, int Status, string Detail, IDictionary<string, string[]>? Errors);
