using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Notifications.Gateways.OAuth;

namespace Notifications.Gateways.BigQuery;

/// <summary>
/// BigQuery's REST shape for queries: <c>POST /bigquery/v2/projects/{p}/queries</c> (jobs.query) and
/// <c>GET .../queries/{jobId}</c> (jobs.getQueryResults) with <c>jobComplete</c>, <c>pageToken</c> paging,
/// <c>maxResults</c>, <c>location</c> and the Google error envelope. It cannot execute SQL: tests register canned
/// results by text the query contains. A job can be made to stay incomplete for a number of polls, and only
/// standard SQL (<c>useLegacySql:false</c>) with a valid OAuth bearer (BigQuery scope) is accepted.
/// </summary>
public sealed class BigQueryGateway
{
    /// <summary>The OAuth scope required.</summary>
    public const string Scope = "https://www.googleapis.com/auth/bigquery";

    private readonly OAuthGateway _oauth;
    private readonly ConcurrentQueue<CannedQuery> _canned = new();
    private readonly ConcurrentDictionary<string, Job> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<JsonObject> _requests = new();

    internal BigQueryGateway(OAuthGateway oauth) => _oauth = oauth;

    /// <summary>The base URL; set when the listener starts.</summary>
    public Uri BaseUrl { get; internal set; } = null!;

    /// <summary>How many getQueryResults polls a new job answers with <c>jobComplete:false</c>.</summary>
    public int PendingPolls { get; set; }

    /// <summary>The largest page returned, whatever maxResults asks (to force paging in tests).</summary>
    public int MaxPageSize { get; set; } = 10_000;

    /// <summary>Every jobs.query body received.</summary>
    public IReadOnlyCollection<JsonObject> Requests => _requests;

    /// <summary>Answers queries containing <paramref name="match"/> with these rows.</summary>
    public void Register(string match, IReadOnlyList<string> columns, IEnumerable<string?[]> rows) =>
        _canned.Enqueue(new CannedQuery(match, columns, rows.ToList()));

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
        JsonObject request;
        try
        {
            request = (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))!.AsObject();
        }
        catch (JsonException ex)
        {
            await ErrorAsync(context, 400, "INVALID_ARGUMENT", "invalid", "Invalid JSON payload received. " + ex.Message);
            return;
        }

        _requests.Enqueue(request);
        if (request["useLegacySql"]?.GetValue<bool>() != false)
        {
            await ErrorAsync(context, 400, "INVALID_ARGUMENT", "invalidQuery", "Legacy SQL is not accepted here; send useLegacySql: false.");
            return;
        }

        var sql = request["query"]?.GetValue<string>() ?? string.Empty;
        var canned = _canned.FirstOrDefault(c => sql.Contains(c.Match, StringComparison.Ordinal));
        if (canned is null)
        {
            await ErrorAsync(context, 400, "INVALID_ARGUMENT", "invalidQuery", "Unrecognized name: no table in the query exists in this project [at 1:1]");
            return;
        }

        if (!canned.Columns.Contains("user_id", StringComparer.OrdinalIgnoreCase) && sql.Contains("user_id", StringComparison.OrdinalIgnoreCase))
        {
            // What BigQuery says when the wrapper selects user_id from a query that has no such column.
            await ErrorAsync(context, 400, "INVALID_ARGUMENT", "invalidQuery", "Unrecognized name: user_id at [1:8]");
            return;
        }

        var job = new Job("job_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), request["location"]?.GetValue<string>() ?? "US", canned, PendingPolls);
        _jobs[job.Id] = job;
        await WritePageAsync(context, job, pageToken: null, request["maxResults"]?.GetValue<int>());
    }

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
        response["schema"] = new JsonObject
        {
            ["fields"] = new JsonArray(job.Result.Columns.Select(c => (JsonNode)new JsonObject { ["name"] = c, ["type"] = "STRING", ["mode"] = "NULLABLE" }).ToArray()),
        };
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

    private sealed class Job(string id, string location, CannedQuery result, int pendingPolls)
    {
        public int PendingPolls = pendingPolls;

        public string Id { get; } = id;

        public string Location { get; } = location;

        public CannedQuery Result { get; } = result;
    }
}
