namespace Notifications.Core.Storage;

/// <summary>
/// What a blob name from outside (an API body, a trigger, a batch file's reference) may look like: a canonical
/// relative name inside its container. The Blob SDK puts the name into the request URL as it is, and URL
/// normalisation resolves <c>.</c> and <c>..</c> segments, so <c>../campaign-batches/campaigns/x.json</c> against the
/// batches container reads the draft of a campaign nobody approved. Anything that is not already canonical is refused,
/// not repaired: a repaired name is a second spelling of some other name.
/// </summary>
public static class BlobNames
{
    /// <summary>Azure's limit on a blob name.</summary>
    public const int MaxLength = 1024;

    /// <summary>Null when <paramref name="name"/> is canonical, otherwise why not (never repeating the name).</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "required: the file's name in the container";
        }

        if (name.Length > MaxLength)
        {
            return $"at most {MaxLength} characters";
        }

        if (name.Any(c => char.IsControl(c) || c is '\\') || HasLoneSurrogate(name))
        {
            return "must not contain control characters, backslashes or broken Unicode";
        }

        if (name[0] == '/' || name[^1] == '/' || char.IsWhiteSpace(name[0]) || char.IsWhiteSpace(name[^1]))
        {
            return "must be a relative name: no leading or trailing '/' or spaces";
        }

        if (name.Contains("%2e", StringComparison.OrdinalIgnoreCase) || name.Contains("%2f", StringComparison.OrdinalIgnoreCase)
            || name.Contains("%5c", StringComparison.OrdinalIgnoreCase))
        {
            return "must not contain percent-encoded dots or slashes";
        }

        foreach (var segment in name.Split('/'))
        {
            if (segment.Length == 0 || segment is "." or "..")
            {
                return "must not contain empty, '.' or '..' segments";
            }

            if (segment[^1] == '.')
            {
                return "a segment must not end with '.'";
            }
        }

        return null;
    }

    private static bool HasLoneSurrogate(string name)
    {
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsHighSurrogate(name[i]) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(name[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="name"/> is canonical.</summary>
    public static bool IsValid(string? name) => Problem(name) is null;

    /// <summary>Throws unless <paramref name="name"/> is canonical: for names the code passes on.</summary>
    /// <exception cref="ArgumentException">The name is not canonical.</exception>
    public static string Require(string? name, string parameter)
    {
        if (Problem(name) is { } problem)
        {
            throw new ArgumentException($"the blob name is not canonical ({problem})", parameter);
        }

        return name!;
    }
}
