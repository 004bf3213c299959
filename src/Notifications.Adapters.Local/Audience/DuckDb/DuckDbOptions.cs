using System.ComponentModel.DataAnnotations;

namespace Notifications.Adapters.Local.Audience.DuckDb;

/// <summary>The embedded analytics engine for local runs (section <c>Audience:DuckDb</c>).</summary>
public sealed class DuckDbOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Audience:DuckDb";

    /// <summary>The DuckDB database file holding the sample analytics data set.</summary>
    [Required]
    public string DatabasePath { get; set; } = ".notify/analytics.duckdb";
}
