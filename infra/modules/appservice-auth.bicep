// App Service Authentication (built-in authentication, "Easy Auth") with Microsoft Entra ID in front of the function
// app: staff sign in before they reach the campaign form (/campaigns/new), the campaign pages (/campaigns/{id}) and the
// campaign API (/api/campaigns...). App Service then injects X-MS-CLIENT-PRINCIPAL, from which the app takes the
// requester (Identity__Mode=AppService); it honours that header only when App Service sets WEBSITE_AUTH_ENABLED=True,
// which it does once this configuration is enabled.
//
// The doors that carry their own credential are excluded (excludedPaths below); everything else needs a signed-in
// user. Who may sign in is decided in Entra: a single-tenant app registration with "Assignment required" on its
// enterprise application (docs/deploy.md#sign-in-with-microsoft-entra-id).

@description('Function app name.')
param functionAppName string

@description('Application (client) ID of the Entra app registration.')
param clientId string

@description('Entra tenant (directory) ID of the app registration.')
param tenantId string

resource site 'Microsoft.Web/sites@2025-03-01' existing = {
  name: functionAppName
}

resource authSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      // RedirectToLoginPage serves both kinds of caller: a browser without a session is sent to the Entra sign-in
      // and comes back to the page it asked for, and the form's own calls to /api/campaigns carry the session cookie
      // of that sign-in. A script calls the API with an Entra bearer token (Authorization: Bearer, audience below),
      // which App Service validates the same way; without one it gets the redirect, never the API. Return401 would
      // leave a browser on a bare 401 with no way to sign in, and AllowAnonymous would leave the form open.
      unauthenticatedClientAction: 'RedirectToLoginPage'
      redirectToProvider: 'azureactivedirectory'
      // The doors with their own credential, reached by machines or by a link, never by a signed-in browser.
      // Syntax: an entry is an exact path, or a prefix ending in "/*" that matches every path below it. The
      // file-based configuration reference gives "/path1" and "/path3/subpath/*" as its examples
      // (learn.microsoft.com/azure/app-service/configure-authentication-file-based), and the App Service team's answer
      // in MicrosoftDocs/azure-docs#86514 ("excludedPaths how do we wildcard all subfolder/file urls?") is
      // "/myfolder/subfolder/*". Neither says that "/x/*" also matches "/x", so a route that answers at its root too
      // is listed twice. Nothing broader is excluded: no "/api/*", which would open /api/campaigns.
      excludedPaths: [
        // Approval links: the signed, single-approver link is the credential (approvers open it from an email).
        '/approvals/*'
        // Device registration and the apps' outcome events: the app validates the app user's JWT (AppUsers__*).
        '/api/devices/*'
        '/api/events'
        // Operator endpoints: a function key per function and operator (infra/scripts/set-function-keys.sh).
        '/api/batches'
        '/api/batches/*'
        '/api/cohorts'
        '/api/cohorts/*'
        // Liveness check, no data.
        '/api/health'
        // The Event Grid delivery of the batch blob trigger (modules/eventgrid.bicep):
        // /runtime/webhooks/blobs?functionName=Host.Functions.BatchFileUploaded&code=<blobs_extension system key>.
        // Event Grid cannot sign in, so without this the blob trigger would stop. Only the blobs webhook: the other
        // /runtime/webhooks/* (such as the durabletask instance API, which the app does not use) stay behind sign-in.
        '/runtime/webhooks/blobs'
      ]
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: clientId
          // v2.0 endpoint of the one tenant: users and tokens of other tenants are refused. The login endpoint comes
          // from environment() so that sovereign clouds get theirs.
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenantId}/v2.0'
          // No client secret (clientSecretSettingName unset): sign-in asks Entra for an ID token only. The app needs
          // to know who the user is, never to call another API on their behalf, so there is no access or refresh
          // token to obtain, and no secret to store, rotate or leak. The alternatives are a secret (which would have
          // to be a Key Vault reference) or a federated credential of a user-assigned managed identity
          // (clientSecretSettingName OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID, in preview); both only add the
          // authorization-code flow that obtains the tokens the app does not use. Entra must issue ID tokens to the
          // registration ("ID tokens" under Authentication, see docs/deploy.md).
        }
        validation: {
          // Bearer tokens for scripts: Entra sets aud to the application ID URI in v1.0 access tokens and to the
          // client id in v2.0 ones; ID tokens of the sign-in carry the client id.
          allowedAudiences: [
            'api://${clientId}'
            clientId
          ]
        }
      }
    }
    login: {
      // The app reads the user from X-MS-CLIENT-PRINCIPAL (from the session cookie), never the X-MS-TOKEN-* headers,
      // so no token is kept: nothing to store and nothing that could leak from the store.
      tokenStore: {
        enabled: false
      }
    }
    httpSettings: {
      // Tokens and session cookies only ever travel over HTTPS (the site is httpsOnly too).
      requireHttps: true
    }
  }
}

@description('Redirect URI to register on the app registration (Web platform).')
output redirectUri string = 'https://${site.properties.defaultHostName}/.auth/login/aad/callback'
