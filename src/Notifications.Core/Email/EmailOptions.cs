using System.ComponentModel.DataAnnotations;

namespace Notifications.Core.Email;

/// <summary>Which email provider sends, and as whom (section <c>Email</c>).</summary>
public sealed class EmailOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Email";

    /// <summary><c>Acs</c> (Azure Communication Services) or <c>Smtp</c>.</summary>
    [EnumDataType(typeof(EmailProvider), ErrorMessage = "Email:Provider must be Acs or Smtp")]
    public EmailProvider Provider { get; set; } = EmailProvider.Acs;

    /// <summary>The sender address (for ACS, an address of a verified domain).</summary>
    [Required]
    [EmailAddress]
    public string From { get; set; } = "DoNotReply@notifications.example";

    /// <summary>The sender's display name.</summary>
    public string FromName { get; set; } = "Notifications";
}
