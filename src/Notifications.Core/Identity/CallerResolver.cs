using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Notifications.Core.Api;

namespace Notifications.Core.Identity;

/// <summary>
/// Who is calling the form, the pages and the campaign APIs. In Azure the only trusted source is App Service
/// Authentication: it validates the sign-in, strips any <c>X-MS-CLIENT-PRINCIPAL</c> the client sent and injects its
/// own. Where that authentication is not switched on, the same header is just text anyone can type, so it is ignored
/// and nobody is signed in.
/// </summary>
public sealed class CallerResolver
{
    /// <summary>What App Service sets when its authentication is configured on the app.</summary>
    public const string AppServiceAuthSetting = "WEBSITE_AUTH_ENABLED";

    private readonly IdentityOptions _options;
    private readonly IConfiguration _configuration;

    /// <summary>Creates the resolver; <paramref name="configuration"/> says whether App Service Authentication is on, <paramref name="options"/> the identity mode.</summary>
    public CallerResolver(IOptions<IdentityOptions> options, IConfiguration configuration)
    {
        _options = options.Value;
        _configuration = configuration;
    }

    /// <summary>The caller, or the 401 to answer; <paramref name="header"/> reads a request header by name.</summary>
    public (Caller? Caller, ApiResponse? Problem) Resolve(Func<string, string?> header)
    {
        var principal = header(ClientPrincipal.Header);
        if (_options.Mode == IdentityMode.Development)
        {
            if (string.IsNullOrEmpty(principal))
            {
                return (new Caller(_options.DevelopmentUserName, _options.DevelopmentUserEmail, "development", _options.DevelopmentUserObjectId?.ToLowerInvariant()), null);
            }
        }
        else if (!string.Equals(_configuration[AppServiceAuthSetting], "true", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Unauthorized("App Service Authentication is not configured on this app, so no sign-in can be trusted; see docs/deploy.md."));
        }
        else if (string.IsNullOrEmpty(principal))
        {
            return (null, Unauthorized("Sign in first."));
        }

        var (caller, problem) = ClientPrincipal.Read(principal);
        return caller is null ? (null, Unauthorized($"The sign-in cannot be used: {problem}.")) : (caller, null);
    }

    private static ApiResponse Unauthorized(string detail) => ApiResponse.Problem(401, "Not signed in.", detail);
}
