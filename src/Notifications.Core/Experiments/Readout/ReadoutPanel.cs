using System.Globalization;
using System.Text;
using Notifications.Core.Approvals.Web;
using Notifications.Core.Experiments.Statistics;

namespace Notifications.Core.Experiments.Readout;

/// <summary>
/// The readout on a page: the verdict first (or the sample-ratio alarm), a small chart of each arm's conversion rate
/// with its 95% interval, and the table of the report's numbers. Plain HTML and inline SVG drawn with presentation
/// attributes, so the pages' content security policy (no inline styles or scripts) lets it through.
/// </summary>
public static class ReadoutPanel
{
    private const int ChartWidth = 760;
    private const int RowHeight = 30;
    private const int LabelWidth = 150;

    /// <summary>The panel of <paramref name="readout"/>.</summary>
    public static string Render(ExperimentReadout readout)
    {
        var verdictClass = readout.SampleRatioMismatch ? "notice bad" : readout.Arms.Any(a => a.Interval95 is { Lower: > 0 }) ? "notice ok" : "notice";
        var rows = string.Concat(readout.Arms.Select(a => string.Create(CultureInfo.InvariantCulture,
            $"<tr><td>{HtmlPage.Encode(a.Name)}</td><td>{a.Share:0.##}%</td><td>{a.Users:N0}</td><td>{a.Pushed:N0}</td><td>{a.Opened:N0}</td><td>{a.Converted:N0}</td><td>{100 * a.Rate:0.00}%</td>")
            + (a.LiftPoints is { } lift && a.Interval95 is { } ci && a.PValue is { } p
                ? string.Create(CultureInfo.InvariantCulture, $"<td>{lift:+0.00;-0.00;0.00}</td><td>[{ci.Lower:0.00}, {ci.Upper:0.00}]</td><td>{ReadoutBuilder.PValue(p)}</td></tr>")
                : "<td class=\"muted\">baseline</td><td></td><td></td></tr>")));
        var srm = readout.SampleRatioMismatch
            ? $"""<span class="status failed" id="srm">sample ratio mismatch, p={ReadoutBuilder.PValue(readout.SrmPValue)}</span>"""
            : $"""<span class="status sent" id="srm">arm sizes match their shares (p={ReadoutBuilder.PValue(readout.SrmPValue)})</span>""";
        return $"""
            <p class="{verdictClass}" id="verdict">{HtmlPage.Encode(readout.Sentence)}</p>
            <p class="muted">Goal: {HtmlPage.Encode(readout.Goal)}. Users are everyone assigned to an arm on the run dates (control included, reached or not); lift is a variant's conversion rate minus control's, with a 95% interval (Newcombe) and a two-sided p-value. {srm}</p>
            {Chart(readout)}
            {LiftChart(readout)}
            <table id="readout" class="catalogue"><tr><th>Arm</th><th>Share</th><th>Users</th><th>Pushed</th><th>Opened</th><th>Converted</th><th>Rate</th><th>Lift (pp)</th><th>95% interval</th><th>p</th></tr>{rows}</table>
            """;
    }

    /// <summary>
    /// Each variant's lift over control in percentage points, a dot on its 95% interval, around a line at zero: the
    /// picture of the verdict (an interval clear of the line is a difference).
    /// </summary>
    private static string LiftChart(ExperimentReadout readout)
    {
        var variants = readout.Arms.Where(a => a.LiftPoints is not null && a.Interval95 is not null).ToList();
        if (variants.Count == 0)
        {
            return string.Empty;
        }

        var reach = Math.Max(0.5, variants.Max(v => Math.Max(Math.Abs(v.Interval95!.Value.Lower), Math.Abs(v.Interval95.Value.Upper))) * 1.15);
        var plotLeft = LabelWidth;
        var plotWidth = ChartWidth - LabelWidth - 160;
        double X(double points) => plotLeft + ((points + reach) / (2 * reach) * plotWidth);
        var height = (variants.Count * RowHeight) + 26;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg id="lift-chart" role="img" aria-label="Lift over control in percentage points with 95% intervals" width="100%" viewBox="0 0 {ChartWidth} {height}" xmlns="http://www.w3.org/2000/svg" font-family="system-ui,sans-serif" font-size="13">""");
        var zero = X(0);
        svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{zero:0.0}" x2="{zero:0.0}" y1="2" y2="{height - 20}" stroke="#8c959f"/><text x="{zero:0.0}" y="{height - 6}" fill="#656d76" text-anchor="middle">0 pp: same as control</text>""");
        for (var i = 0; i < variants.Count; i++)
        {
            var v = variants[i];
            var ci = v.Interval95!.Value;
            var y = (i * RowHeight) + 4;
            var color = ci.Lower > 0 ? "#1a7f37" : ci.Upper < 0 ? "#cf222e" : "#0969da";
            var (lo, hi, at) = (X(ci.Lower), X(ci.Upper), X(v.LiftPoints!.Value));
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="0" y="{y + 15}" fill="#1f2328">{HtmlPage.Encode(v.Name)}</text>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{lo:0.0}" x2="{hi:0.0}" y1="{y + 11}" y2="{y + 11}" stroke="{color}" stroke-width="3" stroke-linecap="round"/><circle cx="{at:0.0}" cy="{y + 11}" r="5" fill="{color}"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{plotLeft + plotWidth + 10}" y="{y + 15}" fill="#1f2328">{v.LiftPoints.Value:+0.0;-0.0;0.0} pp [{ci.Lower:0.0}, {ci.Upper:0.0}]</text>""");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>Each arm's conversion rate as a bar with its Wilson 95% interval as a whisker; control's rate as a dashed line across.</summary>
    private static string Chart(ExperimentReadout readout)
    {
        var intervals = readout.Arms.Select(a => Proportions.Wilson(a.Converted, a.Users)).ToList();
        var top = Math.Max(0.01, intervals.Where((_, i) => readout.Arms[i].Users > 0).Select(i => i.Upper).DefaultIfEmpty(0.01).Max() * 1.1);
        double X(double rate) => LabelWidth + (rate / top * (ChartWidth - LabelWidth - 70));
        var height = (readout.Arms.Count * RowHeight) + 24;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg id="readout-chart" role="img" aria-label="Conversion rate per arm with 95% intervals" width="100%" viewBox="0 0 {ChartWidth} {height}" xmlns="http://www.w3.org/2000/svg" font-family="system-ui,sans-serif" font-size="13">""");
        for (var i = 0; i < readout.Arms.Count; i++)
        {
            var arm = readout.Arms[i];
            var y = (i * RowHeight) + 4;
            var fill = arm.IsControl ? "#8c959f" : arm.Interval95 is { Lower: > 0 } ? "#1a7f37" : arm.Interval95 is { Upper: < 0 } ? "#cf222e" : "#0969da";
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="0" y="{y + 15}" fill="#1f2328">{HtmlPage.Encode(arm.Name)}</text>""");
            if (arm.Users == 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"""<text x="{LabelWidth}" y="{y + 15}" fill="#656d76">no users yet</text>""");
                continue;
            }

            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{LabelWidth}" y="{y + 3}" width="{X(arm.Rate) - LabelWidth:0.0}" height="16" rx="3" fill="{fill}" opacity="0.85"/>""");
            var (lo, hi) = (X(intervals[i].Lower), X(intervals[i].Upper));
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{lo:0.0}" x2="{hi:0.0}" y1="{y + 11}" y2="{y + 11}" stroke="#1f2328" stroke-width="1.5"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{lo:0.0}" x2="{lo:0.0}" y1="{y + 6}" y2="{y + 16}" stroke="#1f2328" stroke-width="1.5"/><line x1="{hi:0.0}" x2="{hi:0.0}" y1="{y + 6}" y2="{y + 16}" stroke="#1f2328" stroke-width="1.5"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{hi + 6:0.0}" y="{y + 15}" fill="#1f2328">{100 * arm.Rate:0.0}%</text>""");
        }

        if (readout.Arms.FirstOrDefault(a => a.IsControl) is { Users: > 0 } control)
        {
            var x = X(control.Rate);
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{x:0.0}" x2="{x:0.0}" y1="2" y2="{height - 20}" stroke="#8c959f" stroke-dasharray="4 3"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{x:0.0}" y="{height - 6}" fill="#656d76" text-anchor="middle">control {100 * control.Rate:0.0}%</text>""");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }
}
