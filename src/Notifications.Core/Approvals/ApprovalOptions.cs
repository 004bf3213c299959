using System.ComponentModel.DataAnnotations;
using Notifications.Core.Devices;

namespace Notifications.Core.Approvals;

/// <summary>Who approves ad-hoc campaigns and how their email links work (section <c>Approvals</c>).</summary>
public sealed class ApprovalOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Approvals";

    /// <summary>The designated approvers.</summary>
    public IList<Approver> Approvers { get; } = [];

    /// <summary>Base64 HMAC-SHA256 key signing the links (from Key Vault in Azure); at least 32 bytes.</summary>
    [Required]
    public string SigningKey { get; set; } = string.Empty;

    /// <summary>How long approval links (and so the request) stay valid.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "30.00:00:00")]
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromHours(72);

    /// <summary>The public base URL the links point at (the app's host name), ending with '/'.</summary>
    [Required]
    public Uri PublicBaseUrl { get; set; } = null!;

    /// <summary>The decoded signing key.</summary>
    public byte[] Key => Convert.FromBase64String(SigningKey);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        byte[]? key = null;
        try
        {
            key = Convert.FromBase64String(SigningKey);
        }
        catch (FormatException)
        {
            // Reported below.
        }

        if (key is not { Length: >= 32 })
        {
            yield return new ValidationResult("Approvals:SigningKey must be base64 of at least 32 random bytes", [nameof(SigningKey)]);
        }

        if (Approvers.Count == 0)
        {
            yield return new ValidationResult("Approvals:Approvers must list at least one approver", [nameof(Approvers)]);
        }

        foreach (var approver in Approvers)
        {
            if (!new EmailAddressAttribute().IsValid(approver.Email) || string.IsNullOrWhiteSpace(approver.Email))
            {
                yield return new ValidationResult($"Approvals:Approvers: '{approver.Email}' is not an email address", [nameof(Approvers)]);
            }

            if (approver.UserId is not null && !DeviceKeys.IsValidUserId(approver.UserId))
            {
                yield return new ValidationResult($"Approvals:Approvers: '{approver.UserId}' is not a user id", [nameof(Approvers)]);
            }
        }
    }

    /// <summary>The approver with this email (case-insensitive), if any.</summary>
    public Approver? Find(string email) => Approvers.FirstOrDefault(a => string.Equals(a.Email, email, StringComparison.OrdinalIgnoreCase));
}
