using System.Globalization;
using Notifications.Core.Audience;
using Notifications.Core.Campaigns;
using Notifications.Core.Delivery;

namespace Notifications.Core.Approvals.Web;

/// <summary>
/// The request form's markup and script: fields (filled from a campaign being copied), "Preview audience" with counts
/// and sample ids, the tables and columns the query may read, and the push drawn as Android and iOS show it, redrawn
/// as the requester types. The form keeps what was typed on every error; only a successful submit clears it.
/// </summary>
internal static class CampaignForm
{
    public static string Render(Campaign? source, string appName, IReadOnlyList<AudienceColumn> catalogue, Timing.QuietHoursOptions quietHours)
    {
        var message = source?.Message ?? new PushMessage();
        var platforms = source?.Platforms ?? [PushPlatform.Android, PushPlatform.Ios];
        string Checked(PushPlatform platform) => platforms.Contains(platform) ? " checked" : string.Empty;
        var data = message.Data is { Count: > 0 } pairs ? string.Join("\n", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
        return $"""
            <form id="request" novalidate>
              <label for="title">Title <span class="error" data-for="title"></span></label>
              <input id="title" name="title" required maxlength="200" placeholder="Artist 2 posted: tell their followers"{Attribute(source is null ? null : source.Title + " (copy)")}>
              <label for="audienceQuery">Audience query (SQL returning a <code>user_id</code> column) <span class="error" data-for="audienceQuery"></span></label>
              <textarea id="audienceQuery" name="audienceQuery" required placeholder="SELECT user_id FROM follows WHERE account_id = 'acc-0002'">{HtmlPage.Encode(source?.AudienceQuery)}</textarea>
              {Catalogue(catalogue)}
              <p><button type="button" class="secondary" id="preview">Preview audience</button></p>
              <div id="preview-result" aria-live="polite"></div>
              <label for="message.title">Push title <span class="error" data-for="message.title"></span></label>
              <input id="message.title" name="message.title" maxlength="256"{Attribute(message.Title)}>
              <label for="message.body">Push body <span class="error" data-for="message.body"></span></label>
              <textarea id="message.body" name="message.body" maxlength="2048">{HtmlPage.Encode(message.Body)}</textarea>
              <label for="message.imageUrl">Image URL (https) <span class="error" data-for="message.imageUrl"></span></label>
              <input id="message.imageUrl" name="message.imageUrl" type="url"{Attribute(message.ImageUrl)}>
              <h2>What the push will look like</h2>
              {NotificationMockups.Render(message, appName, inline: false)}
              <label for="message.deepLink">Deep link <span class="error" data-for="message.deepLink"></span></label>
              <input id="message.deepLink" name="message.deepLink"{Attribute(message.DeepLink)}>
              <label for="message.data">Data (one key=value per line) <span class="error" data-for="message.data"></span></label>
              <textarea id="message.data" name="message.data">{HtmlPage.Encode(data)}</textarea>
              {Translations(message)}
              <label>Platforms <span class="error" data-for="platforms"></span></label>
              <span class="platforms"><label><input type="checkbox" class="inline" name="platforms" value="android" id="platform-android"{Checked(PushPlatform.Android)}> Android</label>
                    <label><input type="checkbox" class="inline" name="platforms" value="ios" id="platform-ios"{Checked(PushPlatform.Ios)}> iOS</label></span>
              <label for="sendAfter">Send after (optional, UTC) <span class="error" data-for="sendAfter"></span></label>
              <input id="sendAfter" name="sendAfter" type="datetime-local">
              {Timing(source, quietHours)}
              <button type="submit" id="submit">Submit for approval</button>
            </form>
            <p id="outcome"></p>
            {Script}
            """;
    }

    /// <summary>
    /// The push in other languages: one row per BCP 47 tag with its title and body (blank fields fall back to the
    /// default text above). A device gets its language's row, then its base language's, then the default.
    /// </summary>
    private static string Translations(PushMessage message)
    {
        var rows = string.Concat((message.Locales ?? new Dictionary<string, MessageLocale>()).OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => Translation(l.Key, l.Value)));
        return $"""
              <fieldset id="translations"><legend>Translations (optional) <span class="error" data-for="message.locales"></span></legend>
              <p class="muted">Each device gets the text of its language (<code>pt-BR</code>, then <code>pt</code>), else the default above. Placeholders work here too.</p>
              <div id="locale-rows">{rows}</div>
              <template id="locale-row">{Translation(null, null)}</template>
              <p><button type="button" class="secondary" id="add-locale">Add a language</button></p>
              </fieldset>
            """;
    }

    private static string Translation(string? tag, MessageLocale? text) => $"""
        <div class="locale-row"><input class="locale-tag" aria-label="Language (BCP 47, e.g. fr or pt-BR)" placeholder="fr" maxlength="35"{Attribute(tag)}>
        <input class="locale-title" aria-label="Title in this language" placeholder="Title" maxlength="256"{Attribute(text?.Title)}>
        <textarea class="locale-body" aria-label="Body in this language" placeholder="Body" maxlength="2048">{HtmlPage.Encode(text?.Body)}</textarea>
        <button type="button" class="secondary remove-locale" aria-label="Remove this language">Remove</button></div>
        """;

    private static string Attribute(string? value) => value is { Length: > 0 } ? $" value=\"{HtmlPage.Encode(value)}\"" : string.Empty;

    /// <summary>Quiet hours, a local delivery time and a send rate: the respect a marketing push owes its reader.</summary>
    private static string Timing(Campaign? source, Timing.QuietHoursOptions policy)
    {
        string Selected(Timing.QuietHoursMode mode) => (source?.QuietHours ?? policy.DefaultMode) == mode ? " selected" : string.Empty;
        var hours = policy.Enabled ? $"{policy.Start}-{policy.End} in each user's own time zone" : "off in this installation";
        var deliverAt = Attribute(source?.DeliverAt);
        var localTime = source?.LocalTime == true ? " checked" : string.Empty;
        var rate = source?.MaxPerMinute is { } perMinute ? string.Create(CultureInfo.InvariantCulture, $" value=\"{perMinute}\"") : string.Empty;
        return $"""
              <fieldset id="timing"><legend>When it reaches people</legend>
              <label for="quietHours">Users in their quiet hours ({HtmlPage.Encode(hours)}) <span class="error" data-for="quietHours"></span></label>
              <select id="quietHours" name="quietHours"><option value="defer"{Selected(Core.Timing.QuietHoursMode.Defer)}>Hold their push until their quiet hours end</option><option value="skip"{Selected(Core.Timing.QuietHoursMode.Skip)}>Leave them out of this campaign</option></select>
              <label for="deliverAt">Deliver at a time of day (optional) <span class="error" data-for="deliverAt"></span><span class="error" data-for="localTime"></span></label>
              <span class="inline-fields"><input id="deliverAt" name="deliverAt" type="time"{deliverAt}>
              <label><input type="checkbox" class="inline" id="localTime" name="localTime"{localTime}> in each user's own time zone</label></span>
              <label for="maxPerMinute">At most this many pushes a minute (optional, spares the app's servers a rush of opens) <span class="error" data-for="maxPerMinute"></span></label>
              <input id="maxPerMinute" name="maxPerMinute" type="number" min="60" max="600000" step="1"{rate}>
              </fieldset>
            """;
    }

    private static string Catalogue(IReadOnlyList<AudienceColumn> columns)
    {
        if (columns.Count == 0)
        {
            return """<p class="muted" id="catalogue-none">The audience engine did not list its tables; ask the data team which ones to query.</p>""";
        }

        var rows = string.Concat(columns.GroupBy(c => c.Table).Select(t =>
            $"""<tr><td><code>{HtmlPage.Encode(t.Key)}</code></td><td>{string.Join(", ", t.Select(c => $"<code>{HtmlPage.Encode(c.Name)}</code> <span class=\"muted\">{HtmlPage.Encode(c.Type.ToLowerInvariant())}</span>"))}</td></tr>"""));
        return $"""<details class="catalogue" id="catalogue"><summary>Tables and columns you can query</summary><table>{rows}</table></details>""";
    }

    private const string Script = """
        <script>
        const form = document.getElementById('request');
        // One key per request: a double click or a retried post returns the campaign the first one created.
        let idempotencyKey = crypto.randomUUID();
        const value = id => { const v = document.getElementById(id).value.trim(); return v === '' ? undefined : v; };
        const platforms = () => [...document.querySelectorAll('input[name=platforms]:checked')].map(c => c.value);
        const number = n => Number(n).toLocaleString('en-US');
        const clearErrors = () => document.querySelectorAll('.error').forEach(s => s.textContent = '');
        const showErrors = (result, fallback) => {
          for (const [field, problems] of Object.entries(result.errors || {})) {
            const key = field.startsWith('message.data') ? 'message.data' : field.startsWith('platforms') ? 'platforms'
              : field.startsWith('message.locales') ? 'message.locales' : field;
            const slot = document.querySelector('[data-for="' + key + '"]') || fallback;
            slot.textContent = (slot === fallback ? field + ': ' : '') + problems.join('; ');
          }
        };

        // The mock-ups redraw from the same fields the request sends.
        const redraw = () => {
          const title = value('message.title') || '', body = value('message.body') || '', image = value('message.imageUrl') || '';
          const set = (name, text) => document.querySelectorAll('[data-mock="' + name + '"]').forEach(e => { e.textContent = text; e.classList.toggle('mk-hidden', text === ''); });
          set('title', title); set('body', body);
          document.querySelectorAll('[data-mock="empty"]').forEach(e => e.classList.toggle('mk-hidden', title !== '' || body !== ''));
          document.querySelectorAll('[data-mock="image"]').forEach(e => {
            const ok = image.startsWith('https://');
            if (ok) { e.src = image; } else { e.removeAttribute('src'); }
            e.classList.toggle('mk-hidden', !ok);
          });
        };
        ['message.title', 'message.body', 'message.imageUrl'].forEach(id => document.getElementById(id).addEventListener('input', redraw));

        document.getElementById('preview').addEventListener('click', async () => {
          clearErrors();
          const out = document.getElementById('preview-result');
          out.className = 'notice'; out.textContent = 'Running the query as a dry run…';
          const response = await fetch('/api/campaigns/preview', { method: 'POST', headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ audienceQuery: value('audienceQuery'), platforms: platforms() }) });
          const result = await response.json();
          if (!response.ok) {
            // The engine's own words about the query, in the preview box where the requester is looking.
            const problems = (result.errors && result.errors.audienceQuery) || [];
            out.className = 'notice bad'; out.textContent = problems.length ? 'The query cannot run: ' + problems.join('; ') : (result.detail || result.title || 'The preview failed.');
            showErrors(result, out);
            return;
          }
          out.className = 'notice ok';
          document.getElementById('outcome').textContent = ''; document.getElementById('outcome').className = '';
          out.innerHTML = '<span class="preview"><b id="preview-users"></b><b id="preview-devices"></b><span id="preview-bytes" class="muted"></span></span><p>Some of them: <span id="preview-sample"></span></p>';
          document.getElementById('preview-users').textContent = (result.usersAtLeast ? 'at least ' : '') + number(result.users) + ' users';
          document.getElementById('preview-devices').textContent = (result.devicesEstimated ? 'about ' : '') + number(result.devices) + ' devices';
          document.getElementById('preview-bytes').textContent = result.bytesProcessed ? number(result.bytesProcessed) + ' bytes scanned' : '';
          const sample = document.getElementById('preview-sample');
          if (result.sampleUserIds.length === 0) { sample.textContent = 'nobody: the query selects no user.'; }
          result.sampleUserIds.forEach(id => { const c = document.createElement('code'); c.className = 'sample'; c.textContent = id; sample.appendChild(c); });
        });

        // Translations: rows added from a template; empty rows are left out of the request.
        const rowsOf = () => document.getElementById('locale-rows');
        document.getElementById('add-locale').addEventListener('click', () => {
          rowsOf().appendChild(document.getElementById('locale-row').content.firstElementChild.cloneNode(true));
          rowsOf().lastElementChild.querySelector('.locale-tag').focus();
        });
        rowsOf().addEventListener('click', e => { if (e.target.classList.contains('remove-locale')) { e.target.closest('.locale-row').remove(); } });
        const locales = () => {
          const result = {};
          rowsOf().querySelectorAll('.locale-row').forEach(row => {
            const tag = row.querySelector('.locale-tag').value.trim(), title = row.querySelector('.locale-title').value.trim(), body = row.querySelector('.locale-body').value.trim();
            if (tag !== '' || title !== '' || body !== '') { result[tag] = { title: title || undefined, body: body || undefined }; }
          });
          return Object.keys(result).length ? result : undefined;
        };

        form.addEventListener('submit', async e => {
          e.preventDefault();
          clearErrors();
          const data = {};
          (value('message.data') || '').split('\n').filter(l => l.includes('=')).forEach(l => { const i = l.indexOf('='); data[l.slice(0, i).trim()] = l.slice(i + 1).trim(); });
          const after = value('sendAfter');
          const body = {
            title: value('title'), audienceQuery: value('audienceQuery'),
            message: { title: value('message.title'), body: value('message.body'), imageUrl: value('message.imageUrl'), deepLink: value('message.deepLink'),
                       data: Object.keys(data).length ? data : undefined, locales: locales() },
            platforms: platforms(),
            sendAfter: after ? after + ':00Z' : undefined,
            quietHours: value('quietHours'), deliverAt: value('deliverAt'),
            localTime: document.getElementById('localTime').checked || undefined,
            maxPerMinute: value('maxPerMinute') ? Number(value('maxPerMinute')) : undefined,
          };
          const outcome = document.getElementById('outcome');
          let response, result;
          try {
            response = await fetch('/api/campaigns', { method: 'POST', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey }, body: JSON.stringify(body) });
            result = await response.json();
          } catch {
            outcome.className = 'notice bad'; outcome.textContent = 'The request did not reach the server; nothing was submitted. Your form is as you left it: submit again.';
            return;
          }
          if (response.status === 202 || response.status === 200) {
            outcome.className = 'notice ok';
            // What happens next, in order; the link's text is the id (tests and people copy it), its page is where to follow it.
            outcome.innerHTML = 'Submitted. Next the audience query runs, then the approvers get an email with the number of users and devices and the push; '
              + 'you get a copy, and another email when they decide. Follow it on its page: <a id="campaign-link" href="/campaigns/' + encodeURIComponent(result.id) + '"></a>.';
            document.getElementById('campaign-link').textContent = result.id;
            form.reset();
            rowsOf().replaceChildren();
            redraw();
            document.getElementById('preview-result').textContent = '';
            document.getElementById('preview-result').className = '';
            idempotencyKey = crypto.randomUUID();
          } else {
            // Nothing is cleared: fix the field named and submit again.
            outcome.className = 'notice bad';
            outcome.textContent = (result.detail || 'The request was refused.') + ' Your form is as you left it.';
            showErrors(result, outcome);
          }
        });
        </script>
        """;
}
