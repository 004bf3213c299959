using Notifications.Core.Audience;

namespace Notifications.Core.Tests.Audience;

public sealed class DuckDbAudienceSampleTests : IDisposable
{
    private readonly AudienceTestDatabase _db = new();

    [Fact]
    public async Task SampleAsync_Query_DistinctCountAndSampledIds()
    {
        var sample = await _db.Source().SampleAsync(new AudienceQuery("SELECT user_id FROM follows"), sampleSize: 10, countLimit: 1000);

        Assert.Null(sample.Problem);
        Assert.Equal((3L, false), (sample.Users, sample.AtLeast));
        Assert.Equal(["u1", "u2", "u3"], sample.Sample.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SampleAsync_MoreThanTheLimit_CountStopsAndSaysAtLeast()
    {
        var sample = await _db.Source().SampleAsync(new AudienceQuery("SELECT user_id FROM follows"), sampleSize: 1, countLimit: 2);

        Assert.Equal((2L, true), (sample.Users, sample.AtLeast));
        Assert.Single(sample.Sample);
    }

    [Fact]
    public async Task SampleAsync_SameQueryTwice_SameSample()
    {
        var first = await _db.Source().SampleAsync(new AudienceQuery("SELECT user_id FROM follows"), sampleSize: 2, countLimit: 1000);
        var second = await _db.Source().SampleAsync(new AudienceQuery("SELECT user_id FROM follows"), sampleSize: 2, countLimit: 1000);

        Assert.Equal(first.Sample, second.Sample);
    }

    [Fact]
    public async Task SampleAsync_NobodySelected_ZeroAndNoSample()
    {
        var sample = await _db.Source().SampleAsync(new AudienceQuery("SELECT user_id FROM follows WHERE account_id = 'nobody'"), sampleSize: 5, countLimit: 1000);

        Assert.Null(sample.Problem);
        Assert.Equal(0, sample.Users);
        Assert.Empty(sample.Sample);
    }

    [Fact]
    public async Task SampleAsync_Typo_EnginesMessageWithoutOurWrapper()
    {
        var sample = await _db.Source().SampleAsync(new AudienceQuery("SELECT user_id FROM folows"), sampleSize: 5, countLimit: 1000);

        Assert.NotNull(sample.Problem);
        Assert.Contains("folows", sample.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("SELECT DISTINCT CAST", sample.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("WITH audience", sample.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SampleAsync_StatementSmuggledPastTheWrapper_Refused()
    {
        var sample = await _db.Source().SampleAsync(
            new AudienceQuery("SELECT user_id FROM follows) AS a; COPY (SELECT 1) TO 'x.csv'; SELECT * FROM (SELECT 1"), sampleSize: 5, countLimit: 1000);

        Assert.NotNull(sample.Problem);
        Assert.False(File.Exists(Path.Combine(_db.Directory, "x.csv")));
    }

    [Fact]
    public async Task DescribeAsync_Database_TablesAndColumnsInOrder()
    {
        var columns = await _db.Source().DescribeAsync();

        Assert.Equal(
            ["follows.user_id", "follows.account_id", "follows.followed_on", "profiles.user_id", "profiles.bio"],
            columns.Select(c => $"{c.Table}.{c.Name}"));
        Assert.Equal("DATE", columns.Single(c => c.Name == "followed_on").Type);
    }

    public void Dispose() => _db.Dispose();
}
