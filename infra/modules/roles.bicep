// Role assignments for the function app's system-assigned identity.

@description('Principal id of the function app\'s system-assigned identity.')
param principalId string

@description('Storage account name.')
param storageAccountName string

@description('Device registry storage accounts (main.bicep registryAccounts); empty: the registry is in the main account.')
param registryAccountNames string[] = []

@description('Key Vault name.')
param keyVaultName string

@description('Assign Durable Task Data Contributor on the scheduler (DurableTaskScheduler backend).')
param assignDurableTaskRole bool = false

@description('Durable Task Scheduler name; only used when assignDurableTaskRole is true.')
param schedulerName string = ''

// Built-in role definition ids.
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  durableTaskDataContributor: '0ad04412-c4d5-4796-b79c-f76d14c8d402'
}

// Blob: triggers, batch/work/package containers (Owner for the host's blob lease and package access).
// Queue: Durable Functions (AzureStorage backend) control/work-item queues. Table: app tables and task hub history.
var storageRoles = [
  roles.storageBlobDataOwner
  roles.storageQueueDataContributor
  roles.storageTableDataContributor
]

resource storageAccount 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: storageAccountName
}

resource registryAccounts 'Microsoft.Storage/storageAccounts@2026-06-01' existing = [
  for name in registryAccountNames: {
    name: name
  }
]

resource keyVault 'Microsoft.KeyVault/vaults@2026-05-15' existing = {
  name: keyVaultName
}

resource scheduler 'Microsoft.DurableTask/schedulers@2026-02-01' existing = {
  name: schedulerName
}

resource storageAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in storageRoles: {
    name: guid(storageAccount.id, principalId, roleId)
    scope: storageAccount
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

// Registry accounts hold only the device registry: tables, nothing else (no blob or queue role there).
resource registryTableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (name, i) in registryAccountNames: {
    name: guid(registryAccounts[i].id, principalId, roles.storageTableDataContributor)
    scope: registryAccounts[i]
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId(
        'Microsoft.Authorization/roleDefinitions',
        roles.storageTableDataContributor
      )
    }
  }
]

resource keyVaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, principalId, roles.keyVaultSecretsUser)
  scope: keyVault
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

resource durableTaskDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (assignDurableTaskRole) {
  name: guid(scheduler.id, principalId, roles.durableTaskDataContributor)
  scope: scheduler
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roles.durableTaskDataContributor
    )
  }
}
