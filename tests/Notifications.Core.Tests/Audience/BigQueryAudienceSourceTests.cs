using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Notifications.Core.Audience;
using Notifications.Core.Audience.BigQuery;
using Notifications.Core.Delivery;
using Notifications.Core.Delivery.Fcm;
using Notifications.Core.Tests.Delivery;
using Notifications.Gateways;
using Notifications.Gateways.BigQuery;

namespace Notifications.Core.Tests.Audience;

public sealed class BigQueryAudienceSourceTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IDisposable
{
    private const long GiB = LoopbackBigQuerySources.GiB;
    private readonly LoopbackBigQuerySources _bigQuery = new(fixture.Gateways);

    private LoopbackGateways Gateways => fixture.Gateways;

    [Fact]
    public async Task RunAsync_SlowJobOverSeveralPages_StreamsEveryRowOnce()
    {
        var table = LoopbackBigQuerySources.Table("music_fans");
        Gateways.BigQuery.Register(table, ["user_id"], Enumerable.Range(0, 7).Select(i => new string?[] { $"u{i}" }));
        Gateways.BigQuery.MaxPageSize = 3;
        Gateways.BigQuery.PendingPolls = 2;
        try
        {
            var users = await LoopbackBigQuerySources.RunAsync(_bigQuery.Source(), new AudienceQuery($"SELECT user_id FROM `social.{table}` WHERE liked_on = @day",
                new Dictionary<string, AudienceParameter> { ["day"] = AudienceParameter.Date(new DateOnly(2026, 11, 25)) }));

            Assert.Equal(Enumerable.Range(0, 7).Select(i => $"u{i}"), users);
            var request = Gateways.BigQuery.Requests.Last(r => r["query"]!.GetValue<string>().Contains(table, StringComparison.Ordinal));
            Assert.False(request["useLegacySql"]!.GetValue<bool>());
            Assert.Equal("NAMED", request["parameterMode"]!.GetValue<string>());
            Assert.Equal("EU", request["location"]!.GetValue<string>());
            Assert.Equal("""{"name":"day","parameterType":{"type":"DATE"},"parameterValue":{"value":"2026-11-25"}}""", request["queryParameters"]![0]!.ToJsonString());
            Assert.StartsWith("SELECT DISTINCT CAST(user_id AS STRING)", request["query"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        finally
        {
            Gateways.BigQuery.MaxPageSize = 10_000;
            Gateways.BigQuery.PendingPolls = 0;
        }
    }

    [Fact]
    public async Task RunAsync_ValidQuery_DryRunOfTheExactTextThenQueryWithCapAndLabels()
    {
        var table = LoopbackBigQuerySources.Table("fans");
        Gateways.BigQuery.Register(table, ["user_id"], [["u1"], ["u2"]], bytesProcessed: 3 * GiB);
        var label = "Campaign-ÄB/2026 11 " + new string('z', 80);

        var users = await LoopbackBigQuerySources.RunAsync(_bigQuery.Source(maximumBytesBilled: 5 * GiB), new AudienceQuery($"SELECT user_id FROM {table} WHERE day = @day",
            new Dictionary<string, AudienceParameter> { ["day"] = AudienceParameter.Date(new DateOnly(2026, 11, 25)) }, label));

        Assert.Equal(["u1", "u2"], users);
        var jobs = _bigQuery.JobsOf(table);
        Assert.Equal(["jobs.insert", "jobs.query"], jobs.Select(j => j.Method));
        Assert.True(jobs[0].DryRun);
        Assert.Equal(jobs[0].Query, jobs[1].Query);
        Assert.All(jobs, j => Assert.Equal("SELECT", j.StatementType));
        Assert.All(jobs, j => Assert.Equal(5 * GiB, j.MaximumBytesBilled));
        var expectedCampaign = ("campaign--b-2026-11-" + new string('z', 80))[..63];
        Assert.All(jobs, j => Assert.Equal(new Dictionary<string, string> { ["app"] = "notifications", ["campaign"] = expectedCampaign }, j.Labels));
        var dryRun = Gateways.BigQuery.JobInserts.Last(r => r["configuration"]!["query"]!["query"]!.GetValue<string>().Contains(table, StringComparison.Ordinal));
        var query = Gateways.BigQuery.Requests.Last(r => r["query"]!.GetValue<string>().Contains(table, StringComparison.Ordinal));
        Assert.Equal("EU", dryRun["jobReference"]!["location"]!.GetValue<string>());
        Assert.Equal(query["queryParameters"]!.ToJsonString(), dryRun["configuration"]!["query"]!["queryParameters"]!.ToJsonString());
        Assert.Equal("5368709120", query["maximumBytesBilled"]!.GetValue<string>());
    }

    [Fact]
    public async Task CheckAsync_WithinBudget_ValidWithTheBytesAndNothingRuns()
    {
        var table = LoopbackBigQuerySources.Table("budget");
        Gateways.BigQuery.Register(table, ["user_id"], [["u1"]], bytesProcessed: 42 * GiB);

        var check = await _bigQuery.Source().CheckAsync(new AudienceQuery($"SELECT user_id FROM {table}", Label: "c-1"));

        Assert.True(check.IsValid, check.Problem);
        Assert.Equal(42 * GiB, check.BytesProcessed);
        Assert.Equal(["jobs.insert"], _bigQuery.JobsOf(table).Select(j => j.Method));
    }

    [Fact]
    public async Task RunAsync_AccessTokenRevoked_RenewedOnceAndTheQueryRuns()
    {
        var table = LoopbackBigQuerySources.Table("revoked");
        Gateways.BigQuery.Register(table, ["user_id"], [["u1"], ["u2"]]);
        var source = _bigQuery.Source();
        await LoopbackBigQuerySources.RunAsync(source, new AudienceQuery($"SELECT user_id FROM {table}"));
        Gateways.OAuth.RevokeAll();

        var users = await LoopbackBigQuerySources.RunAsync(source, new AudienceQuery($"SELECT user_id FROM {table}"));

        Assert.Equal(["u1", "u2"], users);
    }

    [Fact]
    public async Task RunAsync_ResultWithoutUserId_ClearError()
    {
        var table = LoopbackBigQuerySources.Table("no_user");
        Gateways.BigQuery.Register(table, ["email"], [["a@b.example"]]);

        var ex = await Assert.ThrowsAsync<AudienceQueryException>(() => LoopbackBigQuerySources.RunAsync(_bigQuery.Source(), new AudienceQuery($"SELECT email FROM {table}")));

        Assert.Equal("NoUserIdColumn", ex.Reason);
        Assert.Contains("user_id column", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnknownTable_InvalidQueryNotRetryable()
    {
        var ex = await Assert.ThrowsAsync<AudienceQueryException>(() => LoopbackBigQuerySources.RunAsync(_bigQuery.Source(), new AudienceQuery("SELECT user_id FROM nowhere_" + Guid.NewGuid().ToString("N"))));

        Assert.Equal("invalidQuery", ex.Reason);
        Assert.False(ex.IsTransient);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("  ", null)]
    [InlineData("cohort-day21-inactive", "cohort-day21-inactive")]
    [InlineData("Ünïcode & Spaces", "-n-code---spaces")]
    public void LabelValue_AnyText_WhatBigQueryAccepts(string text, string? expected) =>
        Assert.Equal(expected, BigQueryAudienceSource.LabelValue(text));

    public void Dispose() => _bigQuery.Dispose();
}
