// Example parameters (placeholder values: replace them with yours).
//
// Secrets are NOT set here (a parameter file ends up in source control and deployment history):
// fcmServiceAccountJson, apnsPrivateKeyPem, bigQueryServiceAccountJson and approvalLinkSigningKeys default to ''
// and are then not written by the deployment. Set them in the vault afterwards, e.g.
//   az keyvault secret set --vault-name <keyVaultName output> --name fcm-service-account-json --file firebase-sa.json
//   az keyvault secret set --vault-name <keyVaultName output> --name apns-private-key-pem --file AuthKey_FGHIJ67890.p8
//   az keyvault secret set --vault-name <keyVaultName output> --name bigquery-service-account-json --file bigquery-reader.json
//   az keyvault secret set --vault-name <keyVaultName output> --name approval-link-signing-keys --value "$(openssl rand -base64 32)"
// (acs-connection-string is always written by the deployment, straight from Communication Services.)

using './main.bicep'

param baseName = 'notif'
param hostingPlan = 'FlexConsumption'
param durableBackend = 'AzureStorage'
param taskHubName = 'notifications'

// The device registry stays in the main account up to about a million users. For more, its own storage accounts
// (docs/deploy.md#a-registry-for-10m-users; re-import the registry when this changes), e.g. for 10 million users:
// param registryAccounts = 6

// The Entra app registration staff sign in with (docs/deploy.md#sign-in-with-microsoft-entra-id). authTenantId
// defaults to the deployment's tenant.
param authClientId = '00000000-0000-0000-0000-000000000000'

param fcmProjectId = 'my-firebase-project'

// App users sign in with Firebase Authentication of the same project: the defaults of appUsersIssuer,
// appUsersAudience and appUsersMetadataAddress derive from fcmProjectId. Another OIDC issuer, for example:
// param appUsersIssuer = 'https://login.example.com/'
// param appUsersAudience = 'social-app'
// param appUsersMetadataAddress = 'https://login.example.com/.well-known/openid-configuration'

param apnsTeamId = 'ABCDE12345'
param apnsKeyId = 'FGHIJ67890'
param apnsTopic = 'com.example.social'
param apnsEnvironment = 'production'

param bigQueryProjectId = 'my-analytics-project'
param bigQueryLocation = 'US'
param bigQueryDataset = 'analytics'
param bigQueryMaximumBytesBilled = 107374182400

param emailFromName = 'Notifications'
param approvers = [
  {
    email: 'approver@social.example'
    name: 'Ada Approver'
    userId: 'user-id-of-ada-in-the-device-registry'
    objectId: '00000000-0000-0000-0000-000000000000'
  }
]
param approvalsMaxTestSendsPerApprover = 5
param testUsers = [
  {
    userId: 'user-id-of-the-qa-phones-in-the-device-registry'
    name: 'QA phones'
  }
]
param approvalsMaxFormTestsPerHour = 10

param messagesAppLinkSchemes = 'socialapp'

param cohortTimeZone = 'UTC'
param cohortScheduleDay1UnfinishedSignup = '0 0 17 * * *'
param cohortScheduleDay2Engagement = '0 0 18 * * *'
param cohortScheduleDay21Inactive = '0 0 16 * * *'

param alertEmail = 'oncall@social.example'

// Leave false on the first deployment; set true and redeploy once the code is published.
param deployBlobTriggerSubscription = false

param tags = {
  application: 'notifications'
  environment: 'production'
}
