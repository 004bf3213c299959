using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Functions.Batches;
using Notifications.Local.Hosting;

namespace Notifications.Functions.Tests.Hosting;

/// <summary>
/// Every HTTP route exists in both hosts: as an Azure Functions trigger and in the local host's endpoint table
/// (<c>ApiEndpoints.MapNotificationsApi</c>), with the same verb. The local table is read from a real ASP.NET Core app
/// with the routes mapped, not from the source text. The local host's own extras (<c>/mailbox</c>, <c>/metrics</c>) are
/// mapped elsewhere and are not part of the API.
/// </summary>
public sealed class RouteParityTests
{
    [Fact]
    public void Routes_FunctionsAndLocalHost_SameVerbsAndPaths()
    {
        var functions = FunctionRoutes();
        var local = LocalRoutes();

        Assert.True(functions.Count > 20, $"only {functions.Count} Functions routes found");
        var onlyInFunctions = functions.Except(local).Order().ToList();
        var onlyLocally = local.Except(functions).Order().ToList();
        Assert.True(onlyInFunctions.Count == 0 && onlyLocally.Count == 0,
            $"only in the Functions app: {string.Join(", ", onlyInFunctions)}; only in the local host: {string.Join(", ", onlyLocally)}");
    }

    /// <summary>"GET /api/cohorts/{id}/readout" for every HTTP trigger of the Functions app.</summary>
    internal static List<string> FunctionRoutes() =>
        [.. typeof(BatchActivityFunctions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .SelectMany(m => m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).Where(a => a is not null))
            .SelectMany(a => a!.Methods!.Select(verb => $"{verb.ToUpperInvariant()} /{(a.Route == HomeRoute ? "" : a.Route)}"))];

    /// <summary>How the Functions app routes its home page: a trigger's route cannot be empty, so an optional segment of length 0.</summary>
    private const string HomeRoute = "{root:maxlength(0)?}";

    /// <summary>The same for the local host's endpoint table.</summary>
    internal static List<string> LocalRoutes()
    {
        var builder = WebApplication.CreateSlimBuilder();

        // Mapping infers which handler parameters are services; nothing is resolved, so every type the handlers name
        // is registered as one that would throw if it ever were.
        foreach (var type in new[] { typeof(Core.Api.ApiResponse).Assembly, typeof(LocalHost).Assembly }.SelectMany(a => a.GetTypes())
                     .Where(t => t.IsClass && !t.IsAbstract && !t.IsGenericTypeDefinition && !t.IsNested && t.Namespace?.StartsWith("Notifications", StringComparison.Ordinal) == true))
        {
            builder.Services.AddSingleton(type, _ => throw new InvalidOperationException("not resolved while mapping"));
        }

        builder.Services.AddSingleton(typeof(DurableTaskClient), _ => throw new InvalidOperationException("not resolved while mapping"));
        var app = builder.Build();
        app.MapNotificationsApi();
        return [.. ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(verb => $"{verb} {e.RoutePattern.RawText}"))];
    }
}
