using System.Text.Json.Serialization;

namespace Notifications.Core.Batches.Sending;

/// <summary>One device in a chunk blob (a line of newline-delimited JSON).</summary>
/// <param name="UserId">The owner, when known: invalid tokens are removed from this user's registrations.</param>
/// <param name="Platform"><c>a</c> (Android) or <c>i</c> (iOS).</param>
/// <param name="Token">The device token.</param>
/// <param name="Variant">Index of the message (experiment variant) this device gets.</param>
public sealed record ChunkEntry(
    [property: JsonPropertyName("u")] string? UserId,
    [property: JsonPropertyName("p")] char Platform,
    [property: JsonPropertyName("t")] string Token,
    [property: JsonPropertyName("v")] int Variant);
