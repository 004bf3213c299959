using Notifications.Core.Audience;
using Notifications.Core.Tests.Delivery;

namespace Notifications.Core.Tests.Audience;

public sealed class BigQueryAudienceSampleTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IDisposable
{
    private readonly LoopbackBigQuerySources _bigQuery = new(fixture.Gateways);

    [Fact]
    public async Task SampleAsync_ValidQuery_DryRunOfTheSamplingTextThenOneBoundedJob()
    {
        var table = LoopbackBigQuerySources.Table("preview");
        fixture.Gateways.BigQuery.Register(table, ["user_id", "users"], [["u7", "1234"], ["u3", "1234"]], bytesProcessed: 2 * LoopbackBigQuerySources.GiB);

        var sample = await _bigQuery.Source().SampleAsync(new AudienceQuery($"SELECT user_id FROM {table}"), sampleSize: 2, countLimit: 1_000_000);

        Assert.Null(sample.Problem);
        Assert.Equal((1234L, false, 2 * LoopbackBigQuerySources.GiB), (sample.Users, sample.AtLeast, sample.BytesProcessed!.Value));
        Assert.Equal(["u7", "u3"], sample.Sample);
        var jobs = _bigQuery.JobsOf(table);
        Assert.Equal(["jobs.insert", "jobs.query"], jobs.Select(j => j.Method));
        Assert.True(jobs[0].DryRun);
        Assert.Equal(jobs[0].Query, jobs[1].Query);
        Assert.Contains("ORDER BY FARM_FINGERPRINT(user_id) LIMIT 2", jobs[1].Query, StringComparison.Ordinal);
        Assert.Contains("LIMIT 1000001", jobs[1].Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SampleAsync_OverTheByteBudget_ProblemAndNothingRuns()
    {
        var table = LoopbackBigQuerySources.Table("costly");
        fixture.Gateways.BigQuery.Register(table, ["user_id", "users"], [["u1", "1"]], bytesProcessed: 300 * LoopbackBigQuerySources.GiB);

        var sample = await _bigQuery.Source(maximumBytesBilled: 100 * LoopbackBigQuerySources.GiB).SampleAsync(new AudienceQuery($"SELECT user_id FROM {table}"), 5, 1000);

        Assert.StartsWith("the audience query would process 300 GiB", sample.Problem, StringComparison.Ordinal);
        Assert.Equal(["jobs.insert"], _bigQuery.JobsOf(table).Select(j => j.Method));
    }

    [Fact]
    public async Task SampleAsync_UnknownTable_EnginesMessage()
    {
        var sample = await _bigQuery.Source().SampleAsync(new AudienceQuery("SELECT user_id FROM nowhere_" + Guid.NewGuid().ToString("N")), 5, 1000);

        Assert.NotNull(sample.Problem);
        Assert.DoesNotContain("FARM_FINGERPRINT", sample.Problem, StringComparison.Ordinal);
    }

    public void Dispose() => _bigQuery.Dispose();
}
