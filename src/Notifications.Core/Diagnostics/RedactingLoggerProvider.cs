using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Notifications.Core.Diagnostics;

/// <summary>
/// Wraps a log provider so that no line it writes carries an approval token (<see cref="RequestPaths.RedactText"/>),
/// whatever the log levels say: ASP.NET's own request lines print the raw path, and a setting that raises their
/// level must not bring 72-hour approve links back into the logs.
/// </summary>
public sealed class RedactingLoggerProvider(ILoggerProvider inner) : ILoggerProvider
{
    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(inner.CreateLogger(categoryName));

    /// <inheritdoc />
    public void Dispose() => inner.Dispose();

    private sealed class Logger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception);
            var redacted = RequestPaths.RedactText(message);
            if (ReferenceEquals(message, redacted) && (exception is null || !exception.Message.Contains(RequestPaths.ApprovalsPrefix, StringComparison.OrdinalIgnoreCase)))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
                return;
            }

            // The structured state held the token too: only the redacted text goes on, and the exception as text.
            var text = exception is null ? redacted : redacted + Environment.NewLine + RequestPaths.RedactText(exception.ToString());
            inner.Log(logLevel, eventId, text, null, static (s, _) => s);
        }
    }
}

/// <summary>Registers <see cref="RedactingLoggerProvider"/> around every provider added so far.</summary>
public static class RedactingLoggingBuilderExtensions
{
    /// <summary>Wraps each <see cref="ILoggerProvider"/> registered so far; call it after the providers are added.</summary>
    public static ILoggingBuilder RedactApprovalLinks(this ILoggingBuilder builder)
    {
        var providers = builder.Services.Where(d => d.ServiceType == typeof(ILoggerProvider)).ToList();
        foreach (var descriptor in providers)
        {
            builder.Services.Remove(descriptor);
            builder.Services.AddSingleton<ILoggerProvider>(sp => new RedactingLoggerProvider(Resolve(sp, descriptor)));
        }

        return builder;
    }

    private static ILoggerProvider Resolve(IServiceProvider services, ServiceDescriptor descriptor) =>
        descriptor.ImplementationInstance as ILoggerProvider
        ?? (descriptor.ImplementationFactory is { } factory
            ? (ILoggerProvider)factory(services)
            : (ILoggerProvider)ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}
