namespace Notifications.Core.Batches.Orchestration;

/// <summary>Final outcomes of one slice of a send: a platform, or an experiment arm's message variant.</summary>
/// <param name="Sent">Delivered.</param>
/// <param name="Invalid">Dead tokens.</param>
/// <param name="Rejected">Refused for a reason retrying cannot fix.</param>
/// <param name="Failed">Not delivered after every retry, or never attempted (cancel, fatal error).</param>
public sealed record OutcomeCounts(long Sent = 0, long Invalid = 0, long Rejected = 0, long Failed = 0)
{
    /// <summary>Everything that did not arrive and was not a dead token, as the pages show it.</summary>
    public long NotDelivered => Rejected + Failed;

    /// <summary>Every device of the slice with an outcome.</summary>
    public long Total => Sent + Invalid + Rejected + Failed;

    /// <summary>Slice-by-slice sum; the longer list decides the length (a resumed run may know more variants).</summary>
    public static IReadOnlyList<OutcomeCounts> Sum(IReadOnlyList<OutcomeCounts> a, IReadOnlyList<OutcomeCounts> b)
    {
        if (b.Count == 0)
        {
            return a;
        }

        if (a.Count == 0)
        {
            return b;
        }

        var sum = new OutcomeCounts[Math.Max(a.Count, b.Count)];
        for (var i = 0; i < sum.Length; i++)
        {
            var x = i < a.Count ? a[i] : Empty;
            var y = i < b.Count ? b[i] : Empty;
            sum[i] = new OutcomeCounts(x.Sent + y.Sent, x.Invalid + y.Invalid, x.Rejected + y.Rejected, x.Failed + y.Failed);
        }

        return sum;
    }

    /// <summary>No outcome yet.</summary>
    public static OutcomeCounts Empty { get; } = new();
}
