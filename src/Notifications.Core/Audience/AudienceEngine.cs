namespace Notifications.Core.Audience;

/// <summary>Which analytics engine runs audience queries (<c>Audience:Engine</c>, bound by name).</summary>
public enum AudienceEngine
{
    /// <summary>BigQuery over REST: production, and the engine Core registers itself.</summary>
    BigQuery,

    /// <summary>DuckDB over the local sample data set: only in hosts that add the local adapters.</summary>
    DuckDb,
}
