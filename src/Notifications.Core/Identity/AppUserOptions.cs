using System.ComponentModel.DataAnnotations;
using Microsoft.IdentityModel.Tokens;

namespace Notifications.Core.Identity;

/// <summary>
/// The tokens the apps present to register their devices (section <c>AppUsers</c>): a JWT from the app's own sign-in
/// (Firebase Auth, Entra External ID, an in-house issuer), whose subject is the user the device belongs to.
/// </summary>
public sealed class AppUserOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "AppUsers";

    /// <summary>The <c>iss</c> every token must carry.</summary>
    [Required]
    public string Issuer { get; set; } = string.Empty;

    /// <summary>The <c>aud</c> every token must carry (e.g. the Firebase project id).</summary>
    [Required]
    public string Audience { get; set; } = string.Empty;

    /// <summary>
    /// The issuer's OpenID Connect discovery document (https): its signing keys are fetched from there and refreshed
    /// as the issuer rotates them. Either this or <see cref="SigningKeysJson"/>.
    /// </summary>
    public string? MetadataAddress { get; set; }

    /// <summary>A JWKS document with the issuer's public signing keys, for issuers without discovery.</summary>
    public string? SigningKeysJson { get; set; }

    /// <summary>The claim holding the user id (a user id of the device registry).</summary>
    [Required]
    public string UserIdClaim { get; set; } = "sub";

    /// <summary>Clock skew allowed on <c>exp</c> and <c>nbf</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Optional PEM of extra trusted roots (the loopback issuer).</summary>
    public string? TrustedCertificatePath { get; set; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var hasKeys = !string.IsNullOrWhiteSpace(SigningKeysJson);
        var hasMetadata = !string.IsNullOrWhiteSpace(MetadataAddress);
        if (hasMetadata == hasKeys)
        {
            yield return new ValidationResult("AppUsers needs exactly one of MetadataAddress (OIDC discovery) or SigningKeysJson (a JWKS)",
                [nameof(MetadataAddress), nameof(SigningKeysJson)]);
        }

        if (hasMetadata && (!Uri.TryCreate(MetadataAddress, UriKind.Absolute, out var metadata) || metadata.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationResult("AppUsers:MetadataAddress must be an absolute https URL", [nameof(MetadataAddress)]);
        }

        if (hasKeys)
        {
            string? problem = null;
            try
            {
                if (new JsonWebKeySet(SigningKeysJson).GetSigningKeys().Count == 0)
                {
                    problem = "AppUsers:SigningKeysJson holds no signing key";
                }
            }
            catch (Exception ex) when (ex is ArgumentException or System.Text.Json.JsonException)
            {
                problem = "AppUsers:SigningKeysJson is not a JWKS document";
            }

            if (problem is not null)
            {
                yield return new ValidationResult(problem, [nameof(SigningKeysJson)]);
            }
        }
    }
}
