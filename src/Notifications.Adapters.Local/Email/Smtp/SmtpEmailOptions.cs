using System.ComponentModel.DataAnnotations;

namespace Notifications.Adapters.Local.Email.Smtp;

/// <summary>An SMTP server to send through (section <c>Email:Smtp</c>); locally, the mail sink <c>notify</c> runs.</summary>
public sealed class SmtpEmailOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Email:Smtp";

    /// <summary>Server host.</summary>
    [Required]
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Server port.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 2525;

    /// <summary><c>None</c>, <c>StartTls</c> or <c>SslOnConnect</c>.</summary>
    [RegularExpression("^(None|StartTls|SslOnConnect|Auto)$")]
    public string Security { get; set; } = "None";

    /// <summary>Optional user name.</summary>
    public string? Username { get; set; }

    /// <summary>Optional password.</summary>
    public string? Password { get; set; }
}
