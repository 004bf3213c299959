using Notifications.Core.Delivery;

namespace Notifications.Core.Batches.Sending;

/// <summary>
/// The prepared message of each device of a chunk. A plain message (no placeholders) comes as rendered when the batch
/// was loaded, for every device, as before personal messages existed; a personal one is rendered once per distinct
/// (variant, locale, values) in the chunk, not once per push: a user's devices share one rendering, and so do users
/// with the same values.
/// </summary>
public sealed class ChunkMessages
{
    private readonly MessageForms[] _forms;
    private readonly Dictionary<RenderKey, PreparedMessage?> _rendered = [];

    /// <summary>Creates the cache for one chunk of a batch with <paramref name="forms"/> (by variant).</summary>
    public ChunkMessages(MessageForms[] forms) => _forms = forms;

    /// <summary>How many renderings this chunk needed (distinct value sets of personal messages).</summary>
    public int Renderings => _rendered.Count;

    /// <summary>
    /// The message <paramref name="entry"/>'s device gets, or null when its rendering is over the 4 KB limit: that device
    /// is refused on its own, the rest of the chunk is sent.
    /// </summary>
    public PreparedMessage? For(ChunkEntry entry)
    {
        var forms = _forms[entry.Variant];
        if (!forms.IsPersonal)
        {
            return forms.Render(entry.Locale, null);
        }

        var key = new RenderKey(entry.Variant, entry.Locale ?? -1, entry.Values);
        if (!_rendered.TryGetValue(key, out var message))
        {
            try
            {
                message = forms.Render(entry.Locale, entry.Values);
            }
            catch (InvalidPushMessageException)
            {
                message = null;
            }

            _rendered[key] = message;
        }

        return message;
    }

    /// <summary>What a rendering depends on; values compared by content (each entry of a chunk has its own list).</summary>
    private readonly record struct RenderKey(int Variant, int Locale, IReadOnlyList<string?>? Values)
    {
        public bool Equals(RenderKey other) =>
            Variant == other.Variant && Locale == other.Locale &&
            (Values is null || other.Values is null
                ? Values is null && other.Values is null
                : Values.SequenceEqual(other.Values, StringComparer.Ordinal));

        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.Add(Variant);
            hash.Add(Locale);
            foreach (var value in Values ?? [])
            {
                hash.Add(value, StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }
    }
}
