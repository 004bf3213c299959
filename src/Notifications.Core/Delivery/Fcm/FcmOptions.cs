using System.ComponentModel.DataAnnotations;

namespace Notifications.Core.Delivery.Fcm;

/// <summary>Firebase Cloud Messaging HTTP v1 settings (section <c>Fcm</c>).</summary>
public sealed class FcmOptions : GatewayClientOptions, IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Fcm";

    /// <summary>The real FCM host.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://fcm.googleapis.com/");

    /// <summary>Google's OAuth 2.0 token endpoint.</summary>
    public static readonly Uri DefaultTokenUri = new("https://oauth2.googleapis.com/token");

    /// <summary>The OAuth scope FCM sends need.</summary>
    public const string Scope = "https://www.googleapis.com/auth/firebase.messaging";

    /// <summary>Creates options pointing at the real hosts.</summary>
    public FcmOptions() => BaseUrl = DefaultBaseUrl;

    /// <summary>The Firebase project id (or number) in <c>/v1/projects/{project}/messages:send</c>.</summary>
    [Required]
    [RegularExpression("^[a-z0-9][a-z0-9-]{0,62}$", ErrorMessage = "Fcm:ProjectId must be a Firebase project id")]
    public string ProjectId { get; set; } = string.Empty;

    /// <summary>The service-account key JSON itself (e.g. from Key Vault). Takes precedence over the path.</summary>
    public string? ServiceAccountJson { get; set; }

    /// <summary>Path to the service-account key JSON file.</summary>
    public string? ServiceAccountJsonPath { get; set; }

    /// <summary>
    /// The OAuth token endpoint. The key file's <c>token_uri</c> is not trusted for this (Google.Apis.Auth has
    /// ignored it in some versions), so it is explicit configuration.
    /// </summary>
    [Required]
    public Uri TokenUri { get; set; } = DefaultTokenUri;

    /// <summary>Sends with <c>validate_only</c>: FCM checks every message but delivers none (a dry run).</summary>
    public bool ValidateOnly { get; set; }

    /// <summary>
    /// The least wait after a quota 429 that carries no Retry-After. Firebase asks for at least a minute after a
    /// project quota overrun.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan QuotaBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(ServiceAccountJson) && string.IsNullOrWhiteSpace(ServiceAccountJsonPath))
        {
            yield return new ValidationResult(
                "Fcm needs a service account: set Fcm:ServiceAccountJson or Fcm:ServiceAccountJsonPath",
                [nameof(ServiceAccountJson), nameof(ServiceAccountJsonPath)]);
        }
    }

    /// <summary>The key JSON, from the inline value or the file.</summary>
    public string ReadServiceAccountJson() =>
        !string.IsNullOrWhiteSpace(ServiceAccountJson) ? ServiceAccountJson : File.ReadAllText(ServiceAccountJsonPath!);
}
