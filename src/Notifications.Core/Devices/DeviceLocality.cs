using System.Text.RegularExpressions;

namespace Notifications.Core.Devices;

/// <summary>
/// Where and in which language a device's user lives, as the app reports it on registration: an IANA time zone
/// (<c>Europe/Berlin</c>) for quiet hours and local-time delivery, a BCP 47 locale (<c>de-DE</c>) for localised
/// messages. Both optional.
/// </summary>
/// <param name="TimeZone">IANA time zone id.</param>
/// <param name="Locale">BCP 47 language tag.</param>
public sealed partial record DeviceLocality(string? TimeZone, string? Locale)
{
    /// <summary>The longest time zone id accepted (the longest IANA id is 32 characters).</summary>
    public const int MaxTimeZoneLength = 64;

    /// <summary>The longest locale accepted.</summary>
    public const int MaxLocaleLength = 35;

    /// <summary>
    /// Whether <paramref name="timeZone"/> is an IANA zone this machine knows: the shape of one (<c>Area/City</c>, or
    /// <c>UTC</c>), then the tz database itself. Windows names and offsets such as <c>+02:00</c> are refused: an offset
    /// does not know daylight saving time.
    /// </summary>
    public static bool IsValidTimeZone(string? timeZone) =>
        timeZone is { Length: > 0 and <= MaxTimeZoneLength } && TimeZoneShape().IsMatch(timeZone)
        && TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _);

    /// <summary>Whether <paramref name="locale"/> has the shape of a BCP 47 tag: a 2-3 letter language, then up to three subtags.</summary>
    public static bool IsValidLocale(string? locale) => locale is { Length: > 0 and <= MaxLocaleLength } && LocaleShape().IsMatch(locale);

    /// <summary>
    /// The tag in its canonical case (<c>pt-br</c> becomes <c>pt-BR</c>, <c>zh-hant-tw</c> becomes <c>zh-Hant-TW</c>):
    /// language lower case, a 4-letter script title case, a region upper case.
    /// </summary>
    public static string CanonicalLocale(string locale)
    {
        var parts = locale.Split('-');
        parts[0] = parts[0].ToLowerInvariant();
        for (var i = 1; i < parts.Length; i++)
        {
            parts[i] = parts[i].Length switch
            {
                2 when parts[i].All(char.IsAsciiLetter) => parts[i].ToUpperInvariant(),
                4 when parts[i].All(char.IsAsciiLetter) => char.ToUpperInvariant(parts[i][0]) + parts[i][1..].ToLowerInvariant(),
                _ => parts[i].ToLowerInvariant(),
            };
        }

        return string.Join('-', parts);
    }

    [GeneratedRegex(@"^(UTC|[A-Z][A-Za-z_]+(/[A-Za-z0-9_+\-]+){1,2})$")]
    private static partial Regex TimeZoneShape();

    [GeneratedRegex(@"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$")]
    private static partial Regex LocaleShape();
}
