using System.Text.Json.Serialization;

namespace Notifications.Core.Delivery;

/// <summary>
/// One campaign message as marketing or product writes it. It is rendered once per campaign (and variant, and
/// locale) to the FCM and APNs wire forms by <see cref="PayloadRenderer"/>; a message with placeholders
/// (<see cref="MessageTemplate"/>) once per distinct set of the user's values.
/// </summary>
public sealed record PushMessage
{
    /// <summary>The notification title. A message needs a title, a body or both.</summary>
    public string? Title { get; init; }

    /// <summary>The notification body.</summary>
    public string? Body { get; init; }

    /// <summary>Optional https image shown in the expanded notification.</summary>
    public string? ImageUrl { get; init; }

    /// <summary>Optional deep link the app opens when the notification is tapped; sent in data as <c>link</c>.</summary>
    public string? DeepLink { get; init; }

    /// <summary>Custom string key/values delivered to the app.</summary>
    public IReadOnlyDictionary<string, string>? Data { get; init; }

    /// <summary>
    /// Overrides the collapse key derived from the campaign id. Pushes that share it replace each other on the
    /// device, so a duplicate delivery never stacks.
    /// </summary>
    public string? CollapseKey { get; init; }

    /// <summary>How long the gateways keep the push for an offline device. Null means the gateway default.</summary>
    [JsonConverter(typeof(JsonStringTimeSpanConverter))]
    public TimeSpan? TimeToLive { get; init; }

    /// <summary>Delivery priority.</summary>
    public PushPriority Priority { get; init; } = PushPriority.High;

    /// <summary>Optional APNs/Android sound name; <c>default</c> plays the system sound.</summary>
    public string? Sound { get; init; }

    /// <summary>
    /// The text in other languages by BCP 47 tag (<c>fr</c>, <c>pt-BR</c>); a device gets its locale's, else its
    /// language's, else the default (this message's own title, body and data). See <see cref="MessageForms"/>.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, MessageLocale>? Locales { get; init; }
}
