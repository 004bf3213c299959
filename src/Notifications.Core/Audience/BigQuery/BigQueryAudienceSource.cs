using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Notifications.Core.Delivery.Fcm;

namespace Notifications.Core.Audience.BigQuery;

/// <summary>
/// BigQuery over REST: <c>jobs.query</c> (standard SQL, named parameters), then <c>jobs.getQueryResults</c> while the
/// job runs and for every further page, streaming the user ids of each page as it arrives.
/// </summary>
public sealed class BigQueryAudienceSource : IAudienceSource
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;
    private readonly IGoogleAccessTokenSource _tokens;
    private readonly BigQueryOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the source (typed HttpClient, its own token source with the BigQuery scope).</summary>
    public BigQueryAudienceSource(HttpClient http, IGoogleAccessTokenSource tokens, IOptions<BigQueryOptions> options, TimeProvider time)
    {
        _http = http;
        _tokens = tokens;
        _options = options.Value;
        _time = time;
    }

    /// <inheritdoc />
    public string Engine => "bigquery";

    /// <inheritdoc />
    public Task<AudienceCheck> CheckAsync(AudienceQuery query, CancellationToken cancellationToken = default) => Task.FromResult(AudienceCheck.Valid());

    /// <inheritdoc />
    public async Task<long> RunAsync(AudienceQuery query, Func<string, ValueTask> onUser, CancellationToken cancellationToken = default)
    {
        var sql = AudienceSql.Wrap(AudienceSql.SingleStatement(Engine, query.Sql), "STRING");
        var deadline = _time.GetUtcNow() + _options.QueryTimeout;
        var body = new JsonObject
        {
            ["query"] = sql,
            ["useLegacySql"] = false,
            ["parameterMode"] = "NAMED",
            ["queryParameters"] = new JsonArray((query.Parameters ?? new Dictionary<string, AudienceParameter>()).Select(p => (JsonNode)new JsonObject
            {
                ["name"] = p.Key,
                ["parameterType"] = new JsonObject { ["type"] = TypeName(p.Value.Type) },
                ["parameterValue"] = new JsonObject { ["value"] = p.Value.Value },
            }).ToArray()),
            ["maxResults"] = _options.PageSize,
            ["timeoutMs"] = (long)_options.PollTimeout.TotalMilliseconds,
            ["location"] = _options.Location,
        };
        if (_options.DefaultDataset is { Length: > 0 } dataset)
        {
            var dot = dataset.IndexOf('.', StringComparison.Ordinal);
            body["defaultDataset"] = new JsonObject
            {
                ["projectId"] = dot < 0 ? _options.ProjectId : dataset[..dot],
                ["datasetId"] = dot < 0 ? dataset : dataset[(dot + 1)..],
            };
        }

        var page = await SendAsync(HttpMethod.Post, $"bigquery/v2/projects/{Uri.EscapeDataString(_options.ProjectId)}/queries", body, cancellationToken).ConfigureAwait(false);
        var jobId = page["jobReference"]?["jobId"]?.GetValue<string>()
            ?? throw new AudienceQueryException(Engine, "NoJobReference", isTransient: false, "the query response has no jobReference");
        var location = page["jobReference"]?["location"]?.GetValue<string>() ?? _options.Location;
        var results = $"bigquery/v2/projects/{Uri.EscapeDataString(_options.ProjectId)}/queries/{Uri.EscapeDataString(jobId)}" +
                      $"?location={Uri.EscapeDataString(location)}&timeoutMs={(long)_options.PollTimeout.TotalMilliseconds}&maxResults={_options.PageSize}";

        while (page["jobComplete"]?.GetValue<bool>() != true)
        {
            if (_time.GetUtcNow() > deadline)
            {
                throw new AudienceQueryException(Engine, "Timeout", isTransient: true, $"job {jobId} did not finish within {_options.QueryTimeout}");
            }

            page = await SendAsync(HttpMethod.Get, results, null, cancellationToken).ConfigureAwait(false);
        }

        var column = UserIdIndex(page);
        long count = 0;
        while (true)
        {
            foreach (var row in page["rows"]?.AsArray() ?? [])
            {
                if (row?["f"]?[column]?["v"]?.GetValue<string>() is { } userId)
                {
                    await onUser(userId).ConfigureAwait(false);
                    count++;
                }
            }

            if (page["pageToken"]?.GetValue<string>() is not { Length: > 0 } token)
            {
                return count;
            }

            page = await SendAsync(HttpMethod.Get, results + "&pageToken=" + Uri.EscapeDataString(token), null, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string TypeName(AudienceParameterType type) => type switch
    {
        AudienceParameterType.Date => "DATE",
        _ => "STRING",
    };

    private int UserIdIndex(JsonNode page)
    {
        var fields = page["schema"]?["fields"]?.AsArray() ?? [];
        for (var i = 0; i < fields.Count; i++)
        {
            if (string.Equals(fields[i]?["name"]?.GetValue<string>(), AudienceSql.UserIdColumn, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new AudienceQueryException(Engine, "NoUserIdColumn", isTransient: false, "the query must return a user_id column");
    }

    private async Task<JsonNode> SendAsync(HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        var token = await _tokens.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false);
        using var response = await SendOnceAsync(method, path, body, token, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
        {
            // A revoked or expired access token: renew it once, as the FCM client does, then the answer stands.
            await _tokens.RenewAsync(token, cancellationToken).ConfigureAwait(false);
            token = await _tokens.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false);
            using var retried = await SendOnceAsync(method, path, body, token, cancellationToken).ConfigureAwait(false);
            return await ReadAsync(retried, cancellationToken).ConfigureAwait(false);
        }

        return await ReadAsync(response, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpMethod method, string path, JsonObject? body, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_options.BaseUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString()) { Headers = { ContentType = Json } };
        }

        return await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<JsonNode> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        JsonNode? json;
        try
        {
            json = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            json = null;
        }

        if (response.IsSuccessStatusCode && json is not null)
        {
            // A job can fail inside a 200: errorResult / errors.
            if (json["errors"]?.AsArray() is { Count: > 0 } errors && json["jobComplete"]?.GetValue<bool>() == true)
            {
                throw Failure((int)response.StatusCode, errors[0]);
            }

            return json;
        }

        var error = json?["error"];
        throw Failure((int)response.StatusCode, error?["errors"]?[0] ?? error, error?["message"]?.GetValue<string>() ?? text);
    }

    private AudienceQueryException Failure(int status, JsonNode? error, string? message = null)
    {
        var reason = error?["reason"]?.GetValue<string>() ?? $"HTTP_{status}";
        message ??= error?["message"]?.GetValue<string>();
        if (reason == "invalidQuery" && message?.Contains("Unrecognized name: user_id", StringComparison.OrdinalIgnoreCase) == true)
        {
            return new AudienceQueryException(Engine, "NoUserIdColumn", isTransient: false, "the query must return a user_id column: " + message);
        }

        var transient = reason is "backendError" or "internalError" or "rateLimitExceeded" || status is 429 or >= 500;
        return new AudienceQueryException(Engine, reason, transient, message ?? reason);
    }
}
