namespace Notifications.Core.Audience;

/// <summary>A typed query parameter.</summary>
/// <param name="Type">SQL type.</param>
/// <param name="Value">The value, in invariant text form (dates as yyyy-MM-dd).</param>
public sealed record AudienceParameter(AudienceParameterType Type, string Value)
{
    /// <summary>A DATE parameter.</summary>
    public static AudienceParameter Date(DateOnly date) => new(AudienceParameterType.Date, date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A text (STRING) parameter.</summary>
    public static AudienceParameter Text(string value) => new(AudienceParameterType.Text, value);
}
