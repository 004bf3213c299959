using System.Collections.Concurrent;
using DurableTask.Core;
using DurableTask.Core.History;

namespace Notifications.Local.Hosting;

/// <summary>
/// Puts the Azure Storage provider behind the gRPC sidecar. The sidecar records sub-orchestration starts as its own
/// subclass of <see cref="SubOrchestrationInstanceCreatedEvent"/>, which the provider's history table writer does
/// not know how to store (the row comes out without its EventType and the parent can never replay). Before a work
/// item is checkpointed, such events are replaced by the plain DurableTask.Core type with the same fields.
/// The sidecar also never renews the lock of a running activity, so an activity longer than the queue visibility
/// (planning a million users) would be handed out twice; this wrapper renews it until it completes, which lets
/// the visibility stay short and a crashed host's work resume quickly. Everything else passes straight through.
/// </summary>
internal sealed class SidecarCompatibleOrchestrationService(IOrchestrationService inner, IOrchestrationServiceClient client, TimeSpan activityVisibility)
    : IOrchestrationService, IOrchestrationServiceClient
{
    private readonly ConcurrentDictionary<TaskActivityWorkItem, LockRenewal> _renewals = new();
    private Task? _starting;
    private long _activitiesCompleted;

    /// <summary>Activity work items this process completed (their results handed back to the task hub).</summary>
    public long ActivitiesCompleted => Interlocked.Read(ref _activitiesCompleted);

    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;

    public int MaxConcurrentTaskOrchestrationWorkItems => inner.MaxConcurrentTaskOrchestrationWorkItems;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;

    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;

    public int MaxConcurrentTaskActivityWorkItems => inner.MaxConcurrentTaskActivityWorkItems;

    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem, OrchestrationRuntimeState newOrchestrationRuntimeState, IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages, IList<TaskMessage> timerMessages, TaskMessage continuedAsNewMessage, OrchestrationState orchestrationState)
    {
        Normalize(newOrchestrationRuntimeState.Events, newOrchestrationRuntimeState.NewEvents);
        return inner.CompleteTaskOrchestrationWorkItemAsync(workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);
    }

    public Task StartAsync()
    {
        var starting = inner.StartAsync();
        Interlocked.Exchange(ref _starting, starting);
        return starting;
    }

    public Task StopAsync() => StopAsync(isForced: false);

    // The sidecar stops the service when its host stops, started or not, and may while it is still starting (a
    // SIGTERM right after start); the Azure Storage provider throws a NullReferenceException on a callback thread,
    // which ends the process, when stopped before or while it starts. So a stop waits for the start.
    public async Task StopAsync(bool isForced)
    {
        if (Interlocked.Exchange(ref _starting, null) is not { } starting)
        {
            return;
        }

        try
        {
            await starting.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // It never started, so there is nothing to stop; the start's caller has its exception.
            return;
        }

        await inner.StopAsync(isForced).ConfigureAwait(false);
    }

    public Task CreateAsync() => inner.CreateAsync();

    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);

    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();

    public Task DeleteAsync() => inner.DeleteAsync();

    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);

    public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var workItem = await inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken).ConfigureAwait(false);
        if (workItem is not null)
        {
            _renewals[workItem] = LockRenewal.Start(inner, workItem, activityVisibility / 3);
        }

        return workItem!;
    }

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => inner.RenewTaskActivityWorkItemLockAsync(workItem);

    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        await StopRenewingAsync(workItem).ConfigureAwait(false);
        await inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage).ConfigureAwait(false);
        Interlocked.Increment(ref _activitiesCompleted);
    }

    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        await StopRenewingAsync(workItem).ConfigureAwait(false);
        await inner.AbandonTaskActivityWorkItemAsync(workItem).ConfigureAwait(false);
    }

    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage) => client.CreateTaskOrchestrationAsync(creationMessage);

    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[] dedupeStatuses) => client.CreateTaskOrchestrationAsync(creationMessage, dedupeStatuses);

    public Task SendTaskOrchestrationMessageAsync(TaskMessage message) => client.SendTaskOrchestrationMessageAsync(message);

    public Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages) => client.SendTaskOrchestrationMessageBatchAsync(messages);

    public Task<OrchestrationState> WaitForOrchestrationAsync(string instanceId, string executionId, TimeSpan timeout, CancellationToken cancellationToken) =>
        client.WaitForOrchestrationAsync(instanceId, executionId, timeout, cancellationToken);

    public Task ForceTerminateTaskOrchestrationAsync(string instanceId, string reason) => client.ForceTerminateTaskOrchestrationAsync(instanceId, reason);

    public Task<IList<OrchestrationState>> GetOrchestrationStateAsync(string instanceId, bool allExecutions) => client.GetOrchestrationStateAsync(instanceId, allExecutions);

    public Task<OrchestrationState> GetOrchestrationStateAsync(string instanceId, string executionId) => client.GetOrchestrationStateAsync(instanceId, executionId);

    public Task<string> GetOrchestrationHistoryAsync(string instanceId, string executionId) => client.GetOrchestrationHistoryAsync(instanceId, executionId);

    public Task PurgeOrchestrationHistoryAsync(DateTime thresholdDateTimeUtc, OrchestrationStateTimeRangeFilterType timeRangeFilterType) =>
        client.PurgeOrchestrationHistoryAsync(thresholdDateTimeUtc, timeRangeFilterType);

    private async Task StopRenewingAsync(TaskActivityWorkItem workItem)
    {
        if (_renewals.TryRemove(workItem, out var renewal))
        {
            await renewal.StopAsync().ConfigureAwait(false);
        }
    }

    private static void Normalize(IList<HistoryEvent> events, IList<HistoryEvent> newEvents)
    {
        for (var i = 0; i < newEvents.Count; i++)
        {
            if (newEvents[i] is SubOrchestrationInstanceCreatedEvent created && created.GetType() != typeof(SubOrchestrationInstanceCreatedEvent))
            {
                var plain = new SubOrchestrationInstanceCreatedEvent(created.EventId)
                {
                    Name = created.Name,
                    Version = created.Version,
                    InstanceId = created.InstanceId,
                    Input = created.Input,
                    Timestamp = created.Timestamp,
                    IsPlayed = created.IsPlayed,
                    ClientSpanId = created.ClientSpanId,
                };
                var at = events.IndexOf(created);
                if (at >= 0)
                {
                    events[at] = plain;
                }

                newEvents[i] = plain;
            }
        }
    }

    /// <summary>Extends an activity's queue visibility every interval until stopped; never overlaps a completion.</summary>
    private sealed class LockRenewal : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private Task _loop = Task.CompletedTask;

        public static LockRenewal Start(IOrchestrationService service, TaskActivityWorkItem workItem, TimeSpan interval)
        {
            var renewal = new LockRenewal();
            renewal._loop = renewal.RunAsync(service, workItem, interval);
            return renewal;
        }

        public async Task StopAsync()
        {
            await _stop.CancelAsync().ConfigureAwait(false);

            // A renewal in progress changes the message's pop receipt; the completion must come after it.
            await _loop.ConfigureAwait(false);
            Dispose();
        }

        public void Dispose() => _stop.Dispose();

        private async Task RunAsync(IOrchestrationService service, TaskActivityWorkItem workItem, TimeSpan interval)
        {
            try
            {
                while (true)
                {
                    await Task.Delay(interval, _stop.Token).ConfigureAwait(false);
                    await service.RenewTaskActivityWorkItemLockAsync(workItem).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                // Completed or abandoned.
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A failed renewal only means the work item may be handed out again, which the ledger makes safe.
            }
        }
    }
}
