using System.ComponentModel.DataAnnotations;

namespace Notifications.Core.Email.Acs;

/// <summary>Azure Communication Services Email (section <c>Email:Acs</c>).</summary>
public sealed class AcsEmailOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Email:Acs";

    /// <summary><c>endpoint=https://&lt;resource&gt;.communication.azure.com/;accesskey=&lt;base64&gt;</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>REST API version.</summary>
    [Required]
    public string ApiVersion { get; set; } = "2023-03-31";

    /// <summary>How long to wait for the send operation to reach a final state.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Optional PEM of extra trusted roots (the loopback ACS endpoint).</summary>
    public string? TrustedCertificatePath { get; set; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString) && AcsConnectionString.TryParse(ConnectionString) is null)
        {
            yield return new ValidationResult("Email:Acs:ConnectionString must be endpoint=https://...;accesskey=<base64>", [nameof(ConnectionString)]);
        }
    }
}
