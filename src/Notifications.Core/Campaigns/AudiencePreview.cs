namespace Notifications.Core.Campaigns;

/// <summary>What a campaign's audience query would reach, before anyone submits it (<c>POST /api/campaigns/preview</c>).</summary>
public sealed record AudiencePreview
{
    /// <summary>Distinct users the query selects (counted up to <see cref="AudiencePreviewer.CountLimit"/>).</summary>
    public long Users { get; init; }

    /// <summary>Whether the count stopped at its limit: there are at least <see cref="Users"/>.</summary>
    public bool UsersAtLeast { get; init; }

    /// <summary>Devices on the chosen platforms those users have registered.</summary>
    public long Devices { get; init; }

    /// <summary>
    /// Whether <see cref="Devices"/> is scaled up from a sample of the users (when there are more than
    /// <see cref="AudiencePreviewer.SampleSize"/>) rather than counted for each of them.
    /// </summary>
    public bool DevicesEstimated { get; init; }

    /// <summary>A few of the selected user ids, to check the query picks whom it should.</summary>
    public IReadOnlyList<string> SampleUserIds { get; init; } = [];

    /// <summary>What the engine says the query scans (BigQuery's dry run), when it says.</summary>
    public long? BytesProcessed { get; init; }

    /// <summary>
    /// Every form of the push the request carried (each variant in each language), with the devices and users the
    /// sample says it reaches; empty when the request carried no valid push.
    /// </summary>
    public IReadOnlyList<Approvals.Review.ReviewForm> Forms { get; init; } = [];

    /// <summary>The engine that answered.</summary>
    public required string Engine { get; init; }
}
