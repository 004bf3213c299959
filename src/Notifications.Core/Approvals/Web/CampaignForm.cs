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
    public static string Render(
        Campaign? source, string appName, IReadOnlyList<AudienceColumn> catalogue, Timing.QuietHoursOptions quietHours, IReadOnlyList<(string Value, string Label)> testTargets)
    {
        // A copied A/B test fills the fields above with its first variant and the variant rows with the others.
        var message = source?.Message ?? source?.Variants?[0].Message ?? new PushMessage();
        var variants = source?.Variants ?? [];
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
              <div id="preview-forms"></div>
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
              {Variants(variants, source?.ControlPercent ?? 0)}
              {Translations(variants.Count > 0 ? variants : [new Batches.Files.ExperimentVariant { Name = "", Percent = 100, Message = message }])}
              <label>Platforms <span class="error" data-for="platforms"></span></label>
              <span class="platforms"><label><input type="checkbox" class="inline" name="platforms" value="android" id="platform-android"{Checked(PushPlatform.Android)}> Android</label>
                    <label><input type="checkbox" class="inline" name="platforms" value="ios" id="platform-ios"{Checked(PushPlatform.Ios)}> iOS</label></span>
              <label for="sendAfter">Send after (optional, UTC) <span class="error" data-for="sendAfter"></span></label>
              <input id="sendAfter" name="sendAfter" type="datetime-local">
              {Timing(source, quietHours)}
              {TestPanel(testTargets)}
              <button type="submit" id="submit">Submit for approval</button>
            </form>
            {FormCardTemplate(appName)}
            <p id="outcome"></p>
            {Script}
            """;
    }

    /// <summary>
    /// The push in other languages: one row per BCP 47 tag with its title and body (blank fields fall back to the
    /// default text above). A device gets its language's row, then its base language's, then the default. In an A/B
    /// test each row says which variant it translates.
    /// </summary>
    private static string Translations(IReadOnlyList<Batches.Files.ExperimentVariant> arms)
    {
        var rows = string.Concat(arms.SelectMany(a => (a.Message.Locales ?? new Dictionary<string, MessageLocale>())
            .OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => Translation(l.Key, l.Value, a.Name))));
        return $"""
              <fieldset id="translations"><legend>Translations (optional) <span class="error" data-for="message.locales"></span></legend>
              <p class="muted">Each device gets the text of its language (<code>pt-BR</code>, then <code>pt</code>), else the default above. Placeholders work here too.</p>
              <div id="locale-rows">{rows}</div>
              <template id="locale-row">{Translation(null, null, null)}</template>
              <p><button type="button" class="secondary" id="add-locale">Add a language</button></p>
              </fieldset>
            """;
    }

    private static string Translation(string? tag, MessageLocale? text, string? variant) => $"""
        <div class="locale-row"><input class="locale-tag" aria-label="Language (BCP 47, e.g. fr or pt-BR)" placeholder="fr" maxlength="35"{Attribute(tag)}>
        <input class="locale-title" aria-label="Title in this language" placeholder="Title" maxlength="256"{Attribute(text?.Title)}>
        <textarea class="locale-body" aria-label="Body in this language" placeholder="Body" maxlength="2048">{HtmlPage.Encode(text?.Body)}</textarea>
        <select class="locale-variant" aria-label="Variant this translates" data-variant="{HtmlPage.Encode(variant)}"></select>
        <button type="button" class="secondary remove-locale" aria-label="Remove this language">Remove</button></div>
        """;

    /// <summary>
    /// An A/B test: the text above is the first variant; each row adds another wording with its share, and a control
    /// group gets nothing, so the readout can say which wording (if any) helped.
    /// </summary>
    private static string Variants(IReadOnlyList<Batches.Files.ExperimentVariant> variants, decimal control)
    {
        var on = variants.Count > 0;
        var first = on ? variants[0] : null;
        var rows = string.Concat(variants.Skip(1).Select(Variant));
        return $"""
              <fieldset id="ab"><legend>A/B test (optional) <span class="error" data-for="variants"></span></legend>
              <p class="muted">Test other wordings against the one above: each user gets one variant, chosen by a stable hash, and a control group gets nothing, so the readout can tell what the push did.</p>
              <div id="ab-fields"{(on ? "" : " hidden")}>
                <span class="inline-fields"><label for="variant-a-name">The text above is variant</label><input id="variant-a-name" class="short" maxlength="32" value="{HtmlPage.Encode(first?.Name ?? "a")}">
                <label for="variant-a-percent">for</label><input id="variant-a-percent" class="short" type="number" min="0.01" max="100" step="0.01" value="{(first?.Percent ?? 45).ToString(CultureInfo.InvariantCulture)}"><span>% of users</span></span>
                <div id="variant-rows">{rows}</div>
                <label for="controlPercent">Control group: % of users who get nothing <span class="error" data-for="controlPercent"></span></label>
                <input id="controlPercent" class="short" type="number" min="0" max="99.99" step="0.01" value="{(on ? control : 10).ToString(CultureInfo.InvariantCulture)}">
              </div>
              <template id="variant-row">{Variant(null)}</template>
              <p><button type="button" class="secondary" id="add-variant">Add a variant</button></p>
              </fieldset>
            """;
    }

    private static string Variant(Batches.Files.ExperimentVariant? variant) => $"""
        <div class="variant-row"><input class="variant-name short" aria-label="Variant name" placeholder="b" maxlength="32"{Attribute(variant?.Name)}>
        <input class="variant-percent short" type="number" min="0.01" max="100" step="0.01" aria-label="Share of users, %" placeholder="%"{Attribute(variant?.Percent.ToString(CultureInfo.InvariantCulture))}>
        <input class="variant-title" aria-label="Title of this variant" placeholder="Title" maxlength="256"{Attribute(variant?.Message.Title)}>
        <textarea class="variant-body" aria-label="Body of this variant" placeholder="Body" maxlength="2048">{HtmlPage.Encode(variant?.Message.Body)}</textarea>
        <button type="button" class="secondary remove-variant" aria-label="Remove this variant">Remove</button></div>
        """;

    /// <summary>A test push of one form before submitting: to the requester's own devices (an approver's) or a listed test phone.</summary>
    private static string TestPanel(IReadOnlyList<(string Value, string Label)> targets)
    {
        var options = string.Concat(targets.Select(t => $"""<option value="{HtmlPage.Encode(t.Value)}">{HtmlPage.Encode(t.Label)}</option>"""));
        var none = targets.Count == 0
            ? """<p class="notice bad" id="test-none">No test phones are configured here (Approvals:TestUsers), so a test push has nowhere to go; the approvers can still test.</p>"""
            : string.Empty;
        return $"""
              <fieldset id="test-panel"><legend>Send a test push before submitting</legend>
              <p class="muted">One form, its placeholders as their defaults, through the same send as the campaign. The approvers can test with the query's real values.</p>
              {none}
              <label for="test-target">To</label><select id="test-target"{(targets.Count == 0 ? " disabled" : "")}>{options}</select>
              <label for="test-form">Which form</label><select id="test-form"></select>
              <p><button type="button" class="secondary" id="send-test"{(targets.Count == 0 ? " disabled" : "")}>Send the test push</button></p>
              <div id="test-result" aria-live="polite"></div>
              </fieldset>
            """;
    }

    /// <summary>One form of the preview's gallery, filled by the script with text only (never markup).</summary>
    private static string FormCardTemplate(string appName)
    {
        var app = HtmlPage.Encode(appName);
        var initial = HtmlPage.Encode(appName[..1].ToUpperInvariant());
        return $"""
            <template id="form-card"><div class="fc" data-form=""><p class="fc-head"><span data-slot="label"></span><br><span class="fc-reach" data-slot="reach"></span></p>
            <div class="mk"><div class="mk-phone mk-android-phone" data-mock-platform="android"><p class="mk-label">Android</p><div class="mk-card mk-android"><div class="mk-head"><span class="mk-icon-android">{initial}</span><span class="mk-app">{app}</span> &middot; now</div><div class="mk-title" data-slot="title"></div><div class="mk-body" data-slot="body"></div></div></div>
            <div class="mk-phone mk-ios-phone" data-mock-platform="ios"><p class="mk-label">iOS</p><div class="mk-card mk-ios"><div class="mk-head"><span class="mk-icon-ios">{initial}</span><span class="mk-app mk-ios-app">{app}</span><span class="mk-when">now</span></div><div class="mk-title" data-slot="title"></div><div class="mk-body" data-slot="body"></div></div></div></div>
            <table class="fc-template"><tr><th class="fc-field">Title</th><td><span class="fc-raw" data-slot="template-title"></span></td></tr><tr><th class="fc-field">Body</th><td><span class="fc-raw" data-slot="template-body"></span></td></tr></table></div></template>
            """;
    }

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
            const name = field.startsWith('campaign.') ? field.slice('campaign.'.length) : field;
            const key = name.startsWith('message.data') ? 'message.data' : name.startsWith('platforms') ? 'platforms'
              : name.startsWith('message.locales') || /^variants\[\d+\]\.message\.locales/.test(name) ? 'message.locales'
              : name.startsWith('variants') ? 'variants' : name;
            const slot = document.querySelector('[data-for="' + key + '"]') || fallback;
            slot.textContent = (slot === fallback || key === 'variants' ? name + ': ' : '') + problems.join('; ');
          }
        };

        // The mock-ups redraw from the same fields the request sends, each placeholder as its default (what a user
        // without a value gets; the preview's forms below say the same).
        const defaults = text => text.replace(/\{\{\s*[A-Za-z_][A-Za-z0-9_]*\s*(?:\|\s*default:\s*"([^"]*)"\s*)?\}\}/g, (_, d) => d || '');
        const redraw = () => {
          const title = defaults(value('message.title') || ''), body = defaults(value('message.body') || ''), image = value('message.imageUrl') || '';
          const set = (name, text) => document.querySelectorAll('#mock-android [data-mock="' + name + '"], #mock-ios [data-mock="' + name + '"]').forEach(e => { e.textContent = text; e.classList.toggle('mk-hidden', text === ''); });
          set('title', title); set('body', body);
          document.querySelectorAll('[data-mock="empty"]').forEach(e => e.classList.toggle('mk-hidden', title !== '' || body !== ''));
          document.querySelectorAll('#mock-android [data-mock="image"], #mock-ios [data-mock="image"]').forEach(e => {
            const ok = image.startsWith('https://');
            if (ok) { e.src = image; } else { e.removeAttribute('src'); }
            e.classList.toggle('mk-hidden', !ok);
          });
        };
        ['message.title', 'message.body', 'message.imageUrl'].forEach(id => document.getElementById(id).addEventListener('input', redraw));

        // A/B test: the text above is the first variant; rows add the others. Off while there are no rows.
        const variantRows = () => document.getElementById('variant-rows');
        const abOn = () => !document.getElementById('ab-fields').hidden;
        const variantNames = () => abOn() ? [value('variant-a-name') || 'a', ...[...variantRows().querySelectorAll('.variant-row')].map(r => r.querySelector('.variant-name').value.trim())] : [];
        const syncVariants = () => {
          const names = variantNames();
          document.querySelectorAll('.locale-variant').forEach(select => {
            const chosen = select.value || select.dataset.variant || names[0] || '';
            select.replaceChildren(...names.map(n => { const o = document.createElement('option'); o.value = n; o.textContent = 'variant ' + n; return o; }));
            select.value = names.includes(chosen) ? chosen : (names[0] || '');
            select.hidden = names.length === 0;
          });
          testForms();
        };
        document.getElementById('add-variant').addEventListener('click', () => {
          document.getElementById('ab-fields').hidden = false;
          const row = document.getElementById('variant-row').content.firstElementChild.cloneNode(true);
          row.querySelector('.variant-name').value = String.fromCharCode(97 + variantRows().children.length + 1);
          row.querySelector('.variant-percent').value = '45';
          variantRows().appendChild(row);
          syncVariants();
          row.querySelector('.variant-title').focus();
        });
        variantRows().addEventListener('click', e => {
          if (!e.target.classList.contains('remove-variant')) { return; }
          e.target.closest('.variant-row').remove();
          if (variantRows().children.length === 0) { document.getElementById('ab-fields').hidden = true; }
          syncVariants();
        });
        document.getElementById('ab').addEventListener('input', syncVariants);

        // Translations: rows added from a template; empty rows are left out of the request.
        const rowsOf = () => document.getElementById('locale-rows');
        document.getElementById('add-locale').addEventListener('click', () => {
          rowsOf().appendChild(document.getElementById('locale-row').content.firstElementChild.cloneNode(true));
          syncVariants();
          rowsOf().lastElementChild.querySelector('.locale-tag').focus();
        });
        rowsOf().addEventListener('click', e => { if (e.target.classList.contains('remove-locale')) { e.target.closest('.locale-row').remove(); syncVariants(); } });
        rowsOf().addEventListener('input', testForms);
        const locales = variant => {
          const result = {};
          rowsOf().querySelectorAll('.locale-row').forEach(row => {
            if (variant !== undefined && row.querySelector('.locale-variant').value !== variant) { return; }
            const tag = row.querySelector('.locale-tag').value.trim(), title = row.querySelector('.locale-title').value.trim(), body = row.querySelector('.locale-body').value.trim();
            if (tag !== '' || title !== '' || body !== '') { result[tag] = { title: title || undefined, body: body || undefined }; }
          });
          return Object.keys(result).length ? result : undefined;
        };

        // The push as the request sends it: one message, or every variant with its share and its own translations.
        const push = () => {
          const data = {};
          (value('message.data') || '').split('\n').filter(l => l.includes('=')).forEach(l => { const i = l.indexOf('='); data[l.slice(0, i).trim()] = l.slice(i + 1).trim(); });
          const shared = { imageUrl: value('message.imageUrl'), deepLink: value('message.deepLink'), data: Object.keys(data).length ? data : undefined };
          if (!abOn()) {
            return { message: { title: value('message.title'), body: value('message.body'), ...shared, locales: locales() } };
          }
          const first = value('variant-a-name') || 'a';
          const variants = [{ name: first, percent: Number(value('variant-a-percent')), message: { title: value('message.title'), body: value('message.body'), ...shared, locales: locales(first) } }];
          variantRows().querySelectorAll('.variant-row').forEach(row => {
            const name = row.querySelector('.variant-name').value.trim();
            variants.push({ name, percent: Number(row.querySelector('.variant-percent').value), message: {
              title: row.querySelector('.variant-title').value.trim() || undefined, body: row.querySelector('.variant-body').value.trim() || undefined, ...shared, locales: locales(name) } });
          });
          return { variants, controlPercent: value('controlPercent') ? Number(value('controlPercent')) : 0 };
        };

        // Every form users can get, as the preview's sample reaches it: drawn with text only.
        const drawForms = forms => {
          const gallery = document.getElementById('preview-forms');
          gallery.replaceChildren();
          if (!forms || forms.length === 0) { return; }
          const heading = document.createElement('h2');
          heading.textContent = forms.length + (forms.length === 1 ? ' form' : ' forms') + ' users can get';
          gallery.appendChild(heading);
          forms.forEach(f => {
            const card = document.getElementById('form-card').content.firstElementChild.cloneNode(true);
            card.dataset.form = (f.armName || 'message') + '/' + (f.locale || 'default');
            const slot = (name, text) => card.querySelectorAll('[data-slot="' + name + '"]').forEach(e => e.textContent = text || '');
            slot('label', f.label);
            slot('reach', 'about ' + number(f.devices) + ' devices of about ' + number(f.users) + ' users (from the preview\u2019s sample)');
            const template = f.template || {};
            slot('title', defaults(template.title || '')); slot('body', defaults(template.body || ''));
            slot('template-title', template.title || '(none)'); slot('template-body', template.body || '(none)');
            gallery.appendChild(card);
          });
        };

        document.getElementById('preview').addEventListener('click', async () => {
          clearErrors();
          const out = document.getElementById('preview-result');
          out.className = 'notice'; out.textContent = 'Running the query as a dry run…';
          const response = await fetch('/api/campaigns/preview', { method: 'POST', headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ audienceQuery: value('audienceQuery'), platforms: platforms(), ...push() }) });
          const result = await response.json();
          if (!response.ok) {
            // The engine's own words about the query, in the preview box where the requester is looking.
            const problems = (result.errors && result.errors.audienceQuery) || [];
            out.className = 'notice bad'; out.textContent = problems.length ? 'The query cannot run: ' + problems.join('; ') : (result.detail || result.title || 'The preview failed.');
            showErrors(result, out);
            drawForms([]);
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
          drawForms(result.forms);
        });

        // A test push of one form, before submitting: the choices follow the variants and languages as they are typed.
        function testForms() {
          const select = document.getElementById('test-form');
          const chosen = select.value;
          const names = variantNames();
          const arms = names.length ? names : [null];
          const tags = arm => [...rowsOf().querySelectorAll('.locale-row')]
            .filter(r => arm === null || r.querySelector('.locale-variant').value === arm)
            .map(r => r.querySelector('.locale-tag').value.trim()).filter(t => t !== '');
          const options = [];
          arms.forEach((arm, i) => [''].concat(tags(arm)).forEach(tag => {
            const o = document.createElement('option');
            o.value = i + '|' + tag;
            o.textContent = (arm === null ? '' : 'Variant ' + arm + ' \u00b7 ') + (tag === '' ? 'Default language' : tag);
            options.push(o);
          }));
          select.replaceChildren(...options);
          if (options.some(o => o.value === chosen)) { select.value = chosen; }
        }
        const drawTest = (out, result) => {
          out.className = result.final ? (result.notSentBecause ? 'notice bad' : 'notice ok') : 'notice';
          out.replaceChildren();
          const head = document.createElement('p');
          head.id = 'test-summary';
          head.textContent = result.summary;
          out.appendChild(head);
          (result.devices || []).forEach(d => {
            const row = document.createElement('p');
            row.className = 'test-device';
            row.textContent = (d.platform === 'ios' ? 'iOS' : 'Android') + ' ' + d.token + ': ' + (d.outcome ? d.outcome.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() : 'sending');
            out.appendChild(row);
          });
        };
        document.getElementById('send-test').addEventListener('click', async () => {
          clearErrors();
          const out = document.getElementById('test-result');
          const [arm, tag] = (document.getElementById('test-form').value || '0|').split('|');
          out.className = 'notice'; out.textContent = 'Sending the test push…';
          const response = await fetch('/api/campaigns/tests', { method: 'POST', headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ campaign: { platforms: platforms(), ...push() }, testUserId: value('test-target') === 'self' ? undefined : value('test-target'),
              arm: Number(arm), locale: tag || undefined }) });
          let result = await response.json();
          if (!response.ok) {
            out.className = 'notice bad'; out.textContent = result.detail || result.title || 'The test was refused.';
            showErrors(result, out);
            return;
          }
          drawTest(out, result);
          const location = response.headers.get('Location');
          for (let i = 0; i < 60 && !result.final && location; i++) {
            await new Promise(r => setTimeout(r, 1000));
            const poll = await fetch(location);
            if (poll.ok) { result = await poll.json(); drawTest(out, result); }
          }
        });
        syncVariants();

        form.addEventListener('submit', async e => {
          e.preventDefault();
          clearErrors();
          const after = value('sendAfter');
          const body = {
            title: value('title'), audienceQuery: value('audienceQuery'),
            ...push(),
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
            outcome.innerHTML = 'Submitted. Next the audience query runs, then the approvers get an email with the number of users and devices and every form of the push; '
              + 'you get a copy, and another email when they decide. Follow it on its page: <a id="campaign-link" href="/campaigns/' + encodeURIComponent(result.id) + '"></a>.';
            document.getElementById('campaign-link').textContent = result.id;
            form.reset();
            rowsOf().replaceChildren();
            variantRows().replaceChildren();
            document.getElementById('ab-fields').hidden = true;
            syncVariants();
            redraw();
            drawForms([]);
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
