// Event Grid delivery for the EventGrid-based blob trigger (BatchFileUploaded on the batches container).
// Deploy only after the code is published: the webhook needs the host's blobs_extension system key, which
// exists once the blob extension has started, and Event Grid validates the endpoint on creation.

import { resourceTags } from '../types.bicep'

@description('Azure region (the storage account\'s).')
param location string

@description('System topic name.')
param systemTopicName string

@description('Storage account name (event source).')
param storageAccountName string

@description('Function app name.')
param functionAppName string

@description('Container the batch files are uploaded to.')
param batchesContainer string

@description('Name of the blob-triggered function ([Function("...")]).')
param blobTriggerFunctionName string = 'BatchFileUploaded'

@description('Tags applied to every resource.')
param tags resourceTags = {}

resource storageAccount 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: storageAccountName
}

resource site 'Microsoft.Web/sites@2025-03-01' existing = {
  name: functionAppName
}

// The type library has no Microsoft.Web/sites/host type, so the host keys are read with listKeys() on its id.
var blobsExtensionKey = listKeys('${site.id}/host/default', '2023-12-01').systemKeys.blobs_extension

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: systemTopicName
  location: location
  tags: tags
  properties: {
    source: storageAccount.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource blobCreated 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: systemTopic
  name: '${functionAppName}-${blobTriggerFunctionName}'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${site.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${blobTriggerFunctionName}&code=${blobsExtensionKey}'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/${batchesContainer}/'
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}

@description('System topic name.')
output systemTopicName string = systemTopic.name
