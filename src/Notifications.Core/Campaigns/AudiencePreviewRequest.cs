namespace Notifications.Core.Campaigns;

/// <summary>The body of <c>POST /api/campaigns/preview</c>: the parts of a campaign request that decide whom it reaches.</summary>
public sealed record AudiencePreviewRequest
{
    /// <summary>The audience SQL, as in the request.</summary>
    public string? AudienceQuery { get; init; }

    /// <summary><c>android</c> and/or <c>ios</c>; none means both.</summary>
    public IReadOnlyList<string>? Platforms { get; init; }
}
