using System.Text.RegularExpressions;
using Notifications.Core.Batches;
using Notifications.Local.Commands;

namespace Notifications.Local.Tests.Commands;

/// <summary>What <c>notify send</c> prints after a send, on a host of this environment.</summary>
public sealed partial class BatchRunnerTests(LocalTestEnvironment environment) : IClassFixture<LocalTestEnvironment>
{
    [Fact]
    public async Task RunAsync_FileSent_SummaryLineEndsWithTheSendsPageOnTheHost()
    {
        await using var host = await environment.StartHostAsync("runner");
        var path = Path.Combine(environment.Directory, "runner.json");
        await File.WriteAllTextAsync(path,
            $$$"""{"campaignId":"runner-check","message":{"title":"Hi"},"audience":{"devices":[{"platform":"android","token":"{{{new string('r', 140)}}}"}]}}""");
        using var output = new StringWriter();

        var exit = await BatchRunner.RunAsync(host, "manual/runner.json", path, output, CancellationToken.None);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var batchId = Started().Match(lines[0]).Groups[1].Value;

        Assert.Equal(0, exit);
        Assert.True(BatchInstanceIds.IsValid(batchId), lines[0]);
        Assert.Matches(
            $@"^summary: campaign=runner-check targeted=\d+ devices=1 sent=1 invalid=0 failed=0 capped=0 deferred=0 quiet_skipped=0 elapsed=[\d.]+ rate=\d+/s page={Regex.Escape(host.ApiUrl + "batches/" + batchId)}$",
            lines[^1]);

        // What reads the line's fields reads them as before (CohortsCommandTests, DemoWorkersTests).
        Assert.Matches(@"^summary: campaign=(\S+) targeted=\d+ devices=\d+ sent=(\d+)", lines[^1]);
    }

    [GeneratedRegex(@"^send (\S+): started$")]
    private static partial Regex Started();
}
