using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Notifications.Core.Batches;
using Notifications.Core.Identity;
using Notifications.Functions.Http;

namespace Notifications.Functions.Batches;

/// <summary>
/// The send list for people: a staff page behind App Service Authentication like the campaign pages (anonymous at the
/// function level, the signed-in principal required here), unlike the batch API, which takes an operator's function key.
/// </summary>
public sealed class BatchPageFunctions(BatchPages pages, CallerResolver callers)
{
    /// <summary><c>GET /batches</c>: the sends with filters, newest first, each linking to its page.</summary>
    [Function("BatchList")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "batches")] HttpRequest request) =>
        ApiResults.SignedInPage(request, callers, _ => pages.ListAsync(name => request.Query[name].FirstOrDefault(), request.HttpContext.RequestAborted));
}
