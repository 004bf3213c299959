using System.Text;
using Notifications.Core.Batches.Files;
using Notifications.Core.Delivery;

namespace Notifications.Core.Tests.Batches.Files;

public sealed class BatchFileReaderTests
{
    private const string Message = """{"title":"New drop","body":"Your favourite brand just posted.","deepLink":"https://social.example/p/1"}""";

    private static async Task<(BatchHeader Header, List<AudienceEntry> Entries)> ReadAsync(byte[] bytes, int readSize = 4096)
    {
        var entries = new List<AudienceEntry>();
        var (header, _, _) = await BatchFileReader.ReadAsync(new TrickleStream(bytes, readSize), e =>
        {
            entries.Add(e);
            return ValueTask.CompletedTask;
        });
        return (header, entries);
    }

    private static Task<(BatchHeader Header, List<AudienceEntry> Entries)> ReadAsync(string json, int readSize = 4096) =>
        ReadAsync(Encoding.UTF8.GetBytes(json), readSize);

    private static async Task<BatchFileException> RefusedAsync(string json) =>
        await Assert.ThrowsAsync<BatchFileException>(() => ReadAsync(json));

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task ReadAsync_ValidFile_HeaderAndEveryEntryWhateverTheReadSize(int readSize)
    {
        var json = $$$"""
            {
              "campaignId": "brand-launch-7",
              "message": {{{Message}}},
              "options": { "timeToLive": 3600, "priority": "normal" },
              "audience": {
                "users": ["u1", "u2", "u3"],
                "devices": [ { "platform": "ios", "token": "{{{new string('a', 64)}}}" }, { "platform": "Android", "token": "fcm-1", "userId": "u9" } ]
              }
            }
            """;

        var (header, entries) = await ReadAsync(json, readSize);

        Assert.Equal("brand-launch-7", header.CampaignId);
        Assert.Equal("New drop", header.Message!.Title);
        Assert.Equal(TimeSpan.FromHours(1), header.Options.TimeToLive);
        Assert.Equal(PushPriority.Normal, header.Options.Priority);
        Assert.Equal(["u1", "u2", "u3"], entries.Where(e => !e.IsDevice).Select(e => e.UserId));
        Assert.Equal([PushPlatform.Ios, PushPlatform.Android], entries.Where(e => e.IsDevice).Select(e => e.Platform));
        Assert.Equal("u9", entries[^1].UserId);
    }

    [Fact]
    public async Task ReadAsync_AudienceBeforeMessage_StillRead()
    {
        var (header, entries) = await ReadAsync($$$"""{"audience":{"users":["a"]},"message":{{{Message}}},"campaignId":"c"}""");

        Assert.Equal("c", header.CampaignId);
        Assert.Single(entries);
    }

    [Fact]
    public async Task ReadAsync_Utf8ByteOrderMark_Accepted()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes($$$"""{"campaignId":"c","message":{{{Message}}},"audience":{"users":["a"]}}""")).ToArray();

        var (header, _) = await ReadAsync(bytes);

        Assert.Equal("c", header.CampaignId);
    }

    [Fact]
    public async Task ReadAsync_Utf16_RefusedNamingTheEncoding()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("""{"campaignId":"c"}""")).ToArray();

        var ex = await Assert.ThrowsAsync<BatchFileException>(() => ReadAsync(bytes));

        Assert.Contains("UTF-16", ex.Problems[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_Truncated_RefusedAsTruncated()
    {
        var ex = await RefusedAsync($$$"""{"campaignId":"c","message":{{{Message}}},"audience":{"users":["a","b""");

        Assert.Contains("truncated", ex.Problems[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_NotJson_RefusedWithByteOffset()
    {
        var ex = await RefusedAsync("""{"campaignId":"c", oops}""");

        Assert.Contains("bad JSON near byte", ex.Problems[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"campaignId":5,"message":{"title":"t"},"audience":{"users":["a"]}}""", "campaignId: must be a string")]
    [InlineData("""{"campaignId":"c","message":"hello","audience":{"users":["a"]}}""", "message: must be an object")]
    [InlineData("""{"campaignId":"c","message":{"title":"t"},"audience":{"users":[42]}}""", "audience.users[0]: must be a string user id")]
    [InlineData("""{"campaignId":"c","message":{"title":7},"audience":{"users":["a"]}}""", "message.title:")]
    [InlineData("""{"campaignId":"c","message":{"title":"t"},"audience":{"users":"a"}}""", "audience.users: must be an array")]
    [InlineData("""{"campaignId":"c","message":{"title":"t"},"audience":["a"]}""", "audience: must be an object")]
    [InlineData("""[1,2]""", "the file must hold one JSON object")]
    public async Task ReadAsync_WrongType_RefusedNamingTheField(string json, string expected)
    {
        var ex = await RefusedAsync(json);

        Assert.Contains(ex.Problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_TenMegabyteString_RefusedWithoutBufferingIt()
    {
        var json = $$$"""{"campaignId":"c","message":{{{Message}}},"audience":{"users":["{{{new string('x', 10 * 1024 * 1024)}}}"]}}""";

        var ex = await RefusedAsync(json);

        Assert.Contains("longer than 1048576 bytes", ex.Problems[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_UnknownPlatform_RefusedWithIndexAndOffset()
    {
        var ex = await RefusedAsync($$$"""{"campaignId":"c","message":{{{Message}}},"audience":{"devices":[{"platform":"ios","token":"t1"},{"platform":"windows","token":"t2"}]}}""");

        var problem = Assert.Single(ex.Problems);
        Assert.StartsWith("audience.devices[1].platform: not a platform (android or ios) at byte ", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("windows", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"campaignId":"a","campaignId":"b","message":{"title":"t"},"audience":{"users":["a"]}}""", "campaignId: appears twice")]
    [InlineData("""{"campaignId":"a","message":{"title":"t","title":"u"},"audience":{"users":["a"]}}""", "message")]
    [InlineData("""{"campaignId":"a","message":{"title":"t"},"audience":{"users":["a"],"users":["b"]}}""", "audience.users: appears twice")]
    public async Task ReadAsync_DuplicateKey_Refused(string json, string expected)
    {
        var ex = await RefusedAsync(json);

        Assert.Contains(ex.Problems, p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_EmptyAudience_Refused()
    {
        var ex = await RefusedAsync($$$"""{"campaignId":"c","message":{{{Message}}},"audience":{"users":[]}}""");

        Assert.Equal(["audience: empty; a batch needs at least one user or device"], ex.Problems);
    }

    [Fact]
    public async Task ReadAsync_MissingCampaignId_Refused()
    {
        var ex = await RefusedAsync($$$"""{"message":{{{Message}}},"audience":{"users":["a"]}}""");

        Assert.Contains("campaignId: missing; every batch needs a campaign id", ex.Problems);
    }

    [Fact]
    public async Task ReadAsync_MessageOver4KB_RefusedNamingTheSize()
    {
        var ex = await RefusedAsync($$$"""{"campaignId":"c","message":{"title":"t","body":"{{{new string('é', 1900)}}}","data":{"k":"{{{new string('v', 1000)}}}"}},"audience":{"users":["a"]}}""");

        Assert.Contains(ex.Problems, p => p.StartsWith("message: renders to", StringComparison.Ordinal) && p.Contains("the limit is 4096", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_UnknownMessageField_RefusedNamingIt()
    {
        var ex = await RefusedAsync("""{"campaignId":"c","message":{"title":"t","titel":"typo"},"audience":{"users":["a"]}}""");

        Assert.Contains(ex.Problems, p => p.Contains("titel", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_InvalidUserIds_AllListedWithPositions()
    {
        var ex = await RefusedAsync($$$"""{"campaignId":"c","message":{{{Message}}},"audience":{"users":["ok","has space","", "also/slash"]}}""");

        Assert.Equal(3, ex.Problems.Count);
        Assert.StartsWith("audience.users[1]:", ex.Problems[0], StringComparison.Ordinal);
        Assert.StartsWith("audience.users[3]:", ex.Problems[2], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(20_000)]
    public async Task ReadAsync_TrailingContent_Refused(int users)
    {
        // 20,000 users put the end of the first object well past the reader's first 64 KB buffer.
        var ids = string.Join(",", Enumerable.Range(0, users).Select(i => $"\"user-{i:D6}\""));
        var ex = await RefusedAsync($$$"""{"campaignId":"c","message":{{{Message}}},"audience":{"users":[{{{ids}}}]}} {"again":1}""" + new string(' ', 70_000));

        Assert.Contains(ex.Problems, p => p.StartsWith("unexpected content after the end of the batch object", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_TrailingWhitespaceBeyondTheFirstBuffer_Accepted()
    {
        var (_, entries) = await ReadAsync($$$"""{"campaignId":"c","message":{{{Message}}},"audience":{"users":["a"]}}""" + new string('\n', 200_000));

        Assert.Single(entries);
    }

    [Fact]
    public async Task ReadAsync_ExperimentSharesNotTotalling100_Refused()
    {
        var json = $$$"""
            {"campaignId":"c","audience":{"users":["a"]},
             "experiment":{"id":"exp1","controlPercent":10,"variants":[
               {"name":"a","percent":45,"message":{{{Message}}}},
               {"name":"b","percent":40,"message":{{{Message}}}}]}}
            """;

        var ex = await RefusedAsync(json);

        Assert.Contains("experiment: variant percents plus controlPercent total 95, not 100", ex.Problems);
    }

    [Fact]
    public async Task ReadAsync_MessageAndExperiment_Refused()
    {
        var json = $$$"""{"campaignId":"c","message":{{{Message}}},"audience":{"users":["a"]},"experiment":{"id":"e","controlPercent":0,"variants":[{"name":"a","percent":100,"message":{{{Message}}}}]}}""";

        var ex = await RefusedAsync(json);

        Assert.Contains("message/experiment: give one or the other, not both", ex.Problems);
    }

    private const string Personal = """{"title":"Hi {{first_name | default: \"there\"}}","body":"{{city}} has a new artist."}""";

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    public async Task ReadAsync_UsersWithValues_ValuesByColumnAndPlainUsersWithout(int readSize)
    {
        var json = $$$"""{"campaignId":"c","message":{{{Personal}}},"audience":{"columns":["first_name","city"],"users":["u1",["u2","Ana","Lisbon"],["u3",null],["u4"]]}}""";

        var (header, entries) = await ReadAsync(json, readSize);

        Assert.Equal(["first_name", "city"], header.Columns);
        Assert.Equal(["u1", "u2", "u3", "u4"], entries.Select(e => e.UserId));
        Assert.Null(entries[0].Values);
        Assert.Equal(["Ana", "Lisbon"], entries[1].Values!);
        Assert.Equal([null, null], entries[2].Values!);
        Assert.Equal([3L], entries.Where(e => e.UserId == "u4").Select(e => e.Index));
    }

    [Fact]
    public async Task ReadAsync_PlaceholderNamesNoDeclaredColumn_RefusedNamingFieldAndColumn()
    {
        var json = $$$"""{"campaignId":"c","message":{{{Personal}}},"audience":{"columns":["first_name"],"users":[["u1","Ana"]]}}""";

        var ex = await RefusedAsync(json);

        Assert.Contains("message.body: the placeholder {{city}} names no column of the audience (first_name)", ex.Problems);
    }

    [Fact]
    public async Task ReadAsync_PlaceholdersWithoutColumns_Refused()
    {
        var ex = await RefusedAsync($$$"""{"campaignId":"c","message":{{{Personal}}},"audience":{"users":["u1"]}}""");

        Assert.Contains("message.title: the placeholder {{first_name}} names a column, but the audience has none", ex.Problems);
    }

    [Theory]
    [InlineData("""["u1",42]""", "audience.users[0][1] (first_name): must be a string or null, found Number")]
    [InlineData("""["u1","Ana","x","y"]""", "audience.users[0]: 3 values for 2 columns of audience.columns")]
    [InlineData("""["not a user","Ana"]""", "audience.users[0][0]: not a user id")]
    [InlineData("""[]""", "audience.users[0]: an empty array")]
    public async Task ReadAsync_BadValues_RefusedNamingRowAndColumnNeverTheValue(string user, string problem)
    {
        var json = $$$"""{"campaignId":"c","message":{{{Personal}}},"audience":{"columns":["first_name","city"],"users":[{{{user}}}]}}""";

        var ex = await RefusedAsync(json);

        Assert.Contains(ex.Problems, p => p.StartsWith(problem, StringComparison.Ordinal));
        Assert.DoesNotContain(ex.Problems, p => p.Contains("Ana", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_ValueTooLong_RefusedWithItsLengthNotItsText()
    {
        var secret = "secret-" + new string('s', AudienceEntry.MaxValueLength);
        var json = $$$"""{"campaignId":"c","message":{{{Personal}}},"audience":{"columns":["first_name","city"],"users":[["u1","{{{secret}}}"]]}}""";

        var ex = await RefusedAsync(json);

        Assert.Contains(ex.Problems, p => p.StartsWith("audience.users[0][1] (first_name): longer than 256 characters (length 263)", StringComparison.Ordinal));
        Assert.DoesNotContain(ex.Problems, p => p.Contains("secret", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"users":["u1"],"columns":["first_name","city"]}""", "audience.columns: must come before audience.users")]
    [InlineData("""{"columns":["first name","city"],"users":["u1"]}""", "audience.columns[0]: not a column name")]
    [InlineData("""{"columns":["user_id","city"],"users":["u1"]}""", "audience.columns[0]: not a column name")]
    [InlineData("""{"columns":["city","city"],"users":["u1"]}""", "audience.columns[1]: the column city is declared twice")]
    [InlineData("""{"users":[["u1","Ana"]]}""", "audience.users[0]: has values, but audience.columns (before users) declares no columns")]
    public async Task ReadAsync_BadColumns_Refused(string audience, string problem)
    {
        var ex = await RefusedAsync($$$"""{"campaignId":"c","message":{"title":"t"},"audience":{{{audience}}}}""");

        Assert.Contains(ex.Problems, p => p.StartsWith(problem, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_LongestValuesRenderOver4KB_RefusedBeforeAnythingIsSent()
    {
        var body = new string('b', 1900) + string.Concat(Enumerable.Repeat("{{bio}}", 16));
        var bio = new string('x', 250);
        var message = $$"""{"title":"t","body":"{{body}}"}""";

        var fits = await ReadAsync($$$"""{"campaignId":"c","message":{{{message}}},"audience":{"columns":["bio"],"users":[["u1","short"]]}}""");
        var ex = await RefusedAsync($$$"""{"campaignId":"c","message":{{{message}}},"audience":{"columns":["bio"],"users":[["u1","short"],["u2","{{{bio}}}"]]}}""");

        Assert.Single(fits.Entries);
        Assert.Contains(ex.Problems, p => p.StartsWith("message: renders to", StringComparison.Ordinal) && p.EndsWith("with the longest value of each placeholder's column", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_LocalesInMessage_ReadAndChecked()
    {
        var json = """{"campaignId":"c","message":{"title":"Hello","locales":{"fr":{"title":"Bonjour"},"pt-BR":{"body":"Oi"}}},"audience":{"users":["u1"]}}""";
        var bad = """{"campaignId":"c","message":{"title":"Hello","locales":{"fr":{"title":"Bonjour"},"FR":{"title":"x"},"?":{"title":"x"}}},"audience":{"users":["u1"]}}""";

        var (header, _) = await ReadAsync(json);
        var ex = await RefusedAsync(bad);

        Assert.Equal("Bonjour", header.Message!.Locales!["fr"].Title);
        Assert.Contains("message.locales.FR: the same locale appears twice (locales are compared ignoring case)", ex.Problems);
        Assert.Contains("message.locales: keys must be BCP 47 locales such as fr or pt-BR", ex.Problems);
    }

    /// <summary>Returns at most <c>readSize</c> bytes per read, to cross every buffer boundary.</summary>
    private sealed class TrickleStream(byte[] data, int readSize) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, readSize));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, readSize)], cancellationToken);
    }
}
