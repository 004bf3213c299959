using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Notifications.Core.Approvals.Web;

/// <summary>
/// Renders Razor components to HTML strings outside any ASP.NET Core pipeline (<see cref="HtmlRenderer"/>), for pages
/// and emails alike: every value a component writes is HTML-encoded unless the component says otherwise, so a person's
/// text (or a query's) cannot become markup. One renderer serves the whole host; its dispatcher serialises renders.
/// </summary>
public sealed class ComponentRenderer : IAsyncDisposable
{
    private readonly HtmlRenderer _renderer;

    /// <summary>Creates the renderer over the host's services (components here inject none) and loggers.</summary>
    public ComponentRenderer(IServiceProvider services, ILoggerFactory? loggers = null) =>
        _renderer = new HtmlRenderer(new WithEncoder(services), loggers ?? NullLoggerFactory.Instance);

    /// <summary>The HTML of <typeparamref name="TComponent"/> with <paramref name="parameters"/> (by parameter name).</summary>
    public Task<string> RenderAsync<TComponent>(IDictionary<string, object?> parameters)
        where TComponent : IComponent =>
        _renderer.Dispatcher.InvokeAsync(async () =>
            (await _renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters)).ConfigureAwait(false)).ToHtmlString());

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _renderer.DisposeAsync();

    /// <summary>
    /// The default encoder escapes every letter outside Basic Latin ("célèbre" becomes "c&amp;#xE9;l&amp;#xE8;bre"), which
    /// bloats emails in other scripts and makes their source unreadable; this one keeps letters and still escapes every
    /// character that HTML gives a meaning.
    /// </summary>
    private sealed class WithEncoder(IServiceProvider inner) : IServiceProvider
    {
        private static readonly System.Text.Encodings.Web.HtmlEncoder Encoder = System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

        public object? GetService(Type serviceType) =>
            serviceType == typeof(System.Text.Encodings.Web.HtmlEncoder) ? Encoder : inner.GetService(serviceType);
    }
}
