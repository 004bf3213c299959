using System.ComponentModel.DataAnnotations;

namespace Notifications.Core.Delivery;

/// <summary>What a push may link to (section <c>Messages</c>).</summary>
public sealed partial class MessageOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Messages";

    /// <summary>
    /// Comma-separated custom URL schemes the apps register (e.g. <c>socialapp</c>), which deep links may use besides
    /// https. Empty: https only.
    /// </summary>
    public string AppLinkSchemes { get; set; } = string.Empty;

    /// <summary>The app's name as the phone shows it above a notification, in the mock-ups of the form, email and pages.</summary>
    [Required(AllowEmptyStrings = false)]
    [StringLength(40)]
    public string AppName { get; set; } = "Social";

    /// <summary>The schemes a deep link may use: https and <see cref="AppLinkSchemes"/>, lower case.</summary>
    public IReadOnlySet<string> DeepLinkSchemes() =>
        AppLinkSchemes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.ToLowerInvariant())
            .Append(Uri.UriSchemeHttps)
            .ToHashSet(StringComparer.Ordinal);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var scheme in DeepLinkSchemes())
        {
            if (!Scheme().IsMatch(scheme) || PushMessageValidator.IsDangerousScheme(scheme) || scheme == Uri.UriSchemeHttp)
            {
                yield return new ValidationResult(
                    $"Messages:AppLinkSchemes: '{scheme}' is not an app's URL scheme (letters, digits, '+', '-', '.'; never http, javascript, data, file or the like)",
                    [nameof(AppLinkSchemes)]);
            }
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z][a-z0-9+.-]{0,31}$")]
    private static partial System.Text.RegularExpressions.Regex Scheme();
}
