using Notifications.Gateways.Recording;

namespace Notifications.Gateways;

/// <summary>How the loopback gateways listen and misbehave.</summary>
public sealed class LoopbackGatewayOptions
{
    /// <summary>FCM v1 port; 0 picks a free one.</summary>
    public int FcmPort { get; set; }

    /// <summary>Google OAuth token endpoint port; 0 picks a free one.</summary>
    public int OAuthPort { get; set; }

    /// <summary>APNs port; 0 picks a free one.</summary>
    public int ApnsPort { get; set; }

    /// <summary>The Firebase project the FCM gateway serves.</summary>
    public string ProjectId { get; set; } = "notifications-loopback";

    /// <summary>The <c>aud</c> of the app-user tokens the loopback issuer mints.</summary>
    public string AppUserAudience { get; set; } = "notifications-loopback-app";

    /// <summary>The bundle ids (apns-topic) the APNs gateway accepts.</summary>
    public IList<string> ApnsTopics { get; } = ["com.example.social"];

    /// <summary>Seconds put in Retry-After on 429 and 503 faults.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>How long a <c>slow-</c> token's response is held.</summary>
    public TimeSpan SlowResponse { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Extra latency added to every push response (0 = none), to imitate a distant gateway.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Every Nth push request (0 = never) gets a 503, whatever its token: an outage by configuration.</summary>
    public int FailEveryNth { get; set; }

    /// <summary>What the recorder keeps.</summary>
    public RecordingMode Recording { get; set; } = RecordingMode.Full;

    /// <summary>Optional file to append accepted pushes to.</summary>
    public string? RecordsFile { get; set; }

    /// <summary>The clock for JWT and access-token checks (tests share a fake one with the clients).</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;
}
