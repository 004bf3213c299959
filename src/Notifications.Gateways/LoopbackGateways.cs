using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Notifications.Gateways.Acs;
using Notifications.Gateways.Apns;
using Notifications.Gateways.AppUsers;
using Notifications.Gateways.BigQuery;
using Notifications.Gateways.Fcm;
using Notifications.Gateways.OAuth;
using Notifications.Gateways.Recording;
using Notifications.Gateways.Security;

namespace Notifications.Gateways;

/// <summary>
/// The loopback FCM, Google OAuth, APNs, ACS Email and BigQuery endpoints, each a Kestrel server on 127.0.0.1
/// speaking its protocol over TLS with a certificate made at start. Used by the tests, the local host and the
/// benchmark.
/// </summary>
public sealed class LoopbackGateways : IAsyncDisposable
{
    private readonly List<WebApplication> _servers = [];

    private LoopbackGateways(LoopbackGatewayOptions options)
    {
        Options = options;
        Certificate = GatewayCertificate.Create();
        ServiceAccount = TestServiceAccount.Create(options.ProjectId);
        ApnsKey = TestApnsKey.Create();
        Recorder = new PushRecorder(options.Recording, options.RecordsFile);
        OAuth = new OAuthGateway(ServiceAccount, options.Time);
        Fcm = new FcmGateway(options, OAuth, Recorder);
        Apns = new ApnsGateway(options, ApnsKey, Recorder);
        Acs = new AcsGateway(options);
        BigQuery = new BigQueryGateway(OAuth);
        AppUsers = new AppUserIssuer(options.AppUserAudience, options.Time);
    }

    /// <summary>The options the gateways run with.</summary>
    public LoopbackGatewayOptions Options { get; }

    /// <summary>The TLS certificate authority clients must trust.</summary>
    public GatewayCertificate Certificate { get; }

    /// <summary>The service account the OAuth gateway accepts.</summary>
    public TestServiceAccount ServiceAccount { get; }

    /// <summary>The APNs signing key the APNs gateway accepts.</summary>
    public TestApnsKey ApnsKey { get; }

    /// <summary>What the gateways accepted.</summary>
    public PushRecorder Recorder { get; }

    /// <summary>The OAuth token endpoint.</summary>
    public OAuthGateway OAuth { get; }

    /// <summary>The FCM v1 gateway.</summary>
    public FcmGateway Fcm { get; }

    /// <summary>The APNs gateway.</summary>
    public ApnsGateway Apns { get; }

    /// <summary>The Azure Communication Services Email endpoint.</summary>
    public AcsGateway Acs { get; }

    /// <summary>The BigQuery REST endpoint.</summary>
    public BigQueryGateway BigQuery { get; }

    /// <summary>The app users' sign-in service (OIDC discovery, JWKS, ES256 tokens).</summary>
    public AppUserIssuer AppUsers { get; }

    /// <summary>Starts all gateways.</summary>
    public static async Task<LoopbackGateways> StartAsync(LoopbackGatewayOptions? options = null, CancellationToken cancellationToken = default)
    {
        var gateways = new LoopbackGateways(options ?? new LoopbackGatewayOptions());
        try
        {
            var o = gateways.Options;
            gateways.OAuth.TokenUri = new Uri(await gateways.ListenAsync(o.OAuthPort, HttpProtocols.Http1AndHttp2, gateways.OAuth.HandleAsync, cancellationToken), "token");
            gateways.Fcm.BaseUrl = await gateways.ListenAsync(o.FcmPort, HttpProtocols.Http1AndHttp2, gateways.Fcm.HandleAsync, cancellationToken);

            // Apple serves HTTP/2 only.
            gateways.Apns.BaseUrl = await gateways.ListenAsync(o.ApnsPort, HttpProtocols.Http2, gateways.Apns.HandleAsync, cancellationToken);
            gateways.Acs.BaseUrl = await gateways.ListenAsync(0, HttpProtocols.Http1AndHttp2, gateways.Acs.HandleAsync, cancellationToken);
            gateways.BigQuery.BaseUrl = await gateways.ListenAsync(0, HttpProtocols.Http1AndHttp2, gateways.BigQuery.HandleAsync, cancellationToken);
            gateways.AppUsers.Issuer = await gateways.ListenAsync(0, HttpProtocols.Http1AndHttp2, gateways.AppUsers.HandleAsync, cancellationToken);
            return gateways;
        }
        catch
        {
            await gateways.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Writes the files a client needs (CA certificate, service-account key, .p8 key) into <paramref name="directory"/>
    /// and returns the configuration that points the FCM and APNs clients at these gateways.
    /// </summary>
    public IReadOnlyDictionary<string, string?> WriteClientConfiguration(string directory)
    {
        Directory.CreateDirectory(directory);
        var ca = Path.Combine(directory, "loopback-ca.pem");
        var serviceAccount = Path.Combine(directory, "loopback-service-account.json");
        var p8 = Path.Combine(directory, "loopback-apns.p8");
        Certificate.WriteAuthorityPem(ca);
        WritePrivate(serviceAccount, ServiceAccount.ToJson(OAuth.TokenUri));
        WritePrivate(p8, ApnsKey.PrivateKeyPem);
        return new Dictionary<string, string?>
        {
            ["Fcm:BaseUrl"] = Fcm.BaseUrl.ToString(),
            ["Fcm:ProjectId"] = Options.ProjectId,
            ["Fcm:ServiceAccountJsonPath"] = serviceAccount,
            ["Fcm:TokenUri"] = OAuth.TokenUri.ToString(),
            ["Fcm:TrustedCertificatePath"] = ca,
            ["Apns:BaseUrl"] = Apns.BaseUrl.ToString(),
            ["Apns:TeamId"] = ApnsKey.TeamId,
            ["Apns:KeyId"] = ApnsKey.KeyId,
            ["Apns:PrivateKeyPath"] = p8,
            ["Apns:Topic"] = Options.ApnsTopics[0],
            ["Apns:TrustedCertificatePath"] = ca,
            ["Email:Acs:ConnectionString"] = Acs.ConnectionString,
            ["Email:Acs:TrustedCertificatePath"] = ca,
            ["Audience:BigQuery:BaseUrl"] = BigQuery.BaseUrl.ToString(),
            ["Audience:BigQuery:ProjectId"] = Options.ProjectId,
            ["Audience:BigQuery:ServiceAccountJsonPath"] = serviceAccount,
            ["Audience:BigQuery:TokenUri"] = OAuth.TokenUri.ToString(),
            ["Audience:BigQuery:TrustedCertificatePath"] = ca,
            ["AppUsers:Issuer"] = AppUsers.Issuer.ToString(),
            ["AppUsers:Audience"] = AppUsers.Audience,
            ["AppUsers:MetadataAddress"] = AppUsers.MetadataAddress.ToString(),
            ["AppUsers:TrustedCertificatePath"] = ca,
        };
    }

    /// <summary>
    /// Writes a key file readable by its owner only (0600 on Unix), created that way rather than tightened after,
    /// so there is no moment another local user (or a query engine running as one) could read it.
    /// </summary>
    public static void WritePrivate(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
        }

        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode applies only when the file is new: an older file keeps its mode unless set here.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.StopAsync();
            await server.DisposeAsync();
        }

        await Recorder.DisposeAsync();
        Certificate.Dispose();
        ServiceAccount.Dispose();
        ApnsKey.Dispose();
        AppUsers.Dispose();
    }

    private async Task<Uri> ListenAsync(int port, HttpProtocols protocols, RequestDelegate handler, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 1024 * 1024;
            kestrel.Limits.Http2.MaxStreamsPerConnection = 500;
            kestrel.Listen(IPAddress.Loopback, port, listen =>
            {
                listen.Protocols = protocols;
                listen.UseHttps(Certificate.Server);
            });
        });
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync(cancellationToken);
        _servers.Add(app);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        // Kestrel reports 127.0.0.1; keep it (the certificate names the IP) and make sure the path ends with '/'.
        return new Uri(address.TrimEnd('/') + "/");
    }
}
