// Log alerts on the Application Insights component, plus an email action group when alertEmail is set.
// The app exports through OpenTelemetry: metrics land in customMetrics (name, valueSum, valueCount,
// customDimensions), logs in traces (message, severityLevel, customDimensions); the Functions host writes
// one row per invocation to requests.

import { resourceTags } from '../types.bicep'

@description('Azure region of the alert rules (the Application Insights region).')
param location string

@description('Name prefix of the alert rules and the action group.')
param namePrefix string

@description('Application Insights component resource id (scope of every rule).')
param appInsightsId string

@description('Email address notified by the alerts. Empty: no action group, the rules fire without actions.')
param alertEmail string = ''

@description('Tags applied to every resource.')
param tags resourceTags = {}

var hasEmail = !empty(alertEmail)

var rules = [
  {
    name: 'push-failure-ratio'
    severity: 2
    description: 'More than 5% of the pushes sent in the last 15 minutes (at least 100) ended Transient or Rejected (gateway errors after retries, not invalid tokens). Check the FCM/APNs credentials, gateway status and notifications.retries.'
    query: 'customMetrics | where name == "notifications.pushes" | summarize total = sum(valueSum), failed = sumif(valueSum, tostring(customDimensions["status"]) in ("Transient", "Rejected")) | where total > 100 and failed > 0.05 * total'
  }
  {
    name: 'gateway-throttling'
    severity: 3
    description: 'A push gateway (fcm or apns, see the provider column) answered more than 100 requests with 429 in the last 15 minutes. Sends slow down (quota backoff); lower Fcm__MaxConcurrency / Apns__MaxConcurrency or ask for more quota.'
    query: 'customMetrics | where name == "notifications.throttled" | summarize throttled = sum(valueSum) by provider = tostring(customDimensions["provider"]) | where throttled > 100'
  }
  {
    name: 'batch-failed'
    severity: 1
    description: 'A batch send ended Failed (log line "batch {BatchId}: Failed: sent .., invalid .."): a chunk stopped with an error or the batch file was refused. Look at the batch status (GET /api/batches/{id}) and the preceding "batch {BatchId}" log lines; after fixing the cause, POST /api/batches/{id}/resume.'
    query: 'traces | where message startswith "batch " and message contains ": Failed: sent "'
  }
  {
    name: 'function-failed'
    severity: 3
    description: 'At least one function invocation (orchestrator, activity, HTTP, timer or blob trigger) failed in the last 15 minutes; operation_Name says which. A failed activity attempt is retried by its orchestration, so this alone is not an outage: the batch-failed and cohort-run-failed alerts say when a send itself failed. Check the exceptions table for the operation.'
    query: 'requests | where success == false | summarize failures = count() by operation_Name | where failures > 0'
  }
  {
    name: 'approval-email-failed'
    severity: 2
    description: 'Approval emails could not be sent after every retry (campaign audit action "approval-email-failed"), so the campaign ended Failed without reaching its approvers. Check the ACS connection string secret, the sender domain and the ACS quota; the requester can resubmit.'
    query: 'traces | where message has "approval-email-failed"'
  }
  {
    name: 'cohort-run-failed'
    severity: 1
    description: 'A scheduled cohort run ended Failed (log line "cohort run {InstanceId}: Failed, .."): its audience query failed and nobody in the cohort got the day\'s push. Check BigQuery access (service account secret, project, dataset) and the orchestration\'s output.'
    query: 'traces | where message startswith "cohort run " and message contains ": Failed, "'
  }
  {
    name: 'gateway-latency'
    severity: 3
    description: 'The average latency of single FCM or APNs requests (provider column) exceeded 1 second over the last 15 minutes. Sends take longer and may hit timeouts; check the gateway status pages and outbound networking.'
    query: 'customMetrics | where name == "notifications.gateway.latency" | summarize avg_ms = sum(valueSum) / sum(valueCount) by provider = tostring(customDimensions["provider"]) | where avg_ms > 1000'
  }
]

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (hasEmail) {
  name: '${namePrefix}-ag'
  location: 'Global'
  tags: tags
  properties: {
    groupShortName: 'notify'
    enabled: true
    emailReceivers: [
      {
        name: 'operator'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

resource queryRules 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = [
  for rule in rules: {
    name: '${namePrefix}-${rule.name}'
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: '${namePrefix}: ${rule.name}'
      description: rule.description
      severity: rule.severity
      enabled: true
      scopes: [
        appInsightsId
      ]
      evaluationFrequency: 'PT5M'
      windowSize: 'PT15M'
      autoMitigate: true
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: 'Count'
            operator: 'GreaterThan'
            threshold: 0
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      actions: {
        actionGroups: hasEmail ? [actionGroup.id] : []
      }
    }
  }
]

@description('Names of the log alert rules.')
output ruleNames string[] = [for (rule, i) in rules: queryRules[i].name]
