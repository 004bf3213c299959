namespace Notifications.Core.Batches.Orchestration;

/// <summary>One arm of an experiment in a send: who was in it and what reached them.</summary>
/// <param name="Name">The variant's name, or <c>control</c>.</param>
/// <param name="Users">Targeted users assigned to the arm.</param>
/// <param name="Devices">Devices planned for the arm (0 for control: it gets nothing).</param>
/// <param name="Sent">Pushes delivered to the arm.</param>
/// <param name="Invalid">The arm's dead tokens.</param>
/// <param name="NotDelivered">The arm's pushes refused or failed after every retry.</param>
public sealed record ArmSummary(string Name, long Users, long Devices, long Sent, long Invalid = 0, long NotDelivered = 0)
{
    /// <summary>The control group's name in summaries and the exposure log.</summary>
    public const string ControlName = "control";
}
