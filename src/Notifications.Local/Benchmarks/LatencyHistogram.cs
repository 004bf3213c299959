namespace Notifications.Local.Benchmarks;

/// <summary>
/// A fixed-size log-linear histogram (about 1% resolution from 10 µs to 100 s) so benchmarks record millions of
/// latencies in constant memory.
/// </summary>
internal sealed class LatencyHistogram
{
    private const double MinMs = 0.01;
    private const double Growth = 1.01;
    private static readonly double LogGrowth = Math.Log(Growth);
    private readonly long[] _buckets = new long[(int)(Math.Log(100_000 / MinMs) / LogGrowth) + 2];
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Record(double milliseconds)
    {
        var index = milliseconds <= MinMs ? 0 : Math.Min(_buckets.Length - 1, 1 + (int)(Math.Log(milliseconds / MinMs) / LogGrowth));
        Interlocked.Increment(ref _buckets[index]);
        Interlocked.Increment(ref _count);
    }

    /// <summary>The value at quantile <paramref name="q"/> (0..1), in milliseconds.</summary>
    public double Quantile(double q)
    {
        var total = Count;
        if (total == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(q * total);
        long seen = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            seen += Interlocked.Read(ref _buckets[i]);
            if (seen >= rank)
            {
                return i == 0 ? MinMs : MinMs * Math.Pow(Growth, i);
            }
        }

        return MinMs * Math.Pow(Growth, _buckets.Length - 1);
    }
}
