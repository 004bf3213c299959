// Durable Task Scheduler backend (only deployed when durableBackend == 'DurableTaskScheduler').
// The function app's role assignment on it (Durable Task Data Contributor) is in roles.bicep.

import { resourceTags } from '../types.bicep'

@description('Azure region.')
param location string

@description('Scheduler name.')
param schedulerName string

@description('Task hub name (same as the app\'s DurableTaskHubName).')
param taskHubName string

@description('Scheduler SKU: Consumption (pay per use) or Dedicated (reserved capacity units).')
@allowed([
  'Consumption'
  'Dedicated'
])
param skuName string = 'Consumption'

@description('Capacity units; used with the Dedicated SKU only.')
@minValue(1)
param dedicatedCapacity int = 1

@description('IP ranges allowed to reach the scheduler. An empty list denies all traffic.')
param ipAllowlist string[] = [
  '0.0.0.0/0'
]

@description('Tags applied to every resource.')
param tags resourceTags = {}

resource scheduler 'Microsoft.DurableTask/schedulers@2026-02-01' = {
  name: schedulerName
  location: location
  tags: tags
  properties: {
    ipAllowlist: ipAllowlist
    sku: {
      name: skuName
      capacity: skuName == 'Dedicated' ? dedicatedCapacity : null
    }
  }
}

resource taskHub 'Microsoft.DurableTask/schedulers/taskHubs@2026-02-01' = {
  parent: scheduler
  name: taskHubName
}

@description('Scheduler name.')
output name string = scheduler.name

@description('Scheduler endpoint (https://...durabletask.io), used in DURABLE_TASK_SCHEDULER_CONNECTION_STRING.')
output endpoint string = scheduler.properties.endpoint

@description('Task hub name.')
output taskHubName string = taskHub.name
