namespace Notifications.Core.Campaigns;

/// <summary>The body of <c>POST /api/campaigns/preview</c>: the parts of a campaign request that decide whom it reaches.</summary>
public sealed record AudiencePreviewRequest
{
    /// <summary>The audience SQL, as in the request.</summary>
    public string? AudienceQuery { get; init; }

    /// <summary><c>android</c> and/or <c>ios</c>; none means both.</summary>
    public IReadOnlyList<string>? Platforms { get; init; }

    /// <summary>The push, as in the request (optional): the preview then reaches each of its forms.</summary>
    public Delivery.PushMessage? Message { get; init; }

    /// <summary>The variants, as in the request (optional, instead of <see cref="Message"/>).</summary>
    public IReadOnlyList<CampaignVariant>? Variants { get; init; }

    /// <summary>The control group's share, as in the request.</summary>
    public decimal? ControlPercent { get; init; }
}
