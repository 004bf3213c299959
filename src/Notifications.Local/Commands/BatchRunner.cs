using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.Batches;
using Notifications.Core.Batches.Orchestration;
using Notifications.Local.Hosting;
using Spectre.Console;

namespace Notifications.Local.Commands;

/// <summary>Uploads a batch file, starts (or resumes) its send, shows progress and prints the summary line.</summary>
internal static class BatchRunner
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Returns 0 when the send completed (or was a dry run), 1 otherwise. <paramref name="onStatus"/> sees every
    /// status polled while the send runs; <paramref name="beforeSummary"/> runs just before the summary line.
    /// </summary>
    public static async Task<int> RunAsync(
        LocalHost host, string blobName, string path, TextWriter output, CancellationToken cancellationToken,
        Action<BatchStatus>? onStatus = null, Action? beforeSummary = null)
    {
        var batches = host.Services.GetRequiredService<BatchService>();
        string etag;
        await using (var file = File.OpenRead(path))
        {
            etag = await batches.UploadAsync(blobName, file, cancellationToken);
        }

        var started = await batches.StartAsync(host.Client, blobName, etag, cancellationToken);
        output.WriteLine(started.Created ? $"send {started.BatchId}: started" : $"send {started.BatchId}: already started for this file; following it");
        return await FollowAndReportAsync(host, started.BatchId, output, cancellationToken, beforeSummary, onStatus);
    }

    /// <summary>
    /// Follows a send to its end, then prints its problems, timing and the summary line (last), which ends with the
    /// send's <paramref name="page"/> on the host (default <c>batches/{id}</c>; a campaign's send passes the campaign's).
    /// </summary>
    public static async Task<int> FollowAndReportAsync(
        LocalHost host, string batchId, TextWriter output, CancellationToken cancellationToken, Action? beforeSummary = null, Action<BatchStatus>? onStatus = null,
        string? page = null)
    {
        var batches = host.Services.GetRequiredService<BatchService>();
        using var activities = new ActivityTimes();
        var stopwatch = Stopwatch.StartNew();
        var (status, pushesDone) = await FollowAsync(host, batches, batchId, output, stopwatch, activities, onStatus, cancellationToken);
        // A send with groups held for later (quiet hours, a local delivery time) is reported once everything due has
        // been pushed: its interim summary says what was sent, held and skipped, and the groups still waiting.
        var summary = status.Summary ?? status.Interim;
        if (summary is null)
        {
            output.WriteLine($"send {batchId}: ended as {status.RuntimeStatus} without a summary");
            return 1;
        }

        foreach (var problem in summary.Problems)
        {
            output.WriteLine($"problem: {problem}");
        }

        if (summary.Error is not null)
        {
            output.WriteLine($"error: {summary.Error}");
        }

        // The send's time is until every device has its outcome; removing dead tokens afterwards is reported apart.
        var elapsed = pushesDone ?? stopwatch.Elapsed.TotalSeconds;
        var counts = summary.Counts;
        await ReportHistoryAsync(host, summary, output, cancellationToken);
        using var self = Process.GetCurrentProcess();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"memory: peak_rss_mb={self.PeakWorkingSet64 / (1024.0 * 1024.0):F0} (this process; Azurite runs in its own)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"outcome: {summary.Outcome} users={summary.Users} control={summary.ControlUsers} capped={summary.Capped} without_devices={summary.UsersWithoutDevices} rejected={counts.Rejected} chunks={summary.Chunks} tokens_removed={counts.TokensRemoved}"));
        foreach (var group in status.Waiting)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"waiting: at={group.At:yyyy-MM-ddTHH:mmZ} users={group.Users} devices={group.Devices}"));
        }

        if (status.Waiting.Count > 0)
        {
            output.WriteLine("waiting: these groups are pushed at their time by a running host (notify serve), from the same local storage");
        }

        foreach (var arm in summary.Arms)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"arm: {arm.Name} users={arm.Users} share={100.0 * arm.Users / Math.Max(1, summary.Users):F1}% devices={arm.Devices} sent={arm.Sent}"));
        }

        beforeSummary?.Invoke();

        // Pushes the gateways accepted more than once for one device and campaign (a worker killed between a push
        // and its ledger entry); known only when the gateways run in this process.
        var duplicates = host.Gateways is { } gateways ? string.Create(CultureInfo.InvariantCulture, $" duplicates={gateways.Recorder.Duplicates}") : string.Empty;

        // Last on the line, so that what reads the fields before it reads them as it always did.
        var pageUrl = new Uri(host.PagesUrl, page ?? "batches/" + Uri.EscapeDataString(batchId));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"summary: campaign={summary.CampaignId} targeted={summary.Users} devices={summary.Devices} sent={counts.Sent} invalid={counts.Invalid} failed={counts.Failed + counts.Rejected} capped={summary.Capped} deferred={summary.Deferred} quiet_skipped={summary.QuietSkipped}{duplicates} elapsed={elapsed:F1} rate={summary.Devices / Math.Max(elapsed, 0.001):F0}/s page={pageUrl}"));
        return summary.Outcome is BatchOutcome.Completed or BatchOutcome.DryRun or BatchOutcome.Waiting ? 0 : 1;
    }

    private static async Task<(BatchStatus Status, double? PushesDone)> FollowAsync(
        LocalHost host, BatchService batches, string batchId, TextWriter output, Stopwatch stopwatch, ActivityTimes activities, Action<BatchStatus>? onStatus,
        CancellationToken cancellationToken)
    {
        BatchStatus? status = null;
        double? planned = null;
        double? pushed = null;
        double? firstPush = null;
        var startedAt = Stopwatch.GetTimestamp();
        if (Console.IsOutputRedirected || output != Console.Out)
        {
            var lastPrint = TimeSpan.Zero;
            while (!IsReported(status))
            {
                await Task.Delay(Poll, cancellationToken);
                status = await batches.GetStatusAsync(host.Client, batchId, cancellationToken);
                if (status is not null)
                {
                    onStatus?.Invoke(status);
                }

                planned ??= PlannedAt(status, stopwatch);
                pushed ??= PushedAt(status, stopwatch);
                firstPush ??= FirstPushAt(host, status, stopwatch, startedAt);
                if (status is not null && stopwatch.Elapsed - lastPrint > TimeSpan.FromSeconds(2))
                {
                    lastPrint = stopwatch.Elapsed;
                    output.WriteLine(ProgressLine(status, stopwatch.Elapsed));
                }
            }
        }
        else
        {
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask("planning", maxValue: 1);
                    while (!IsReported(status))
                    {
                        await Task.Delay(Poll, cancellationToken);
                        status = await batches.GetStatusAsync(host.Client, batchId, cancellationToken);
                        if (status is not null)
                        {
                            onStatus?.Invoke(status);
                        }

                        planned ??= PlannedAt(status, stopwatch);
                        pushed ??= PushedAt(status, stopwatch);
                        firstPush ??= FirstPushAt(host, status, stopwatch, startedAt);
                        if (status is { Devices: > 0 })
                        {
                            var c = status.Counts;
                            task.MaxValue = status.Devices;
                            task.Value = c.Sent + c.Invalid + c.Rejected + c.Failed;
                            task.Description = $"{status.Phase.WireName()}: sent {c.Sent:N0} invalid {c.Invalid:N0} failed {c.Failed + c.Rejected:N0}";
                        }
                    }

                    task.Value = task.MaxValue;
                });
        }

        if (planned is { } p)
        {
            // Planning and sending overlap, so both are measured from the start of the send.
            var total = stopwatch.Elapsed.TotalSeconds;
            var sent = pushed ?? total;
            var (longest, activity) = activities.Longest;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"timing: first_push={(firstPush is { } f ? f.ToString("F1", CultureInfo.InvariantCulture) + "s" : "none")} plan={p:F1}s send={sent:F1}s remove_dead_tokens={total - sent:F1}s max_activity={longest:F1}s ({activity})"));
        }

        return (status!, pushed);
    }

    /// <summary>Whether the send has ended, or has pushed all that is due and only waits for groups held for later.</summary>
    private static bool IsReported(BatchStatus? status) => status is { IsFinished: true } or { Phase: BatchPhase.Waiting, Interim: not null };

    /// <summary>When every device had its outcome: the moment the send's rate is measured to.</summary>
    private static double? PushedAt(BatchStatus? status, Stopwatch stopwatch) =>
        status is { IsPlanned: true, Devices: > 0 } && status.Counts.Sent + status.Counts.Invalid + status.Counts.Rejected + status.Counts.Failed >= status.Devices
            ? stopwatch.Elapsed.TotalSeconds
            : IsReported(status) ? stopwatch.Elapsed.TotalSeconds : null;

    /// <summary>
    /// When the first push was accepted: exact from the in-process gateways' recorder, otherwise when the first
    /// chunk's outcomes showed in the status.
    /// </summary>
    private static double? FirstPushAt(LocalHost host, BatchStatus? status, Stopwatch stopwatch, long startedAt) =>
        host.Gateways?.Recorder.FirstAcceptedTimestamp is { } first
            ? Math.Max(0, Stopwatch.GetElapsedTime(startedAt, first).TotalSeconds)
            : host.Gateways is null && status is { Counts.ChunksDone: > 0 } ? stopwatch.Elapsed.TotalSeconds : null;

    /// <summary>Counts the history events of the send's orchestrations: proof that no history grows with the list.</summary>
    private static async Task ReportHistoryAsync(LocalHost host, BatchSummary summary, TextWriter output, CancellationToken cancellationToken)
    {
        if (host.HistoryTable is not { } table)
        {
            return;
        }

        async Task<int> CountAsync(string instanceId)
        {
            var count = 0;
            var filter = Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {instanceId}");
            await foreach (var _ in table.QueryAsync<Azure.Data.Tables.TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
            {
                count++;
            }

            return count;
        }

        var parent = await CountAsync(summary.BatchId);
        var largest = 0;
        for (var s = 0; s < summary.Shards; s++)
        {
            largest = Math.Max(largest, await CountAsync(BatchInstanceIds.Shard(summary.BatchId, s)));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"history: parent={parent} events, largest shard={largest} events, shards={summary.Shards}"));
    }

    private static double? PlannedAt(BatchStatus? status, Stopwatch stopwatch) =>
        status is { IsPlanned: true } or { IsFinished: true } ? stopwatch.Elapsed.TotalSeconds : null;

    private static string ProgressLine(BatchStatus status, TimeSpan elapsed) => string.Create(CultureInfo.InvariantCulture,
        $"progress: {status.Phase.WireName()} {elapsed.TotalSeconds:F0}s devices={status.Devices} sent={status.Counts.Sent} invalid={status.Counts.Invalid} failed={status.Counts.Failed + status.Counts.Rejected}");
}
