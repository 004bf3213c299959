using System.Text;
using System.Text.RegularExpressions;

namespace Notifications.Core.Audience;

/// <summary>
/// Keeps data out of engine error messages before they go back to the requester (API, email, pages, logs). Engines
/// quote values in their errors: DuckDB <c>Could not convert string 'root:x:0:0:…' to INT32</c>, BigQuery
/// <c>Bad int64 value: …</c>. The rule: a quoted fragment (or the value after <c>value:</c>) is kept only when it
/// appears verbatim, as a whole token, in the query text the person ran, so errors about their own SQL (a syntax error
/// near <c>"SELEC"</c>, a missing table or file they named) stay useful; anything else becomes <c>'…'</c>. The
/// message is capped, so no engine can echo a large value through an unquoted path either.
/// </summary>
public static partial class AudienceErrorRedactor
{
    /// <summary>The longest message passed on.</summary>
    public const int MaxLength = 600;

    /// <summary>What replaces a value.</summary>
    public const string Placeholder = "…";

    /// <summary>The engine's <paramref name="message"/> with every quoted fragment not from <paramref name="query"/> replaced.</summary>
    public static string Redact(string? message, string query)
    {
        if (string.IsNullOrEmpty(message))
        {
            return string.Empty;
        }

        // Known shapes first, greedily, so a value that itself contains a quote cannot split into pieces that leak.
        var text = DuckDbConvertString().Replace(message, m => Keep(m.Groups["value"].Value, query)
            ? m.Value
            : m.Groups["lead"].Value + "'" + Placeholder + "'");
        text = ValueTail().Replace(text, m => Keep(m.Groups["value"].Value.Trim(), query)
            ? m.Value
            : m.Groups["lead"].Value + Placeholder);
        text = Quoted(text, query);
        return text.Length <= MaxLength ? text : text[..(MaxLength - 1)] + Placeholder;
    }

    private static string Quoted(string text, string query)
    {
        var result = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var quote = text[i];
            if (quote is not ('\'' or '"' or '`') || (i > 0 && IsWord(text[i - 1])))
            {
                // Not a quote, or an apostrophe inside a word (DuckDB's "can't").
                result.Append(quote);
                i++;
                continue;
            }

            var close = ClosingQuote(text, i + 1, quote);
            var end = close < 0 ? LineEnd(text, i + 1) : close;
            var fragment = text[(i + 1)..end];
            result.Append(quote).Append(fragment.Length == 0 || Keep(fragment, query) ? fragment : Placeholder);
            if (close >= 0)
            {
                result.Append(quote);
                i = close + 1;
            }
            else
            {
                i = end;
            }
        }

        return result.ToString();
    }

    /// <summary>
    /// The closing quote: the next one followed by a non-word character, so an apostrophe inside the value
    /// (<c>'it's'</c>) does not end it early.
    /// </summary>
    private static int ClosingQuote(string text, int from, char quote)
    {
        for (var i = from; i < text.Length && text[i] is not ('\n' or '\r'); i++)
        {
            if (text[i] == quote && (i + 1 == text.Length || !IsWord(text[i + 1])))
            {
                return i;
            }
        }

        return -1;
    }

    private static int LineEnd(string text, int from)
    {
        var end = text.IndexOfAny(['\n', '\r'], from);
        return end < 0 ? text.Length : end;
    }

    /// <summary>Whether <paramref name="fragment"/> occurs in <paramref name="query"/> as a whole token, not inside a longer word.</summary>
    private static bool Keep(string fragment, string query)
    {
        if (fragment.Length == 0)
        {
            return true;
        }

        for (var at = query.IndexOf(fragment, StringComparison.Ordinal); at >= 0; at = query.IndexOf(fragment, at + 1, StringComparison.Ordinal))
        {
            var before = at == 0 || !IsWord(query[at - 1]) || !IsWord(fragment[0]);
            var after = at + fragment.Length == query.Length || !IsWord(query[at + fragment.Length]) || !IsWord(fragment[^1]);
            if (before && after)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsWord(char c) => char.IsLetterOrDigit(c) || c == '_';

    /// <summary>DuckDB's cast error, whose value may contain quotes: <c>Could not convert string '…' to INT32</c>.</summary>
    [GeneratedRegex(@"(?<lead>\bstring )'(?<value>[^\r\n]*)'(?= to \w)")]
    private static partial Regex DuckDbConvertString();

    /// <summary>An unquoted value after <c>value:</c> to the end of the line (BigQuery <c>Bad int64 value: …</c>).</summary>
    [GeneratedRegex(@"(?<lead>\bvalue:[ \t]*)(?<value>[^'""`\s][^\r\n]*)", RegexOptions.IgnoreCase)]
    private static partial Regex ValueTail();
}
