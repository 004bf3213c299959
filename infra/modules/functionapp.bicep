// Linux Function App (.NET 10 isolated) on Flex Consumption (FC1) or Elastic Premium (EP*), with a
// system-assigned identity used for storage (AzureWebJobsStorage__*), Key Vault references, the
// deployment package and, when selected, the Durable Task Scheduler.
//
// App settings contract: `appSettings` below holds exactly the settings the app reads (the keys of
// local.settings.sample.json "Values" minus local-only ones, plus the identity-based AzureWebJobsStorage__*).
// It must only reference parameters and compile-time values so that it stays a named variable in the
// compiled template (a test checks its keys). Approvers and platform/host settings are kept apart.

import { approver, resourceTags, storageNames, testUser } from '../types.bicep'

@description('Azure region.')
param location string

@description('Function app name (also the default host name prefix).')
param functionAppName string

@description('App Service plan name.')
param planName string

@description('Hosting plan: Flex Consumption (FC1) or Elastic Premium.')
@allowed([
  'FlexConsumption'
  'ElasticPremium'
])
param hostingPlan string = 'FlexConsumption'

@description('Flex Consumption: maximum instance count.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Flex Consumption: memory per instance (MB).')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Elastic Premium: plan SKU.')
@allowed([
  'EP1'
  'EP2'
  'EP3'
])
param elasticPremiumSku string = 'EP1'

@description('Elastic Premium: maximum number of elastic workers.')
@minValue(1)
@maxValue(100)
param maximumElasticWorkerCount int = 20

@description('Elastic Premium: blob name of the deployment package in the package container.')
param packageBlobName string = 'notifications.zip'

@description('Storage account name (AzureWebJobsStorage__accountName).')
param storageAccountName string

@description('Blob service endpoint of the storage account, with a trailing slash.')
param blobServiceUri string

@description('Table service endpoint of the storage account, with a trailing slash.')
param tableServiceUri string

@description('Table service endpoints holding the device registry, comma-separated, one per registry account (main.bicep picks them: the registry accounts, its devicesTableServiceUris parameter, or the main account\'s table endpoint).')
@minLength(1)
param devicesTableServiceUris string

@description('Registry tables per registry account (docs/scale.md).')
@minValue(1)
@maxValue(1024)
param deviceTablesPerAccount int = 1

@description('Shards planned at once across the task hub (Batches__PlansInFlight): planning is bound by registry reads, so this follows the registry accounts.')
@minValue(1)
@maxValue(256)
param plansInFlight int = 4

@description('Container and table names (defined once in main.bicep).')
param names storageNames

@description('Key Vault holding the secrets referenced by the app settings.')
param keyVaultName string

@description('Application Insights connection string.')
param appInsightsConnectionString string

@description('Durable backend.')
@allowed([
  'AzureStorage'
  'DurableTaskScheduler'
])
param durableBackend string = 'AzureStorage'

@description('Durable Task Scheduler endpoint; used only with the DurableTaskScheduler backend.')
param durableTaskSchedulerEndpoint string = ''

@description('Durable task hub name.')
param taskHubName string

@description('Firebase project id.')
param fcmProjectId string

@description('APNs team id.')
param apnsTeamId string

@description('APNs key id.')
param apnsKeyId string

@description('APNs topic (the app bundle id).')
param apnsTopic string

@description('APNs environment.')
@allowed([
  'production'
  'development'
])
param apnsEnvironment string = 'production'

@description('BigQuery project id.')
param bigQueryProjectId string

@description('BigQuery location.')
param bigQueryLocation string = 'US'

@description('BigQuery default dataset.')
param bigQueryDataset string = 'analytics'

@description('Most bytes one audience query may bill.')
@minValue(1)
param bigQueryMaximumBytesBilled int = 107374182400

@description('Issuer of the app-user JWTs that device registration accepts.')
param appUsersIssuer string

@description('Audience of the app-user JWTs.')
param appUsersAudience string

@description('OIDC discovery document of the app-user issuer; empty when appUsersSigningKeysJson holds the keys.')
param appUsersMetadataAddress string = ''

@description('JWKS document with the app-user issuer\'s public signing keys; empty: from the metadata address.')
param appUsersSigningKeysJson string = ''

@description('Custom URL schemes (comma-separated) that deep links may use besides https.')
param messagesAppLinkSchemes string = ''

@description('The app\'s name as phones show it above a notification (the mock-ups on the form, emails and pages).')
param messagesAppName string = 'Social'

@description('Frequency cap: marketing campaigns that may reach one user in any 24 hours (0: no daily limit).')
param frequencyCapMaxPerDay int = 1

@description('Frequency cap: marketing campaigns that may reach one user in any 7 days (0: no weekly limit).')
param frequencyCapMaxPerWeek int = 3

@description('Quiet hours: whether marketing pushes wait for (or skip) users whose local time is in the quiet window.')
param quietHoursEnabled bool = true

@description('Quiet hours: local time they begin (HH:mm).')
param quietHoursStart string = '21:00'

@description('Quiet hours: local time they end (HH:mm).')
param quietHoursEnd string = '08:00'

@description('Quiet hours: the IANA zone of devices that registered none.')
param quietHoursDefaultTimeZone string = 'UTC'

@description('Quiet hours: what a campaign that names no mode does (Defer or Skip).')
@allowed([ 'Defer', 'Skip' ])
param quietHoursDefaultMode string = 'Defer'

@description('Pushes a minute across every campaign and worker (the FCM project quota; 0: no ceiling).')
param rateLimitsGlobalPerMinute int = 600000

@description('Sender domain of the ACS Azure-managed email domain.')
param emailSenderDomain string

@description('Display name of the email sender.')
param emailFromName string = 'Notifications'

@description('Public base URL of the app (approval links), with a trailing slash.')
param publicBaseUrl string

@description('Campaign approvers.')
param approvers approver[] = []

@description('Most test sends one approver may ask for.')
@minValue(0)
param approvalsMaxTestSendsPerApprover int = 5

@description('App users whose devices may get test pushes (QA phones).')
param testUsers testUser[] = []

@description('Most test pushes one person may send from the request form in an hour.')
@minValue(1)
param approvalsMaxFormTestsPerHour int = 10

@description('Time zone of a cohort run\'s date; the schedules run in UTC.')
param cohortTimeZone string = 'UTC'

@description('NCRONTAB schedule of the day-1 unfinished-signup cohort.')
param cohortScheduleDay1UnfinishedSignup string = '0 0 17 * * *'

@description('NCRONTAB schedule of the day-2 engagement cohort.')
param cohortScheduleDay2Engagement string = '0 0 18 * * *'

@description('NCRONTAB schedule of the day-21 inactive cohort.')
param cohortScheduleDay21Inactive string = '0 0 16 * * *'

@description('Tags applied to every resource.')
param tags resourceTags = {}

var isFlex = hostingPlan == 'FlexConsumption'
var useScheduler = durableBackend == 'DurableTaskScheduler'
var apnsBaseUrl = apnsEnvironment == 'production'
  ? 'https://api.push.apple.com/'
  : 'https://api.sandbox.push.apple.com/'

// Exactly the settings the app reads. Parameters and literals only (see the header comment).
var appSettings = {
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  DurableTaskHubName: taskHubName

  // The signed-in user comes from App Service Authentication (modules/appservice-auth.bicep).
  Identity__Mode: 'AppService'

  // App-user JWTs (device registration).
  AppUsers__Issuer: appUsersIssuer
  AppUsers__Audience: appUsersAudience
  AppUsers__MetadataAddress: appUsersMetadataAddress
  AppUsers__SigningKeysJson: appUsersSigningKeysJson
  AppUsers__UserIdClaim: 'sub'
  AppUsers__ClockSkew: '00:01:00'

  Storage__BlobServiceUri: blobServiceUri
  Storage__TableServiceUri: tableServiceUri
  Storage__DevicesTableServiceUris: devicesTableServiceUris
  Storage__DeviceTablesPerAccount: string(deviceTablesPerAccount)
  Storage__BatchesContainer: names.batchesContainer
  Storage__WorkContainer: names.workContainer
  Storage__ExposuresContainer: names.exposuresContainer
  Storage__OutcomeEventsContainer: names.outcomeEventsContainer
  Storage__CampaignBatchesContainer: names.campaignBatchesContainer
  Storage__DevicesTable: names.devicesTable
  Storage__LedgerTable: names.ledgerTable
  Storage__BatchesTable: names.batchesTable
  Storage__CampaignsTable: names.campaignsTable
  Storage__AuditTable: names.auditTable
  Storage__ApprovalLinksTable: names.approvalLinksTable
  Storage__CohortRunsTable: names.cohortRunsTable
  Storage__OutcomeEventsTable: names.outcomeEventsTable

  Fcm__ProjectId: fcmProjectId
  Fcm__ServiceAccountJson: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=fcm-service-account-json)'
  Fcm__BaseUrl: 'https://fcm.googleapis.com/'
  Fcm__TokenUri: 'https://oauth2.googleapis.com/token'
  Fcm__ValidateOnly: 'false'
  Fcm__QuotaBackoff: '00:01:00'
  Fcm__MaxConcurrency: '1000'
  Fcm__InitialConcurrency: '256'
  Fcm__StreamsPerConnection: '100'
  Fcm__MaxConnections: '8'
  Fcm__MaxAttempts: '4'
  Fcm__BaseRetryDelay: '00:00:01'
  Fcm__MaxRetryDelay: '00:00:30'
  Fcm__RequestTimeout: '00:00:30'

  Apns__BaseUrl: apnsBaseUrl
  Apns__TeamId: apnsTeamId
  Apns__KeyId: apnsKeyId
  Apns__PrivateKeyPem: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=apns-private-key-pem)'
  Apns__Topic: apnsTopic
  Apns__TokenRefreshInterval: '00:40:00'
  Apns__MaxConcurrency: '1000'
  Apns__InitialConcurrency: '256'
  Apns__StreamsPerConnection: '100'
  Apns__MaxConnections: '8'
  Apns__MaxAttempts: '4'
  Apns__BaseRetryDelay: '00:00:01'
  Apns__MaxRetryDelay: '00:00:30'
  Apns__RequestTimeout: '00:00:30'

  Batches__ChunkSize: '500'
  Batches__ShardBytes: '262144'
  Batches__ShardsInFlight: '16'
  Batches__PlansInFlight: string(plansInFlight)
  Batches__MaxChunkAttempts: '4'
  Batches__ChunkRetryDelay: '00:00:10'
  Batches__ResolveConcurrency: '32'
  Batches__LedgerFlushInterval: '00:00:00.025'

  Email__Provider: 'Acs'
  Email__From: 'DoNotReply@${emailSenderDomain}'
  Email__FromName: emailFromName
  Email__Acs__ConnectionString: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=acs-connection-string)'
  Email__Acs__ApiVersion: '2023-03-31'
  Email__Acs__OperationTimeout: '00:02:00'

  Audience__Engine: 'BigQuery'
  Audience__BigQuery__ProjectId: bigQueryProjectId
  Audience__BigQuery__Location: bigQueryLocation
  Audience__BigQuery__DefaultDataset: bigQueryDataset
  Audience__BigQuery__BaseUrl: 'https://bigquery.googleapis.com/'
  Audience__BigQuery__TokenUri: 'https://oauth2.googleapis.com/token'
  Audience__BigQuery__ServiceAccountJson: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=bigquery-service-account-json)'
  Audience__BigQuery__PollTimeout: '00:00:10'
  Audience__BigQuery__QueryTimeout: '00:10:00'
  Audience__BigQuery__PageSize: '10000'
  Audience__BigQuery__MaximumBytesBilled: string(bigQueryMaximumBytesBilled)

  Approvals__SigningKeys: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=approval-link-signing-keys)'
  Approvals__PublicBaseUrl: publicBaseUrl
  Approvals__LinkLifetime: '3.00:00:00'
  Approvals__MaxTestSendsPerApprover: string(approvalsMaxTestSendsPerApprover)
  Approvals__MaxFormTestsPerHour: string(approvalsMaxFormTestsPerHour)

  Messages__AppLinkSchemes: messagesAppLinkSchemes
  Messages__AppName: messagesAppName
  FrequencyCap__MaxPerDay: string(frequencyCapMaxPerDay)
  FrequencyCap__MaxPerWeek: string(frequencyCapMaxPerWeek)
  FrequencyCap__LockWait: '00:05:00'
  QuietHours__Enabled: string(quietHoursEnabled)
  QuietHours__Start: quietHoursStart
  QuietHours__End: quietHoursEnd
  QuietHours__DefaultTimeZone: quietHoursDefaultTimeZone
  QuietHours__DefaultMode: quietHoursDefaultMode
  RateLimits__GlobalPerMinute: string(rateLimitsGlobalPerMinute)

  Cohorts__TimeZone: cohortTimeZone
  Cohorts__Schedules__Day1UnfinishedSignup: cohortScheduleDay1UnfinishedSignup
  Cohorts__Schedules__Day2Engagement: cohortScheduleDay2Engagement
  Cohorts__Schedules__Day21Inactive: cohortScheduleDay21Inactive
}

// Approvals__Approvers__{i}__Email|Name|UserId|ObjectId, one set per approver.
var approverSettings = reduce(
  range(0, length(approvers)),
  {},
  (acc, i) =>
    union(acc, {
      'Approvals__Approvers__${i}__Email': approvers[i].email
      'Approvals__Approvers__${i}__Name': approvers[i].name
      'Approvals__Approvers__${i}__UserId': approvers[i].userId
      'Approvals__Approvers__${i}__ObjectId': approvers[i].objectId
    })
)

// Approvals__TestUsers__{i}__UserId|Name, one pair per test user.
var testUserSettings = reduce(
  range(0, length(testUsers)),
  {},
  (acc, i) =>
    union(acc, {
      'Approvals__TestUsers__${i}__UserId': testUsers[i].userId
      'Approvals__TestUsers__${i}__Name': testUsers[i].name
    })
)

// Platform / host settings only (no app configuration).
// Elastic Premium: runtime selection and run-from-package from the private package container, read with the
// app's identity (no Azure Files content share, which would need an account key). Flex Consumption rejects these.
// Durable Task Scheduler: switches the durable storage provider. host.json sets storageProvider.connectionName
// (AzureWebJobsStorage), and the extension prefers connectionName over connectionStringName, so both are overridden.
var platformSettings = union(
  {
    // A 64 MB gen0 budget for the worker process: a send allocates about 200 MB/s, and the cache-derived default
    // on small instances (about 2 MB) spent a third of the time in GC on the local bench (docs/performance.md).
    DOTNET_GCgen0size: '0x4000000'
    // HTTP/2 rents a header buffer per request on one thread and returns it on another: the default 32 pooled
    // arrays per core run dry with hundreds of requests in flight (docs/performance.md, delivery engine).
    DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION: '128'
    // A 16 MB cap on the gen1 budget: short-lived request state that survives one gen0 collection otherwise piles
    // up in gen1 (120-150 MB measured), and that set the worker's peak memory (docs/performance.md).
    DOTNET_GCGen1MaxBudget: '0x1000000'
  },
  isFlex
    ? {}
    : {
        FUNCTIONS_EXTENSION_VERSION: '~4'
        FUNCTIONS_WORKER_RUNTIME: 'dotnet-isolated'
        WEBSITE_RUN_FROM_PACKAGE: '${blobServiceUri}${names.packageContainer}/${packageBlobName}'
        WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID: 'SystemAssigned'
      },
  useScheduler
    ? {
        DURABLE_TASK_SCHEDULER_CONNECTION_STRING: 'Endpoint=${durableTaskSchedulerEndpoint};Authentication=ManagedIdentity'
        AzureFunctionsJobHost__extensions__durableTask__storageProvider__type: 'azureManaged'
        AzureFunctionsJobHost__extensions__durableTask__storageProvider__connectionStringName: 'DURABLE_TASK_SCHEDULER_CONNECTION_STRING'
        AzureFunctionsJobHost__extensions__durableTask__storageProvider__connectionName: 'DURABLE_TASK_SCHEDULER_CONNECTION_STRING'
      }
    : {}
)

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: isFlex ? 'functionapp' : 'elastic'
  sku: isFlex
    ? {
        name: 'FC1'
        tier: 'FlexConsumption'
      }
    : {
        name: elasticPremiumSku
        tier: 'ElasticPremium'
      }
  properties: {
    reserved: true
    maximumElasticWorkerCount: isFlex ? null : maximumElasticWorkerCount
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: functionAppName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    reserved: true
    httpsOnly: true
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: 'SystemAssigned'
    functionAppConfig: isFlex
      ? {
          deployment: {
            storage: {
              type: 'blobContainer'
              value: '${blobServiceUri}${names.packageContainer}'
              authentication: {
                type: 'SystemAssignedIdentity'
              }
            }
          }
          scaleAndConcurrency: {
            maximumInstanceCount: maximumInstanceCount
            instanceMemoryMB: instanceMemoryMB
          }
          runtime: {
            name: 'dotnet-isolated'
            version: '10.0'
          }
        }
      : null
    siteConfig: {
      linuxFxVersion: isFlex ? null : 'DOTNET-ISOLATED|10.0'
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
    }
  }
}

// Deployments use Entra ID (az functionapp deployment / the package container), never publishing credentials.
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

resource settings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'appsettings'
  properties: union(appSettings, approverSettings, testUserSettings, platformSettings)
}

@description('Function app name.')
output name string = site.name

@description('Function app resource id.')
output id string = site.id

@description('Default host name.')
output defaultHostName string = site.properties.defaultHostName

@description('Principal id of the system-assigned identity.')
output principalId string = site.identity.principalId
