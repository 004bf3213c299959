using MimeKit;

namespace Notifications.Core.Identity;

/// <summary>
/// What counts as an email address here: what the mail path (MimeKit) parses back to exactly the same bare address.
/// <c>EmailAddressAttribute</c> only checks for one '@' with something on both sides, so it lets through addresses
/// the sender later refuses, after approvers already hold live links.
/// </summary>
public static class EmailAddresses
{
    /// <summary>RFC 5321's limit on a forward path.</summary>
    public const int MaxLength = 254;

    /// <summary>Whether <paramref name="address"/> is one bare address MimeKit accepts unchanged.</summary>
    public static bool IsValid(string? address)
    {
        if (string.IsNullOrEmpty(address) || address.Length > MaxLength || address.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return false;
        }

        var at = address.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != address.LastIndexOf('@') || at == address.Length - 1 || address.Contains('"', StringComparison.Ordinal))
        {
            return false;
        }

        return MailboxAddress.TryParse(ParserOptions.Default, address, out var mailbox)
            && string.IsNullOrEmpty(mailbox.Name)
            && mailbox.Route.Count == 0
            && string.Equals(mailbox.Address, address, StringComparison.Ordinal);
    }
}
