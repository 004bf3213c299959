namespace Notifications.Core.Campaigns;

/// <summary>
/// What values a placeholder's column may hold (<c>placeholders.{column}</c> of a request). The audience query is the
/// requester's own SQL, so its values are checked row by row when the draft is written, and a refused value stops the
/// campaign before any approver is asked.
/// </summary>
public sealed record PlaceholderRule
{
    /// <summary>The default longest value, in characters, when a request does not say.</summary>
    public const int DefaultMaxLength = 100;

    /// <summary>The longest value allowed, in characters (1 to 256).</summary>
    public int? MaxLength { get; init; }

    /// <summary>Whether values may hold line breaks (default: no).</summary>
    public bool? LineBreaks { get; init; }

    /// <summary>
    /// Whether the column holds links: then every value must be an absolute link the deep-link rules allow, and only
    /// then may a value look like a URL (default: no).
    /// </summary>
    public bool? Link { get; init; }

    /// <summary>The longest value this rule allows.</summary>
    public int Longest => MaxLength ?? DefaultMaxLength;
}
