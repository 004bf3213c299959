namespace Notifications.Core.Approvals.Web;

/// <summary>An HTML page to answer with, independent of the host.</summary>
/// <param name="Status">HTTP status.</param>
/// <param name="Html">The page.</param>
/// <param name="Nonce">The CSP nonce its own scripts and styles carry (<see cref="SecurityHeaders.ForPage"/>).</param>
public sealed record HtmlResponse(int Status, string Html, string Nonce)
{
    /// <summary>A page in the shared shell, with a fresh nonce.</summary>
    public static HtmlResponse Page(int status, string title, string body, string? head = null)
    {
        var nonce = SecurityHeaders.NewNonce();
        return new HtmlResponse(status, HtmlPage.Render(title, body, nonce, head), nonce);
    }

    /// <summary>A page that only says why something did not happen.</summary>
    public static HtmlResponse Notice(int status, string title, string detail) =>
        Page(status, title, $"""<p class="notice bad" id="result">{HtmlPage.Encode(detail)}</p>""");

    /// <summary>The page for an API problem (nobody signed in, say): its status, title and detail.</summary>
    public static HtmlResponse ForProblem(Api.ApiResponse problem) => problem.Body is Api.ProblemDetails details
        ? Notice(problem.Status, details.Title, details.Detail)
        : Notice(problem.Status, "The request was refused", $"HTTP {problem.Status}");

    /// <summary>The headers to send with the page.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => SecurityHeaders.ForPage(Nonce);
}
