// Key Vault (RBAC authorization) and the app's secrets.
// acs-connection-string is always written, straight from the Communication Services resource.
// The other secrets are only written when their parameter is non-empty; otherwise set them later with
// `az keyvault secret set --vault-name <vault> --name <secret> --file <path>`.

import { resourceTags } from '../types.bicep'

@description('Azure region.')
param location string

@description('Key Vault name (3-24 characters).')
@minLength(3)
@maxLength(24)
param keyVaultName string

@description('Enable purge protection (irreversible once enabled).')
param enablePurgeProtection bool = true

@description('Days a deleted vault or secret is kept before it is purged.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int = 90

@description('Name of the Communication Services resource whose connection string becomes acs-connection-string.')
param communicationServiceName string

@description('FCM service account JSON. Empty: the secret is not written by this deployment.')
@secure()
param fcmServiceAccountJson string = ''

@description('APNs .p8 private key (PEM). Empty: the secret is not written by this deployment.')
@secure()
param apnsPrivateKeyPem string = ''

@description('BigQuery service account JSON. Empty: the secret is not written by this deployment.')
@secure()
param bigQueryServiceAccountJson string = ''

@description('Approval link signing keys: comma-separated base64 keys of at least 32 random bytes each, the first signs new links and every one verifies. Empty: the secret is not written by this deployment.')
@secure()
param approvalLinkSigningKeys string = ''

@description('Tags applied to every resource.')
param tags resourceTags = {}

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' = {
  name: keyVaultName
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    // Purge protection cannot be switched off once on, and the RP refuses an explicit false: omit it instead.
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource communicationService 'Microsoft.Communication/communicationServices@2026-03-18' existing = {
  name: communicationServiceName
}

resource acsConnectionString 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = {
  parent: vault
  name: 'acs-connection-string'
  properties: {
    value: communicationService.listKeys().primaryConnectionString
    contentType: 'text/plain'
  }
}

resource fcmSecret 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (!empty(fcmServiceAccountJson)) {
  parent: vault
  name: 'fcm-service-account-json'
  properties: {
    value: fcmServiceAccountJson
    contentType: 'application/json'
  }
}

resource apnsSecret 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (!empty(apnsPrivateKeyPem)) {
  parent: vault
  name: 'apns-private-key-pem'
  properties: {
    value: apnsPrivateKeyPem
    contentType: 'application/x-pem-file'
  }
}

resource bigQuerySecret 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (!empty(bigQueryServiceAccountJson)) {
  parent: vault
  name: 'bigquery-service-account-json'
  properties: {
    value: bigQueryServiceAccountJson
    contentType: 'application/json'
  }
}

// One secret holding the whole key list (Approvals__SigningKeys), so that a rotation is one atomic change of one
// value: prepend the new key, and drop the old one once every link it signed has expired (docs/deploy.md).
resource signingKeysSecret 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (!empty(approvalLinkSigningKeys)) {
  parent: vault
  name: 'approval-link-signing-keys'
  properties: {
    value: approvalLinkSigningKeys
    contentType: 'text/plain'
  }
}

@description('Key Vault name.')
output name string = vault.name

@description('Key Vault resource id.')
output id string = vault.id
