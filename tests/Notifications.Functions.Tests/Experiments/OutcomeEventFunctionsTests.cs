using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Notifications.Core.Api;
using Notifications.Core.Experiments.Events;
using Notifications.Core.Identity;
using Notifications.Core.Storage;
using Notifications.Functions.Experiments;

namespace Notifications.Functions.Tests.Experiments;

/// <summary>
/// The events trigger as the Functions host calls it: the request's Authorization header reaches Core, so an anonymous
/// or malformed call is refused before anything (storage included) is touched.
/// </summary>
public sealed class OutcomeEventFunctionsTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer ")]
    public async Task Record_WithoutAnAppUserToken_401ProblemAndNoStorageCall(string? authorization)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes("""{"type":"opened","campaignId":"spring-sale"}"""));
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        var result = Assert.IsType<ContentResult>(await Trigger().Record(context.Request));

        Assert.Equal(401, result.StatusCode);
        Assert.Equal("The app user is not signed in.", JsonDocument.Parse(result.Content!).RootElement.GetProperty("title").GetString());
    }

    private static OutcomeEventFunctions Trigger()
    {
        // Storage that does not exist: any call to it would fail the test with a connection error, not a 401.
        var storage = new StorageClients(Options.Create(new StorageOptions { ConnectionString = "DefaultEndpointsProtocol=http;AccountName=nobody;AccountKey=bm9ib2R5;BlobEndpoint=http://127.0.0.1:9/nobody;TableEndpoint=http://127.0.0.1:9/nobody;" }));
        var tokens = new AppUserTokens(
            Options.Create(new AppUserOptions { Issuer = "https://issuer.example/", Audience = "app", SigningKeysJson = """{"keys":[]}""" }),
            new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>(),
            TimeProvider.System);
        return new OutcomeEventFunctions(new OutcomeEventApi(new OutcomeEventStore(storage), tokens, TimeProvider.System));
    }
}
