using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Notifications.Core.Api;
using Notifications.Core.Batches;
using Notifications.Core.Storage;
using Microsoft.Extensions.Logging;
using Notifications.Functions.Diagnostics;
using Notifications.Functions.Http;

namespace Notifications.Functions.Batches;

/// <summary>What starts, shows and stops a batch send: a file landing in the batches container, and the HTTP API.</summary>
public sealed class BatchTriggerFunctions(BatchService batches, BatchApi api, ILogger<BatchTriggerFunctions> logger)
{
    /// <summary>
    /// An engineer (or the approval flow, or a cohort job) uploaded a batch file: start its send. The send id comes
    /// from name and ETag, so a re-fired trigger finds the send it already started.
    /// </summary>
    [Function("BatchFileUploaded")]
    public async Task BatchFileUploaded(
        [BlobTrigger("%Storage:BatchesContainer%/{name}", Source = BlobTriggerSource.EventGrid, Connection = "AzureWebJobsStorage")] BlobClient blob,
        string name,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        // A name that is not canonical is never sent (the same rule as POST /api/batches), and never retried.
        if (BlobNames.Problem(name) is { } problem)
        {
            Log.BatchFileRefused(logger, problem);
            return;
        }

        var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
        await batches.StartAsync(client, name, properties.Value.ETag.ToString(), cancellationToken);
    }

    /// <summary><c>POST /api/batches</c> <c>{"blobName":"..."}</c>: start the send of a file already uploaded.</summary>
    [Function("StartBatch")]
    public Task<IActionResult> StartBatch(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/batches")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        ApiResults.Run(request, api.StartAsync(client, ApiResults.Body(request), request.HttpContext.RequestAborted));

    /// <summary><c>GET /api/batches?status=&amp;kind=&amp;from=&amp;to=&amp;limit=&amp;before=</c>: the sends, newest first.</summary>
    [Function("ListBatches")]
    public Task<IActionResult> ListBatches([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/batches")] HttpRequest request) =>
        ApiResults.Run(request, api.ListAsync(name => request.Query[name].FirstOrDefault(), request.HttpContext.RequestAborted));

    /// <summary><c>GET /api/batches/{id}</c>: progress while it runs, the summary once it ended.</summary>
    [Function("GetBatch")]
    public Task<IActionResult> GetBatch(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/batches/{batchId}")] HttpRequest request,
        string batchId,
        [DurableClient] DurableTaskClient client) =>
        ApiResults.Run(request, api.GetStatusAsync(client, batchId, request.HttpContext.RequestAborted));

    /// <summary><c>POST /api/batches/{id}/cancel</c>: chunks that have not started do not send.</summary>
    [Function("CancelBatch")]
    public Task<IActionResult> CancelBatch(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/batches/{batchId}/cancel")] HttpRequest request,
        string batchId,
        [DurableClient] DurableTaskClient client) =>
        ApiResults.Run(request, api.CancelAsync(client, batchId, FunctionKeyCaller, request.HttpContext.RequestAborted));

    /// <summary><c>POST /api/batches/{id}/resume</c>: an ended send runs again for the devices still without an outcome.</summary>
    [Function("ResumeBatch")]
    public Task<IActionResult> ResumeBatch(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/batches/{batchId}/resume")] HttpRequest request,
        string batchId,
        [DurableClient] DurableTaskClient client) =>
        ApiResults.Run(request, api.ResumeAsync(client, batchId, FunctionKeyCaller, request.HttpContext.RequestAborted));

    // These routes are outside App Service Authentication (a function key is their credential), so no principal
    // header on them was put there by the platform: the audit trail says what actually authenticated the call.
    private const string FunctionKeyCaller = "function key";
}
