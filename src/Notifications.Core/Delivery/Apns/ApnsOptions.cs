using System.ComponentModel.DataAnnotations;

namespace Notifications.Core.Delivery.Apns;

/// <summary>APNs provider API settings (section <c>Apns</c>), token-based authentication with a .p8 key.</summary>
public sealed class ApnsOptions : GatewayClientOptions, IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Apns";

    /// <summary>Apple's production host.</summary>
    public static readonly Uri ProductionUrl = new("https://api.push.apple.com/");

    /// <summary>Apple's development (sandbox) host.</summary>
    public static readonly Uri SandboxUrl = new("https://api.sandbox.push.apple.com/");

    /// <summary>Creates options pointing at production.</summary>
    public ApnsOptions() => BaseUrl = ProductionUrl;

    /// <summary>The 10-character Apple developer team id (JWT <c>iss</c>).</summary>
    [Required]
    [RegularExpression("^[A-Z0-9]{10}$", ErrorMessage = "Apns:TeamId must be the 10-character team id")]
    public string TeamId { get; set; } = string.Empty;

    /// <summary>The 10-character key id of the .p8 key (JWT <c>kid</c>).</summary>
    [Required]
    [RegularExpression("^[A-Z0-9]{10}$", ErrorMessage = "Apns:KeyId must be the 10-character key id")]
    public string KeyId { get; set; } = string.Empty;

    /// <summary>The .p8 key's PEM text (e.g. from Key Vault). Takes precedence over the path.</summary>
    public string? PrivateKeyPem { get; set; }

    /// <summary>Path to the .p8 key file.</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>The app's bundle id, sent as <c>apns-topic</c>.</summary>
    [Required]
    public string Topic { get; set; } = string.Empty;

    /// <summary>
    /// How long one provider token is used. Apple rejects tokens older than an hour and answers
    /// TooManyProviderTokenUpdates to re-signing more often than every 20 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:20:00", "00:59:00")]
    public TimeSpan TokenRefreshInterval { get; set; } = TimeSpan.FromMinutes(40);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(PrivateKeyPem) && string.IsNullOrWhiteSpace(PrivateKeyPath))
        {
            yield return new ValidationResult(
                "Apns needs a signing key: set Apns:PrivateKeyPem or Apns:PrivateKeyPath",
                [nameof(PrivateKeyPem), nameof(PrivateKeyPath)]);
        }
    }

    /// <summary>The .p8 PEM text, from the inline value or the file.</summary>
    public string ReadPrivateKeyPem() =>
        !string.IsNullOrWhiteSpace(PrivateKeyPem) ? PrivateKeyPem : File.ReadAllText(PrivateKeyPath!);
}
