// Azure Communication Services for the approval emails: an Email Communication Service with an
// Azure-managed domain, linked to a Communication Services resource. The connection string is never
// output: keyvault.bicep reads it with listKeys() and stores it as the acs-connection-string secret.

import { communicationDataLocation, resourceTags } from '../types.bicep'

@description('Email Communication Service name.')
param emailServiceName string

@description('Communication Services resource name.')
param communicationServiceName string

@description('Where the communication data is stored at rest.')
param dataLocation communicationDataLocation = 'United States'

@description('Tags applied to every resource.')
param tags resourceTags = {}

resource emailService 'Microsoft.Communication/emailServices@2026-03-18' = {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }
}

resource managedDomain 'Microsoft.Communication/emailServices/domains@2026-03-18' = {
  parent: emailService
  name: 'AzureManagedDomain'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'AzureManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource communicationService 'Microsoft.Communication/communicationServices@2026-03-18' = {
  name: communicationServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    linkedDomains: [
      managedDomain.id
    ]
  }
}

@description('Communication Services resource name (keyvault.bicep reads its connection string).')
output communicationServiceName string = communicationService.name

@description('Sender domain of the Azure-managed domain (xxxxxxxx.azurecomm.net); the From address is DoNotReply@<this>.')
output fromSenderDomain string = managedDomain.properties.fromSenderDomain
