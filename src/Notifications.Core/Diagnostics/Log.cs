using Microsoft.Extensions.Logging;

namespace Notifications.Core.Diagnostics;

/// <summary>
/// Every log line of Notifications.Core. Event ids: 1000-1099 delivery, 1100-1199 credentials, 2000s batches,
/// 3000s approvals, 4000s cohorts, 5000s storage, 6000s audience queries. Tokens only appear redacted.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Debug, "{Provider}: retry {Attempt} for {Token} after {Reason}, waiting {DelayMs} ms")]
    public static partial void RetryScheduled(ILogger logger, string provider, string token, string reason, int attempt, double delayMs);

    // Per device, so Debug: in a gateway outage it would be one line per push. The chunk's warning (2010) counts them.
    [LoggerMessage(1001, LogLevel.Debug, "{Provider}: giving up on {Token} after {Attempts} attempts, last reason {Reason}")]
    public static partial void RetriesExhausted(ILogger logger, string provider, string token, string reason, int attempts);

    [LoggerMessage(1002, LogLevel.Debug, "{Provider}: {Token} rejected with {Status} {Reason}")]
    public static partial void PushRejected(ILogger logger, string provider, string token, int status, string reason);

    [LoggerMessage(1100, LogLevel.Information, "{Provider}: credential refused ({Reason}); renewing it once")]
    public static partial void CredentialRenewed(ILogger logger, string provider, string reason);

    [LoggerMessage(1101, LogLevel.Information, "apns: signed a new provider token (key {KeyId}, iat {IssuedAt:o})")]
    public static partial void ApnsTokenSigned(ILogger logger, string keyId, DateTimeOffset issuedAt);

    [LoggerMessage(1102, LogLevel.Information, "google-oauth: fetching an access token for {ClientEmail} from {TokenUri}")]
    public static partial void GoogleTokenRequested(ILogger logger, string clientEmail, string tokenUri);

    [LoggerMessage(2000, LogLevel.Warning, "batch {BatchId}: file refused with {Count} problem(s), first: {First}")]
    public static partial void BatchRejected(ILogger logger, string batchId, int count, string first);

    [LoggerMessage(2001, LogLevel.Information, "batch {BatchId}: campaign {CampaignId} scanned: {Users} users, {Devices} explicit devices, {Shards} shards")]
    public static partial void BatchScanned(ILogger logger, string batchId, string campaignId, long users, long devices, int shards);

    [LoggerMessage(7000, LogLevel.Debug, "contact history: {Segments} segments read, {Blobs} campaign blobs of the last 7 days, {Users} users contacted")]
    public static partial void ContactHistoryRead(ILogger logger, int segments, int blobs, int users);

    [LoggerMessage(7001, LogLevel.Information, "batch {BatchId}: shard {Shard}: {Capped} users over the frequency cap skipped")]
    public static partial void UsersCapped(ILogger logger, string batchId, int shard, long capped);

    [LoggerMessage(7002, LogLevel.Information, "batch {BatchId}: shard {Shard} wave {Wave} released: {Devices} devices, {Capped} users capped since planning")]
    public static partial void WaveReleased(ILogger logger, string batchId, int shard, int wave, long devices, long capped);

    [LoggerMessage(2013, LogLevel.Debug, "batch {BatchId}: shard {Shard} planned: {Users} users, {Devices} devices, {Chunks} chunks")]
    public static partial void ShardPlanned(ILogger logger, string batchId, int shard, long users, long devices, int chunks);

    [LoggerMessage(2002, LogLevel.Debug, "batch {BatchId}: chunk {Chunk}: sent {Sent}, invalid {Invalid}, rejected {Rejected}, failed {Failed}, skipped {AlreadyDone} already done")]
    public static partial void ChunkSent(ILogger logger, string batchId, int chunk, int sent, int invalid, int rejected, int failed, int alreadyDone);

    [LoggerMessage(2003, LogLevel.Warning, "batch {BatchId}: chunk {Chunk} stopped: {Error}")]
    public static partial void ChunkStopped(ILogger logger, string batchId, int chunk, string error);

    // Counts only: which users, and their values, stay out of the logs.
    [LoggerMessage(2015, LogLevel.Warning, "batch {BatchId}: chunk {Chunk}: {Devices} devices refused: their personal message renders over 4 KB")]
    public static partial void PushesTooLarge(ILogger logger, string batchId, int chunk, int devices);

    [LoggerMessage(2014, LogLevel.Warning, "batch {BatchId}: storing the outcomes of {Chunks} chunks failed ({Status} {Code}); trying again")]
    public static partial void LedgerFlushFailed(ILogger logger, string batchId, int chunks, int status, string code);

    [LoggerMessage(2004, LogLevel.Information, "batch {BatchId}: started from {BlobName} ({ETag})")]
    public static partial void BatchStarted(ILogger logger, string batchId, string blobName, string etag);

    [LoggerMessage(2005, LogLevel.Information, "batch {BatchId}: cancel requested by {By}")]
    public static partial void BatchCancelRequested(ILogger logger, string batchId, string by);

    [LoggerMessage(2006, LogLevel.Information, "batch {BatchId}: {Outcome}: sent {Sent}, invalid {Invalid}, rejected {Rejected}, failed {Failed} of {Devices} devices")]
    public static partial void BatchEnded(ILogger logger, string batchId, string outcome, long sent, long invalid, long rejected, long failed, long devices);

    [LoggerMessage(2008, LogLevel.Information, "batch {BatchId}: plan {PlanId} already committed; run {Run} reuses it")]
    public static partial void PlanReused(ILogger logger, string batchId, string planId, int run);

    [LoggerMessage(2009, LogLevel.Information, "batch {BatchId}: resumed by {By} as run {Run}")]
    public static partial void BatchResumed(ILogger logger, string batchId, string by, int run);

    [LoggerMessage(2010, LogLevel.Warning, "batch {BatchId}: chunk {Chunk}: {Failed} of {Devices} devices still failing after the gateway retries")]
    public static partial void ChunkLeftFailures(ILogger logger, string batchId, int chunk, int failed, int devices);

    [LoggerMessage(2007, LogLevel.Warning, "batch {BatchId}: could not remove invalid token {Token} of {UserId}: {Error}")]
    public static partial void TokenRemovalFailed(ILogger logger, string batchId, string userId, string token, string error);

    [LoggerMessage(3000, LogLevel.Information, "{Provider}: email to {Recipients} recipient(s) sent ({MessageId})")]
    public static partial void EmailSent(ILogger logger, string provider, int recipients, string messageId);

    [LoggerMessage(3100, LogLevel.Information, "campaign {CampaignId}: {Action} (status {Status})")]
    public static partial void CampaignStep(ILogger logger, string campaignId, string action, string status);

    [LoggerMessage(3101, LogLevel.Warning, "campaign {CampaignId}: {Action}: campaign failed")]
    public static partial void CampaignStepFailed(ILogger logger, string campaignId, string action);

    [LoggerMessage(4000, LogLevel.Information, "cohort run {InstanceId} started ({Trigger})")]
    public static partial void CohortStarted(ILogger logger, string instanceId, string trigger);

    [LoggerMessage(4001, LogLevel.Information, "cohort run {InstanceId} already exists ({Status}); {Trigger} start ignored")]
    public static partial void CohortAlreadyStarted(ILogger logger, string instanceId, string status, string trigger);

    [LoggerMessage(4003, LogLevel.Information, "cohort run {InstanceId} ended unsuccessfully ({Reason}); {Trigger} runs it again")]
    public static partial void CohortRetried(ILogger logger, string instanceId, string reason, string trigger);

    [LoggerMessage(4002, LogLevel.Information, "cohort run {InstanceId}: {Outcome}, {Users} users, {Sent} pushes delivered")]
    public static partial void CohortEnded(ILogger logger, string instanceId, string outcome, long users, long sent);

    [LoggerMessage(6000, LogLevel.Information, "{Engine}: audience query of {Label} refused ({Reason}): {Problem}")]
    public static partial void AudienceRefused(ILogger logger, string engine, string label, string reason, string problem);

    [LoggerMessage(6001, LogLevel.Information, "{Engine}: audience query of {Label} passed its dry run: SELECT, {Bytes} bytes to process")]
    public static partial void AudienceChecked(ILogger logger, string engine, string label, long bytes);

    [LoggerMessage(6002, LogLevel.Information, "{Engine}: audience query of {Label} selected {Users} users")]
    public static partial void AudienceSelected(ILogger logger, string engine, string label, long users);
}
