namespace Notifications.Core.Batches;

/// <summary>Who wrote a send's file: an engineer's upload, or the app itself for a campaign, a test push or a cohort run.</summary>
public enum BatchSource
{
    /// <summary>A file uploaded to the batches container (a manual send).</summary>
    Upload,

    /// <summary>The file of an approved ad-hoc campaign.</summary>
    Campaign,

    /// <summary>A test push an approver asked for.</summary>
    TestSend,

    /// <summary>A scheduled cohort campaign's run of one day.</summary>
    Cohort,

    /// <summary>Another file in the campaign-batches container.</summary>
    Other,
}
