using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Notifications.Core.Audience;
using Notifications.Core.Tests.Audience;
using Notifications.Core.Audience.BigQuery;
using Notifications.Core.Delivery;
using Notifications.Core.Delivery.Fcm;
using Notifications.Core.Tests.Delivery;
using Notifications.Gateways;
using Notifications.Gateways.BigQuery;

namespace Notifications.Security.Tests.Audience;

/// <summary>
/// Finding 1 on BigQuery: <c>jobs.query</c> runs every statement of a script, and the hand-written single-statement
/// guard did not understand comments, escapes or triple-quoted strings. A dry run now decides (it must say SELECT,
/// within <c>MaximumBytesBilled</c>) before anything runs; shown on the loopback BigQuery, which answers dry runs with
/// the statement type as BigQuery does.
/// </summary>
public sealed class BigQueryScriptAttackTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IDisposable
{
    private const long GiB = LoopbackBigQuerySources.GiB;
    private readonly LoopbackBigQuerySources _bigQuery = new(fixture.Gateways);

    private LoopbackGateways Gateways => fixture.Gateways;

    /// <summary>
    /// Texts that are several statements once wrapped, each hiding its semicolons from a naive splitter: a quote in a
    /// line comment (<c>--</c> and <c>#</c>), an escaped quote, a triple-quoted string holding quotes.
    /// </summary>
    public static TheoryData<string> ScriptTricks() => new()
    {
        "SELECT user_id FROM {t} -- it's\n) AS a; DELETE FROM users WHERE TRUE; SELECT * FROM (SELECT user_id FROM {t} -- '",
        "SELECT user_id FROM {t} # it's\n) AS a; DROP TABLE users; SELECT * FROM (SELECT user_id FROM {t} # '",
        "SELECT user_id FROM {t} WHERE note = 'a\\'' ) AS a; DELETE FROM users WHERE TRUE; SELECT * FROM (SELECT user_id FROM {t} WHERE note = '\\''",
        "SELECT user_id FROM {t} WHERE note = \"\"\"a'b\"c\"\"\" ) AS a; EXPORT DATA OPTIONS(uri='gs://x/*.csv', format='CSV') AS SELECT * FROM users; SELECT * FROM (SELECT user_id FROM {t} WHERE note = ''",
        "SELECT user_id FROM {t} /* ' */ ) AS a; INSERT INTO users (user_id) VALUES ('x'); SELECT * FROM (SELECT user_id FROM {t} /* ' */",
    };

    [Fact]
    public async Task CheckAsync_AboveMaximumBytesBilled_RefusedBeforeAnyQuery()
    {
        var table = LoopbackBigQuerySources.Table("all_events");
        Gateways.BigQuery.Register(table, ["user_id"], [["u1"]], bytesProcessed: 150 * GiB);
        var source = _bigQuery.Source();

        var check = await source.CheckAsync(new AudienceQuery($"SELECT user_id FROM {table}"));
        var ex = await Assert.ThrowsAsync<AudienceQueryException>(() => LoopbackBigQuerySources.RunAsync(source, new AudienceQuery($"SELECT user_id FROM {table}")));

        Assert.False(check.IsValid);
        Assert.Contains("150 GiB", check.Problem, StringComparison.Ordinal);
        Assert.Contains("100 GiB", check.Problem, StringComparison.Ordinal);
        Assert.Equal("TooExpensive", ex.Reason);
        Assert.False(ex.IsTransient);
        Assert.DoesNotContain(_bigQuery.JobsOf(table), j => j.Method == "jobs.query");
    }

    [Fact]
    public async Task RunAsync_BilledAboveTheCapAtRunTime_BytesBilledLimitExceededNotTransient()
    {
        // The estimate passes; the job bills more (BigQuery's per-table minimum) and its own cap stops it.
        var table = LoopbackBigQuerySources.Table("small");
        Gateways.BigQuery.Register(table, ["user_id"], [["u1"]], bytesProcessed: 2 << 20, bytesBilled: 60 << 20);

        var ex = await Assert.ThrowsAsync<AudienceQueryException>(() => LoopbackBigQuerySources.RunAsync(_bigQuery.Source(maximumBytesBilled: 50 << 20), new AudienceQuery($"SELECT user_id FROM {table}")));

        Assert.Equal("bytesBilledLimitExceeded", ex.Reason);
        Assert.False(ex.IsTransient);
        Assert.Contains("Audience:BigQuery:MaximumBytesBilled", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["jobs.insert", "jobs.query"], _bigQuery.JobsOf(table).Select(j => j.Method));
    }

    [Theory]
    [MemberData(nameof(ScriptTricks))]
    public async Task SampleAsync_MultiStatementTrick_DryRunSaysScriptAndNothingRuns(string sql)
    {
        var table = LoopbackBigQuerySources.Table("trick");
        Gateways.BigQuery.Register(table, ["user_id", "users"], [["u1", "1"]]);

        var sample = await _bigQuery.Source().SampleAsync(new AudienceQuery(sql.Replace("{t}", table, StringComparison.Ordinal)), 5, 1000);

        Assert.Contains("script", sample.Problem, StringComparison.Ordinal);
        Assert.Empty(sample.Sample);
        Assert.All(_bigQuery.JobsOf(table), j => Assert.Equal(("jobs.insert", true), (j.Method, j.DryRun)));
    }

    [Theory]
    [MemberData(nameof(ScriptTricks))]
    public async Task CheckAsync_MultiStatementTrick_DryRunSaysScriptAndNothingRuns(string sql)
    {
        var table = LoopbackBigQuerySources.Table("trick");
        Gateways.BigQuery.Register(table, ["user_id"], [["u1"]]);
        var query = new AudienceQuery(sql.Replace("{t}", table, StringComparison.Ordinal));
        var source = _bigQuery.Source();

        var check = await source.CheckAsync(query);
        var users = new List<string>();
        var ex = await Assert.ThrowsAsync<AudienceQueryException>(() => source.RunAsync(query, u =>
        {
            users.Add(u);
            return ValueTask.CompletedTask;
        }));

        Assert.False(check.IsValid);
        Assert.Contains("script", check.Problem, StringComparison.Ordinal);
        Assert.Equal("MultipleStatements", ex.Reason);
        Assert.Empty(users);
        var jobs = _bigQuery.JobsOf(table);
        Assert.Equal(2, jobs.Count);
        Assert.All(jobs, j => Assert.Equal(("jobs.insert", true, "SCRIPT"), (j.Method, j.DryRun, j.StatementType)));
        Assert.All(jobs, j => Assert.Equal(AudienceSql.Wrap(AudienceSql.TrimStatement(query.Sql), "STRING"), j.Query));
    }

    [Theory]
    [InlineData("DELETE FROM {t} WHERE TRUE")]
    [InlineData("INSERT INTO {t} (user_id) VALUES ('x')")]
    [InlineData("MERGE {t} USING other ON FALSE WHEN NOT MATCHED THEN INSERT ROW")]
    [InlineData("CREATE OR REPLACE TABLE ds.copy AS SELECT * FROM {t}")]
    [InlineData("DROP TABLE {t}")]
    [InlineData("EXPORT DATA OPTIONS(uri='gs://bucket/users-*.csv', format='CSV') AS SELECT user_id FROM {t}")]
    [InlineData("DECLARE x INT64 DEFAULT (SELECT COUNT(*) FROM {t})")]
    public async Task CheckAsync_DmlOrDdl_RefusedByTheDryRunAndNothingRuns(string sql)
    {
        var table = LoopbackBigQuerySources.Table("target");
        Gateways.BigQuery.Register(table, ["user_id"], [["u1"]]);
        var query = new AudienceQuery(sql.Replace("{t}", table, StringComparison.Ordinal));

        var check = await _bigQuery.Source().CheckAsync(query);
        var ex = await Assert.ThrowsAsync<AudienceQueryException>(() => LoopbackBigQuerySources.RunAsync(_bigQuery.Source(), query));

        Assert.False(check.IsValid);
        Assert.Contains("Syntax error", check.Problem, StringComparison.Ordinal);
        Assert.Equal("invalidQuery", ex.Reason);
        Assert.False(ex.IsTransient);
        Assert.All(_bigQuery.JobsOf(table), j => Assert.Equal("jobs.insert", j.Method));
    }

    [Fact]
    public async Task RunAsync_TwoStatements_RefusedByTheDryRunNeverQueried()
    {
        var table = LoopbackBigQuerySources.Table("two");
        Gateways.BigQuery.Register(table, ["user_id"], [["u1"]]);
        var before = Gateways.BigQuery.Requests.Count;

        var ex = await Assert.ThrowsAsync<AudienceQueryException>(() => LoopbackBigQuerySources.RunAsync(_bigQuery.Source(), new AudienceQuery($"SELECT user_id FROM {table}) AS a; DROP TABLE users; SELECT 1 FROM (SELECT 'x' AS user_id")));

        Assert.Equal("MultipleStatements", ex.Reason);
        Assert.Equal(before, Gateways.BigQuery.Requests.Count);
    }

    public void Dispose() => _bigQuery.Dispose();
}
