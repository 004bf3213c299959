using System.ComponentModel.DataAnnotations;

namespace Notifications.Core.Storage;

/// <summary>Where blobs and tables live (section <c>Storage</c>).</summary>
public sealed class StorageOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Storage";

    /// <summary>
    /// A storage connection string (Azurite: <c>UseDevelopmentStorage=true</c>). Leave empty in Azure and set the
    /// service URIs instead, so the app authenticates with its managed identity and holds no account key.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Blob endpoint for identity-based access, e.g. <c>https://acct.blob.core.windows.net</c>.</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>Table endpoint for identity-based access, e.g. <c>https://acct.table.core.windows.net</c>.</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>
    /// Optional separate accounts for the device registry: one connection string, or several separated by commas.
    /// The registry is large and read in bursts while planning; keeping it apart from the durable task hub and the
    /// send's working data isolates their load, and spreading it over several accounts multiplies the entities a
    /// second it can be read at (docs/scale.md). Empty uses the main account.
    /// </summary>
    public string? DevicesConnectionString { get; set; }

    /// <summary>
    /// Optional separate table endpoints for the device registry, with the managed identity: one, or several
    /// separated by commas (each a registry account, as <see cref="DevicesConnectionString"/>).
    /// </summary>
    public string? DevicesTableServiceUris { get; set; }

    /// <summary>
    /// Registry tables per registry account. Registry partition ranges are spread over accounts times this many
    /// tables (at most one table per partition, 1,024 in all). More tables cost nothing in Azure (the partition is
    /// the unit of scale there) but divide the emulator's per-query scan; more accounts divide Table storage's
    /// per-account request target. Changing either (or the account list) moves users to other tables: re-import the
    /// registry first.
    /// </summary>
    [Range(1, 1024)]
    public int DeviceTablesPerAccount { get; set; } = 1;

    /// <summary>Container an engineer (or any producer) drops batch files into; uploading one starts a send.</summary>
    [Required]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$")]
    public string BatchesContainer { get; set; } = "batches";

    /// <summary>Container for a send's working files: chunk blobs and the rendered batch header.</summary>
    [Required]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$")]
    public string WorkContainer { get; set; } = "batch-work";

    /// <summary>Container of experiment exposure logs (newline-delimited JSON that BigQuery loads).</summary>
    [Required]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$")]
    public string ExposuresContainer { get; set; } = "exposures";

    /// <summary>Container of the apps' outcome events (opens, conversions): append-only newline-delimited JSON that BigQuery loads.</summary>
    [Required]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$")]
    public string OutcomeEventsContainer { get; set; } = "push-events";

    /// <summary>
    /// Container for batch files the system writes itself (approved campaigns, test sends, cohorts). Not watched:
    /// those sends are started directly by the flow that wrote them.
    /// </summary>
    [Required]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$")]
    public string CampaignBatchesContainer { get; set; } = "campaign-batches";

    /// <summary>Table of ad-hoc campaigns.</summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string CampaignsTable { get; set; } = "campaigns";

    /// <summary>Table of the campaigns' audit trail.</summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string AuditTable { get; set; } = "audit";

    /// <summary>Table of used single-use approval links.</summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string ApprovalLinksTable { get; set; } = "approvallinks";

    /// <summary>Table of cohort run claims: one row per cohort and day, the first start's.</summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string CohortRunsTable { get; set; } = "cohortruns";

    /// <summary>Table of outcome events already recorded: one row per user, campaign and event type, so a resent event is not logged twice.</summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string OutcomeEventsTable { get; set; } = "pushevents";

    /// <summary>Table of device registrations.</summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string DevicesTable { get; set; } = "devices";

    /// <summary>Table of per-chunk delivery records that make retried chunks idempotent.</summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string LedgerTable { get; set; } = "deliveryledger";

    /// <summary>Table of batch state (cancel marker, summary).</summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string BatchesTable { get; set; } = "batches";

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var uri in DeviceAccountList(DevicesTableServiceUris))
        {
            if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme != Uri.UriSchemeHttps && !parsed.IsLoopback)
            {
                yield return new ValidationResult(
                    "Storage:DevicesTableServiceUris must be absolute https table endpoints separated by commas", [nameof(DevicesTableServiceUris)]);
                break;
            }
        }

        if (Math.Max(1, DeviceAccountList(DevicesConnectionString).Count + DeviceAccountList(DevicesTableServiceUris).Count) * DeviceTablesPerAccount > 1024)
        {
            yield return new ValidationResult(
                "registry accounts times Storage:DeviceTablesPerAccount must be at most 1024, one table per registry partition", [nameof(DeviceTablesPerAccount)]);
        }

        if (string.IsNullOrWhiteSpace(ConnectionString) && (BlobServiceUri is null || TableServiceUri is null))
        {
            yield return new ValidationResult(
                "Storage needs Storage:ConnectionString, or Storage:BlobServiceUri and Storage:TableServiceUri for managed identity",
                [nameof(ConnectionString)]);
        }
    }

    /// <summary>The entries of a comma-separated account list, trimmed, empty ones dropped.</summary>
    public static IReadOnlyList<string> DeviceAccountList(string? list) =>
        list is null ? [] : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
