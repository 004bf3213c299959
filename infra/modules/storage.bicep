// Storage account (identity-only access) with the app's blob containers and tables.
// The Durable Functions task hub (AzureStorage backend) also lives here, through AzureWebJobsStorage__*.

import { resourceTags, storageAccountProperties, storageNames, storageSkuName } from '../types.bicep'

@description('Azure region.')
param location string

@description('Storage account name (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param storageAccountName string

@description('Storage account SKU.')
param skuName storageSkuName = 'Standard_LRS'

@description('Container and table names (defined once in main.bicep).')
param names storageNames

@description('Tags applied to every resource.')
param tags resourceTags = {}

var containerNames = [
  names.batchesContainer
  names.workContainer
  names.exposuresContainer
  names.outcomeEventsContainer
  names.campaignBatchesContainer
  names.packageContainer
]

// Distinct: the batches container and the batches table share a name but live in different services.
var tableNames = [
  names.devicesTable
  names.ledgerTable
  names.batchesTable
  names.campaignsTable
  names.auditTable
  names.approvalLinksTable
  names.cohortRunsTable
  names.outcomeEventsTable
]

resource account 'Microsoft.Storage/storageAccounts@2026-06-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: storageAccountProperties
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2026-06-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' = [
  for name in containerNames: {
    parent: blobService
    name: name
    properties: {
      publicAccess: 'None'
    }
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2026-06-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2026-06-01' = [
  for name in tableNames: {
    parent: tableService
    name: name
  }
]

@description('Storage account name.')
output name string = account.name

@description('Storage account resource id.')
output id string = account.id

@description('Blob service endpoint, with a trailing slash.')
output blobEndpoint string = account.properties.primaryEndpoints.blob

@description('Table service endpoint, with a trailing slash.')
output tableEndpoint string = account.properties.primaryEndpoints.table
