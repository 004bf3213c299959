using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.Core.Delivery.Fcm;
using Notifications.Core.Diagnostics;

namespace Notifications.Core.Audience.BigQuery;

/// <summary>
/// BigQuery over REST. Every query is first dry-run with <c>jobs.insert</c> (<c>configuration.dryRun</c>), which costs
/// nothing and makes BigQuery itself say what the text is: its <c>statementType</c> must be <c>SELECT</c> (a script of
/// several statements is <c>SCRIPT</c>, and DML, DDL and <c>EXPORT DATA</c> have their own types), and its
/// <c>totalBytesProcessed</c> must be within <see cref="BigQueryOptions.MaximumBytesBilled"/>. The dry run is of the
/// exact wrapped text that then runs through <c>jobs.query</c> (standard SQL, named parameters, the same byte cap as
/// <c>maximumBytesBilled</c>, job labels naming the app and the campaign), followed by <c>jobs.getQueryResults</c>
/// while the job runs and for every further page, streaming the user ids of each page as it arrives.
/// </summary>
public sealed class BigQueryAudienceSource : IAudienceSource
{
    /// <summary>The label every job carries, so the app's jobs can be found and costed in BigQuery.</summary>
    public const string AppLabel = "notifications";

    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;
    private readonly IGoogleAccessTokenSource _tokens;
    private readonly BigQueryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<BigQueryAudienceSource> _logger;

    /// <summary>Creates the source (typed HttpClient, its own token source with the BigQuery scope).</summary>
    public BigQueryAudienceSource(
        HttpClient http, IGoogleAccessTokenSource tokens, IOptions<BigQueryOptions> options, TimeProvider time, ILogger<BigQueryAudienceSource> logger)
    {
        _http = http;
        _tokens = tokens;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public string Engine => "bigquery";

    private string Project => Uri.EscapeDataString(_options.ProjectId);

    /// <inheritdoc />
    public async Task<AudienceCheck> CheckAsync(AudienceQuery query, CancellationToken cancellationToken = default)
    {
        var text = AudienceSql.TrimStatement(query.Sql);
        if (text.Length == 0)
        {
            return Refused(query, AudienceSql.Empty).ToCheck();
        }

        var (problem, bytes) = await DryRunAsync(query, AudienceSql.Wrap(text, "STRING", query.Columns), cancellationToken).ConfigureAwait(false);
        return problem is null ? AudienceCheck.Valid(bytes) : Refused(query, problem).ToCheck();
    }

    /// <inheritdoc />
    public Task<long> RunAsync(AudienceQuery query, Func<string, ValueTask> onUser, CancellationToken cancellationToken = default) =>
        RunAsync(query, (userId, _) => onUser(userId), cancellationToken);

    /// <inheritdoc />
    public async Task<long> RunAsync(AudienceQuery query, Func<string, IReadOnlyList<string?>, ValueTask> onUser, CancellationToken cancellationToken = default)
    {
        var text = AudienceSql.TrimStatement(query.Sql);
        if (text.Length == 0)
        {
            throw Refused(query, AudienceSql.Empty).ToException(Engine);
        }

        // One string for both calls: what runs is what the dry run checked.
        var sql = AudienceSql.Wrap(text, "STRING", query.Columns);
        if ((await DryRunAsync(query, sql, cancellationToken).ConfigureAwait(false)).Problem is { } problem)
        {
            throw Refused(query, problem).ToException(Engine);
        }

        var (page, results) = await QueryAsync(query, sql, _options.PageSize, cancellationToken).ConfigureAwait(false);
        var column = ColumnIndex(page, AudienceSql.UserIdColumn);
        var valueColumns = (query.Columns ?? []).Select(c => ColumnIndex(page, c)).ToArray();
        long count = 0;
        while (true)
        {
            foreach (var row in page["rows"]?.AsArray() ?? [])
            {
                if (row?["f"]?[column]?["v"]?.GetValue<string>() is { } userId)
                {
                    var values = valueColumns.Select(i => row["f"]?[i]?["v"]?.GetValue<string>()).ToArray();
                    await onUser(userId, values).ConfigureAwait(false);
                    count++;
                }
            }

            if (page["pageToken"]?.GetValue<string>() is not { Length: > 0 } token)
            {
                Log.AudienceSelected(_logger, Engine, query.Label ?? "-", count);
                return count;
            }

            page = await SendAsync(HttpMethod.Get, results + "&pageToken=" + Uri.EscapeDataString(token), null, sql, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// No dry run: the text is the system's own. It runs under the same byte cap and labels as an audience query, and
    /// reads <c>push_exposures</c> and <c>push_events</c> from the default dataset, where the logs are loaded.
    /// </remarks>
    public async Task<IReadOnlyList<string?[]>> ReadAsync(Experiments.Readout.ReadoutQuery query, CancellationToken cancellationToken = default)
    {
        var audienceQuery = new AudienceQuery(query.Sql, query.Parameters, query.Label);
        var (page, results) = await QueryAsync(audienceQuery, query.Sql, 10_000, cancellationToken).ConfigureAwait(false);
        var indexes = query.Columns.Select(c => ColumnIndex(page, c)).ToArray();
        var rows = new List<string?[]>();
        while (true)
        {
            foreach (var row in page["rows"]?.AsArray() ?? [])
            {
                rows.Add(indexes.Select(i => row?["f"]?[i]?["v"]?.GetValue<string>()).ToArray());
            }

            if (page["pageToken"]?.GetValue<string>() is not { Length: > 0 } token)
            {
                Log.AudienceSelected(_logger, Engine, query.Label, rows.Count);
                return rows;
            }

            page = await SendAsync(HttpMethod.Get, results + "&pageToken=" + Uri.EscapeDataString(token), null, query.Sql, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<AudienceSample> SampleAsync(AudienceQuery query, int sampleSize, long countLimit, CancellationToken cancellationToken = default)
    {
        var text = AudienceSql.TrimStatement(query.Sql);
        if (text.Length == 0)
        {
            return AudienceSample.Refused(Refused(query, AudienceSql.Empty).Message);
        }

        // The dry run prices and checks the sampling text itself, which is what runs.
        var sql = AudienceSql.Sample(AudienceSql.Wrap(text, "STRING"), sampleSize, countLimit, "FARM_FINGERPRINT");
        var (problem, bytes) = await DryRunAsync(query, sql, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return AudienceSample.Refused(Refused(query, problem).Message) with { BytesProcessed = bytes > 0 ? bytes : null };
        }

        try
        {
            var (page, _) = await QueryAsync(query, sql, sampleSize + 1, cancellationToken).ConfigureAwait(false);
            var (userColumn, countColumn) = (ColumnIndex(page, AudienceSql.UserIdColumn), ColumnIndex(page, "users"));
            long users = 0;
            var sample = new List<string>(sampleSize);
            foreach (var row in page["rows"]?.AsArray() ?? [])
            {
                users = Int64(row?["f"]?[countColumn]?["v"]) ?? users;
                if (row?["f"]?[userColumn]?["v"]?.GetValue<string>() is { } userId)
                {
                    sample.Add(userId);
                }
            }

            return new AudienceSample(null, Math.Min(users, countLimit), users > countLimit, sample, bytes);
        }
        catch (AudienceQueryException ex) when (!ex.IsTransient)
        {
            return AudienceSample.Refused(ex.Message[(Engine.Length + 2)..]);
        }
    }

    /// <inheritdoc />
    /// <remarks>The default dataset's <c>INFORMATION_SCHEMA.COLUMNS</c>; nothing without a default dataset.</remarks>
    public async Task<IReadOnlyList<AudienceColumn>> DescribeAsync(CancellationToken cancellationToken = default)
    {
        if (_options.DefaultDataset is not { Length: > 0 } dataset)
        {
            return [];
        }

        var sql = $"SELECT table_name, column_name, data_type FROM `{dataset.Replace("`", "", StringComparison.Ordinal)}`.INFORMATION_SCHEMA.COLUMNS ORDER BY table_name, ordinal_position";
        var (page, _) = await QueryAsync(new AudienceQuery(sql, Label: "catalogue"), sql, 10_000, cancellationToken).ConfigureAwait(false);
        var (table, column, type) = (ColumnIndex(page, "table_name"), ColumnIndex(page, "column_name"), ColumnIndex(page, "data_type"));
        return (page["rows"]?.AsArray() ?? [])
            .Select(row => new AudienceColumn(
                row?["f"]?[table]?["v"]?.GetValue<string>() ?? "", row?["f"]?[column]?["v"]?.GetValue<string>() ?? "", row?["f"]?[type]?["v"]?.GetValue<string>() ?? ""))
            .ToList();
    }

    /// <summary>
    /// Runs <paramref name="sql"/> as a query job (<c>jobs.query</c>) and polls until it completes; returns its first
    /// page of at most <paramref name="maxResults"/> rows and the URL of its results, for the next pages.
    /// </summary>
    private async Task<(JsonNode Page, string Results)> QueryAsync(AudienceQuery query, string sql, int maxResults, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + _options.QueryTimeout;
        var body = QueryConfiguration(query, sql);
        body["maxResults"] = maxResults;
        body["timeoutMs"] = (long)_options.PollTimeout.TotalMilliseconds;
        body["location"] = _options.Location;
        body["labels"] = Labels(query.Label);

        var page = await SendAsync(HttpMethod.Post, $"bigquery/v2/projects/{Project}/queries", body, sql, cancellationToken).ConfigureAwait(false);
        var jobId = page["jobReference"]?["jobId"]?.GetValue<string>()
            ?? throw new AudienceQueryException(Engine, "NoJobReference", isTransient: false, "the query response has no jobReference");
        var location = page["jobReference"]?["location"]?.GetValue<string>() ?? _options.Location;
        var results = $"bigquery/v2/projects/{Project}/queries/{Uri.EscapeDataString(jobId)}" +
                      $"?location={Uri.EscapeDataString(location)}&timeoutMs={(long)_options.PollTimeout.TotalMilliseconds}&maxResults={maxResults}";

        while (page["jobComplete"]?.GetValue<bool>() != true)
        {
            if (_time.GetUtcNow() > deadline)
            {
                throw new AudienceQueryException(Engine, "Timeout", isTransient: true, $"job {jobId} did not finish within {_options.QueryTimeout}");
            }

            page = await SendAsync(HttpMethod.Get, results, null, sql, cancellationToken).ConfigureAwait(false);
        }

        return (page, results);
    }

    /// <summary>
    /// A label value BigQuery accepts: lowercase letters, digits, <c>_</c> and <c>-</c>, at most 63 characters (other
    /// characters become <c>-</c>); null when nothing is left.
    /// </summary>
    internal static string? LabelValue(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var value = new StringBuilder(Math.Min(text.Length, 63));
        foreach (var c in text.Trim())
        {
            if (value.Length == 63)
            {
                break;
            }

            var lower = char.ToLowerInvariant(c);
            value.Append(lower is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-' ? lower : '-');
        }

        return value.ToString();
    }

    /// <summary>Bytes for people: <c>150 GiB (161,061,273,600 bytes)</c>.</summary>
    internal static string Size(long bytes)
    {
        string[] units = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
        var value = (double)bytes;
        var unit = -1;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit < 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} bytes")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {units[unit]} ({bytes:N0} bytes)");
    }

    private static JsonObject Labels(string? label)
    {
        var labels = new JsonObject { ["app"] = AppLabel };
        if (LabelValue(label) is { } campaign)
        {
            labels["campaign"] = campaign;
        }

        return labels;
    }

    private static string TypeName(AudienceParameterType type) => type switch
    {
        AudienceParameterType.Date => "DATE",
        _ => "STRING",
    };

    private static long? Int64(JsonNode? node) =>
        node?.GetValueKind() switch
        {
            JsonValueKind.String => long.TryParse(node.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null,
            JsonValueKind.Number => node.GetValue<long>(),
            _ => null,
        };

    /// <summary>
    /// The query, its parameters, default dataset and byte cap: the same object is the dry run's
    /// <c>configuration.query</c> and the base of the <c>jobs.query</c> request.
    /// </summary>
    private JsonObject QueryConfiguration(AudienceQuery query, string sql)
    {
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
            // int64 travels as a string in Google's JSON.
            ["maximumBytesBilled"] = _options.MaximumBytesBilled.ToString(CultureInfo.InvariantCulture),
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

        return body;
    }

    /// <summary>
    /// Dry-runs <paramref name="sql"/> (<c>jobs.insert</c>, <c>configuration.dryRun</c>): BigQuery parses, resolves
    /// and prices it without running it. Refused unless it is one SELECT within the byte budget.
    /// </summary>
    /// <exception cref="AudienceQueryException">A transient failure (BigQuery busy, quota, network).</exception>
    private async Task<(AudienceProblem? Problem, long Bytes)> DryRunAsync(AudienceQuery query, string sql, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["jobReference"] = new JsonObject { ["projectId"] = _options.ProjectId, ["location"] = _options.Location },
            ["configuration"] = new JsonObject
            {
                ["dryRun"] = true,
                ["labels"] = Labels(query.Label),
                ["query"] = QueryConfiguration(query, sql),
            },
        };
        JsonNode job;
        try
        {
            job = await SendAsync(HttpMethod.Post, $"bigquery/v2/projects/{Project}/jobs", body, sql, cancellationToken).ConfigureAwait(false);
        }
        catch (AudienceQueryException ex) when (!ex.IsTransient)
        {
            // BigQuery names the first column it cannot resolve ("Unrecognized name: frist_name"): one of the message's?
            var missing = (query.Columns ?? []).Where(c => ex.Message.Contains($"Unrecognized name: {c}", StringComparison.OrdinalIgnoreCase)).ToList();
            return missing.Count > 0
                ? (AudienceProblem.UnknownColumns(missing), 0)
                : (new AudienceProblem(ex.Reason, ex.Message.StartsWith(Engine + ": ", StringComparison.Ordinal) ? ex.Message[(Engine.Length + 2)..] : ex.Message), 0);
        }

        var statistics = job["statistics"];
        var statementType = statistics?["query"]?["statementType"]?.GetValue<string>();
        if (statementType != "SELECT")
        {
            return (statementType switch
            {
                "SCRIPT" => new AudienceProblem("MultipleStatements",
                    "the audience query must be a single SELECT statement; BigQuery reads it as a script of several statements"),
                null => new AudienceProblem("NotSelect", "BigQuery's dry run did not say what kind of statement the audience query is, so it does not run"),
                _ => new AudienceProblem("NotSelect", $"the audience query must be one read-only SELECT statement; BigQuery reads it as {statementType}"),
            }, 0);
        }

        if ((Int64(statistics?["query"]?["totalBytesProcessed"]) ?? Int64(statistics?["totalBytesProcessed"])) is not { } bytes)
        {
            return (new AudienceProblem("NoEstimate", "BigQuery's dry run did not say how many bytes the audience query would process, so it does not run"), 0);
        }

        if (bytes > _options.MaximumBytesBilled)
        {
            return (new AudienceProblem("TooExpensive",
                $"the audience query would process {Size(bytes)}, more than the {Size(_options.MaximumBytesBilled)} an audience query may (Audience:BigQuery:MaximumBytesBilled); " +
                "select fewer columns, filter on the partitioning column, or query a smaller table"), bytes);
        }

        if (statistics?["query"]?["schema"]?["fields"]?.AsArray() is { } fields &&
            !fields.Any(f => string.Equals(f?["name"]?.GetValue<string>(), AudienceSql.UserIdColumn, StringComparison.OrdinalIgnoreCase)))
        {
            return (new AudienceProblem("NoUserIdColumn", "the query must return a user_id column"), bytes);
        }

        if (statistics?["query"]?["schema"]?["fields"]?.AsArray() is { } returned &&
            (query.Columns ?? []).Where(c => !returned.Any(f => string.Equals(f?["name"]?.GetValue<string>(), c, StringComparison.OrdinalIgnoreCase))).ToList() is { Count: > 0 } absent)
        {
            return (AudienceProblem.UnknownColumns(absent), bytes);
        }

        Log.AudienceChecked(_logger, Engine, query.Label ?? "-", bytes);
        return (null, bytes);
    }

    private int ColumnIndex(JsonNode page, string name)
    {
        var fields = page["schema"]?["fields"]?.AsArray() ?? [];
        for (var i = 0; i < fields.Count; i++)
        {
            if (string.Equals(fields[i]?["name"]?.GetValue<string>(), name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw name == AudienceSql.UserIdColumn
            ? new AudienceQueryException(Engine, "NoUserIdColumn", isTransient: false, "the query must return a user_id column")
            : new AudienceQueryException(Engine, "UnexpectedSchema", isTransient: false, $"the result has no {name} column");
    }

    private async Task<JsonNode> SendAsync(HttpMethod method, string path, JsonObject? body, string sql, CancellationToken cancellationToken)
    {
        var token = await _tokens.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false);
        using var response = await SendOnceAsync(method, path, body, token, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
        {
            // A revoked or expired access token: renew it once, as the FCM client does, then the answer stands.
            await _tokens.RenewAsync(token, cancellationToken).ConfigureAwait(false);
            token = await _tokens.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false);
            using var retried = await SendOnceAsync(method, path, body, token, cancellationToken).ConfigureAwait(false);
            return await ReadAsync(retried, sql, cancellationToken).ConfigureAwait(false);
        }

        return await ReadAsync(response, sql, cancellationToken).ConfigureAwait(false);
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

    private async Task<JsonNode> ReadAsync(HttpResponseMessage response, string sql, CancellationToken cancellationToken)
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
            // A job can fail inside a 200: errors[] of a query response, status.errorResult of a job.
            if (json["errors"]?.AsArray() is { Count: > 0 } errors && json["jobComplete"]?.GetValue<bool>() == true)
            {
                throw Failure((int)response.StatusCode, errors[0], sql);
            }

            if (json["status"]?["errorResult"] is { } errorResult)
            {
                throw Failure((int)response.StatusCode, errorResult, sql);
            }

            return json;
        }

        var error = json?["error"];
        throw Failure((int)response.StatusCode, error?["errors"]?[0] ?? error, sql, error?["message"]?.GetValue<string>() ?? text);
    }

    /// <summary>BigQuery's error, its message redacted against the query (BigQuery quotes the values it could not read).</summary>
    private AudienceQueryException Failure(int status, JsonNode? error, string sql, string? message = null)
    {
        var reason = error?["reason"]?.GetValue<string>() ?? $"HTTP_{status}";
        message = AudienceErrorRedactor.Redact(message ?? error?["message"]?.GetValue<string>() ?? reason, sql);
        if (reason == "invalidQuery" && message.Contains("Unrecognized name: user_id", StringComparison.OrdinalIgnoreCase))
        {
            return new AudienceQueryException(Engine, "NoUserIdColumn", isTransient: false, "the query must return a user_id column: " + message, statusCode: status);
        }

        if (reason == "bytesBilledLimitExceeded")
        {
            return new AudienceQueryException(Engine, reason, isTransient: false,
                $"BigQuery stopped the audience query without charge: it would bill more than the {Size(_options.MaximumBytesBilled)} an audience query may " +
                $"(Audience:BigQuery:MaximumBytesBilled). {message}", statusCode: status);
        }

        var transient = reason is "backendError" or "internalError" or "rateLimitExceeded" || status is 429 or >= 500;
        return new AudienceQueryException(Engine, reason, transient, message, statusCode: status);
    }

    private AudienceProblem Refused(AudienceQuery query, AudienceProblem problem)
    {
        Log.AudienceRefused(_logger, Engine, query.Label ?? "-", problem.Reason, problem.Message);
        return problem;
    }
}
