// Notifications (push-notification campaign engine): Azure Functions (.NET 10 isolated, Durable Functions)
// with identity-only storage, Key Vault secrets, Communication Services email, monitoring and alerts.
// See README.md for what each module creates and the app-settings contract.

targetScope = 'resourceGroup'

import { approver, communicationDataLocation as dataLocation, resourceTags, storageNames } from 'types.bicep'

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

@description('Storage account SKU.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_RAGRS'
  'Standard_GZRS'
  'Standard_RAGZRS'
])
param storageSku string = 'Standard_LRS'

@description('Table service endpoint of the device registry when it lives in another account (e.g. https://other.table.core.windows.net/). Empty: the main account\'s table endpoint. The app identity needs Storage Table Data Contributor there.')
param devicesTableServiceUri string = ''

@description('Key Vault purge protection (irreversible once enabled).')
param enablePurgeProtection bool = true

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

@description('BigQuery default dataset (Audience__BigQuery__DefaultDataset).')
param bigQueryDataset string = 'analytics'

@description('Communication Services data location.')
param communicationDataLocation dataLocation = 'United States'

@description('Display name of the email sender (Email__FromName).')
param emailFromName string = 'Notifications'

@description('Campaign approvers (Approvals__Approvers__{i}__Email|Name|UserId).')
param approvers approver[] = []

@description('Public base URL of the approval links, with a trailing slash. Empty: https://<function app default host name>/.')
param approvalsPublicBaseUrl string = ''

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

@description('Approval link signing key, base64 of at least 32 random bytes (secret approval-link-signing-key).')
@secure()
param approvalLinkSigningKey string = ''

// ---------------------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------------------

var prefix = toLower(baseName)
var suffix = uniqueString(resourceGroup().id)
var useScheduler = durableBackend == 'DurableTaskScheduler'

var functionAppName = 'func-${prefix}-${suffix}'
var storageAccountName = take('st${replace(prefix, '-', '')}${suffix}', 24)
var keyVaultName = take('kv-${prefix}-${suffix}', 24)
var schedulerName = 'dts-${prefix}-${suffix}'
var communicationServiceName = 'acs-${prefix}-${suffix}'

// The single definition of the container and table names; the function app settings reuse them.
var names storageNames = {
  batchesContainer: 'batches'
  workContainer: 'batch-work'
  exposuresContainer: 'exposures'
  campaignBatchesContainer: 'campaign-batches'
  packageContainer: 'app-package'
  devicesTable: 'devices'
  ledgerTable: 'deliveryledger'
  batchesTable: 'batches'
  campaignsTable: 'campaigns'
  auditTable: 'audit'
  approvalLinksTable: 'approvallinks'
  cohortRunsTable: 'cohortruns'
}

var publicBaseUrl = empty(approvalsPublicBaseUrl)
  ? 'https://${functionAppName}.azurewebsites.net/'
  : approvalsPublicBaseUrl

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
    approvalLinkSigningKey: approvalLinkSigningKey
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
    devicesTableServiceUri: devicesTableServiceUri
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
    emailSenderDomain: communication.outputs.fromSenderDomain
    emailFromName: emailFromName
    publicBaseUrl: publicBaseUrl
    approvers: approvers
    cohortTimeZone: cohortTimeZone
    cohortScheduleDay1UnfinishedSignup: cohortScheduleDay1UnfinishedSignup
    cohortScheduleDay2Engagement: cohortScheduleDay2Engagement
    cohortScheduleDay21Inactive: cohortScheduleDay21Inactive
    tags: tags
  }
}

// Ordering: principalId comes from the function app module, which itself waits for storage, Key Vault and
// (when selected) the scheduler, so every scope below exists when the assignments are made.
module roles 'modules/roles.bicep' = {
  name: 'roles'
  params: {
    // The principal id is only known once the app exists; it is part of the role assignment names
    // (guid(scope, principal, role)) so that a recreated app gets new assignments instead of a conflict.
    #disable-next-line what-if-short-circuiting
    principalId: functionApp.outputs.principalId
    storageAccountName: storageAccountName
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

@description('Application Insights component name.')
output appInsightsName string = monitoring.outputs.appInsightsName
