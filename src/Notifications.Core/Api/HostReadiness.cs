namespace Notifications.Core.Api;

/// <summary>
/// Whether the host can serve requests yet. A host that still prepares what requests need (the local host seeding
/// its demo data, whose analytics database the first audience query reads) says so here: <c>/api/health</c> answers
/// 503, the request form shows why, and a submit is refused with 503 and nothing stored, rather than accepted and
/// failed a second later.
/// </summary>
public sealed class HostReadiness
{
    private volatile string? _notReadyBecause;

    /// <summary>Why the host cannot serve yet, in words; null once it can.</summary>
    public string? NotReadyBecause => _notReadyBecause;

    /// <summary>Whether requests can be served.</summary>
    public bool IsReady => _notReadyBecause is null;

    /// <summary>Marks the host not ready, for <paramref name="because"/>.</summary>
    public void NotReady(string because) => _notReadyBecause = because;

    /// <summary>Marks the host ready.</summary>
    public void Ready() => _notReadyBecause = null;

    /// <summary>The <c>/api/health</c> answer: 200 <c>ok</c>, or 503 <c>starting</c> with the reason.</summary>
    public ApiResponse Health() => _notReadyBecause is { } because
        ? new ApiResponse(503, new { status = "starting", detail = because })
        : new ApiResponse(200, new { status = "ok" });
}
