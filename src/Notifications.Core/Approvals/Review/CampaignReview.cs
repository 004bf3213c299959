namespace Notifications.Core.Approvals.Review;

/// <summary>
/// Everything an approver must see before saying yes, written once when the draft is prepared and shown alike by the
/// approval email, the approval page and the campaign page: every form with its reach, what the query put in each
/// placeholder, sample users rendered in full, and the digest the approval covers.
/// </summary>
public sealed record CampaignReview
{
    /// <summary>The campaign.</summary>
    public required string CampaignId { get; init; }

    /// <summary>What an approval covers (<see cref="ApprovalDigest.Combine"/> of the forms' and the values' digests).</summary>
    public required string Digest { get; init; }

    /// <summary>The digest of the draft's forms, options and columns.</summary>
    public required string FormsDigest { get; init; }

    /// <summary>The digest of every user and value of the draft, in file order.</summary>
    public required string ValuesDigest { get; init; }

    /// <summary>Distinct users the query selected.</summary>
    public long Users { get; init; }

    /// <summary>Users per arm (exact), the control group last.</summary>
    public IReadOnlyList<long> ArmUsers { get; init; } = [];

    /// <summary>The control group's share, in percent (0 without one).</summary>
    public decimal ControlPercent { get; init; }

    /// <summary>Users whose devices were read; the device figures are scaled up from them when fewer than <see cref="Users"/>.</summary>
    public int SampledUsers { get; init; }

    /// <summary>Whether the device and per-form figures are estimates (from <see cref="SampledUsers"/>).</summary>
    public bool Estimated => SampledUsers < Users;

    /// <summary>Devices the push goes to.</summary>
    public long Devices => Forms.Sum(f => f.Devices);

    /// <summary>Of <see cref="Devices"/>, Android ones.</summary>
    public long AndroidDevices => Forms.Sum(f => f.AndroidDevices);

    /// <summary>Of <see cref="Devices"/>, iOS ones.</summary>
    public long IosDevices => Forms.Sum(f => f.IosDevices);

    /// <summary>Every form a user can get, arm by arm, the default language first.</summary>
    public IReadOnlyList<ReviewForm> Forms { get; init; } = [];

    /// <summary>What the query put in each placeholder's column.</summary>
    public IReadOnlyList<ColumnSummary> Columns { get; init; } = [];

    /// <summary>A few users, chosen by a hash of the campaign and user ids, rendered in full.</summary>
    public IReadOnlyList<ReviewSample> Samples { get; init; } = [];
}
