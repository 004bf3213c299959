using System.Diagnostics;
using System.Globalization;
using Notifications.Core.Batches.Sending;
using Notifications.Core.Delivery;

namespace Notifications.Local.Benchmarks;

/// <summary>
/// <c>notify bench render</c>: what personal messages cost the chunk sender. The same N pushes, 500 to a chunk as the
/// sender takes them (<see cref="ChunkMessages"/>, one per chunk), for a plain message (rendered once per batch),
/// a personal one whose users share K distinct value sets (two devices a user), and one where every push has its own
/// values (no cache hit at all). CPU only: nothing is sent.
/// </summary>
internal static class RenderBenchmark
{
    private const int ChunkSize = 500;

    public static Task<int> RunAsync(int pushes, int valueSets, TextWriter output)
    {
        var plain = MessageForms.Create("bench-render", Message(personal: false));
        var personal = MessageForms.Create("bench-render", Message(personal: true), ["first_name", "city"]);
        var values = Enumerable.Range(0, valueSets).Select(i => (IReadOnlyList<string?>)[$"Name{i}", i % 3 == 0 ? null : $"City {i % 97}"]).ToArray();

        // Warm up every path (tiered JIT) before measuring.
        Run(plain, 50_000, _ => null);
        Run(personal, 50_000, i => values[i / 2 % valueSets]);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"render: pushes={pushes:N0} chunk={ChunkSize} value_sets={valueSets:N0}"));
        Report(output, "plain (no placeholders)", Run(plain, pushes, _ => null), pushes);
        Report(output, $"personal, {valueSets:N0} value sets, 2 devices a user", Run(personal, pushes, i => values[i / 2 % valueSets]), pushes);
        Report(output, "personal, every push its own values", Run(personal, pushes, i => [$"Name{i}", "City"]), pushes);
        return Task.FromResult(0);
    }

    private static PushMessage Message(bool personal) => new()
    {
        Title = personal ? "{{first_name | default: \"Hey there\"}}, a famous artist just joined" : "Hey there, a famous artist just joined",
        Body = personal ? "Follow them to hear their new single before anyone else in {{ city | default: \"your city\" }}." : "Follow them to hear their new single before anyone else.",
        DeepLink = "https://social.example/artists/42",
        Data = new Dictionary<string, string> { ["artistId"] = "42" },
        TimeToLive = TimeSpan.FromDays(1),
    };

    private static (TimeSpan Elapsed, long Bytes, long Renderings) Run(MessageForms forms, int pushes, Func<int, IReadOnlyList<string?>?> valuesOf)
    {
        var entries = new ChunkEntry[Math.Min(ChunkSize, pushes)];
        GC.Collect();
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        long renderings = 0;
        for (var start = 0; start < pushes; start += ChunkSize)
        {
            var count = Math.Min(ChunkSize, pushes - start);
            for (var i = 0; i < count; i++)
            {
                entries[i] = new ChunkEntry("u", 'a', "t", 0) { Values = valuesOf(start + i) };
            }

            var messages = new ChunkMessages([forms]);
            for (var i = 0; i < count; i++)
            {
                _ = messages.For(entries[i]) ?? throw new InvalidOperationException("a rendering was refused");
            }

            renderings += messages.Renderings;
        }

        return (watch.Elapsed, GC.GetAllocatedBytesForCurrentThread() - bytes, renderings);
    }

    private static void Report(TextWriter output, string what, (TimeSpan Elapsed, long Bytes, long Renderings) run, int pushes) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {what}: {run.Elapsed.TotalMilliseconds:N0} ms, {run.Elapsed.TotalNanoseconds / pushes:N0} ns/push, {run.Bytes / (double)pushes:N0} B/push, renderings={run.Renderings:N0}"));
}
