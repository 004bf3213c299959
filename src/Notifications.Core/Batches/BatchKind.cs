namespace Notifications.Core.Batches;

/// <summary>The <c>kind</c> filter of the send list: files people uploaded, or files the app wrote itself.</summary>
public enum BatchKind
{
    /// <summary>Uploaded to the batches container (<see cref="BatchSource.Upload"/>).</summary>
    Manual,

    /// <summary>Written by the app: approved campaigns, test pushes, cohort runs.</summary>
    System,
}
