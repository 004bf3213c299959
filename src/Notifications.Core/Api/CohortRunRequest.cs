namespace Notifications.Core.Api;

/// <summary>The body of <c>POST /api/cohorts/{id}/runs</c>.</summary>
public sealed record CohortRunRequest
{
    /// <summary>The run date, <c>yyyy-MM-dd</c>; today (in <c>Cohorts:TimeZone</c>) when absent.</summary>
    public string? Date { get; init; }
}
