using Microsoft.DurableTask.Client;
using Notifications.Core.Batches;
using Notifications.Core.Storage;

namespace Notifications.Core.Api;

/// <summary>The batch endpoints: start a send for an existing file, list the sends, read its progress, cancel it, resume it.</summary>
public sealed class BatchApi
{
    private readonly BatchService _batches;
    private readonly BatchStartIndex _index;
    private readonly TimeProvider _time;

    /// <summary>Creates the API; lists come from <paramref name="index"/> alone, start, progress, cancel and resume go through <paramref name="batches"/>.</summary>
    public BatchApi(BatchService batches, BatchStartIndex index, TimeProvider time)
    {
        _batches = batches;
        _index = index;
        _time = time;
    }

    /// <summary>
    /// <c>GET /api/batches?status=&amp;kind=&amp;from=&amp;to=&amp;limit=&amp;before=</c>: a page of sends, newest first, with
    /// the next page's <c>before</c> in <c>older</c>; 400 naming the parameter that is wrong.
    /// </summary>
    public async Task<ApiResponse> ListAsync(Func<string, string?> query, CancellationToken cancellationToken)
    {
        var (list, errors) = BatchListQuery.Parse(query, DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime));
        return list is null
            ? ApiResponse.ValidationProblem(errors, "The list query is invalid; see errors by parameter.")
            : new ApiResponse(200, await _index.ListAsync(list, cancellationToken: cancellationToken).ConfigureAwait(false));
    }

    /// <summary><c>POST /api/batches</c>: 202 with the send's id (200 when that upload already has a send).</summary>
    public async Task<ApiResponse> StartAsync(DurableTaskClient client, ApiBody body, CancellationToken cancellationToken)
    {
        var (request, problem) = await ApiJson.ReadAsync<StartBatchRequest>(body, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (BlobNames.Problem(request!.BlobName) is { } invalid)
        {
            return ApiResponse.ValidationProblem(new Dictionary<string, string[]> { ["blobName"] = [$"{invalid} (a name inside the batches container)"] });
        }

        var started = await _batches.StartAsync(client, request.BlobName!, cancellationToken).ConfigureAwait(false);
        if (started is null)
        {
            return ApiResponse.Problem(404, "No such batch file.", "No file of that name is in the batches container.");
        }

        var location = $"/api/batches/{Uri.EscapeDataString(started.BatchId)}";
        return new ApiResponse(started.Created ? 202 : 200, started, location);
    }

    /// <summary><c>GET /api/batches/{id}</c>: progress or summary.</summary>
    public async Task<ApiResponse> GetStatusAsync(DurableTaskClient client, string batchId, CancellationToken cancellationToken)
    {
        if (!BatchInstanceIds.IsValid(batchId))
        {
            return NoSuchSend();
        }

        var status = await _batches.GetStatusAsync(client, batchId, cancellationToken).ConfigureAwait(false);
        return status is null
            ? NoSuchSend()
            : new ApiResponse(200, status);
    }

    /// <summary><c>POST /api/batches/{id}/cancel</c>: 202 once the cancel is recorded.</summary>
    public async Task<ApiResponse> CancelAsync(DurableTaskClient client, string batchId, string by, CancellationToken cancellationToken)
    {
        if (!BatchInstanceIds.IsValid(batchId))
        {
            return NoSuchSend();
        }

        return await _batches.CancelAsync(client, batchId, by, cancellationToken: cancellationToken).ConfigureAwait(false)
            ? new ApiResponse(202, new { batchId, cancelled = true }, $"/api/batches/{Uri.EscapeDataString(batchId)}")
            : NoSuchSend();
    }

    /// <summary><c>POST /api/batches/{id}/resume</c>: 202 when the send runs again, 409 with the reason when it cannot.</summary>
    public async Task<ApiResponse> ResumeAsync(DurableTaskClient client, string batchId, string by, CancellationToken cancellationToken)
    {
        if (!BatchInstanceIds.IsValid(batchId))
        {
            return NoSuchSend();
        }

        var result = await _batches.ResumeAsync(client, batchId, by, cancellationToken).ConfigureAwait(false);
        return result.Outcome switch
        {
            BatchResumeOutcome.Resumed => new ApiResponse(202, result, $"/api/batches/{Uri.EscapeDataString(batchId)}"),
            BatchResumeOutcome.NotFound => NoSuchSend(),
            _ => ApiResponse.Problem(409, "The send cannot be resumed.", result.Reason ?? "It is not in a state that can be resumed."),
        };
    }

    private static ApiResponse NoSuchSend() => ApiResponse.Problem(404, "No such send.", "There is no send with that id.");
}
