using System.ComponentModel.DataAnnotations;

namespace Notifications.Core.Audience;

/// <summary>Which analytics engine runs audience queries (section <c>Audience</c>).</summary>
public sealed class AudienceOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Audience";

    /// <summary><c>BigQuery</c> (production) or <c>DuckDb</c> (the local sample data set).</summary>
    [EnumDataType(typeof(AudienceEngine), ErrorMessage = "Audience:Engine must be BigQuery or DuckDb")]
    public AudienceEngine Engine { get; set; } = AudienceEngine.BigQuery;
}
