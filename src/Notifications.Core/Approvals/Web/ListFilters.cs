using System.Globalization;

namespace Notifications.Core.Approvals.Web;

/// <summary>
/// The parts every list page shares (<c>/campaigns</c>, <c>/batches</c>): the filter form, which submits the list API's
/// own parameters to the page by GET, and the 400 page for parameters that are wrong.
/// </summary>
internal static class ListFilters
{
    /// <summary>A drop-down of <paramref name="values"/> after a first option for "no filter", the shown value selected.</summary>
    public static string Select<T>(string label, string name, string id, string anyValue, string anyText, IEnumerable<T> values, T? shown, Func<T, string> value, Func<T, string> text)
        where T : struct =>
        $"""<label>{label} <select name="{name}" id="{id}"><option value="{anyValue}">{anyText}</option>{string.Concat(values.Select(v =>
            $"""<option value="{value(v)}"{(Equals(shown, v) ? " selected" : "")}>{HtmlPage.Encode(text(v))}</option>"""))}</select></label>""";

    /// <summary>The form: <paramref name="selects"/>, then the date range, then the button.</summary>
    public static string Form(string action, string selects, DateOnly from, DateOnly to) => string.Create(CultureInfo.InvariantCulture, $"""
        <form method="get" action="{action}" class="filters" id="filters">
          {selects}
          <label>From <input type="date" name="from" id="from" value="{from:yyyy-MM-dd}"></label>
          <label>To <input type="date" name="to" id="to" value="{to:yyyy-MM-dd}"></label>
          <button type="submit">Show</button>
        </form>
        """);

    /// <summary>
    /// The form again with each wrong parameter and its rule, never its value: it came from the address bar, or from
    /// someone else's link.
    /// </summary>
    public static HtmlResponse Refused(string title, string form, IReadOnlyDictionary<string, string[]> errors)
    {
        var problems = string.Concat(errors.Select(e => $"<li>{HtmlPage.Encode(e.Key)}: {HtmlPage.Encode(string.Join("; ", e.Value))}</li>"));
        return HtmlResponse.Page(400, title, $"""{form}<ul class="notice bad" id="problems">{problems}</ul>""");
    }
}
