// Shared user-defined types and values, imported by main.bicep and the modules that need them.

@export()
@description('One campaign approver. Becomes Approvals__Approvers__{i}__Email|Name|UserId|ObjectId in the app settings.')
type approver = {
  @description('Address the approval email goes to.')
  email: string

  @description('Display name used in the approval email and the audit trail.')
  name: string

  @description('The approver\'s user id in the device registry (test pushes go to this user\'s devices).')
  userId: string

  @description('The approver\'s Entra ID object id (oid): four eyes compares it with the requester\'s, whatever email alias either signs in with.')
  objectId: string
}

@export()
@description('An app user whose devices may get test pushes (a QA phone). Becomes Approvals__TestUsers__{i}__UserId|Name.')
type testUser = {
  @description('The app user id in the device registry.')
  userId: string

  @description('What approvers and requesters call it (QA Pixel 8).')
  name: string
}

@export()
@description('Names of the blob containers and tables the app uses. Defined once in main.bicep.')
type storageNames = {
  @description('Container the batch files are uploaded to (blob trigger source).')
  batchesContainer: string

  @description('Container for intermediate batch work (plans, chunks).')
  workContainer: string

  @description('Container for experiment exposure exports.')
  exposuresContainer: string

  @description('Container for the apps\' outcome events (opens, conversions).')
  outcomeEventsContainer: string

  @description('Container for the batch files written by campaigns.')
  campaignBatchesContainer: string

  @description('Container holding the deployment package.')
  packageContainer: string

  @description('Device registry table.')
  devicesTable: string

  @description('Delivery ledger table.')
  ledgerTable: string

  @description('Batch status table.')
  batchesTable: string

  @description('Campaign table.')
  campaignsTable: string

  @description('Audit trail table.')
  auditTable: string

  @description('Approval link table.')
  approvalLinksTable: string

  @description('Cohort run claim table.')
  cohortRunsTable: string

  @description('Outcome events already recorded (idempotency).')
  outcomeEventsTable: string
}

@export()
@description('Resource tags: string values by tag name.')
type resourceTags = {
  *: string
}

@export()
@description('Where Azure Communication Services stores data at rest.')
type communicationDataLocation =
  | 'Africa'
  | 'Asia Pacific'
  | 'Australia'
  | 'Brazil'
  | 'Canada'
  | 'Europe'
  | 'France'
  | 'Germany'
  | 'India'
  | 'Japan'
  | 'Korea'
  | 'Norway'
  | 'Switzerland'
  | 'UAE'
  | 'UK'
  | 'United States'

@export()
@description('One Google Cloud IAM grant the audience service account needs (BigQuery is configured outside Azure).')
type gcpIamGrant = {
  @description('Predefined IAM role, e.g. roles/bigquery.dataViewer.')
  role: string

  @description('What the role is granted on: the whole project, or one dataset.')
  scope: 'project' | 'dataset'

  @description('Full resource name of that scope: projects/<project> or projects/<project>/datasets/<dataset>.')
  resource: string

  @description('What the app does with it.')
  reason: string
}

@export()
@description('SKU of a storage account (the main one and the registry accounts).')
type storageSkuName =
  | 'Standard_LRS'
  | 'Standard_ZRS'
  | 'Standard_GRS'
  | 'Standard_RAGRS'
  | 'Standard_GZRS'
  | 'Standard_RAGZRS'

@export()
@description('Properties of every storage account of the deployment (the main one and the registry accounts): Entra ID only (no account key, so no key-signed SAS either), no anonymous blob access, TLS 1.2 over HTTPS only.')
var storageAccountProperties = {
  accessTier: 'Hot'
  allowSharedKeyAccess: false
  allowBlobPublicAccess: false
  allowCrossTenantReplication: false
  defaultToOAuthAuthentication: true
  minimumTlsVersion: 'TLS1_2'
  supportsHttpsTrafficOnly: true
  publicNetworkAccess: 'Enabled'
  networkAcls: {
    bypass: 'AzureServices'
    defaultAction: 'Allow'
  }
}
