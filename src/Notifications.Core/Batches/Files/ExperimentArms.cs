using System.IO.Hashing;
using System.Text;

namespace Notifications.Core.Batches.Files;

/// <summary>
/// Deterministic arm assignment: a stable hash of experiment id and user id into 10,000 buckets, so a user stays in
/// the same arm across days, re-runs and machines, and arms get their configured shares.
/// </summary>
public sealed class ExperimentArms
{
    /// <summary>The arm index of the control group.</summary>
    public const int Control = -1;

    /// <summary>Buckets a user can fall into (shares have two decimals: 0.01% = one bucket).</summary>
    public const int Buckets = 10_000;

    private readonly string _experimentId;
    private readonly int[] _upperBounds;

    /// <summary>Prepares the arm boundaries of <paramref name="experiment"/>.</summary>
    public ExperimentArms(Experiment experiment)
    {
        _experimentId = experiment.Id;

        // Control takes the first buckets, then each variant its share, in order.
        var bounds = new int[experiment.Variants.Count + 1];
        var at = (int)(experiment.ControlPercent * 100);
        bounds[0] = at;
        for (var i = 0; i < experiment.Variants.Count; i++)
        {
            at += (int)(experiment.Variants[i].Percent * 100);
            bounds[i + 1] = at;
        }

        _upperBounds = bounds;
    }

    /// <summary>The bucket (0-9,999) of a user in this experiment.</summary>
    public static int Bucket(string experimentId, string userId) =>
        (int)(XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(experimentId + "\n" + userId)) % Buckets);

    /// <summary>The variant index of <paramref name="userId"/>, or <see cref="Control"/>.</summary>
    public int Assign(string userId)
    {
        var bucket = Bucket(_experimentId, userId);
        if (bucket < _upperBounds[0])
        {
            return Control;
        }

        for (var i = 1; i < _upperBounds.Length; i++)
        {
            if (bucket < _upperBounds[i])
            {
                return i - 1;
            }
        }

        return _upperBounds.Length - 2;
    }
}
