namespace Notifications.Core.Batches.Orchestration;

/// <summary>
/// The planned counts of a whole send, summed over its shards: the one record the orchestrator, the status API and
/// the summary take them from.
/// </summary>
public sealed record PlanTotals
{
    /// <summary>Users in the planned shards.</summary>
    public long Users { get; init; }

    /// <summary>Users held back as control.</summary>
    public long ControlUsers { get; init; }

    /// <summary>Users with no registered device.</summary>
    public long UsersWithoutDevices { get; init; }

    /// <summary>Users skipped by the frequency cap.</summary>
    public long Capped { get; init; }

    /// <summary>Users held for the end of their quiet hours.</summary>
    public long Deferred { get; init; }

    /// <summary>Users not pushed because of their quiet hours.</summary>
    public long QuietSkipped { get; init; }

    /// <summary>Distinct devices to push to with the send (not counting those held for later).</summary>
    public long Devices { get; init; }

    /// <summary>Chunk blobs the planned shards wrote for pushing now (waves held for later have their own).</summary>
    public int Chunks { get; init; }

    /// <summary>Shards planned so far; the scan's shard count once planning is done.</summary>
    public int Shards { get; init; }

    /// <summary>Users per variant summed over the shards, indexed as <see cref="ShardPlan.ArmUsers"/> is.</summary>
    public IReadOnlyList<long> ArmUsers { get; init; } = [];

    /// <summary>Devices to push to now per variant, summed over the shards and indexed as <see cref="ArmUsers"/> is.</summary>
    public IReadOnlyList<long> ArmDevices { get; init; } = [];

    /// <summary>The totals of the shards planned so far (null: not planned yet).</summary>
    public static PlanTotals Of(IEnumerable<ShardPlan?> plans) =>
        plans.OfType<ShardPlan>().Aggregate(new PlanTotals(), (totals, plan) => totals.Add(plan));

    /// <summary>These totals plus one shard's plan.</summary>
    public PlanTotals Add(ShardPlan plan) => this with
    {
        Users = Users + plan.Users,
        ControlUsers = ControlUsers + plan.ControlUsers,
        UsersWithoutDevices = UsersWithoutDevices + plan.UsersWithoutDevices,
        Capped = Capped + plan.Capped,
        Deferred = Deferred + plan.Deferred,
        QuietSkipped = QuietSkipped + plan.QuietSkipped,
        Devices = Devices + plan.Devices,
        Chunks = Chunks + plan.Chunks,
        Shards = Shards + 1,
        ArmUsers = Sum(ArmUsers, plan.ArmUsers),
        ArmDevices = Sum(ArmDevices, plan.ArmDevices),
    };

    private static long[] Sum(IReadOnlyList<long> a, IReadOnlyList<long> b)
    {
        var sum = new long[Math.Max(a.Count, b.Count)];
        for (var i = 0; i < sum.Length; i++)
        {
            sum[i] = (i < a.Count ? a[i] : 0) + (i < b.Count ? b[i] : 0);
        }

        return sum;
    }
}
