// Dedicated storage accounts of the device registry (main.bicep registryAccounts > 0), hardened like the main account.
// Table storage targets about 20,000 entities/s per account, so the registry is spread over several accounts to
// resolve a large send in time (docs/scale.md). Only the table service is used: the app creates its registry tables
// (devices, or devices00, devices01, ... when there is more than one shard) itself, and the app identity gets Storage
// Table Data Contributor on each account in modules/roles.bicep.

import { resourceTags, storageAccountProperties, storageSkuName } from '../types.bicep'

@description('Azure region.')
param location string

@description('Start of every account name (lowercase letters and digits, at most 22 characters); a two-digit index (00, 01, ...) is appended.')
@minLength(1)
@maxLength(22)
param namePrefix string

@description('Number of registry accounts (main.bicep deploys this module only when it is 1 or more).')
@minValue(0)
@maxValue(16)
param accountCount int

@description('Storage account SKU (the main account\'s).')
param skuName storageSkuName = 'Standard_LRS'

@description('Tags applied to every resource.')
param tags resourceTags = {}

resource accounts 'Microsoft.Storage/storageAccounts@2026-06-01' = [
  for i in range(0, accountCount): {
    name: '${namePrefix}${padLeft(i, 2, '0')}'
    location: location
    tags: tags
    kind: 'StorageV2'
    sku: {
      name: skuName
    }
    properties: storageAccountProperties
  }
]

resource tableServices 'Microsoft.Storage/storageAccounts/tableServices@2026-06-01' = [
  for i in range(0, accountCount): {
    parent: accounts[i]
    name: 'default'
  }
]

@description('Registry account names, in registry order (shard i lives in account i mod the count).')
output names string[] = [for i in range(0, accountCount): accounts[i].name]

@description('Table service endpoints of the registry accounts, with a trailing slash, in the same order.')
output tableEndpoints string[] = [for i in range(0, accountCount): accounts[i].properties.primaryEndpoints.table]
