using System.Text;
using System.Text.RegularExpressions;

namespace Notifications.Core.Delivery;

/// <summary>
/// A title, body or data value with Liquid-style placeholders filled from the audience's columns:
/// <c>{{ first_name }}</c> or <c>{{ first_name | default: "there" }}</c>. A value that is missing or empty gets the
/// default (as Liquid's <c>default</c> filter does), and with no default the placeholder renders as nothing. Only
/// this much of Liquid: no other filters, tags or expressions, so a message can never run anything.
/// </summary>
public sealed partial class MessageTemplate
{
    /// <summary>The longest column name a placeholder may use (and an audience may declare).</summary>
    public const int MaxColumnLength = 64;

    private readonly Part[] _parts;

    private MessageTemplate(string text, Part[] parts)
    {
        Text = text;
        _parts = parts;
        Placeholders = parts.Where(p => p.Column is not null).Select(p => new TemplatePlaceholder(p.Column!, p.Default)).ToList();
    }

    /// <summary>The text as written.</summary>
    public string Text { get; }

    /// <summary>Its placeholders, in order (a column may appear more than once).</summary>
    public IReadOnlyList<TemplatePlaceholder> Placeholders { get; }

    /// <summary>Whether <paramref name="name"/> can name a column: a letter or <c>_</c>, then letters, digits and <c>_</c>.</summary>
    public static bool IsColumnName(string? name) => name is { Length: > 0 and <= MaxColumnLength } && ColumnShape().IsMatch(name);

    /// <summary>Whether <paramref name="text"/> holds anything that looks like a placeholder (<c>{{</c>), so needs parsing.</summary>
    public static bool MayHavePlaceholders(string? text) => text is not null && text.Contains("{{", StringComparison.Ordinal);

    /// <summary>Parses <paramref name="text"/>; the problem names the position, never quotes the text.</summary>
    public static bool TryParse(string text, out MessageTemplate template, out string? problem)
    {
        var parts = new List<Part>();
        var at = 0;
        while (at < text.Length)
        {
            var open = text.IndexOf("{{", at, StringComparison.Ordinal);
            if (open < 0)
            {
                parts.Add(new Part(text[at..], null, null));
                break;
            }

            if (open > at)
            {
                parts.Add(new Part(text[at..open], null, null));
            }

            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            var match = close < 0 ? null : Placeholder().Match(text, open + 2, close - open - 2);
            if (match is not { Success: true })
            {
                template = new MessageTemplate(text, []);
                problem = close < 0
                    ? $"'{{{{' at character {open + 1} is never closed with '}}}}'"
                    : $"the placeholder at character {open + 1} is not {{{{ column }}}} or {{{{ column | default: \"text\" }}}} (a column is letters, digits and _)";
                return false;
            }

            var fallback = match.Groups["dq"].Success ? match.Groups["dq"].Value : match.Groups["sq"].Success ? match.Groups["sq"].Value : null;
            parts.Add(new Part(null, match.Groups["column"].Value, fallback));
            at = close + 2;
        }

        template = new MessageTemplate(text, [.. parts]);
        problem = null;
        return true;
    }

    /// <summary>
    /// The text with each placeholder replaced by what <paramref name="fill"/> gives for it (a user's value, else the
    /// default; null renders nothing).
    /// </summary>
    public string Render(Func<TemplatePlaceholder, string?> fill)
    {
        if (Placeholders.Count == 0)
        {
            return Text;
        }

        var text = new StringBuilder(Text.Length + 32);
        foreach (var part in _parts)
        {
            if (part.Column is null)
            {
                text.Append(part.Literal);
            }
            else
            {
                text.Append(fill(new TemplatePlaceholder(part.Column, part.Default)));
            }
        }

        return text.ToString();
    }

    [GeneratedRegex(@"\G\s*(?<column>[A-Za-z_][A-Za-z0-9_]{0,63})\s*(\|\s*default\s*:\s*(""(?<dq>[^""]*)""|'(?<sq>[^']*)')\s*)?\z")]
    private static partial Regex Placeholder();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex ColumnShape();

    private sealed record Part(string? Literal, string? Column, string? Default);
}
