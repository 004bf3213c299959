namespace Notifications.Core.Identity;

/// <summary>
/// What counts as an email address here: one bare RFC 5321 mailbox, <c>local@domain</c>, with a dot-atom local part
/// and a host name for the domain. <c>EmailAddressAttribute</c> only checks for one '@' with something on both sides,
/// so it lets through addresses a sender later refuses, after approvers already hold live links.
/// </summary>
/// <remarks>
/// Written out rather than asking a mail library: Core ships in the Functions app, whose senders (ACS) take a plain
/// address, so no MIME parser belongs there. Deliberately narrower than what SMTP allows: no quoted local parts, no
/// comments, no address literals (<c>[192.0.2.1]</c>), no display names; a person's mailbox never needs them.
/// </remarks>
public static class EmailAddresses
{
    /// <summary>RFC 5321's limit on a forward path.</summary>
    public const int MaxLength = 254;

    /// <summary>Whether <paramref name="address"/> is one bare address: a dot-atom local part, '@', a host name.</summary>
    public static bool IsValid(string? address)
    {
        if (string.IsNullOrEmpty(address) || address.Length > MaxLength || address.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return false;
        }

        var at = address.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != address.LastIndexOf('@') || at == address.Length - 1)
        {
            return false;
        }

        return IsDotAtom(address.AsSpan(0, at), IsAtomText) && IsDotAtom(address.AsSpan(at + 1), IsHostNameText);
    }

    /// <summary>Atoms joined by single dots: no empty atom, so no leading, trailing or doubled dot.</summary>
    private static bool IsDotAtom(ReadOnlySpan<char> text, Func<char, bool> allowed)
    {
        var atom = 0;
        foreach (var c in text)
        {
            if (c == '.')
            {
                if (atom == 0)
                {
                    return false;
                }

                atom = 0;
            }
            else if (allowed(c))
            {
                atom++;
            }
            else
            {
                return false;
            }
        }

        return atom > 0;
    }

    /// <summary>RFC 5322 <c>atext</c>, and non-ASCII letters and digits for internationalized mailboxes (RFC 6531).</summary>
    private static bool IsAtomText(char c) =>
        char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~".Contains(c, StringComparison.Ordinal) || (c > 127 && char.IsLetterOrDigit(c));

    /// <summary>A host name label's characters: letters, digits and '-', non-ASCII letters for internationalized domains.</summary>
    private static bool IsHostNameText(char c) => char.IsAsciiLetterOrDigit(c) || c == '-' || (c > 127 && char.IsLetterOrDigit(c));
}
