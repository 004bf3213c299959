using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Notifications.Gateways.Tests.BigQuery;

public sealed class BigQueryGatewayTests : IAsyncLifetime
{
    private LoopbackGateways _gateways = null!;
    private GatewayClient _client = null!;
    private string _accessToken = null!;

    public async Task InitializeAsync()
    {
        _gateways = await LoopbackGateways.StartAsync();
        _client = new GatewayClient(_gateways);
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        var assertion = GatewayClient.Jwt(
            """{"alg":"RS256","typ":"JWT"}""",
            $$"""{"iss":"{{_gateways.ServiceAccount.ClientEmail}}","scope":"https://www.googleapis.com/auth/bigquery","aud":"https://oauth2.googleapis.com/token","iat":{{now}},"exp":{{now + 3600}}}""",
            GatewayClient.Rs256(_gateways.ServiceAccount.Key));
        using var response = await _client.Http.PostAsync(_gateways.OAuth.TokenUri, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:jwt-bearer",
            ["assertion"] = assertion,
        }));
        _accessToken = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _gateways.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(string method, JsonObject body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_gateways.BigQuery.BaseUrl, $"bigquery/v2/projects/loopback/{method}"))
        {
            Version = HttpVersion.Version20,
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _accessToken);
        using var response = await _client.Http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static JsonObject DryRun(string sql, JsonObject? labels = null, string maximumBytesBilled = "1000000000") => new()
    {
        ["jobReference"] = new JsonObject { ["projectId"] = "loopback", ["location"] = "EU" },
        ["configuration"] = new JsonObject
        {
            ["dryRun"] = true,
            ["labels"] = labels ?? new JsonObject { ["app"] = "notifications" },
            ["query"] = new JsonObject { ["query"] = sql, ["useLegacySql"] = false, ["maximumBytesBilled"] = maximumBytesBilled },
        },
    };

    private static JsonObject Query(string sql, string? maximumBytesBilled = null, JsonObject? labels = null)
    {
        var body = new JsonObject { ["query"] = sql, ["useLegacySql"] = false, ["location"] = "EU", ["labels"] = labels ?? new JsonObject { ["app"] = "notifications" } };
        if (maximumBytesBilled is not null)
        {
            body["maximumBytesBilled"] = maximumBytesBilled;
        }

        return body;
    }

    [Fact]
    public async Task InsertJob_DryRunOfASelect_JobWithStatementTypeBytesAndSchema()
    {
        _gateways.BigQuery.Register("fans", ["user_id"], [["u1"]], bytesProcessed: 123_456_789);

        var (status, job) = await PostAsync("jobs", DryRun("SELECT user_id FROM fans"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("DONE", job["status"]!["state"]!.GetValue<string>());
        Assert.Equal("123456789", job["statistics"]!["totalBytesProcessed"]!.GetValue<string>());
        Assert.Equal("123456789", job["statistics"]!["query"]!["totalBytesProcessed"]!.GetValue<string>());
        Assert.Equal("SELECT", job["statistics"]!["query"]!["statementType"]!.GetValue<string>());
        Assert.Equal("user_id", job["statistics"]!["query"]!["schema"]!["fields"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("EU", job["jobReference"]!["location"]!.GetValue<string>());
        Assert.Empty(_gateways.BigQuery.Requests);
    }

    [Fact]
    public async Task InsertJob_DryRunOfAScript_StatementTypeScriptAndNothingRuns()
    {
        _gateways.BigQuery.Register("fans", ["user_id"], [["u1"]]);

        var (status, job) = await PostAsync("jobs", DryRun("SELECT user_id FROM fans -- it's\n; DELETE FROM fans WHERE TRUE"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("SCRIPT", job["statistics"]!["query"]!["statementType"]!.GetValue<string>());
        Assert.Null(job["statistics"]!["query"]!["schema"]);
        var record = Assert.Single(_gateways.BigQuery.Jobs);
        Assert.Equal(("jobs.insert", true, "SCRIPT", 1_000_000_000L), (record.Method, record.DryRun, record.StatementType, record.MaximumBytesBilled));
    }

    [Fact]
    public async Task InsertJob_NoCannedResult_InvalidQuery()
    {
        var (status, body) = await PostAsync("jobs", DryRun("SELECT user_id FROM nowhere"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalidQuery", body["error"]!["errors"]![0]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task InsertJob_UnclosedString_InvalidQueryWithPosition()
    {
        var (status, body) = await PostAsync("jobs", DryRun("SELECT 'open FROM fans"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalidQuery", body["error"]!["errors"]![0]!["reason"]!.GetValue<string>());
        Assert.Contains("[1:8]", body["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InsertJob_NotADryRun_Refused()
    {
        var body = DryRun("SELECT user_id FROM fans");
        body["configuration"]!["dryRun"] = false;

        var (status, _) = await PostAsync("jobs", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task Query_BilledAboveMaximumBytesBilled_BytesBilledLimitExceeded()
    {
        _gateways.BigQuery.Register("big_table", ["user_id"], [["u1"]], bytesProcessed: 50_000_000);

        var (status, body) = await PostAsync("queries", Query("SELECT user_id FROM big_table", maximumBytesBilled: "20000000"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("bytesBilledLimitExceeded", body["error"]!["errors"]![0]!["reason"]!.GetValue<string>());
        Assert.Equal("Query exceeded limit for bytes billed: 20000000. 50331648 or higher required.", body["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Query_WithinMaximumBytesBilled_RowsAndTheJobRecorded()
    {
        _gateways.BigQuery.Register("fans", ["user_id"], [["u1"]]);

        var (status, body) = await PostAsync("queries", Query("SELECT user_id FROM fans", maximumBytesBilled: "20000000",
            labels: new JsonObject { ["app"] = "notifications", ["campaign"] = "c-20261125-abc" }));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("u1", body["rows"]![0]!["f"]![0]!["v"]!.GetValue<string>());
        var record = Assert.Single(_gateways.BigQuery.Jobs);
        Assert.Equal(20_000_000, record.MaximumBytesBilled);
        Assert.Equal("c-20261125-abc", record.Labels["campaign"]);
    }

    [Theory]
    [InlineData("Campaign", "x")]
    [InlineData("campaign", "Has Spaces")]
    [InlineData("1st", "x")]
    public async Task Query_InvalidLabel_Refused(string key, string value)
    {
        _gateways.BigQuery.Register("fans", ["user_id"], [["u1"]]);

        var (status, body) = await PostAsync("queries", Query("SELECT user_id FROM fans", labels: new JsonObject { [key] = value }));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid", body["error"]!["errors"]![0]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Query_Script_NotRunByTheLoopback()
    {
        _gateways.BigQuery.Register("fans", ["user_id"], [["u1"]]);

        var (status, body) = await PostAsync("queries", Query("SELECT user_id FROM fans; DELETE FROM fans WHERE TRUE"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalidQuery", body["error"]!["errors"]![0]!["reason"]!.GetValue<string>());
        Assert.Equal("SCRIPT", Assert.Single(_gateways.BigQuery.Jobs).StatementType);
    }
}
