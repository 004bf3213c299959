namespace Notifications.Core.Approvals.Web;

/// <summary>An HTML page to answer with, independent of the host.</summary>
/// <param name="Status">HTTP status.</param>
/// <param name="Html">The page.</param>
public sealed record HtmlResponse(int Status, string Html);
