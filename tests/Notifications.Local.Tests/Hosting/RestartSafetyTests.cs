namespace Notifications.Local.Tests.Hosting;

/// <summary>
/// Kill <c>notify</c> (SIGKILL, no shutdown code) in the middle of a chunk, start it again, and the batch completes
/// with every device pushed exactly once: the gateways' records prove it.
/// </summary>
[Collection(NotifyProcessCollection.Name)]
public sealed class RestartSafetyTests(LocalTestEnvironment environment) : IClassFixture<LocalTestEnvironment>
{
    [Fact]
    public async Task Send_KilledMidChunkAndRestarted_EveryDevicePushedExactlyOnce()
    {
        var devices = await environment.SeedAsync(300);
        var file = await environment.WriteBatchFileAsync("restart.json", 300, "restart-safety");
        var arguments = new[]
        {
            "send", file, "--storage", environment.Azurite.ConnectionString, "--gateways-config", environment.GatewayConfigFile,
            "--data", Path.Combine(environment.Directory, "data"), "--resume-after", "00:00:08",
        };
        var settings = new Dictionary<string, string>
        {
            ["NOTIFY_Batches__ChunkSize"] = "50",
            ["NOTIFY_Fcm__MaxConcurrency"] = "4",
            ["NOTIFY_Apns__MaxConcurrency"] = "4",
        };

        // The gateways freeze after 120 pushes: requests beyond wait unanswered, so chunks are mid-flight.
        environment.Gateways.Recorder.HoldAfter(120);
        using (var first = NotifyProcess.Start(arguments, settings))
        {
            await WaitUntilAsync(() => Task.FromResult(environment.Gateways.Recorder.Held > 0), first);

            // Everything the gateways accepted has been answered; wait until the ledger has it too, then crash.
            await WaitUntilAsync(async () => await environment.LedgerDeliveredAsync() == environment.Gateways.Recorder.Accepted, first);
            first.Kill();

            // A held request is only refused once the gateway has seen its connection die; releasing before that
            // would let a push from the dead process through, which no real sender could prevent either.
            await WaitUntilAsync(() => Task.FromResult(environment.Gateways.Recorder.Held == 0), first);
        }

        var acceptedBeforeCrash = environment.Gateways.Recorder.Accepted;
        environment.Gateways.Recorder.Release();

        using var second = NotifyProcess.Start(arguments, settings);
        var exit = await second.WaitAsync(TimeSpan.FromMinutes(5));

        Assert.True(exit == 0, second.Output);
        Assert.Equal(120, acceptedBeforeCrash);
        Assert.Contains("already started for this file; following it", second.Output, StringComparison.Ordinal);
        Assert.Equal(devices, environment.Gateways.Recorder.Accepted);
        Assert.Equal(0, environment.Gateways.Recorder.Duplicates);
        Assert.Equal(devices, environment.Gateways.Recorder.Records.Select(r => r.Token).Distinct().Count());
        Assert.Contains($"summary: campaign=restart-safety targeted=300 devices={devices} sent={devices} invalid=0 failed=0", second.Output, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, NotifyProcess process)
    {
        for (var i = 0; i < 1200; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("condition not reached; notify said:\n" + process.Output);
    }
}
