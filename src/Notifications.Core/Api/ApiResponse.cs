namespace Notifications.Core.Api;

/// <summary>
/// What an HTTP endpoint answers, independent of the host: the Functions app and the local host each turn it into
/// their own result type, so both serve exactly the same API.
/// </summary>
/// <param name="Status">HTTP status code.</param>
/// <param name="Body">JSON body (a problem for errors).</param>
/// <param name="Location">Location header, for 201/202.</param>
public sealed record ApiResponse(int Status, object? Body, string? Location = null)
{
    /// <summary>A 400 with RFC 9457 problem details listing field errors.</summary>
    public static ApiResponse ValidationProblem(IDictionary<string, string[]> errors, string? detail = null) =>
        new(400, new ProblemDetails("https://notifications.example/problems/validation", "The request is invalid.", 400, detail ?? "See errors.", errors));

    /// <summary>A problem without field errors.</summary>
    public static ApiResponse Problem(int status, string title, string detail) =>
        new(status, new ProblemDetails($"https://notifications.example/problems/{status}", title, status, detail, null));
}
