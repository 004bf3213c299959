using Notifications.Local.Runtime;

namespace Notifications.Local.Tests.Runtime;

/// <summary>
/// <c>notify</c> started the way a person starts it (no GC variables) does its work in a child that has the 64 MB
/// gen0 budget (and the gen1 cap), and a SIGTERM sent to the process they started still stops the work.
/// </summary>
[Collection(NotifyProcessCollection.Name)]
public sealed class GcRelaunchTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "notify-gc-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task Main_StartedWithoutAGen0Budget_WorksInAChildWithTheBudgetAndSigtermReachesIt()
    {
        using var gateways = NotifyProcess.Start(["gateways", "--client-files", _root]);
        await gateways.WaitForOutputAsync(new System.Text.RegularExpressions.Regex("apns: +https"), TimeSpan.FromSeconds(60));
        var children = ProcessTable.ChildrenOf(gateways.Id);
        var environment = children.Count == 1 ? ProcessTable.EnvironmentOf(children[0]) : [];

        gateways.Terminate();
        await gateways.WaitAsync(TimeSpan.FromSeconds(10));
        var childLeft = children.Any(c => Directory.Exists($"/proc/{c}"));

        Assert.Single(children);
        Assert.Contains($"{GcRelaunch.Variable}={GcRelaunch.Value}", environment);
        Assert.Contains($"{GcRelaunch.PoolVariable}={GcRelaunch.PoolValue}", environment);
        Assert.Contains($"{GcRelaunch.Gen1Variable}={GcRelaunch.Gen1Value}", environment);
        Assert.False(childLeft);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
