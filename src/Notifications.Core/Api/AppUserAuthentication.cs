using Notifications.Core.Identity;

namespace Notifications.Core.Api;

/// <summary>The apps' doors check the caller one way: the app user's sign-in token, before the body is read.</summary>
public static class AppUserAuthentication
{
    /// <summary>The signed-in user of <paramref name="authorization"/>, or the 401 (or 503, when the issuer cannot be reached) to answer.</summary>
    public static async Task<(string? UserId, ApiResponse? Problem)> AuthenticateAsync(AppUserTokens tokens, string? authorization, CancellationToken cancellationToken)
    {
        try
        {
            var (userId, refusal) = await tokens.ValidateAsync(authorization, cancellationToken).ConfigureAwait(false);
            return userId is null ? (null, ApiResponse.Problem(401, "The app user is not signed in.", refusal!)) : (userId, null);
        }
        catch (AppUserIssuerUnavailableException ex)
        {
            return (null, ApiResponse.Problem(503, "Sign-in cannot be checked right now.", ex.Message));
        }
    }
}
