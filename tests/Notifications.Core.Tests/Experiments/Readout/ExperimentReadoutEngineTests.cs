using System.Text.Json.Nodes;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Notifications.Adapters.Local.Audience.DuckDb;
using Notifications.Adapters.Local.Experiments.Readout;
using Notifications.Core.Batches.Files;
using Notifications.Core.Batches.Planning;
using Notifications.Core.Cohorts;
using Notifications.Core.Experiments.Events;
using Notifications.Core.Experiments.Readout;
using Notifications.Core.Storage;
using Notifications.Core.Tests.Audience;
using Notifications.Core.Tests.Delivery;
using Notifications.Core.Tests.Infrastructure;

namespace Notifications.Core.Tests.Experiments.Readout;

/// <summary>
/// The readout query on both engines over one known data set: exposures written by the planner's own writer, opens
/// recorded through the event store, goal events in a DuckDB analytics file. DuckDB runs it on the logs loaded from
/// Azurite; the loopback BigQuery (which cannot execute SQL) answers with DuckDB's rows, so the BigQuery path is checked
/// for the text and parameters it sends and for reading the answer into the same readout.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class ExperimentReadoutEngineTests(AzuriteFixture azurite, GatewayFixture gateways) : IClassFixture<GatewayFixture>, IDisposable
{
    private static readonly DateTime ExposedAt = new(2026, 11, 10, 18, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly RunDate = new(2026, 11, 10);
    private static readonly CohortGoal Goal = new()
    {
        Name = "did-it",
        Description = "did it within 24 h",
        Sql = "SELECT user_id, occurred_at FROM events WHERE event_type = 'did_it'",
        Window = TimeSpan.FromHours(24),
    };

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("readout-");
    private readonly LoopbackBigQuerySources _bigQuery = new(gateways.Gateways);

    [Fact]
    public async Task ReadAsync_KnownExposuresOpensAndGoals_SameCountsOnDuckDbAndBigQuery()
    {
        var experimentId = "exp-" + Guid.NewGuid().ToString("N")[..12];
        var campaignId = experimentId + "-20261110";
        var storage = await StorageAsync();
        var events = new OutcomeEventStore(storage);
        var database = Path.Combine(_directory.FullName, "analytics.duckdb");
        await using (var connection = new DuckDBConnection($"Data Source={database}"))
        {
            await connection.OpenAsync();
            await using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE events(user_id VARCHAR, event_type VARCHAR, occurred_at TIMESTAMP)";
            await create.ExecuteNonQueryAsync();
        }

        // 30 users per arm; control converts 6, variant a 6, variant b 12. Decoys that must not count: a goal before
        // the exposure, one after the window, another event type, and a user exposed on a run date outside the range.
        var goals = new List<(string User, DateTime At, string Type)>();
        await using (var log = ExposureWriter.Open(storage.Exposures, experimentId, RunDate, RunDate, campaignId, "batch-1", 0, ["a", "b"]))
        {
            foreach (var (arm, index, converters) in new[] { (ExperimentArms.Control, "control", 6), (0, "a", 6), (1, "b", 12) })
            {
                for (var i = 0; i < 30; i++)
                {
                    var user = $"{index}-{i:D2}";
                    log.Write(user, arm, hasDevice: arm != ExperimentArms.Control, ExposedAt);
                    if (i < converters)
                    {
                        goals.Add((user, ExposedAt.AddHours(3), "did_it"));
                    }
                }
            }

            goals.Add(("a-29", ExposedAt.AddHours(-1), "did_it"));
            goals.Add(("a-28", ExposedAt.AddHours(25), "did_it"));
            goals.Add(("a-27", ExposedAt.AddHours(2), "something_else"));
            await log.CommitAsync(CancellationToken.None);
        }

        await using (var other = ExposureWriter.Open(storage.Exposures, experimentId, RunDate, RunDate.AddDays(-5), experimentId + "-20261105", "batch-0", 0, ["a", "b"]))
        {
            other.Write("outside-range", 1, hasDevice: true, ExposedAt.AddDays(-5));
            await other.CommitAsync(CancellationToken.None);
        }

        await using (var connection = new DuckDBConnection($"Data Source={database}"))
        {
            await connection.OpenAsync();
            using var appender = connection.CreateAppender("events");
            foreach (var (user, at, type) in goals.Append(("outside-range", ExposedAt.AddDays(-5).AddHours(1), "did_it")))
            {
                appender.CreateRow().AppendValue(user).AppendValue(type).AppendValue(at).EndRow();
            }
        }

        // Opens: 5 of b (one sent twice), 2 of a, and one of b for another campaign, which does not count here.
        var now = DateTime.UtcNow;
        foreach (var user in new[] { "b-00", "b-01", "b-02", "b-03", "b-04", "b-04", "a-10", "a-11" })
        {
            await events.RecordAsync(new OutcomeEvent(OutcomeEventType.Opened, user, campaignId, user[..1], null, ExposedAt.AddMinutes(5), now), CancellationToken.None);
        }

        await events.RecordAsync(new OutcomeEvent(OutcomeEventType.Opened, "b-05", "another-campaign", "b", null, ExposedAt, now), CancellationToken.None);

        var query = new ReadoutQuery(
            ReadoutSql.Arms(Goal), ReadoutSql.ArmParameters(experimentId, RunDate, RunDate), ReadoutSql.ArmColumns, "test",
            new ReadoutTables(experimentId, RunDate, RunDate, DateOnly.FromDateTime(now), DateOnly.FromDateTime(now)));
        var duck = new DuckDbAudienceSource(
            Options.Create(new DuckDbOptions { DatabasePath = database }), NullLogger<DuckDbAudienceSource>.Instance, new LocalExperimentTables(storage, events));

        var local = await duck.ReadAsync(query);

        Assert.Equal(
            ["a|30|2|6", "b|30|5|12", "control|30|0|6"],
            local.Select(r => string.Join('|', r)));

        gateways.Gateways.BigQuery.Register("push_exposures", ReadoutSql.ArmColumns, local);
        var remote = await _bigQuery.Source().ReadAsync(query);

        Assert.Equal(local.Select(r => string.Join('|', r)), remote.Select(r => string.Join('|', r)));
        var sent = gateways.Gateways.BigQuery.Requests.Last(r => r["query"]?.GetValue<string>() == query.Sql);
        var parameters = sent["queryParameters"]!.AsArray().ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!["parameterValue"]!["value"]!.GetValue<string>());
        Assert.Equal(experimentId, parameters["experiment_id"]);
        Assert.Equal("2026-11-10", parameters["from_date"]);
        Assert.Equal("2026-11-10", parameters["to_date"]);

        var experiment = new Experiment
        {
            Id = experimentId,
            ControlPercent = 34,
            Variants = [new ExperimentVariant { Name = "a", Percent = 33, Message = new() { Title = "a" } }, new ExperimentVariant { Name = "b", Percent = 33, Message = new() { Title = "b" } }],
        };
        ExperimentReadout Build(IReadOnlyList<string?[]> rows) => ReadoutBuilder.Build(experiment, Goal.Description, RunDate, RunDate,
            rows.Select(r => new ArmCounts(r[0]!, long.Parse(r[1]!, System.Globalization.CultureInfo.InvariantCulture),
                long.Parse(r[2]!, System.Globalization.CultureInfo.InvariantCulture), long.Parse(r[3]!, System.Globalization.CultureInfo.InvariantCulture))).ToList(),
            new Dictionary<string, long>());
        Assert.Equal(ReadoutText.Lines(Build(local)), ReadoutText.Lines(Build(remote)));
        var b = Build(local).Arms.Single(a => a.Name == "b");
        Assert.Equal(20.0, b.LiftPoints!.Value, 9);
    }

    public void Dispose()
    {
        _bigQuery.Dispose();
        _directory.Delete(recursive: true);
    }

    private async Task<StorageClients> StorageAsync()
    {
        var storage = new StorageClients(Options.Create(new StorageOptions { ConnectionString = azurite.ConnectionString }));
        await storage.EnsureCreatedAsync();
        return storage;
    }
}
