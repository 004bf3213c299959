using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Notifications.Core.Api;
using Notifications.Functions.Http;

namespace Notifications.Functions.Tests.Http;

public sealed class ApiResultsTests
{
    [Fact]
    public void From_Problem_ProblemJsonWithTheApisSecurityHeaders()
    {
        var request = new DefaultHttpContext().Request;

        var result = Assert.IsType<ContentResult>(ApiResults.From(request, ApiResponse.Problem(404, "No such cohort.", "That is not a cohort.")));

        Assert.Equal(404, result.StatusCode);
        Assert.Equal("application/problem+json", result.ContentType);
        Assert.Equal("No such cohort.", JsonDocument.Parse(result.Content!).RootElement.GetProperty("title").GetString());
        Assert.Equal("nosniff", request.HttpContext.Response.Headers["X-Content-Type-Options"].ToString());
    }

    [Fact]
    public void From_AcceptedWithLocation_CamelCaseJsonAndTheLocationHeader()
    {
        var request = new DefaultHttpContext().Request;

        var result = Assert.IsType<ContentResult>(ApiResults.From(request, new ApiResponse(202, new { BatchId = "batch-1", Created = true }, "/api/batches/batch-1")));

        Assert.Equal(202, result.StatusCode);
        Assert.Equal("application/json", result.ContentType);
        Assert.Equal("""{"batchId":"batch-1","created":true}""", result.Content);
        Assert.Equal("/api/batches/batch-1", request.HttpContext.Response.Headers.Location.ToString());
    }
}
