namespace Notifications.Core.Api;

/// <summary>A request body with the media type the client declared, as both hosts receive it.</summary>
/// <param name="ContentType">The <c>Content-Type</c> header, if any.</param>
/// <param name="Content">The body.</param>
public sealed record ApiBody(string? ContentType, Stream Content);
