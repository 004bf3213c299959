using System.ComponentModel.DataAnnotations;

namespace Notifications.Core.Identity;

/// <summary>Who is signed in to the form, pages and campaign APIs (section <c>Identity</c>).</summary>
public sealed class IdentityOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Identity";

    /// <summary>Where identities come from; <see cref="IdentityMode.AppService"/> unless a local host says otherwise.</summary>
    public IdentityMode Mode { get; set; } = IdentityMode.AppService;

    /// <summary>The development user's display name (<see cref="IdentityMode.Development"/> only).</summary>
    [StringLength(100)]
    public string DevelopmentUserName { get; set; } = "Dev User";

    /// <summary>The development user's email (<see cref="IdentityMode.Development"/> only).</summary>
    public string DevelopmentUserEmail { get; set; } = "dev@social.example";

    /// <summary>The development user's Entra-style object id (<see cref="IdentityMode.Development"/> only; optional).</summary>
    public string? DevelopmentUserObjectId { get; set; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enum.IsDefined(Mode))
        {
            yield return new ValidationResult("Identity:Mode must be AppService or Development", [nameof(Mode)]);
        }

        if (Mode == IdentityMode.Development && !EmailAddresses.IsValid(DevelopmentUserEmail))
        {
            yield return new ValidationResult("Identity:DevelopmentUserEmail must be an email address", [nameof(DevelopmentUserEmail)]);
        }

        if (DevelopmentUserObjectId is not null && !People.IsObjectId(DevelopmentUserObjectId))
        {
            yield return new ValidationResult("Identity:DevelopmentUserObjectId must be a GUID", [nameof(DevelopmentUserObjectId)]);
        }
    }
}
