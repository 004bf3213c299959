using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Notifications.Functions.Telemetry;

/// <summary>OpenTelemetry for the Functions worker: Core's meters and spans, exported to Application Insights.</summary>
internal static class TelemetryExtensions
{
    /// <summary>
    /// Traces: the worker's function invocations (children of the Durable host's orchestration and activity spans,
    /// host.json <c>tracing.version V2</c>), then Core's chunk spans and gateway calls under them. Metrics: Core's
    /// meter (pushes by outcome, per campaign and platform, gateway latency, retries, 429s, batch progress). The
    /// HTTP client's own spans are not collected: an APNs request path holds the device token.
    /// </summary>
    public static IServiceCollection AddNotificationsTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var telemetry = services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(tracing => tracing.AddSource(DeliveryMetrics.Name).AddProcessor(new RedactApprovalPaths()))
            .WithMetrics(metrics => metrics.AddMeter(DeliveryMetrics.Name));
        if (!string.IsNullOrEmpty(configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
        {
            telemetry.UseAzureMonitorExporter(ConfigureExporter);
        }

        return services;
    }

    /// <summary>
    /// No sampling. The exporter's default keeps a few traces a second and drops the logs of the others, and the alerts
    /// query those logs (a failed batch, a failed cohort run, a failed approval email): a dropped line is a missed page.
    /// The volume is bounded where it is made instead: gateway-call spans are budgeted per chunk (<c>SpanBudget</c>).
    /// </summary>
    internal static void ConfigureExporter(AzureMonitorExporterOptions options)
    {
        options.TracesPerSecond = null;
        options.SamplingRatio = 1.0F;
        options.EnableTraceBasedLogsSampler = false;
    }
}
