using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Notifications.Core.DependencyInjection;
using Notifications.Functions.Telemetry;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddNotificationsCore();
builder.Services.AddNotificationsTelemetry(builder.Configuration);
builder.Build().Run();
