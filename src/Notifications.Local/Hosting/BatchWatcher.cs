using Azure.Storage.Blobs.Models;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Notifications.Core.Batches;
using Notifications.Core.Storage;

namespace Notifications.Local.Hosting;

/// <summary>
/// The local twin of the Functions blob trigger: polls the batches container and starts a send for every file
/// version it has not seen. Starting is idempotent (the send id comes from name and ETag), so a file seen twice,
/// or also started by a command, is sent once.
/// </summary>
internal sealed class BatchWatcher(
    StorageClients storage, BatchService batches, DurableTaskClient client, TimeProvider time, ILogger<BatchWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await storage.EnsureCreatedAsync().ConfigureAwait(false);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var blob in storage.Batches.GetBlobsAsync(BlobTraits.None, BlobStates.None, null, stoppingToken).ConfigureAwait(false))
                {
                    var version = blob.Name + "\n" + blob.Properties.ETag;
                    if (_seen.Add(version))
                    {
                        // The same rule as the blob trigger: a name that is not canonical is never sent.
                        if (Core.Storage.BlobNames.Problem(blob.Name) is { } problem)
                        {
                            Diagnostics.Log.BatchFileRefused(logger, problem);
                            continue;
                        }

                        var started = await batches.StartAsync(client, blob.Name, blob.Properties.ETag.ToString()!, stoppingToken).ConfigureAwait(false);
                        if (started.Created)
                        {
                            Diagnostics.Log.BatchFileLanded(logger, blob.Name, started.BatchId);
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Diagnostics.Log.WatchFailed(logger, ex.Message);
            }

            await Task.Delay(Interval, time, stoppingToken).ConfigureAwait(false);
        }
    }
}
