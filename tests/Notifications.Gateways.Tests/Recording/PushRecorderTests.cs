using Notifications.Gateways.Recording;

namespace Notifications.Gateways.Tests.Recording;

public sealed class PushRecorderTests
{
    private static RecordedPush Push(string token, string collapse = "c") => new("fcm", token, collapse, "h", DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task Record_SamePushTwice_CountsDuplicate()
    {
        await using var recorder = new PushRecorder(RecordingMode.Compact);

        recorder.Record(Push("a"));
        recorder.Record(Push("b"));
        recorder.Record(Push("a"));
        recorder.Record(Push("a", "other-campaign"));

        Assert.Equal(4, recorder.Accepted);
        Assert.Equal(1, recorder.Duplicates);
        Assert.Empty(recorder.Records);
    }

    [Fact]
    public async Task TakeWindowPeak_BurstThenQuiet_PeakOfEachWindowThenWhatIsStillOpen()
    {
        await using var recorder = new PushRecorder(RecordingMode.CountOnly);

        for (var i = 0; i < 3; i++)
        {
            recorder.BeginRequest("HTTP/2", "c1");
        }

        for (var i = 0; i < 2; i++)
        {
            recorder.EndRequest();
        }

        Assert.Equal(1, recorder.Connections);
        Assert.Equal(3, recorder.TakeWindowPeak());
        Assert.Equal(1, recorder.TakeWindowPeak());
        recorder.EndRequest();
        Assert.Equal(1, recorder.TakeWindowPeak());
        Assert.Equal(0, recorder.TakeWindowPeak());
        Assert.Equal(3, recorder.MaxConcurrentRequests);
    }

    [Fact]
    public async Task Record_WithFile_AppendsParsableLines()
    {
        var path = Path.GetTempFileName();
        try
        {
            await using (var recorder = new PushRecorder(RecordingMode.CountOnly, path))
            {
                recorder.Record(Push("a"));
                recorder.Record(Push("b"));
            }

            var lines = await File.ReadAllLinesAsync(path);
            Assert.Equal([Push("a"), Push("b")], lines.Select(RecordedPush.Parse));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("unreg-abc", "unreg", int.MaxValue)]
    [InlineData("unavailable~3-abc", "unavailable", 3)]
    [InlineData("nothing-abc", null, 0)]
    [InlineData("abcdef", null, 0)]
    [InlineData("unreg~x-abc", null, 0)]
    public void TokenFault_Parse_ReadsKindAndTimes(string token, string? kind, int times)
    {
        var fault = TokenFault.Parse(token, new HashSet<string> { "unreg", "unavailable" });

        Assert.Equal(kind, fault?.Kind);
        if (fault is not null)
        {
            Assert.Equal(times, fault.Value.Times);
        }
    }
}
