using System.Globalization;
using Notifications.Core.Delivery;

namespace Notifications.Core.Approvals.Review;

/// <summary>How forms are named wherever people read about them: the pages, the emails, the test results, the audit.</summary>
public static class ReviewLabels
{
    /// <summary>A form's language: "French (fr)", or "Default (every other language)".</summary>
    public static string Language(string? locale) => locale is null ? "Default (every other language)" : LanguageNames.Describe(locale);

    /// <summary>A form's title: "Variant b · French (fr)", or the language alone for a single message.</summary>
    public static string Title(string? arm, string? locale) => (arm is null ? string.Empty : $"Variant {arm} · ") + Language(locale);

    /// <summary>E.g. "variant b, French (fr), as sample user 2", or "default language, placeholders as their defaults".</summary>
    public static string Form(string? arm, string? locale, int? sample)
    {
        var parts = new List<string>();
        if (arm is not null)
        {
            parts.Add($"variant {arm}");
        }

        parts.Add(locale is null ? "default language" : LanguageNames.Describe(locale));
        parts.Add(sample is { } n ? string.Create(CultureInfo.InvariantCulture, $"as sample user {n}") : "placeholders as their defaults");
        return string.Join(", ", parts);
    }
}
