using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Notifications.Core.Tests.Infrastructure;

/// <summary>
/// Every log line a host writes, with its event id, for tests that check what is (and is not) logged. A line holds
/// the message and every structured value, since exporters send both.
/// </summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyCollection<CapturedLog> Entries => _entries;

    public IEnumerable<string> Lines => _entries.Select(e => e.Line);

    /// <summary>How many lines carried <paramref name="eventId"/>.</summary>
    public int Count(int eventId) => _entries.Count(e => e.EventId.Id == eventId);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(";", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            entries.Enqueue(new CapturedLog(category, eventId, $"{category}: {formatter(state, exception)} {values} {exception}"));
        }
    }
}
