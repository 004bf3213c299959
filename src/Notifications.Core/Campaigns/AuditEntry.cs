namespace Notifications.Core.Campaigns;

/// <summary>One step in a campaign's audit trail.</summary>
/// <param name="At">When.</param>
/// <param name="Actor">Who: an email, <c>system</c>, or <c>link</c> holder.</param>
/// <param name="Action">What, e.g. <c>submitted</c>, <c>approval-requested</c>, <c>approved</c>, <c>link-refused</c>.</param>
/// <param name="Detail">Free text for people.</param>
/// <param name="LinkId">Which link it came from (a hash, never the link itself), when it came from one.</param>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string Detail, string? LinkId = null);
