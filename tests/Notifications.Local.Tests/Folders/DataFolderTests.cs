using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Notifications.Local.Folders;

namespace Notifications.Local.Tests.Folders;

/// <summary>
/// <c>notify serve</c> on data folders of its own, as two checkouts or two test runs on one machine would use them:
/// each folder keeps its own Azurite ports, API port and task hub, never takes over something it did not start, and
/// stops on SIGTERM with its Azurite children.
/// </summary>
[Collection(Name)]
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed partial class DataFolderTests : IDisposable
{
    // Alone, after the assembly's parallel tests: the 5 s stop bar is about notify, and with chromium and sends
    // running beside it on 2 cores, full runs saw one of serve's Azurites still alive 5 s after SIGTERM (cause not
    // pinned down; the same test alone passes).
    private const string Name = "data folders (stop timing)";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private readonly string _root = Directory.CreateTempSubdirectory("notify-folders-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Serve_TwoDataFoldersSideBySide_BothAnswerOnTheirOwnPortsAndTaskHubs()
    {
        using var first = Serve("first");
        using var second = Serve("second");
        var firstApi = await ApiAsync(first);
        var secondApi = await ApiAsync(second);

        using var http = new HttpClient();
        using var firstHealth = await http.GetAsync(new Uri(firstApi, "api/health"));
        using var secondHealth = await http.GetAsync(new Uri(secondApi, "api/health"));
        var a = LocalFolder.Read(Path.Combine(_root, "first"))!;
        var b = LocalFolder.Read(Path.Combine(_root, "second"))!;
        var runningA = ProcessTable.AzuritesOn(a.Azurite.BlobPort).Concat(ProcessTable.AzuritesOn(a.Registry.BlobPort)).ToList();
        var runningB = ProcessTable.AzuritesOn(b.Azurite.BlobPort).Concat(ProcessTable.AzuritesOn(b.Registry.BlobPort)).ToList();
        await StopAsync(first);
        await StopAsync(second);

        Assert.Equal(HttpStatusCode.OK, firstHealth.StatusCode);
        Assert.Equal(HttpStatusCode.OK, secondHealth.StatusCode);
        Assert.NotEqual(a.TaskHub, b.TaskHub);
        Assert.Equal(a.ApiPort, firstApi.Port);
        Assert.Equal(b.ApiPort, secondApi.Port);
        Assert.Empty(Ports(a).Intersect(Ports(b)));
        Assert.Equal(2, runningA.Count);
        Assert.Equal(2, runningB.Count);
        Assert.Contains($"task hub: {a.TaskHub}", first.Output, StringComparison.Ordinal);
        Assert.Contains($"task hub: {b.TaskHub}", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_SigtermThenStartedAgain_GoneWithItsAzuritesWithinFiveSecondsThenSamePortsAndTaskHub()
    {
        var folder = Path.Combine(_root, "stop");
        using var serve = Serve("stop");
        await ApiAsync(serve);
        var before = LocalFolder.Read(folder)!;
        var azurites = ProcessTable.AzuritesOn(before.Azurite.BlobPort).Concat(ProcessTable.AzuritesOn(before.Registry.BlobPort)).ToList();

        serve.Terminate();
        var gone = await GoneWithinAsync(serve, before, TimeSpan.FromSeconds(5));
        var left = ProcessTable.AzuritesOn(before.Azurite.BlobPort).Count + ProcessTable.AzuritesOn(before.Registry.BlobPort).Count;
        using var again = Serve("stop");
        await ApiAsync(again);
        var after = LocalFolder.Read(folder)!;
        await StopAsync(again);

        Assert.Equal(2, azurites.Count);
        Assert.True(gone, $"5 s after SIGTERM: notify serve {(serve.HasExited ? "had exited" : "still ran")}, {left} of its Azurites still ran; it said:\n{serve.Output}");
        Assert.Equal(before.TaskHub, after.TaskHub);
        Assert.Equal(Ports(before), Ports(after));
    }

    [Fact]
    public async Task Serve_InMemoryAzuritesPortTakenByAnotherProgram_MovesToFreshPortsNeverUsesIt()
    {
        var folder = Path.Combine(_root, "moved");
        var before = await NewFolderAsync(folder);
        using var foreign = Occupy(before.Azurite.QueuePort);

        using var serve = Serve("moved");
        await ApiAsync(serve);
        var after = LocalFolder.Read(folder)!;
        var running = ProcessTable.AzuritesOn(after.Azurite.BlobPort);
        await StopAsync(serve);

        Assert.Contains($"port {before.Azurite.QueuePort} ", serve.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(before.Azurite.QueuePort, after.Azurite.Ports);
        Assert.Equal(before.TaskHub, after.TaskHub);
        Assert.Single(running);
    }

    [Fact]
    public async Task Serve_PersistedAzuritesPortTakenByAnotherProgram_FailsNamingFolderAndPort()
    {
        var folder = Path.Combine(_root, "kept");
        var state = await NewFolderAsync(folder);
        using var foreign = Occupy(state.Azurite.BlobPort);

        using var serve = Serve("kept", "--azurite-data", Path.Combine(_root, "kept-azurite"));
        var exit = await serve.WaitAsync(StartTimeout);

        Assert.Equal(2, exit);
        Assert.Contains($"data folder {folder}: port {state.Azurite.BlobPort} ", serve.Output, StringComparison.Ordinal);
        Assert.Empty(ProcessTable.AzuritesOn(state.Azurite.BlobPort));
        Assert.Equal(Ports(state), Ports(LocalFolder.Read(folder)!));
    }

    [Fact]
    public async Task Worker_OnAFolderNoHostRanOn_FailsNamingTheFolder()
    {
        var folder = Path.Combine(_root, "empty");

        using var worker = NotifyProcess.Start(["worker", "--data", folder]);
        var exit = await worker.WaitAsync(StartTimeout);

        Assert.Equal(2, exit);
        Assert.Contains($"data folder {folder} has no local.json", worker.Output, StringComparison.Ordinal);
    }

    /// <summary>Another program listening on <paramref name="port"/>.</summary>
    [Fact]
    public async Task Serve_WhileSeedingDemoData_HealthSaysStartingAndSubmitRefusedThenReady()
    {
        var folder = Path.Combine(_root, "seeding");
        using var serve = NotifyProcess.Start(["serve", "--data", folder, "--demo-users", "15000"]);
        await serve.WaitForOutputAsync(SeedingLine(), StartTimeout);
        var api = new Uri($"http://127.0.0.1:{LocalFolder.Read(folder)!.ApiPort}/");

        using var http = new HttpClient { BaseAddress = api };
        using var starting = await http.GetAsync("api/health");
        var startingBody = await starting.Content.ReadAsStringAsync();
        using var submit = await http.PostAsync("api/campaigns", new StringContent(
            """{"title":"Too early","audienceQuery":"SELECT user_id FROM users","message":{"title":"Hi","body":"There"},"platforms":["android"]}""",
            System.Text.Encoding.UTF8, "application/json"));
        var form = await http.GetStringAsync("campaigns/new");
        await ApiAsync(serve);
        using var ready = await http.GetAsync("api/health");
        await StopAsync(serve);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, starting.StatusCode);
        Assert.Contains("\"starting\"", startingBody, StringComparison.Ordinal);
        Assert.Contains("seeding the demo data", startingBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, submit.StatusCode);
        Assert.Contains("id=\"starting\"", form, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    private static TcpListener Occupy(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        return listener;
    }

    private static int[] Ports(LocalFolderState state) => [.. state.Azurite.Ports, .. state.Registry.Ports, state.ApiPort];

    /// <summary>A folder's state as its first host would pick it, with no host running.</summary>
    private static async Task<LocalFolderState> NewFolderAsync(string folder)
    {
        using var opened = await LocalFolder.OpenAsync(folder, apiPort: 0, CancellationToken.None);
        opened.State.Host = null;
        opened.Save();
        return opened.State;
    }

    private NotifyProcess Serve(string folder, params string[] more) =>
        NotifyProcess.Start(["serve", "--data", Path.Combine(_root, folder), "--demo-users", "0", .. more]);

    private static async Task<Uri> ApiAsync(NotifyProcess serve)
    {
        var match = await serve.WaitForOutputAsync(ApiLine(), StartTimeout);
        await serve.WaitForOutputAsync(ReadyLine(), StartTimeout);
        return new Uri(match.Groups["url"].Value);
    }

    private static async Task StopAsync(NotifyProcess serve)
    {
        serve.Terminate();
        await serve.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Whether the process and the folder's Azurites are all gone within <paramref name="bar"/> of now.</summary>
    private static async Task<bool> GoneWithinAsync(NotifyProcess serve, LocalFolderState state, TimeSpan bar)
    {
        using var deadline = new CancellationTokenSource(bar);
        try
        {
            await serve.WaitAsync(bar);
            while (ProcessTable.AzuritesOn(state.Azurite.BlobPort).Count + ProcessTable.AzuritesOn(state.Registry.BlobPort).Count > 0)
            {
                await Task.Delay(50, deadline.Token);
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^api: (?<url>http://127\.0\.0\.1:\d+/)api/health", RegexOptions.Multiline)]
    private static partial Regex ApiLine();

    [GeneratedRegex("^seeding [0-9,]+ demo users", RegexOptions.Multiline)]
    private static partial Regex SeedingLine();

    [GeneratedRegex("Ctrl\\+C stops\\.$", RegexOptions.Multiline)]
    private static partial Regex ReadyLine();
}
