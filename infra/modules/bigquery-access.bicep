// Least privilege of the audience service account (the Google service account whose key is the
// bigquery-service-account-json secret): the Google Cloud IAM grants it needs to run the audience queries, and
// nothing more. The app only calls jobs.query and jobs.getQueryResults on its own jobs (BigQueryAudienceSource), so
// it needs to create query jobs in the project and to read the audience dataset; it never writes a table, creates a
// dataset or reads another dataset. A query that selects from any other dataset fails with "Access Denied", which is
// the point: a campaign request cannot read data the audience dataset does not hold.
//
// BigQuery lives in Google Cloud, which Bicep cannot configure, so this module creates nothing: it states the grants,
// main.bicep outputs them (bigQueryGrants), tests/Notifications.Infra.Tests checks they stay this narrow, and
// docs/deploy.md gives the commands that apply them. No deployment script applies them: it would need a Google
// credential that may change IAM policy (dataset owner and project IAM admin) stored in this Azure deployment, a far
// broader secret than the read-only one the app holds.

import { gcpIamGrant } from '../types.bicep'

@description('Google Cloud project the audience queries run in (Audience__BigQuery__ProjectId).')
param projectId string

@description('Dataset the audience queries read (Audience__BigQuery__DefaultDataset).')
param datasetId string

@description('The only grants of the audience service account. Never a project-wide data role (dataViewer on the project reads every dataset), never bigquery.user, dataEditor, dataOwner or admin.')
output grants gcpIamGrant[] = [
  {
    // Dataset-level, so the tables of every other dataset in the project stay unreadable.
    role: 'roles/bigquery.dataViewer'
    scope: 'dataset'
    resource: 'projects/${projectId}/datasets/${datasetId}'
    reason: 'Read the tables and views of the audience dataset that the audience queries select from.'
  }
  {
    // Jobs are created in a project, so this one is project-level; it carries no data access of its own.
    role: 'roles/bigquery.jobUser'
    scope: 'project'
    resource: 'projects/${projectId}'
    reason: 'Run the audience queries as query jobs in the project (bigquery.jobs.create) and read their own results.'
  }
]
