using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Notifications.Core.Audience;
using Notifications.Core.Audience.BigQuery;
using Notifications.Core.Delivery;
using Notifications.Core.Delivery.Fcm;
using Notifications.Core.Tests.Delivery;
using Notifications.Gateways;

namespace Notifications.Core.Tests.Audience;

public sealed class BigQueryAudienceSourceTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("bq-tests-");

    private LoopbackGateways Gateways => fixture.Gateways;

    private BigQueryAudienceSource Source()
    {
        var config = Gateways.WriteClientConfiguration(_directory.FullName);
        var options = new BigQueryOptions
        {
            ProjectId = config["Audience:BigQuery:ProjectId"]!,
            BaseUrl = new Uri(config["Audience:BigQuery:BaseUrl"]!),
            ServiceAccountJsonPath = config["Audience:BigQuery:ServiceAccountJsonPath"],
            TokenUri = new Uri(config["Audience:BigQuery:TokenUri"]!),
            TrustedCertificatePath = config["Audience:BigQuery:TrustedCertificatePath"],
            Location = "EU",
            PageSize = 1000,
        };
        var tokens = new ServiceAccountTokenSource(options.ReadServiceAccountJson(), options.TokenUri, [BigQueryOptions.Scope],
            options.TrustedCertificatePath, TimeProvider.System, NullLogger.Instance);
        return new BigQueryAudienceSource(new HttpClient(GatewayHttpHandler.Create(options.TrustedCertificatePath)), tokens, Options.Create(options), TimeProvider.System);
    }

    private static async Task<List<string>> RunAsync(BigQueryAudienceSource source, AudienceQuery query)
    {
        var users = new List<string>();
        await source.RunAsync(query, u =>
        {
            users.Add(u);
            return ValueTask.CompletedTask;
        });
        return users;
    }

    [Fact]
    public async Task RunAsync_SlowJobOverSeveralPages_StreamsEveryRowOnce()
    {
        var table = "music_fans_" + Guid.NewGuid().ToString("N");
        Gateways.BigQuery.Register(table, ["user_id"], Enumerable.Range(0, 7).Select(i => new string?[] { $"u{i}" }));
        Gateways.BigQuery.MaxPageSize = 3;
        Gateways.BigQuery.PendingPolls = 2;
        try
        {
            var users = await RunAsync(Source(), new AudienceQuery($"SELECT user_id FROM `social.{table}` WHERE liked_on = @day",
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
    public async Task RunAsync_AccessTokenRevoked_RenewedOnceAndTheQueryRuns()
    {
        var table = "revoked_" + Guid.NewGuid().ToString("N");
        Gateways.BigQuery.Register(table, ["user_id"], [["u1"], ["u2"]]);
        var source = Source();
        await RunAsync(source, new AudienceQuery($"SELECT user_id FROM {table}"));
        Gateways.OAuth.RevokeAll();

        var users = await RunAsync(source, new AudienceQuery($"SELECT user_id FROM {table}"));

        Assert.Equal(["u1", "u2"], users);
    }

    [Fact]
    public async Task RunAsync_ResultWithoutUserId_ClearError()
    {
        var table = "no_user_" + Guid.NewGuid().ToString("N");
        Gateways.BigQuery.Register(table, ["email"], [["a@b.example"]]);

        var ex = await Assert.ThrowsAsync<AudienceQueryException>(() => RunAsync(Source(), new AudienceQuery($"SELECT email FROM {table}")));

        Assert.Equal("NoUserIdColumn", ex.Reason);
        Assert.Contains("user_id column", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnknownTable_InvalidQueryNotRetryable()
    {
        var ex = await Assert.ThrowsAsync<AudienceQueryException>(() => RunAsync(Source(), new AudienceQuery("SELECT user_id FROM nowhere_" + Guid.NewGuid().ToString("N"))));

        Assert.Equal("invalidQuery", ex.Reason);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task RunAsync_TwoStatements_RefusedBeforeAnyRequest()
    {
        var before = Gateways.BigQuery.Requests.Count;

        var ex = await Assert.ThrowsAsync<AudienceQueryException>(() => RunAsync(Source(), new AudienceQuery("SELECT user_id FROM a; DROP TABLE users")));

        Assert.Equal("MultipleStatements", ex.Reason);
        Assert.Equal(before, Gateways.BigQuery.Requests.Count);
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
