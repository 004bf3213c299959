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
    [property: JsonPropertyName("v")] int Variant)
{
    /// <summary>
    /// The locale form of the variant's message this device gets: an index into its <see cref="Delivery.MessageForms.Locales"/>;
    /// null (and left out of the line, so chunks of plain sends keep their size) for the default.
    /// </summary>
    [JsonPropertyName("l")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Locale { get; init; }

    /// <summary>The user's values, one per column of the batch's <c>audience.columns</c>; null (and left out) when none.</summary>
    [JsonPropertyName("x")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string?>? Values { get; init; }
}
