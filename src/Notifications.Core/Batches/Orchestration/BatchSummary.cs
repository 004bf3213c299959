namespace Notifications.Core.Batches.Orchestration;

/// <summary>
/// The batch orchestrator's output: what the plans found (<see cref="Plan"/>, the shards' own totals, kept whole rather
/// than copied field by field) and what the chunks delivered (<see cref="Counts"/>). The plan figures the pages and the
/// API show are read from those two, so they cannot disagree with them.
/// </summary>
public sealed record BatchSummary
{
    /// <summary>The send's id: its orchestration instance id (<see cref="BatchInstanceIds"/>), in every page and API path of the send.</summary>
    public required string BatchId { get; init; }

    /// <summary>The campaign id from the file's header: an ad-hoc campaign's id, or a cohort's id with the run date.</summary>
    public string CampaignId { get; init; } = string.Empty;

    /// <summary>How the send ended; <see cref="BatchOutcome.Waiting"/> only in the interim summary of a send with groups held for later.</summary>
    public BatchOutcome Outcome { get; init; }

    /// <summary>Distinct users in the file's audience, as the scan counted them (control and capped users included).</summary>
    public long Users { get; init; }

    /// <summary>The shards' plans added up: users by arm, held, skipped and capped at planning, devices and chunks.</summary>
    public PlanTotals Plan { get; init; } = new();

    /// <summary>Users in the control group.</summary>
    public long ControlUsers => Plan.ControlUsers;

    /// <summary>With an experiment: control first, then each variant, with users, devices and deliveries.</summary>
    public IReadOnlyList<ArmSummary> Arms { get; init; } = [];

    /// <summary>
    /// Users skipped by the frequency cap (they had enough marketing pushes lately), at planning or when their wave was
    /// released.
    /// </summary>
    public long Capped => Plan.Capped + Counts.WaveCapped;

    /// <summary>Users held for the end of their quiet hours (pushed then, unless the cap or a cancel stopped them).</summary>
    public long Deferred => Plan.Deferred;

    /// <summary>Users not pushed because the send reached them in their quiet hours.</summary>
    public long QuietSkipped => Plan.QuietSkipped;

    /// <summary>Users with no device.</summary>
    public long UsersWithoutDevices => Plan.UsersWithoutDevices;

    /// <summary>Devices pushed to (with the send, and in the waves released so far).</summary>
    public long Devices => Plan.Devices + Counts.WaveDevices;

    /// <summary>The plan whose shards and chunk blobs (<c>{batchId}/{planId}/</c> in the work container) were sent.</summary>
    public string PlanId { get; init; } = string.Empty;

    /// <summary>Chunk blobs the plans wrote for pushing now (waves held for later have their own).</summary>
    public int Chunks => Plan.Chunks;

    /// <summary>Shard sub-orchestrations the send was planned and sent in.</summary>
    public int Shards { get; init; }

    /// <summary>What the chunks delivered, per platform and per arm, and what the waves released added.</summary>
    public BatchCounts Counts { get; init; } = new();

    /// <summary>Why the file was refused, when it was.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>Why the send failed or stopped early.</summary>
    public string? Error { get; init; }
}
