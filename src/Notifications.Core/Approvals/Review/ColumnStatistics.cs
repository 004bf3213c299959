using System.IO.Hashing;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Notifications.Core.Approvals.Review;

/// <summary>
/// Counts one placeholder column's values as the audience streams by, in memory bounded whatever the audience's size:
/// distinct values exactly up to <see cref="ExactDistinct"/> and by HyperLogLog (4,096 registers, about 1.6% error)
/// past it; the most common values by Space-Saving over <see cref="Tracked"/> counters (exact while the column has no
/// more distinct values than that, an upper bound after); the longest value. The same rows in the same order always
/// give the same summary.
/// </summary>
public sealed class ColumnStatistics
{
    /// <summary>Distinct values counted exactly before the estimate takes over.</summary>
    public const int ExactDistinct = 1_000;

    /// <summary>Values whose counts are tracked for the most-common list.</summary>
    public const int Tracked = 64;

    private const int RegisterBits = 12;
    private const int Registers = 1 << RegisterBits;

    private readonly string _column;
    private readonly byte[] _registers = new byte[Registers];
    private readonly Dictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private HashSet<string>? _exact = new(StringComparer.Ordinal);
    private long _sequence;
    private long _withValue;
    private long _empty;
    private string? _longest;

    /// <summary>Starts the statistics of <paramref name="column"/>.</summary>
    public ColumnStatistics(string column) => _column = column;

    /// <summary>Counts one user's value (null or empty: the user gets the default).</summary>
    public void Observe(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            _empty++;
            return;
        }

        _withValue++;
        if (_longest is null || value.Length > _longest.Length)
        {
            _longest = value;
        }

        // The UTF-16 code units as they are: no copy per value (the estimate only needs the same value to hash alike).
        var hash = XxHash64.HashToUInt64(MemoryMarshal.AsBytes(value.AsSpan()));
        var register = (int)(hash >> (64 - RegisterBits));
        var rank = (byte)(BitOperations.LeadingZeroCount((hash << RegisterBits) | (1UL << (RegisterBits - 1))) + 1);
        if (rank > _registers[register])
        {
            _registers[register] = rank;
        }

        if (_exact is not null && _exact.Add(value) && _exact.Count > ExactDistinct)
        {
            _exact = null;
        }

        Count(value);
    }

    /// <summary>The summary so far, with the <paramref name="top"/> most common values.</summary>
    public ColumnSummary Summarize(int top) => new()
    {
        Column = _column,
        WithValue = _withValue,
        Empty = _empty,
        Distinct = _exact?.Count ?? Estimate(),
        DistinctExact = _exact is not null,
        Top = _counters.Values.Order(Counter.Order).Reverse().Take(top).Select(c => new ValueCount(c.Value, c.Count, c.Error == 0)).ToList(),
        Longest = _longest,
    };

    // Space-Saving: a value not tracked when every counter is taken replaces the least counted, inheriting its count as
    // its possible error. Ties go to the earlier counter, so the order of rows alone decides the result. A tracked value
    // costs one lookup; only a replacement scans the counters (64 of them).
    private void Count(string value)
    {
        if (_counters.TryGetValue(value, out var counter))
        {
            counter.Count++;
            return;
        }

        long floor = 0;
        if (_counters.Count == Tracked)
        {
            Counter? least = null;
            foreach (var candidate in _counters.Values)
            {
                if (least is null || Counter.Order.Compare(candidate, least) < 0)
                {
                    least = candidate;
                }
            }

            _counters.Remove(least!.Value);
            floor = least.Count;
        }

        _counters[value] = new Counter(value, ++_sequence) { Count = floor + 1, Error = floor };
    }

    private long Estimate()
    {
        double sum = 0;
        var zeros = 0;
        foreach (var r in _registers)
        {
            sum += Math.Pow(2, -r);
            zeros += r == 0 ? 1 : 0;
        }

        const double m = Registers;
        var estimate = 0.7213 / (1 + (1.079 / m)) * m * m / sum;
        if (estimate <= 2.5 * m && zeros > 0)
        {
            estimate = m * Math.Log(m / zeros);
        }

        return (long)Math.Round(Math.Max(estimate, ExactDistinct + 1));
    }

    private sealed class Counter(string value, long sequence)
    {
        public static readonly Comparer<Counter> Order = Comparer<Counter>.Create((a, b) =>
            a.Count != b.Count ? a.Count.CompareTo(b.Count) : b.Sequence.CompareTo(a.Sequence));

        public string Value { get; } = value;

        public long Sequence { get; } = sequence;

        public long Count { get; set; }

        public long Error { get; set; }
    }
}
