using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Notifications.Gateways.OAuth;

namespace Notifications.Gateways.BigQuery;

/// <summary>
/// BigQuery's REST shape for queries: <c>POST /bigquery/v2/projects/{p}/queries</c> (jobs.query),
/// <c>GET .../queries/{jobId}</c> (jobs.getQueryResults) with <c>jobComplete</c>, <c>pageToken</c> paging,
/// <c>maxResults</c>, <c>location</c> and the Google error envelope, and <c>POST .../jobs</c> (jobs.insert) for dry
/// runs, answered with a Job resource carrying <c>statistics.query.statementType</c>, the bytes processed and the
/// result schema. It cannot execute SQL: tests register canned results (and the bytes they scan) by text the query
/// contains, and <see cref="BigQueryStatements"/> reads the statement type with BigQuery's lexical rules. A job can be
/// made to stay incomplete for a number of polls; only standard SQL (<c>useLegacySql:false</c>) with a valid OAuth
/// bearer (BigQuery scope) is accepted; labels are checked as BigQuery checks them, and a query whose bytes exceed
/// its <c>maximumBytesBilled</c> fails with <c>bytesBilledLimitExceeded</c>. Every job is recorded in <see cref="Jobs"/>.
/// </summary>
public sealed partial class BigQueryGateway
{
    /// <summary>The OAuth scope required.</summary>
    public const string Scope = "https://www.googleapis.com/auth/bigquery";

    private readonly OAuthGateway _oauth;
    private readonly ConcurrentQueue<CannedQuery> _canned = new();
    private readonly ConcurrentDictionary<string, Job> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<JsonObject> _requests = new();
    private readonly ConcurrentQueue<JsonObject> _inserts = new();
    private readonly ConcurrentQueue<BigQueryJobRecord> _records = new();

    internal BigQueryGateway(OAuthGateway oauth) => _oauth = oauth;

    /// <summary>The base URL; set when the listener starts.</summary>
    public Uri BaseUrl { get; internal set; } = null!;

    /// <summary>How many getQueryResults polls a new job answers with <c>jobComplete:false</c>.</summary>
    public int PendingPolls { get; set; }

    /// <summary>The largest page returned, whatever maxResults asks (to force paging in tests).</summary>
    public int MaxPageSize { get; set; } = 10_000;

    /// <summary>Every jobs.query body received.</summary>
    public IReadOnlyCollection<JsonObject> Requests => _requests;

    /// <summary>Every jobs.insert body received (dry runs).</summary>
    public IReadOnlyCollection<JsonObject> JobInserts => _inserts;

    /// <summary>Every job received through jobs.insert or jobs.query, in order: text, statement type, byte cap, labels.</summary>
    public IReadOnlyCollection<BigQueryJobRecord> Jobs => _records;

    /// <summary>
    /// Answers queries containing <paramref name="match"/> with these rows, scanning <paramref name="bytesProcessed"/>
    /// bytes (what the dry run reports) and billing <paramref name="bytesBilled"/> (the same unless given).
    /// </summary>
    public void Register(
        string match, IReadOnlyList<string> columns, IEnumerable<string?[]> rows, long bytesProcessed = CannedQuery.DefaultBytesProcessed, long? bytesBilled = null) =>
        _canned.Enqueue(new CannedQuery(match, columns, rows.ToList(), bytesProcessed, bytesBilled));

    internal async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var auth = context.Request.Headers.Authorization.ToString();
        if (!auth.StartsWith("Bearer ", StringComparison.Ordinal) || !_oauth.IsValid(auth[7..], Scope))
        {
            await ErrorAsync(context, 401, "UNAUTHENTICATED", "authError", "Request is missing required authentication credential.");
            return;
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments is ["bigquery", "v2", "projects", _, "queries"] && HttpMethods.IsPost(context.Request.Method))
        {
            await QueryAsync(context);
        }
        else if (segments is ["bigquery", "v2", "projects", var project, "jobs"] && HttpMethods.IsPost(context.Request.Method))
        {
            await InsertJobAsync(context, Uri.UnescapeDataString(project));
        }
        else if (segments is ["bigquery", "v2", "projects", _, "queries", var jobId] && HttpMethods.IsGet(context.Request.Method))
        {
            await ResultsAsync(context, Uri.UnescapeDataString(jobId));
        }
        else
        {
            await ErrorAsync(context, 404, "NOT_FOUND", "notFound", $"No such method: {context.Request.Method} {path}");
        }
    }

    private async Task QueryAsync(HttpContext context)
    {
        if (await ReadBodyAsync(context) is not { } request)
        {
            return;
        }

        _requests.Enqueue(request);
        if (request["useLegacySql"]?.GetValue<bool>() != false)
        {
            await ErrorAsync(context, 400, "INVALID_ARGUMENT", "invalidQuery", "Legacy SQL is not accepted here; send useLegacySql: false.");
            return;
        }

        if (await JobSettingsAsync(context, request["labels"], request["maximumBytesBilled"]) is not { } settings)
        {
            return;
        }

        var sql = request["query"]?.GetValue<string>() ?? string.Empty;
        var (statementType, syntaxError) = Classify(sql);
        _records.Enqueue(new BigQueryJobRecord("jobs.query", false, sql, statementType, settings.MaximumBytesBilled, settings.Labels));
        if (syntaxError is not null)
        {
            await ErrorAsync(context, 400, "INVALID_ARGUMENT", "invalidQuery", syntaxError);
            return;
        }

        if (statementType != "SELECT")
        {
            // BigQuery would run it (a script, DML, DDL); the loopback runs only canned SELECT results.
            await ErrorAsync(context, 400, "INVALID_ARGUMENT", "invalidQuery", $"The loopback BigQuery runs only SELECT queries; this is {statementType}.");
            return;
        }

        if (await CannedAsync(context, sql) is not { } canned)
        {
            return;
        }

        var billed = canned.BytesBilled ?? canned.BytesProcessed;
        if (settings.MaximumBytesBilled is { } limit && billed > limit)
        {
            // BigQuery names the smallest limit that would do, in whole megabytes and at least the 10 MB minimum.
            var required = Math.Max(CannedQuery.DefaultBytesProcessed, (billed + 1_048_575) / 1_048_576 * 1_048_576);
            await ErrorAsync(context, 400, "INVALID_ARGUMENT", "bytesBilledLimitExceeded",
                string.Create(CultureInfo.InvariantCulture, $"Query exceeded limit for bytes billed: {limit}. {required} or higher required."));
            return;
        }

        var job = new Job("job_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), request["location"]?.GetValue<string>() ?? "US", canned, PendingPolls);
        _jobs[job.Id] = job;
        await WritePageAsync(context, job, pageToken: null, request["maxResults"]?.GetValue<int>());
    }

    /// <summary>
    /// jobs.insert with <c>configuration.dryRun</c>: the Job resource BigQuery returns for a dry run, with the
    /// statement type, the bytes the query would process and (for a SELECT) the result schema; nothing runs.
    /// </summary>
    private async Task InsertJobAsync(HttpContext context, string project)
    {
        if (await ReadBodyAsync(context) is not { } request)
        {
            return;
        }

        _inserts.Enqueue(request);
        var configuration = request["configuration"] as JsonObject;
        if (configuration?["query"] is not JsonObject query)
        {
            await ErrorAsync(context, 400, "INVALID_ARGUMENT", "invalid", "The loopback BigQuery takes query jobs only: configuration.query is required.");
            return;
        }

        if (configuration["dryRun"]?.GetValue<bool>() != true)
        {
            await ErrorAsync(context, 400, "INVALID_ARGUMENT", "invalid", "The loopback BigQuery runs queries through jobs.query; jobs.insert takes dry runs only.");
            return;
        }

        if (query["useLegacySql"]?.GetValue<bool>() != false)
        {
            await ErrorAsync(context, 400, "INVALID_ARGUMENT", "invalidQuery", "Legacy SQL is not accepted here; send useLegacySql: false.");
            return;
        }

        if (await JobSettingsAsync(context, configuration["labels"], query["maximumBytesBilled"]) is not { } settings)
        {
            return;
        }

        var sql = query["query"]?.GetValue<string>() ?? string.Empty;
        var (statementType, syntaxError) = Classify(sql);
        _records.Enqueue(new BigQueryJobRecord("jobs.insert", true, sql, statementType, settings.MaximumBytesBilled, settings.Labels));
        if (syntaxError is not null)
        {
            await ErrorAsync(context, 400, "INVALID_ARGUMENT", "invalidQuery", syntaxError);
            return;
        }

        long bytes = 0;
        JsonObject? schema = null;
        if (statementType == "SELECT")
        {
            if (await CannedAsync(context, sql) is not { } canned)
            {
                return;
            }

            bytes = canned.BytesProcessed;
            schema = Schema(canned);
        }

        var location = request["jobReference"]?["location"]?.GetValue<string>() ?? "US";
        var processed = bytes.ToString(CultureInfo.InvariantCulture);
        var queryStatistics = new JsonObject
        {
            ["totalBytesProcessed"] = processed,
            ["totalBytesProcessedAccuracy"] = "PRECISE",
            ["cacheHit"] = false,
            ["statementType"] = statementType,
        };
        if (schema is not null)
        {
            queryStatistics["schema"] = schema;
        }

        await context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["kind"] = "bigquery#job",
            ["jobReference"] = new JsonObject { ["projectId"] = project, ["location"] = location },
            ["configuration"] = new JsonObject
            {
                ["jobType"] = "QUERY",
                ["dryRun"] = true,
                ["query"] = query.DeepClone(),
                ["labels"] = configuration["labels"]?.DeepClone(),
            },
            ["status"] = new JsonObject { ["state"] = "DONE" },
            ["statistics"] = new JsonObject
            {
                ["totalBytesProcessed"] = processed,
                ["query"] = queryStatistics,
            },
        }, context.RequestAborted);
    }

    private static (string? StatementType, string? SyntaxError) Classify(string sql)
    {
        try
        {
            return (BigQueryStatements.Classify(sql), null);
        }
        catch (BigQuerySyntaxException ex)
        {
            return (null, ex.Message);
        }
    }

    private static async Task<JsonObject?> ReadBodyAsync(HttpContext context)
    {
        string problem;
        try
        {
            if (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) is JsonObject body)
            {
                return body;
            }

            problem = "the body must be a JSON object.";
        }
        catch (JsonException ex)
        {
            problem = ex.Message;
        }

        await ErrorAsync(context, 400, "INVALID_ARGUMENT", "invalid", "Invalid JSON payload received. " + problem);
        return null;
    }

    /// <summary>The canned result for <paramref name="sql"/>, or null after answering as BigQuery does when nothing matches.</summary>
    private async Task<CannedQuery?> CannedAsync(HttpContext context, string sql)
    {
        var canned = _canned.FirstOrDefault(c => sql.Contains(c.Match, StringComparison.Ordinal));
        if (canned is null)
        {
            await ErrorAsync(context, 400, "INVALID_ARGUMENT", "invalidQuery", "Unrecognized name: no table in the query exists in this project [at 1:1]");
            return null;
        }

        // Only the audience wrapper selects user_id from the query it wraps; a readout joins on user_id inside and
        // returns other columns.
        if (!canned.Columns.Contains("user_id", StringComparer.OrdinalIgnoreCase) && sql.Contains("CAST(user_id AS", StringComparison.OrdinalIgnoreCase))
        {
            // What BigQuery says when the wrapper selects user_id from a query that has no such column.
            await ErrorAsync(context, 400, "INVALID_ARGUMENT", "invalidQuery", "Unrecognized name: user_id at [1:8]");
            return null;
        }

        return canned;
    }

    /// <summary>
    /// A job's labels and byte cap, checked as BigQuery checks them (keys start with a lowercase letter; keys and values
    /// are lowercase letters, digits, <c>_</c> and <c>-</c>, at most 63 characters; the cap is an int64); null after a 400.
    /// </summary>
    private static async Task<JobSettings?> JobSettingsAsync(HttpContext context, JsonNode? labels, JsonNode? maximumBytesBilled)
    {
        var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in labels as JsonObject ?? [])
        {
            var text = value?.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
            if (!LabelKey().IsMatch(key) || text is null || !LabelValue().IsMatch(text))
            {
                await ErrorAsync(context, 400, "INVALID_ARGUMENT", "invalid",
                    $"Label key or value is invalid: '{key}'. Keys and values can contain only lowercase letters, numeric characters, underscores and dashes, at most 63 characters; keys start with a letter.");
                return null;
            }

            parsed[key] = text;
        }

        long? limit = null;
        if (maximumBytesBilled is not null)
        {
            var text = maximumBytesBilled.GetValueKind() == JsonValueKind.Number ? maximumBytesBilled.ToJsonString() : maximumBytesBilled.GetValue<string>();
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                await ErrorAsync(context, 400, "INVALID_ARGUMENT", "invalid", $"Invalid value for maximumBytesBilled: {text}");
                return null;
            }

            limit = value;
        }

        return new JobSettings(parsed, limit);
    }

    private static JsonObject Schema(CannedQuery canned) => new()
    {
        ["fields"] = new JsonArray(canned.Columns.Select(c => (JsonNode)new JsonObject { ["name"] = c, ["type"] = "STRING", ["mode"] = "NULLABLE" }).ToArray()),
    };

    private async Task ResultsAsync(HttpContext context, string jobId)
    {
        var query = context.Request.Query;
        if (!_jobs.TryGetValue(jobId, out var job) || !string.Equals(query["location"].ToString(), job.Location, StringComparison.OrdinalIgnoreCase))
        {
            await ErrorAsync(context, 404, "NOT_FOUND", "notFound", $"Not found: Job {jobId} (check the location)");
            return;
        }

        var max = int.TryParse(query["maxResults"], NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : (int?)null;
        await WritePageAsync(context, job, query["pageToken"].ToString() is { Length: > 0 } token ? token : null, max);
    }

    private async Task WritePageAsync(HttpContext context, Job job, string? pageToken, int? maxResults)
    {
        var response = new JsonObject
        {
            ["kind"] = "bigquery#queryResponse",
            ["jobReference"] = new JsonObject { ["projectId"] = "loopback", ["jobId"] = job.Id, ["location"] = job.Location },
        };
        if (Interlocked.Decrement(ref job.PendingPolls) >= 0)
        {
            response["jobComplete"] = false;
            await context.Response.WriteAsJsonAsync(response, context.RequestAborted);
            return;
        }

        var size = Math.Min(maxResults ?? MaxPageSize, MaxPageSize);
        var start = pageToken is null ? 0 : int.Parse(pageToken, CultureInfo.InvariantCulture);
        var rows = job.Result.Rows.Skip(start).Take(size).Select(r => (JsonNode)new JsonObject
        {
            ["f"] = new JsonArray(r.Select(v => (JsonNode)new JsonObject { ["v"] = v }).ToArray()),
        }).ToArray();
        response["jobComplete"] = true;
        response["totalRows"] = job.Result.Rows.Count.ToString(CultureInfo.InvariantCulture);
        response["schema"] = Schema(job.Result);
        response["rows"] = new JsonArray(rows);
        if (start + size < job.Result.Rows.Count)
        {
            response["pageToken"] = (start + size).ToString(CultureInfo.InvariantCulture);
        }

        await context.Response.WriteAsJsonAsync(response, context.RequestAborted);
    }

    private static Task ErrorAsync(HttpContext context, int code, string status, string reason, string message)
    {
        context.Response.StatusCode = code;
        return context.Response.WriteAsJsonAsync(new
        {
            error = new { code, message, status, errors = new[] { new { reason, domain = "global", message } } },
        }, context.RequestAborted);
    }

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,62}$")]
    private static partial Regex LabelKey();

    [GeneratedRegex("^[a-z0-9_-]{0,63}$")]
    private static partial Regex LabelValue();

    private sealed record JobSettings(IReadOnlyDictionary<string, string> Labels, long? MaximumBytesBilled);

    private sealed class Job(string id, string location, CannedQuery result, int pendingPolls)
    {
        public int PendingPolls = pendingPolls;

        public string Id { get; } = id;

        public string Location { get; } = location;

        public CannedQuery Result { get; } = result;
    }
}
