using System.Diagnostics;
using System.Globalization;
using Notifications.Core.Approvals.Review;
using Notifications.Core.Batches.Files;
using Notifications.Core.Campaigns;
using Notifications.Core.Delivery;

namespace Notifications.Local.Benchmarks;

/// <summary>
/// <c>notify bench review</c>: what the approvers' review adds to a campaign's draft and to its send. The draft side is
/// <see cref="AudienceInspector.Observe"/> for every row (each value checked against its rule, counted for distinct and
/// most common values, offered to the hash sample, digested); the send side is the scan's <see cref="ValuesDigest"/>.
/// One placeholder column, N users, two kinds of values: a few names shared by everyone, and a value of its own per
/// user (the worst case for the counters). CPU and allocations only: nothing is written.
/// </summary>
internal static class ReviewBenchmark
{
    private static readonly string[] Names = ["Ana", "Ben", "Chloé", "Dmitri", "Emma", "Farid", "Grace", "Hiro", "Inês", "Jonas", "Léa", "Mateo"];

    public static Task<int> RunAsync(int users, TextWriter output)
    {
        var campaign = new Campaign
        {
            Id = "bench-review", Title = "bench", AudienceQuery = "SELECT 1", RequesterName = "b", RequesterEmail = "b@x.example", Platforms = [PushPlatform.Android],
            Message = new PushMessage { Title = "{{ first_name | default: \"Hi\" }}, a famous artist just joined" },
        };
        var header = campaign.Header();
        var schemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "https" };
        string Shared(int i) => Names[i % Names.Length];
        string Own(int i) => "Name" + i.ToString(CultureInfo.InvariantCulture);

        // Warm up every path (tiered JIT, on-stack replacement of the loops) before measuring.
        for (var round = 0; round < 3; round++)
        {
            Inspect(campaign, header, schemes, 300_000, Shared);
            Inspect(campaign, header, schemes, 300_000, Own);
            Digest(300_000, Own);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"review: users={users:N0} columns=1 sample={CampaignReviewBuilder.SampleSize}"));
        Report(output, "draft: inspector, 12 shared names", Inspect(campaign, header, schemes, users, Shared), users);
        Report(output, "draft: inspector, a name per user", Inspect(campaign, header, schemes, users, Own), users);
        Report(output, "send: scan's values digest", Digest(users, Own), users);
        return Task.FromResult(0);
    }

    private static (TimeSpan Elapsed, long Bytes, long Retained) Inspect(Campaign campaign, BatchHeader header, IReadOnlySet<string> schemes, int users, Func<int, string> value)
    {
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        using var inspector = new AudienceInspector(campaign, header, schemes, CampaignReviewBuilder.SampleSize);
        var values = new string?[1];
        for (var i = 0; i < users; i++)
        {
            values[0] = value(i);
            inspector.Observe(i + 1, "demo-" + i.ToString("D7", CultureInfo.InvariantCulture), values);
        }

        _ = inspector.Columns(CampaignReviewBuilder.TopValues);
        _ = inspector.ValuesDigest();
        var elapsed = watch.Elapsed;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - bytes;
        var retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        GC.KeepAlive(inspector);
        return (elapsed, allocated, retained);
    }

    private static (TimeSpan Elapsed, long Bytes, long Retained) Digest(int users, Func<int, string> value)
    {
        GC.Collect();
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        using var digest = new ValuesDigest();
        var values = new string?[1];
        for (var i = 0; i < users; i++)
        {
            values[0] = value(i);
            digest.Add("demo-" + i.ToString("D7", CultureInfo.InvariantCulture), values);
        }

        _ = digest.Finish();
        return (watch.Elapsed, GC.GetAllocatedBytesForCurrentThread() - bytes, 0);
    }

    private static void Report(TextWriter output, string what, (TimeSpan Elapsed, long Bytes, long Retained) run, int users) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {what}: {run.Elapsed.TotalMilliseconds:N0} ms, {run.Elapsed.TotalNanoseconds / users:N0} ns/user, {run.Bytes / (double)users:N0} B/user allocated, {run.Retained / 1024.0:N0} KiB held at the end"));
}
