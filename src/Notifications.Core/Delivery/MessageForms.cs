using Notifications.Core.Devices;

namespace Notifications.Core.Delivery;

/// <summary>
/// One message (or experiment variant) ready for any device: its default form and one form per locale. A form without
/// placeholders is rendered once, here; a personal one (<see cref="MessageTemplate"/>) is rendered per user's values
/// by <see cref="Render"/>, which the chunk sender calls once per distinct value set.
/// </summary>
/// <remarks>
/// Locale choice (<see cref="LocaleFor"/>): the device's exact tag, else the tag with subtags dropped from the end
/// (<c>pt-PT</c> reaches <c>pt</c>, <c>zh-Hant-TW</c> reaches <c>zh-Hant</c> then <c>zh</c>), else the default. Never
/// sideways: a <c>pt</c> or <c>pt-PT</c> device does not get a <c>pt-BR</c> variant, since a region's wording may not
/// suit another region; the default is the safe choice.
/// </remarks>
public sealed class MessageForms
{
    private readonly string _campaignId;
    private readonly string? _arm;
    private readonly Form[] _forms;
    private readonly Dictionary<string, int> _byLocale;
    private readonly Dictionary<string, int> _columns;

    private MessageForms(string campaignId, string? arm, Form[] forms, IReadOnlyList<string> locales, IReadOnlyList<string> columns)
    {
        _campaignId = campaignId;
        _arm = arm;
        _forms = forms;
        Locales = locales;
        _byLocale = locales.Select((tag, i) => (tag, i)).ToDictionary(p => p.tag, p => p.i, StringComparer.OrdinalIgnoreCase);
        _columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Count; i++)
        {
            _columns.TryAdd(columns[i], i);
        }

        IsPersonal = forms.Any(f => f.Templates.Count > 0);
    }

    /// <summary>The message's locales, canonical and in ordinal order: a chunk entry names one by its index here.</summary>
    public IReadOnlyList<string> Locales { get; }

    /// <summary>Whether any form has placeholders, so renders per user's values.</summary>
    public bool IsPersonal { get; }

    /// <summary>
    /// The forms of <paramref name="message"/> for an audience with <paramref name="columns"/>: checked (the message,
    /// every placeholder naming one of the columns, every form within 4 KB as its defaults render) and, where there
    /// are no placeholders, rendered.
    /// </summary>
    /// <param name="campaignId">The campaign id every push carries.</param>
    /// <param name="message">The message.</param>
    /// <param name="columns">The audience's columns, which placeholders may name.</param>
    /// <param name="arm">The experiment variant the message is for (every push carries it), or null outside experiments.</param>
    /// <exception cref="InvalidPushMessageException">Every problem, each naming its field under <c>message</c>.</exception>
    public static MessageForms Create(string campaignId, PushMessage message, IReadOnlyList<string>? columns = null, string? arm = null)
    {
        columns ??= [];
        var errors = new List<PushMessageError>(PushMessageValidator.Validate(message));
        if (errors.Count > 0)
        {
            throw new InvalidPushMessageException(errors);
        }

        var all = FormsOf(message);
        var forms = new Form[all.Count];
        for (var i = 0; i < all.Count; i++)
        {
            forms[i] = Form.Of(all[i].Locale is { } tag ? $"message.locales.{tag}" : "message", all[i].Message, columns, errors);
        }

        if (errors.Count > 0)
        {
            throw new InvalidPushMessageException(errors);
        }

        var result = new MessageForms(campaignId, arm, forms, all.Skip(1).Select(f => f.Locale!).ToList(), columns);
        foreach (var form in forms)
        {
            // Even a personal form must fit with nobody's values: an explicit device of the file has none.
            var defaults = PushMessageErrors(form.Path, () => PayloadRenderer.RenderChecked(campaignId, form.Resolve(p => p.Default), arm));
            errors.AddRange(defaults.Errors);
            form.Prepared = form.Templates.Count == 0 ? defaults.Message : null;
        }

        return errors.Count > 0 ? throw new InvalidPushMessageException(errors) : result;
    }

    /// <summary>
    /// Every form of <paramref name="message"/> a device can get: the default (locale null) first, then each locale
    /// (canonical tag, ordinal order) with the default's title, body and data where it gives none. Each form has no
    /// locales of its own. This is the one definition of "what a device in that language gets": the sender renders
    /// these, and the approvers are shown these.
    /// </summary>
    public static IReadOnlyList<(string? Locale, PushMessage Message)> FormsOf(PushMessage message)
    {
        var forms = new List<(string?, PushMessage)> { (null, message with { Locales = null }) };
        foreach (var (tag, locale) in (message.Locales ?? new Dictionary<string, MessageLocale>())
            .Where(l => l.Value is not null)
            .Select(l => (Tag: DeviceLocality.CanonicalLocale(l.Key), Locale: l.Value))
            .OrderBy(l => l.Tag, StringComparer.Ordinal))
        {
            forms.Add((tag, message with
            {
                Locales = null,
                Title = locale.Title ?? message.Title,
                Body = locale.Body ?? message.Body,
                Data = locale.Data is null ? message.Data : Merge(message.Data, locale.Data),
            }));
        }

        return forms;
    }

    /// <summary>
    /// <paramref name="form"/> (one form, as <see cref="FormsOf"/> gives it) with each placeholder filled from
    /// <paramref name="value"/> (by column; a missing or empty value gets the placeholder's default), exactly as the
    /// sender fills it for a user with those values.
    /// </summary>
    public static PushMessage Fill(PushMessage form, Func<string, string?> value)
    {
        string? FillText(string? text) =>
            MessageTemplate.MayHavePlaceholders(text) && MessageTemplate.TryParse(text!, out var template, out _)
                ? template.Render(p => value(p.Column) is { Length: > 0 } v ? v : p.Default)
                : text;

        return form with
        {
            Title = FillText(form.Title),
            Body = FillText(form.Body),
            Data = form.Data?.ToDictionary(p => p.Key, p => FillText(p.Value)!, StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// Every placeholder of <paramref name="message"/> (title, body, data values, and each locale's) by field path under
    /// <paramref name="path"/>; fields whose template does not parse are left out (the validator names them).
    /// </summary>
    public static IReadOnlyList<(string Field, string Column)> PlaceholdersOf(PushMessage message, string path = "message")
    {
        var found = new List<(string, string)>();
        void Add(string field, string? text)
        {
            if (MessageTemplate.MayHavePlaceholders(text) && MessageTemplate.TryParse(text!, out var template, out _))
            {
                found.AddRange(template.Placeholders.Select(p => p.Column).Distinct(StringComparer.Ordinal).Select(c => (field, c)));
            }
        }

        Add($"{path}.title", message.Title);
        Add($"{path}.body", message.Body);
        foreach (var (key, value) in message.Data ?? new Dictionary<string, string>())
        {
            Add($"{path}.data.{key}", value);
        }

        foreach (var (tag, locale) in message.Locales ?? new Dictionary<string, MessageLocale>())
        {
            Add($"{path}.locales.{tag}.title", locale?.Title);
            Add($"{path}.locales.{tag}.body", locale?.Body);
            foreach (var (key, value) in locale?.Data ?? new Dictionary<string, string>())
            {
                Add($"{path}.locales.{tag}.data.{key}", value);
            }
        }

        return found;
    }

    /// <summary>
    /// <paramref name="message"/> as someone without values sees it: every placeholder (of the default and of each
    /// locale) replaced by its default. What the approval email, the mock-ups and an approver's test push show.
    /// </summary>
    public static PushMessage WithDefaults(PushMessage message)
    {
        static string? Fill(string? text) =>
            MessageTemplate.MayHavePlaceholders(text) && MessageTemplate.TryParse(text!, out var template, out _) ? template.Render(p => p.Default) : text;
        static Dictionary<string, string>? FillData(IReadOnlyDictionary<string, string>? data) =>
            data?.ToDictionary(p => p.Key, p => Fill(p.Value)!, StringComparer.Ordinal);

        return message with
        {
            Title = Fill(message.Title),
            Body = Fill(message.Body),
            Data = FillData(message.Data),
            Locales = message.Locales?.ToDictionary(
                l => l.Key, l => l.Value is null ? l.Value! : l.Value with { Title = Fill(l.Value.Title), Body = Fill(l.Value.Body), Data = FillData(l.Value.Data) }, StringComparer.Ordinal),
        };
    }

    /// <summary>The columns the placeholders of <paramref name="messages"/> name, in ordinal order: what an audience must carry.</summary>
    public static IReadOnlyList<string> ColumnsOf(IEnumerable<PushMessage> messages) =>
        messages.SelectMany(m => PlaceholdersOf(m)).Select(p => p.Column).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>The index in <see cref="Locales"/> of the form a device in <paramref name="deviceLocale"/> gets; null for the default.</summary>
    public int? LocaleFor(string? deviceLocale)
    {
        if (_byLocale.Count == 0 || !DeviceLocality.IsValidLocale(deviceLocale))
        {
            return null;
        }

        var tag = deviceLocale!;
        while (true)
        {
            if (_byLocale.TryGetValue(tag, out var index))
            {
                return index;
            }

            var cut = tag.LastIndexOf('-');
            if (cut < 0)
            {
                return null;
            }

            tag = tag[..cut];
        }
    }

    /// <summary>
    /// The message for locale <paramref name="locale"/> (null: default) and a user's <paramref name="values"/> (by
    /// column, as the audience declares them; null: none). A form without placeholders comes pre-rendered.
    /// </summary>
    /// <exception cref="InvalidPushMessageException">This user's rendering is over 4 KB.</exception>
    public PreparedMessage Render(int? locale, IReadOnlyList<string?>? values)
    {
        var form = _forms[Form.Index(locale, _forms.Length)];
        return form.Prepared ?? PayloadRenderer.RenderChecked(_campaignId, form.Resolve(p => ValueOf(p.Column, values) is { Length: > 0 } value ? value : p.Default), _arm);
    }

    /// <summary>The message as a device in <paramref name="locale"/> without values sees it: each placeholder its default.</summary>
    public PushMessage Defaults(int? locale = null) => _forms[Form.Index(locale, _forms.Length)].Resolve(p => p.Default);

    /// <summary>
    /// The problems of the longest renderings: each placeholder filled with the longest value its column holds
    /// (<paramref name="longest"/>: escaped bytes by column, <see cref="PayloadRenderer.EscapedLength"/>) or its default,
    /// whichever is longer, in every form. Empty when every user's rendering fits.
    /// </summary>
    public IReadOnlyList<PushMessageError> WorstCaseProblems(IReadOnlyDictionary<string, int> longest)
    {
        var errors = new List<PushMessageError>();
        foreach (var form in _forms.Where(f => f.Templates.Count > 0))
        {
            string? Longest(TemplatePlaceholder p) =>
                longest.TryGetValue(p.Column, out var bytes) && bytes > PayloadRenderer.EscapedLength(p.Default) ? new string('x', bytes) : p.Default;
            var worst = form.Resolve(Longest);
            errors.AddRange(PushMessageErrors(form.Path, () => PayloadRenderer.RenderChecked(_campaignId, worst, _arm)).Errors
                .Select(e => e with { Problem = e.Problem + " with the longest value of each placeholder's column" }));
        }

        return errors;
    }

    private string? ValueOf(string column, IReadOnlyList<string?>? values) =>
        values is not null && _columns.TryGetValue(column, out var i) && i < values.Count ? values[i] : null;

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string>? data, IReadOnlyDictionary<string, string> overrides)
    {
        var merged = data is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(data, StringComparer.Ordinal);
        foreach (var (key, value) in overrides)
        {
            merged[key] = value;
        }

        return merged;
    }

    private static (PreparedMessage? Message, IReadOnlyList<PushMessageError> Errors) PushMessageErrors(string path, Func<PreparedMessage> render)
    {
        try
        {
            return (render(), []);
        }
        catch (InvalidPushMessageException ex)
        {
            return (null, ex.Errors.Select(e => e with { Field = path + e.Field["message".Length..] }).ToList());
        }
    }

    /// <summary>One form: the message in one language, with its templated fields parsed.</summary>
    private sealed class Form
    {
        private Form(string path, PushMessage message, Dictionary<string, MessageTemplate> templates)
        {
            Path = path;
            Message = message;
            Templates = templates;
        }

        public string Path { get; }

        public PushMessage Message { get; }

        /// <summary>The fields with placeholders: <c>title</c>, <c>body</c>, <c>data.{key}</c>.</summary>
        public Dictionary<string, MessageTemplate> Templates { get; }

        public PreparedMessage? Prepared { get; set; }

        public static int Index(int? locale, int forms) =>
            locale is { } l && l >= 0 && l < forms - 1 ? l + 1 : 0;

        public static Form Of(string path, PushMessage message, IReadOnlyList<string> columns, List<PushMessageError> errors)
        {
            var templates = new Dictionary<string, MessageTemplate>(StringComparer.Ordinal);
            void Parse(string field, string? text)
            {
                if (!MessageTemplate.MayHavePlaceholders(text) || !MessageTemplate.TryParse(text!, out var template, out _))
                {
                    return;
                }

                templates[field] = template;
                foreach (var column in template.Placeholders.Select(p => p.Column).Distinct(StringComparer.Ordinal))
                {
                    if (!columns.Contains(column, StringComparer.Ordinal))
                    {
                        errors.Add(new($"{path}.{field}", columns.Count == 0
                            ? $"the placeholder {{{{{column}}}}} names a column, but the audience has none"
                            : $"the placeholder {{{{{column}}}}} names no column of the audience ({string.Join(", ", columns)})"));
                    }
                }
            }

            Parse("title", message.Title);
            Parse("body", message.Body);
            foreach (var (key, value) in message.Data ?? new Dictionary<string, string>())
            {
                Parse("data." + key, value);
            }

            return new Form(path, message, templates);
        }

        /// <summary>The message with every placeholder replaced by what <paramref name="fill"/> gives for it.</summary>
        public PushMessage Resolve(Func<TemplatePlaceholder, string?> fill)
        {
            if (Templates.Count == 0)
            {
                return Message;
            }

            string? Field(string field, string? text) => Templates.TryGetValue(field, out var t) ? t.Render(fill) : text;
            return Message with
            {
                Title = Field("title", Message.Title),
                Body = Field("body", Message.Body),
                Data = Message.Data?.ToDictionary(p => p.Key, p => Field("data." + p.Key, p.Value)!, StringComparer.Ordinal),
            };
        }
    }
}
