namespace Notifications.Core.Delivery;

/// <summary>
/// A message's text in one language (<c>message.locales["pt-BR"]</c>): what it gives replaces the default's title,
/// body or data values for devices in that locale; what it leaves out is the default's.
/// </summary>
public sealed record MessageLocale
{
    /// <summary>The title in this language.</summary>
    public string? Title { get; init; }

    /// <summary>The body in this language.</summary>
    public string? Body { get; init; }

    /// <summary>Data values in this language, by key (keys the default does not have are added).</summary>
    public IReadOnlyDictionary<string, string>? Data { get; init; }
}
