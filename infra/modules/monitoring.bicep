// Log Analytics workspace and a workspace-based Application Insights component.

import { resourceTags } from '../types.bicep'

@description('Azure region.')
param location string

@description('Log Analytics workspace name.')
param workspaceName string

@description('Application Insights component name.')
param appInsightsName string

@description('Days the workspace keeps data.')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

@description('Tags applied to every resource.')
param tags resourceTags = {}

resource workspace 'Microsoft.OperationalInsights/workspaces@2026-03-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
  }
}

@description('Application Insights component name.')
output appInsightsName string = appInsights.name

@description('Application Insights component resource id (scope of the log alerts).')
output appInsightsId string = appInsights.id

@description('Application Insights connection string (not a secret per Microsoft; it only allows ingestion).')
output appInsightsConnectionString string = appInsights.properties.ConnectionString

@description('Log Analytics workspace resource id.')
output workspaceId string = workspace.id
