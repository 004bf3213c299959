using System.ComponentModel.DataAnnotations;

namespace Notifications.Core.Audience.BigQuery;

/// <summary>BigQuery over its REST API (section <c>Audience:BigQuery</c>).</summary>
public sealed class BigQueryOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Audience:BigQuery";

    /// <summary>The OAuth scope BigQuery queries need.</summary>
    public const string Scope = "https://www.googleapis.com/auth/bigquery";

    /// <summary>The Google Cloud project that runs (and pays for) the query jobs.</summary>
    [Required]
    public string ProjectId { get; set; } = string.Empty;

    /// <summary>Dataset location, e.g. <c>EU</c> or <c>US</c>.</summary>
    [Required]
    public string Location { get; set; } = "US";

    /// <summary>
    /// The data set unqualified table names resolve to (<c>dataset</c> or <c>project.dataset</c>), so the cohort
    /// queries in source (<c>FROM users</c>) run unchanged on BigQuery and on the local DuckDB data set.
    /// </summary>
    [RegularExpression(@"^([a-z][a-z0-9\-]{4,61}[a-z0-9]\.)?[A-Za-z0-9_]{1,1024}$", ErrorMessage = "Audience:BigQuery:DefaultDataset must be 'dataset' or 'project.dataset'")]
    public string? DefaultDataset { get; set; }

    /// <summary>The BigQuery host.</summary>
    [Required]
    public Uri BaseUrl { get; set; } = new("https://bigquery.googleapis.com/");

    /// <summary>The service-account key JSON (e.g. from Key Vault).</summary>
    public string? ServiceAccountJson { get; set; }

    /// <summary>Path to the service-account key JSON.</summary>
    public string? ServiceAccountJsonPath { get; set; }

    /// <summary>The OAuth token endpoint.</summary>
    [Required]
    public Uri TokenUri { get; set; } = new("https://oauth2.googleapis.com/token");

    /// <summary>How long one jobs.query / getQueryResults call waits for the job server-side.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a query may run in all before it is given up.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "06:00:00")]
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The most bytes one audience query may scan (and be billed for): the dry run refuses a query whose estimate is
    /// above it before anything runs, and the query job itself carries it as <c>maximumBytesBilled</c>, so BigQuery
    /// fails it without charge if the estimate was low. Default 100 GiB.
    /// </summary>
    [Range(typeof(long), "1", "9223372036854775807", ErrorMessage = "Audience:BigQuery:MaximumBytesBilled must be more than 0")]
    public long MaximumBytesBilled { get; set; } = 107_374_182_400;

    /// <summary>Rows per result page (BigQuery also caps a page at about 10 MB).</summary>
    [Range(1, 100_000)]
    public int PageSize { get; set; } = 10_000;

    /// <summary>Optional PEM of extra trusted roots (the loopback BigQuery).</summary>
    public string? TrustedCertificatePath { get; set; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(ServiceAccountJson) && string.IsNullOrWhiteSpace(ServiceAccountJsonPath))
        {
            yield return new ValidationResult(
                "BigQuery needs a service account: set Audience:BigQuery:ServiceAccountJson or ServiceAccountJsonPath",
                [nameof(ServiceAccountJson), nameof(ServiceAccountJsonPath)]);
        }
    }

    /// <summary>The key JSON, from the inline value or the file.</summary>
    public string ReadServiceAccountJson() =>
        !string.IsNullOrWhiteSpace(ServiceAccountJson) ? ServiceAccountJson : File.ReadAllText(ServiceAccountJsonPath!);
}
