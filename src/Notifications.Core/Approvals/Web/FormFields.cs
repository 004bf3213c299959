using System.Text;

namespace Notifications.Core.Approvals.Web;

/// <summary>
/// The fields of an approval page's form post (<c>application/x-www-form-urlencoded</c>): a few short fields, read
/// whole within <see cref="MaxBytes"/>. A field named twice keeps its first value; anything else is no field at all.
/// </summary>
public static class FormFields
{
    /// <summary>The largest form accepted (a reason of 500 characters, percent-encoded, fits many times over).</summary>
    public const int MaxBytes = 16 * 1024;

    /// <summary>The fields of <paramref name="body"/>, or null when it is not a form or is too large.</summary>
    public static async Task<IReadOnlyDictionary<string, string>?> ReadAsync(Api.ApiBody? body, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body is null)
        {
            return fields;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await body.Content.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return fields;
        }

        if (body.ContentType is not { } type || !type.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        foreach (var pair in Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length).Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(at < 0 ? pair : pair[..at]);
            var value = at < 0 ? string.Empty : Decode(pair[(at + 1)..]);
            if (name is not null && value is not null)
            {
                fields.TryAdd(name, value);
            }
        }

        return fields;
    }

    private static string? Decode(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return null;
        }
    }
}
