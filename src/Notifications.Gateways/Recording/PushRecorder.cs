using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Text;
using System.Threading.Channels;

namespace Notifications.Gateways.Recording;

/// <summary>
/// Remembers what the gateways accepted so tests and demos can prove exactly-once: counters always, every record
/// or a 64-bit fingerprint per push depending on <see cref="RecordingMode"/>, and optionally an append-only file
/// that outlives the process (the restart proof reads it).
/// </summary>
public sealed class PushRecorder : IAsyncDisposable
{
    private readonly RecordingMode _mode;
    private readonly ConcurrentQueue<RecordedPush> _records = new();
    private readonly HashSet<ulong> _seen = [];
    private readonly Lock _seenLock = new();
    private readonly Channel<string>? _fileLines;
    private readonly Task _fileWriter = Task.CompletedTask;
    private long _accepted;
    private long _firstAccepted;
    private long _duplicates;
    private long _requests;
    private long _fcm;
    private long _apns;
    private int _inFlight;
    private long _admitted;
    private long _holdAfter = long.MaxValue;
    private long _held;
    private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _maxInFlight;
    private int _windowPeak;
    private readonly ConcurrentDictionary<string, long> _protocols = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _connections = new(StringComparer.Ordinal);

    /// <summary>Creates a recorder.</summary>
    /// <param name="mode">What to keep in memory.</param>
    /// <param name="recordsFile">Optional file to append one line per accepted push to.</param>
    public PushRecorder(RecordingMode mode = RecordingMode.Full, string? recordsFile = null)
    {
        _mode = mode;
        if (recordsFile is not null)
        {
            _fileLines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
            _fileWriter = WriteFileAsync(recordsFile, _fileLines.Reader);
        }
    }

    /// <summary>Requests that reached a push endpoint, accepted or not.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Pushes accepted.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>When the first push was accepted (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>), or null before.</summary>
    public long? FirstAcceptedTimestamp => Interlocked.Read(ref _firstAccepted) is var first and not 0 ? first : null;

    /// <summary>Pushes accepted by FCM.</summary>
    public long AcceptedFcm => Interlocked.Read(ref _fcm);

    /// <summary>Pushes accepted by APNs.</summary>
    public long AcceptedApns => Interlocked.Read(ref _apns);

    /// <summary>Accepted pushes whose (gateway, token, collapse id) had been accepted before. Not counted in <see cref="RecordingMode.CountOnly"/>.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>How much is remembered; the gateways read a push's alert text only for <see cref="RecordingMode.Full"/>.</summary>
    public RecordingMode Mode => _mode;

    /// <summary>Every accepted push, in <see cref="RecordingMode.Full"/>.</summary>
    public IReadOnlyCollection<RecordedPush> Records => _records;

    /// <summary>The most push requests the gateways were serving at one moment.</summary>
    public int MaxConcurrentRequests => Volatile.Read(ref _maxInFlight);

    /// <summary>Requests on a push endpoint right now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Push requests by HTTP protocol (<c>HTTP/2</c>, <c>HTTP/1.1</c>).</summary>
    public IReadOnlyDictionary<string, long> Protocols => _protocols;

    /// <summary>Distinct client connections push requests came over (both gateways).</summary>
    public int Connections => _connections.Count;

    /// <summary>Counts a request that reached a push endpoint over connection <paramref name="connectionId"/>; pair with <see cref="EndRequest"/>.</summary>
    public void BeginRequest(string protocol, string connectionId)
    {
        Interlocked.Increment(ref _requests);
        _connections.TryAdd(connectionId, 0);
        _protocols.AddOrUpdate(protocol, 1, static (_, n) => n + 1);
        var now = Interlocked.Increment(ref _inFlight);
        RaiseTo(ref _maxInFlight, now);
        RaiseTo(ref _windowPeak, now);
    }

    /// <summary>
    /// The most push requests open at once since the last call (or since the start), then starts a new window. A
    /// send goes out in bursts between orchestration turns, so the count at one instant can be 0 mid-send; the peak
    /// over the last second or two is the depth a crash at that moment meets.
    /// </summary>
    public int TakeWindowPeak() => Interlocked.Exchange(ref _windowPeak, Volatile.Read(ref _inFlight));

    private static void RaiseTo(ref int peak, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref peak)) && Interlocked.CompareExchange(ref peak, value, seen) != seen)
        {
        }
    }

    /// <summary>Marks the end of a request counted by <see cref="BeginRequest"/>.</summary>
    public void EndRequest() => Interlocked.Decrement(ref _inFlight);

    /// <summary>Push requests waiting at the hold gate now.</summary>
    public long Held => Interlocked.Read(ref _held);

    /// <summary>
    /// From now on, once <paramref name="after"/> pushes in all were admitted, every further push waits at the gate
    /// (unanswered, unrecorded) until <see cref="Release"/>: a frozen gateway, so a test can kill a sender at a point
    /// where everything the gateway accepted has been answered.
    /// </summary>
    public void HoldAfter(long after)
    {
        Interlocked.Exchange(ref _released, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        Interlocked.Exchange(ref _holdAfter, after);
    }

    /// <summary>Lets held and later pushes through.</summary>
    public void Release()
    {
        Interlocked.Exchange(ref _holdAfter, long.MaxValue);
        Volatile.Read(ref _released).TrySetResult();
    }

    /// <summary>Admits a push about to be accepted, waiting while the gate holds; false if the request died waiting.</summary>
    public async Task<bool> AdmitAsync(CancellationToken requestAborted)
    {
        if (Interlocked.Increment(ref _admitted) <= Interlocked.Read(ref _holdAfter))
        {
            return true;
        }

        Interlocked.Increment(ref _held);
        try
        {
            await Volatile.Read(ref _released).Task.WaitAsync(requestAborted).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        finally
        {
            Interlocked.Decrement(ref _held);
        }
    }

    /// <summary>Records an accepted push.</summary>
    public void Record(RecordedPush push)
    {
        if (Interlocked.Increment(ref _accepted) == 1)
        {
            Interlocked.CompareExchange(ref _firstAccepted, System.Diagnostics.Stopwatch.GetTimestamp(), 0);
        }

        Interlocked.Increment(ref push.Gateway == "fcm" ? ref _fcm : ref _apns);
        if (_mode != RecordingMode.CountOnly)
        {
            var fingerprint = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(push.Key));
            bool added;
            lock (_seenLock)
            {
                added = _seen.Add(fingerprint);
            }

            if (!added)
            {
                Interlocked.Increment(ref _duplicates);
            }
        }

        if (_mode == RecordingMode.Full)
        {
            _records.Enqueue(push);
        }

        _fileLines?.Writer.TryWrite(push.ToLine());
    }

    /// <summary>Forgets everything (between test cases).</summary>
    public void Clear()
    {
        _records.Clear();
        lock (_seenLock)
        {
            _seen.Clear();
        }

        Interlocked.Exchange(ref _accepted, 0);
        Interlocked.Exchange(ref _firstAccepted, 0);
        Interlocked.Exchange(ref _duplicates, 0);
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _fcm, 0);
        Interlocked.Exchange(ref _apns, 0);
        Interlocked.Exchange(ref _maxInFlight, 0);
        _protocols.Clear();
        _connections.Clear();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _fileLines?.Writer.TryComplete();
        await _fileWriter.ConfigureAwait(false);
    }

    private static async Task WriteFileAsync(string path, ChannelReader<string> lines)
    {
        await using var writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read));
        while (await lines.WaitToReadAsync().ConfigureAwait(false))
        {
            while (lines.TryRead(out var line))
            {
                await writer.WriteLineAsync(line).ConfigureAwait(false);
            }

            // Flush per burst: a killed sender process must not lose what the gateway already accepted.
            await writer.FlushAsync().ConfigureAwait(false);
        }
    }
}
