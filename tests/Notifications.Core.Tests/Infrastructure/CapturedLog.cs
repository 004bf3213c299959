using Microsoft.Extensions.Logging;

namespace Notifications.Core.Tests.Infrastructure;

/// <summary>One line <see cref="CapturingLoggerProvider"/> received.</summary>
/// <param name="Category">The logger's category.</param>
/// <param name="EventId">The event id.</param>
/// <param name="Line">Category, message, structured values and exception, as one line.</param>
internal sealed record CapturedLog(string Category, EventId EventId, string Line);
