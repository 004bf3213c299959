// Notifications (push-notification campaign engine): Azure Functions (.NET 10 isolated, Durable Functions)
// with identity-only storage, Key Vault secrets, Entra ID sign-in (App Service Authentication), Communication Services
// email, monitoring and alerts, plus the Google Cloud grants of the audience service account as an output.
// See README.md for what each module creates and the app-settings contract.

targetScope = 'resourceGroup'

import {
  approver
  communicationDataLocation as dataLocation
  gcpIamGrant
  resourceTags
  storageNames
  storageSkuName
  testUser
} from 'types.bicep'

// ---------------------------------------------------------------------------------------------------------
// General
// ---------------------------------------------------------------------------------------------------------

@description('Azure region of the regional resources (Communication Services resources are global).')
param location string = resourceGroup().location

@description('Short prefix of the resource names (lowercase letters and digits); a uniqueString of the resource group is appended.')
@minLength(2)
@maxLength(11)
param baseName string = 'notif'

@description('Tags applied to every resource.')
param tags resourceTags = {
  application: 'notifications'
}

// ---------------------------------------------------------------------------------------------------------
// Hosting and durable backend
// ---------------------------------------------------------------------------------------------------------

@description('Function app hosting plan.')
@allowed([
  'FlexConsumption'
  'ElasticPremium'
])
param hostingPlan string = 'FlexConsumption'

@description('Flex Consumption: maximum instance count.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

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

@description('Durable Functions backend: the storage account (task hub in queues/tables/blobs) or a Durable Task Scheduler.')
@allowed([
  'AzureStorage'
  'DurableTaskScheduler'
])
param durableBackend string = 'AzureStorage'

@description('Durable Task Scheduler SKU (DurableTaskScheduler backend only).')
@allowed([
  'Consumption'
  'Dedicated'
])
param durableSchedulerSku string = 'Consumption'

@description('Durable Task Scheduler, Dedicated SKU: capacity units (each about 2,000 actions/s; 3 for zone redundancy).')
@minValue(1)
@maxValue(3)
param durableSchedulerCapacity int = 1

@description('Durable task hub name (DurableTaskHubName).')
@minLength(3)
@maxLength(45)
param taskHubName string = 'notifications'

@description('Storage account SKU (the main account and the registry accounts).')
param storageSku storageSkuName = 'Standard_LRS'

@description('Dedicated storage accounts of the device registry, created by this template (docs/deploy.md#a-registry-for-10m-users). 0: the registry stays in the main account (or in devicesTableServiceUris). 1-16: that many accounts, hardened like the main one, with Storage Table Data Contributor for the app identity; Storage__DevicesTableServiceUris then lists their table endpoints and devicesTableServiceUris is not used. About 20,000 entities/s each: 6 for 10 million users. Changing it moves users between tables: re-import the registry first.')
@minValue(0)
@maxValue(16)
param registryAccounts int = 0

@description('Table service endpoints of the device registry when it lives in accounts this template does not create, comma-separated (e.g. https://reg0.table.core.windows.net/,https://reg1.table.core.windows.net/). Used only when registryAccounts is 0. Empty: the main account\'s table endpoint. The app identity needs Storage Table Data Contributor there (not assigned here).')
param devicesTableServiceUris string = ''

@description('Registry tables per registry account (docs/scale.md). 1 in Azure: the partition, not the table, is the unit of scale there. Changing it moves users between tables: re-import the registry first.')
@minValue(1)
@maxValue(1024)
param deviceTablesPerAccount int = 1

@description('Key Vault purge protection (irreversible once enabled).')
param enablePurgeProtection bool = true

// ---------------------------------------------------------------------------------------------------------
// Sign-in (App Service Authentication with Microsoft Entra ID) and app users
// ---------------------------------------------------------------------------------------------------------

@description('Application (client) ID of the Entra app registration staff sign in with (App Service Authentication in front of the campaign form, pages and API). Create it first: docs/deploy.md#sign-in-with-microsoft-entra-id.')
@minLength(36)
@maxLength(36)
param authClientId string

@description('Directory (tenant) ID of that app registration; only its users can sign in. Default: the tenant of the deployment.')
param authTenantId string = tenant().tenantId

@description('Issuer of the app-user JWTs that device registration accepts (AppUsers__Issuer). Empty: Firebase Authentication of fcmProjectId, https://securetoken.google.com/<fcmProjectId>.')
param appUsersIssuer string = ''

@description('Audience (aud) of the app-user JWTs (AppUsers__Audience). Empty: fcmProjectId, as Firebase Authentication issues them.')
param appUsersAudience string = ''

@description('OIDC discovery document of the app-user issuer, where its signing keys are found (AppUsers__MetadataAddress). Empty: <issuer>/.well-known/openid-configuration, or nothing when appUsersSigningKeysJson is set.')
param appUsersMetadataAddress string = ''

@description('JWKS document holding the app-user issuer\'s public signing keys, instead of fetching them from the discovery document (AppUsers__SigningKeysJson). Public keys, not a secret. Empty: keys from the discovery document.')
param appUsersSigningKeysJson string = ''

// ---------------------------------------------------------------------------------------------------------
// Push gateways, audience, email, approvals, cohorts
// ---------------------------------------------------------------------------------------------------------

@description('Firebase project id (Fcm__ProjectId).')
param fcmProjectId string

@description('APNs team id (Apns__TeamId).')
param apnsTeamId string

@description('APNs key id (Apns__KeyId).')
param apnsKeyId string

@description('APNs topic, i.e. the iOS bundle id (Apns__Topic).')
param apnsTopic string

@description('APNs environment: production (api.push.apple.com) or development (api.sandbox.push.apple.com).')
@allowed([
  'production'
  'development'
])
param apnsEnvironment string = 'production'

@description('BigQuery project the audience queries run in (Audience__BigQuery__ProjectId).')
param bigQueryProjectId string

@description('BigQuery location (Audience__BigQuery__Location).')
param bigQueryLocation string = 'US'

@description('BigQuery dataset the audience queries read (Audience__BigQuery__DefaultDataset); the audience service account may read this dataset only (output bigQueryGrants).')
param bigQueryDataset string = 'analytics'

@description('Most bytes one audience query may bill (Audience__BigQuery__MaximumBytesBilled): BigQuery fails a query that would bill more instead of running it. Default 100 GiB.')
@minValue(1)
param bigQueryMaximumBytesBilled int = 107374182400

@description('Communication Services data location.')
param communicationDataLocation dataLocation = 'United States'

@description('Display name of the email sender (Email__FromName).')
param emailFromName string = 'Notifications'

@description('Campaign approvers (Approvals__Approvers__{i}__Email|Name|UserId|ObjectId).')
param approvers approver[] = []

@description('App users whose devices may get test pushes, QA phones (Approvals__TestUsers__{i}__UserId|Name).')
param testUsers testUser[] = []

@description('Most test pushes one person may send from the request form in an hour (Approvals__MaxFormTestsPerHour).')
@minValue(1)
param approvalsMaxFormTestsPerHour int = 10

@description('Public base URL of the approval links, with a trailing slash. Empty: https://<function app default host name>/.')
param approvalsPublicBaseUrl string = ''

@description('Most test sends (the proposed push to the approver\'s own devices) one approver may ask for (Approvals__MaxTestSendsPerApprover).')
@minValue(0)
param approvalsMaxTestSendsPerApprover int = 5

@description('Custom URL schemes the mobile app registers (comma-separated, e.g. socialapp) that deep links in pushes may use besides https (Messages__AppLinkSchemes). Empty: none.')
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

@description('Time zone of a cohort run\'s date (Cohorts__TimeZone; IANA or Windows id). The NCRONTAB schedules themselves run in UTC.')
param cohortTimeZone string = 'UTC'

@description('NCRONTAB schedule of the day-1 unfinished-signup cohort.')
param cohortScheduleDay1UnfinishedSignup string = '0 0 17 * * *'

@description('NCRONTAB schedule of the day-2 engagement cohort.')
param cohortScheduleDay2Engagement string = '0 0 18 * * *'

@description('NCRONTAB schedule of the day-21 inactive cohort.')
param cohortScheduleDay21Inactive string = '0 0 16 * * *'

// ---------------------------------------------------------------------------------------------------------
// Alerts and Event Grid
// ---------------------------------------------------------------------------------------------------------

@description('Email address notified by the alerts. Empty: the alert rules are created without an action group.')
param alertEmail string = ''

@description('Create the Event Grid subscription of the blob trigger. Enable on a later deployment, once the code is published (the webhook needs the host\'s blobs_extension key).')
param deployBlobTriggerSubscription bool = false

// ---------------------------------------------------------------------------------------------------------
// Secrets (never put them in a parameter file: pass them on the command line or set them later with
// `az keyvault secret set`). Empty: the secret is not written by this deployment.
// ---------------------------------------------------------------------------------------------------------

@description('FCM service account JSON (secret fcm-service-account-json).')
@secure()
param fcmServiceAccountJson string = ''

@description('APNs .p8 private key, PEM (secret apns-private-key-pem).')
@secure()
param apnsPrivateKeyPem string = ''

@description('BigQuery service account JSON (secret bigquery-service-account-json).')
@secure()
param bigQueryServiceAccountJson string = ''

@description('Approval link signing keys (secret approval-link-signing-keys): comma-separated base64 keys of at least 32 random bytes each; the first signs new links, every one verifies.')
@secure()
param approvalLinkSigningKeys string = ''

// ---------------------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------------------

var prefix = toLower(baseName)
var suffix = uniqueString(resourceGroup().id)
var useScheduler = durableBackend == 'DurableTaskScheduler'

var functionAppName = 'func-${prefix}-${suffix}'
var storageAccountName = take('st${replace(prefix, '-', '')}${suffix}', 24)
// Registry accounts: streg + the prefix (9 characters together at most) + suffix + a two-digit index: 24 at most.
var registryAccountNamePrefix = '${take('streg${replace(prefix, '-', '')}', 9)}${suffix}'
var keyVaultName = take('kv-${prefix}-${suffix}', 24)
var schedulerName = 'dts-${prefix}-${suffix}'
var communicationServiceName = 'acs-${prefix}-${suffix}'

// The single definition of the container and table names; the function app settings reuse them.
var names storageNames = {
  batchesContainer: 'batches'
  workContainer: 'batch-work'
  exposuresContainer: 'exposures'
  outcomeEventsContainer: 'push-events'
  campaignBatchesContainer: 'campaign-batches'
  packageContainer: 'app-package'
  devicesTable: 'devices'
  ledgerTable: 'deliveryledger'
  batchesTable: 'batches'
  campaignsTable: 'campaigns'
  auditTable: 'audit'
  approvalLinksTable: 'approvallinks'
  cohortRunsTable: 'cohortruns'
  outcomeEventsTable: 'pushevents'
}

var publicBaseUrl = empty(approvalsPublicBaseUrl)
  ? 'https://${functionAppName}.azurewebsites.net/'
  : approvalsPublicBaseUrl

// App users sign in to the mobile app with Firebase Authentication unless told otherwise: the same Firebase project
// as FCM. A JWKS document given inline replaces the discovery document, so the default address is then left empty.
var firebaseIssuer = 'https://securetoken.google.com/${fcmProjectId}'
var usersIssuer = empty(appUsersIssuer) ? firebaseIssuer : appUsersIssuer
var usersMetadataAddress = !empty(appUsersMetadataAddress)
  ? appUsersMetadataAddress
  : (empty(appUsersSigningKeysJson) ? '${usersIssuer}/.well-known/openid-configuration' : '')

// ---------------------------------------------------------------------------------------------------------
// Modules
// ---------------------------------------------------------------------------------------------------------

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    workspaceName: 'log-${prefix}-${suffix}'
    appInsightsName: 'appi-${prefix}-${suffix}'
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    storageAccountName: storageAccountName
    skuName: storageSku
    names: names
    tags: tags
  }
}

module registryStorage 'modules/registry-storage.bicep' = if (registryAccounts > 0) {
  name: 'registry-storage'
  params: {
    location: location
    namePrefix: registryAccountNamePrefix
    accountCount: registryAccounts
    skuName: storageSku
    tags: tags
  }
}

// Empty when registryAccounts is 0.
var registryAccountNames = registryStorage.?outputs.names ?? []
var registryTableEndpoints = registryStorage.?outputs.tableEndpoints ?? []

// Storage__DevicesTableServiceUris: the registry accounts created here, else the accounts named by
// devicesTableServiceUris, else the main account.
var devicesTableEndpoints = registryAccounts > 0
  ? join(registryTableEndpoints, ',')
  : (empty(devicesTableServiceUris) ? storage.outputs.tableEndpoint : devicesTableServiceUris)

module communication 'modules/communication.bicep' = {
  name: 'communication'
  params: {
    emailServiceName: 'ecs-${prefix}-${suffix}'
    communicationServiceName: communicationServiceName
    dataLocation: communicationDataLocation
    tags: tags
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  dependsOn: [
    communication
  ]
  params: {
    location: location
    keyVaultName: keyVaultName
    enablePurgeProtection: enablePurgeProtection
    communicationServiceName: communicationServiceName
    fcmServiceAccountJson: fcmServiceAccountJson
    apnsPrivateKeyPem: apnsPrivateKeyPem
    bigQueryServiceAccountJson: bigQueryServiceAccountJson
    approvalLinkSigningKeys: approvalLinkSigningKeys
    tags: tags
  }
}

module durableScheduler 'modules/durable-scheduler.bicep' = if (useScheduler) {
  name: 'durable-scheduler'
  params: {
    location: location
    schedulerName: schedulerName
    taskHubName: taskHubName
    skuName: durableSchedulerSku
    dedicatedCapacity: durableSchedulerCapacity
    tags: tags
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    location: location
    functionAppName: functionAppName
    planName: 'plan-${prefix}-${suffix}'
    hostingPlan: hostingPlan
    maximumInstanceCount: maximumInstanceCount
    elasticPremiumSku: elasticPremiumSku
    maximumElasticWorkerCount: maximumElasticWorkerCount
    storageAccountName: storage.outputs.name
    blobServiceUri: storage.outputs.blobEndpoint
    tableServiceUri: storage.outputs.tableEndpoint
    devicesTableServiceUris: devicesTableEndpoints
    deviceTablesPerAccount: deviceTablesPerAccount
    // Eight plans per registry account keep each account near its 20,000 entities/s (docs/scale.md).
    plansInFlight: max(4, registryAccounts * 8)
    names: names
    keyVaultName: keyVault.outputs.name
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    durableBackend: durableBackend
    durableTaskSchedulerEndpoint: durableScheduler.?outputs.endpoint ?? ''
    taskHubName: taskHubName
    fcmProjectId: fcmProjectId
    apnsTeamId: apnsTeamId
    apnsKeyId: apnsKeyId
    apnsTopic: apnsTopic
    apnsEnvironment: apnsEnvironment
    bigQueryProjectId: bigQueryProjectId
    bigQueryLocation: bigQueryLocation
    bigQueryDataset: bigQueryDataset
    bigQueryMaximumBytesBilled: bigQueryMaximumBytesBilled
    appUsersIssuer: usersIssuer
    appUsersAudience: empty(appUsersAudience) ? fcmProjectId : appUsersAudience
    appUsersMetadataAddress: usersMetadataAddress
    appUsersSigningKeysJson: appUsersSigningKeysJson
    messagesAppLinkSchemes: messagesAppLinkSchemes
    messagesAppName: messagesAppName
    frequencyCapMaxPerDay: frequencyCapMaxPerDay
    frequencyCapMaxPerWeek: frequencyCapMaxPerWeek
    quietHoursEnabled: quietHoursEnabled
    quietHoursStart: quietHoursStart
    quietHoursEnd: quietHoursEnd
    quietHoursDefaultTimeZone: quietHoursDefaultTimeZone
    quietHoursDefaultMode: quietHoursDefaultMode
    rateLimitsGlobalPerMinute: rateLimitsGlobalPerMinute
    emailSenderDomain: communication.outputs.fromSenderDomain
    emailFromName: emailFromName
    publicBaseUrl: publicBaseUrl
    approvers: approvers
    testUsers: testUsers
    approvalsMaxFormTestsPerHour: approvalsMaxFormTestsPerHour
    approvalsMaxTestSendsPerApprover: approvalsMaxTestSendsPerApprover
    cohortTimeZone: cohortTimeZone
    cohortScheduleDay1UnfinishedSignup: cohortScheduleDay1UnfinishedSignup
    cohortScheduleDay2Engagement: cohortScheduleDay2Engagement
    cohortScheduleDay21Inactive: cohortScheduleDay21Inactive
    tags: tags
  }
}

// After the function app module, so after its app settings: two sites/config writes at once can conflict.
module auth 'modules/appservice-auth.bicep' = {
  name: 'appservice-auth'
  dependsOn: [
    functionApp
  ]
  params: {
    functionAppName: functionAppName
    clientId: authClientId
    tenantId: authTenantId
  }
}

// Google Cloud grants of the audience service account: stated here, applied with gcloud/bq (docs/deploy.md).
module bigQueryAccess 'modules/bigquery-access.bicep' = {
  name: 'bigquery-access'
  params: {
    projectId: bigQueryProjectId
    datasetId: bigQueryDataset
  }
}

// Ordering: principalId comes from the function app module, which itself waits for storage, the registry accounts,
// Key Vault and (when selected) the scheduler, so every scope below exists when the assignments are made.
module roles 'modules/roles.bicep' = {
  name: 'roles'
  params: {
    // The principal id is only known once the app exists; it is part of the role assignment names
    // (guid(scope, principal, role)) so that a recreated app gets new assignments instead of a conflict.
    #disable-next-line what-if-short-circuiting
    principalId: functionApp.outputs.principalId
    storageAccountName: storageAccountName
    registryAccountNames: registryAccountNames
    keyVaultName: keyVaultName
    assignDurableTaskRole: useScheduler
    schedulerName: schedulerName
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    location: location
    namePrefix: '${prefix}-${suffix}'
    appInsightsId: monitoring.outputs.appInsightsId
    alertEmail: alertEmail
    tags: tags
  }
}

module eventGrid 'modules/eventgrid.bicep' = if (deployBlobTriggerSubscription) {
  name: 'eventgrid'
  dependsOn: [
    storage
    functionApp
  ]
  params: {
    location: location
    systemTopicName: 'evgt-${prefix}-${suffix}'
    storageAccountName: storageAccountName
    functionAppName: functionAppName
    batchesContainer: names.batchesContainer
    blobTriggerFunctionName: 'BatchFileUploaded'
    tags: tags
  }
}

// ---------------------------------------------------------------------------------------------------------
// Outputs (no secrets)
// ---------------------------------------------------------------------------------------------------------

@description('Function app name.')
output functionAppName string = functionApp.outputs.name

@description('Function app default host name.')
output functionAppHostName string = functionApp.outputs.defaultHostName

@description('Principal id of the function app\'s system-assigned identity.')
output functionAppPrincipalId string = functionApp.outputs.principalId

@description('Key Vault name (set the optional secrets here with az keyvault secret set).')
output keyVaultName string = keyVault.outputs.name

@description('Storage account name.')
output storageAccountName string = storage.outputs.name

@description('Device registry storage accounts created by this template (registryAccounts; empty when 0).')
output registryAccountNames string[] = registryAccountNames

@description('Table endpoints of those accounts, in registry order: the value of Storage__DevicesTableServiceUris, comma-joined (empty when registryAccounts is 0).')
output registryTableEndpoints string[] = registryTableEndpoints

@description('Application Insights component name.')
output appInsightsName string = monitoring.outputs.appInsightsName

@description('Redirect URI to register on the Entra app registration (Authentication > Web).')
output authRedirectUri string = auth.outputs.redirectUri

@description('Google Cloud IAM grants the audience service account needs, and the only ones it should have (apply them as in docs/deploy.md).')
output bigQueryGrants gcpIamGrant[] = bigQueryAccess.outputs.grants
