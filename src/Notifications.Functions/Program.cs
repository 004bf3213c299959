using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Notifications.Core.DependencyInjection;
using Notifications.Functions.Telemetry;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// ASP.NET's request lines print the raw path, and an approval link's path is its credential.
builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
builder.Services.AddNotificationsCore();
builder.Services.AddNotificationsTelemetry(builder.Configuration);
builder.Build().Run();
