using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.Batches.Files;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Batches.Planning;
using Notifications.Core.Batches.Sending;
using Notifications.Core.Delivery;
using Notifications.Core.Devices;
using Notifications.Core.Storage;
using Notifications.Core.Tests.Infrastructure;

namespace Notifications.Core.Tests.Batches.Sending;

/// <summary>
/// Personal and localised messages end to end: a batch file with values and locales, planned against the registry's
/// locales, sent to the loopback gateways, and what each device actually received checked.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class PersonalMessageSendTests(AzuriteFixture azurite)
{
    private const string Hostile = "\"}],\"aps\":{\"alert\":\"pwned\"},\"x\":\"<\\u0000";

    // Five kinds of user, each twice (u0..u9), so both arms meet every kind: locale, value.
    private static readonly (string? Locale, string? Value)[] Kinds =
    [
        ("fr-FR", "Zoé"),
        ("pt-PT", null),
        ("pt-BR", "Ana"),
        (null, Hostile),
        ("de", "listed without values"),
    ];

    [Fact]
    public async Task SendAsync_PersonalLocalisedExperiment_EachDeviceGetsItsArmsLocaleFormWithItsValues()
    {
        await using var harness = await BatchHarness.StartAsync(azurite);
        var tokens = new Dictionary<string, (int User, PushPlatform Platform)>();
        for (var i = 0; i < 10; i++)
        {
            var (platform, token) = i % 5 == 1 ? (PushPlatform.Ios, BatchHarness.ApnsToken(i)) : (PushPlatform.Android, $"fcm-u{i}:APA91b");
            await harness.Registry.RegisterAsync($"u{i}", platform, token, "com.example.social", new DeviceLocality(null, Kinds[i % 5].Locale));
            tokens[token] = (i, platform);
        }

        var users = string.Join(",", Enumerable.Range(0, 10).Select(i => i % 5 == 4
            ? $"\"u{i}\""
            : $"[\"u{i}\",{JsonSerializer.Serialize(Kinds[i % 5].Value)}]"));
        var json = """
            {"campaignId":"personal-arms","experiment":{"id":"greeting-test","controlPercent":0,"variants":[
              {"name":"a","percent":50,"message":{"title":"A hi {{first_name | default: \"there\"}}","body":"b",
                "locales":{"fr":{"title":"A salut {{ first_name | default: 'toi' }}"},"pt":{"title":"A olá {{first_name | default: \"você\"}}"}}}},
              {"name":"b","percent":50,"message":{"title":"B hey {{first_name}}","body":"b","locales":{"pt-BR":{"title":"B oi {{first_name}}"}}}}]},
             "audience":{"columns":["first_name"],"users":[
            """ + users + "]}}";

        var summary = await harness.SendAsync("personal-arms.json", json);

        var experiment = JsonDocument.Parse(json).RootElement.GetProperty("experiment").Deserialize<Experiment>(BatchFileReader.JsonOptions)!;
        var arms = new ExperimentArms(experiment);
        var received = harness.Gateways.Recorder.Records.ToDictionary(r => r.Token);
        Assert.Equal(BatchOutcome.Completed, summary.Outcome);
        Assert.Equal(10, received.Count);
        Assert.Equal([0, 1], tokens.Values.Select(t => arms.Assign($"u{t.User}")).Distinct().Order());
        foreach (var (token, (user, _)) in tokens)
        {
            Assert.Equal(Expected(arms.Assign($"u{user}"), user % 5), received[token].Title);
        }

        // The chunk entries say the locale form by index and carry values only for users listed with them.
        var planned = (await harness.PlannedDevicesAsync(summary)).ToDictionary(e => e.UserId!);
        Assert.Null(planned["u4"].Values);
        Assert.Equal(["Zoé"], planned["u0"].Values!);
        Assert.Null(planned["u3"].Locale);
    }

    [Fact]
    public async Task SendAsync_OneDevicesRenderingOver4KB_ThatDeviceRejectedTheRestOfTheChunkDelivered()
    {
        await using var harness = await BatchHarness.StartAsync(azurite);
        var storage = harness.Services.GetRequiredService<StorageClients>();
        await storage.EnsureCreatedAsync();
        var batchId = "too-long-" + Guid.NewGuid().ToString("N")[..8];
        var etag = await harness.Batches.UploadAsync(batchId + ".json", Encoding.UTF8.GetBytes(BatchHarness.BatchJson(1)));
        var header = new BatchHeader
        {
            CampaignId = "too-long",
            Message = new PushMessage { Title = "Hi {{first_name | default: \"there\"}}", Body = "{{bio}}" },
            Columns = ["first_name", "bio"],
        };
        await harness.Services.GetRequiredService<BatchWorkStore>().WriteAsync(new BatchWork(batchId, "p1", storage.Batches.Name, batchId + ".json", etag, header), default);

        // The scan refuses a file whose longest values render over 4 KB; a chunk can still hold one (a plan written
        // before a limit changed, a value edited in place), and the sender must refuse that device alone.
        ChunkEntry[] entries =
        [
            new("u1", 'a', "fcm-1:APA91b", 0) { Values = ["Ana", "short"] },
            new("u2", 'a', "fcm-2:APA91b", 0) { Values = ["Bo", new string('x', 5000)] },
            new("u3", 'i', BatchHarness.ApnsToken(3), 0) { Values = [null, "ios bio"] },
            new("u4", 'a', "fcm-4:APA91b", 0) { Values = ["Ana", "short"] },
        ];
        await harness.Services.GetRequiredService<ChunkStore>().WriteAsync(batchId, "p1", "s0000-t", 0, entries, default);

        var result = await harness.Services.GetRequiredService<ChunkSender>().SendAsync(
            new ChunkRequest(batchId, new BatchSendInput(storage.Batches.Name, batchId + ".json", etag), "p1", "s0000-t", 0));

        var received = harness.Gateways.Recorder.Records.ToDictionary(r => r.Token);
        Assert.Equal((3, 1, 0), (result.Sent, result.Rejected, result.Failed));
        Assert.False(received.ContainsKey("fcm-2:APA91b"));
        Assert.Equal(("Hi Ana", "short"), (received["fcm-1:APA91b"].Title, received["fcm-1:APA91b"].Body));
        Assert.Equal(("Hi there", "ios bio"), (received[BatchHarness.ApnsToken(3)].Title, received[BatchHarness.ApnsToken(3)].Body));
        Assert.Equal("Hi Ana", received["fcm-4:APA91b"].Title);
    }

    [Fact]
    public void Serialize_EntryWithoutLocaleOrValues_SameLineAsBefore()
    {
        var plain = JsonSerializer.Serialize(new ChunkEntry("u1", 'a', "t", 0));
        var personal = JsonSerializer.Serialize(new ChunkEntry("u1", 'a', "t", 1) { Locale = 2, Values = ["Ana", null] });

        Assert.Equal("""{"u":"u1","p":"a","t":"t","v":0}""", plain);
        Assert.Equal("""{"u":"u1","p":"a","t":"t","v":1,"l":2,"x":["Ana",null]}""", personal);
    }

    private static string Expected(int arm, int kind)
    {
        var value = Kinds[kind].Value;
        return (arm, kind) switch
        {
            (0, 0) => "A salut Zoé",
            (0, 1) => "A olá você",
            (0, 2) => "A olá Ana",
            (0, 3) => "A hi " + value,
            (0, 4) => "A hi there",
            (1, 2) => "B oi Ana",
            (1, 4) or (1, 1) => "B hey ",
            _ => "B hey " + value,
        };
    }
}
