// The alerts of docs/deployment.md ("Alerts to set"), on the app's Application Insights: an action group that
// e-mails the on-call address, log alerts over the app's requests, traces and custom metrics, and an
// availability test of /api/health with its alert. Deployed by main.bicep as a module.

@description('Part of every resource name (main.bicep passes its suffix).')
param suffix string

param location string
param tags object

@description('Resource id of the Application Insights component the app reports to.')
param insightsId string

@description('The health endpoint the availability test calls.')
param healthUrl string

@description('Where alerts are e-mailed; empty creates the rules and the action group without receivers.')
param alertEmail string

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-${suffix}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'discounts'
    enabled: true
    emailReceivers: empty(alertEmail) ? [] : [
      { name: 'on-call', emailAddress: alertEmail, useCommonAlertSchema: true }
    ]
  }
}

// Log alerts: each query counts rows in its window; any row over the threshold fires.
var logAlerts = [
  {
    name: 'reconciliation-drift'
    description: 'The nightly reconciliation found slot drift or money and usage disagreeing (log "ALERT reconciliation").'
    severity: 1
    frequency: 'PT1H'
    window: 'PT1H'
    threshold: 0
    query: 'traces | where message has "ALERT reconciliation"'
  }
  {
    name: 'server-errors'
    description: 'Any 5xx answer: every internal_error is a bug.'
    severity: 1
    frequency: 'PT5M'
    window: 'PT5M'
    threshold: 0
    query: 'requests | where toint(resultCode) >= 500'
  }
  {
    name: 'webhooks-refused'
    description: 'Stripe webhooks refused (a wrong webhook secret, or forged calls): Stripe retries, then disables the endpoint.'
    severity: 2
    frequency: 'PT5M'
    window: 'PT15M'
    threshold: 5
    query: 'requests | where url has "/api/webhooks/stripe" and toint(resultCode) >= 400'
  }
  {
    name: 'holds-not-released'
    description: 'Holds are taken but none released for an hour: the release timer is not running.'
    severity: 2
    frequency: 'PT15M'
    window: 'PT1H'
    threshold: 0
    query: 'customMetrics | summarize taken = sumif(valueSum, name == "discounts.holds.taken"), released = sumif(valueSum, name == "discounts.holds.released") | where taken > 0 and released == 0'
  }
  {
    name: 'abuse-spike'
    description: 'A burst of rate-limit refusals or risk-blocked applies: enumeration or a bot run.'
    severity: 3
    frequency: 'PT5M'
    window: 'PT15M'
    threshold: 0
    query: 'customMetrics | where name == "discounts.rate_limited" or (name == "discounts.apply.refused" and tostring(customDimensions.reason) == "risk_blocked") | summarize n = sum(valueSum) | where n > 500'
  }
]

resource rules 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [for alert in logAlerts: {
  name: 'alert-${alert.name}-${suffix}'
  location: location
  tags: tags
  properties: {
    displayName: 'discounts: ${alert.name}'
    description: alert.description
    severity: alert.severity
    enabled: true
    scopes: [insightsId]
    evaluationFrequency: alert.frequency
    windowSize: alert.window
    criteria: {
      allOf: [
        {
          query: alert.query
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: alert.threshold
          failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 }
        }
      ]
    }
    actions: { actionGroups: [actionGroup.id] }
  }
}]

// The database (and the app) reachable: /api/health answers 503 when PostgreSQL is not.
resource healthTest 'Microsoft.Insights/webtests@2022-06-15' = {
  name: 'webtest-health-${suffix}'
  location: location
  tags: union(tags, { 'hidden-link:${insightsId}': 'Resource' })
  kind: 'standard'
  properties: {
    SyntheticMonitorId: 'webtest-health-${suffix}'
    Name: 'discounts health'
    Enabled: true
    Frequency: 300
    Timeout: 30
    Kind: 'standard'
    RetryEnabled: true
    Locations: [
      { Id: 'us-va-ash-azr' }
      { Id: 'emea-nl-ams-azr' }
      { Id: 'apac-sg-sin-azr' }
    ]
    Request: { RequestUrl: healthUrl, HttpVerb: 'GET', ParseDependentRequests: false }
    ValidationRules: { ExpectedHttpStatusCode: 200, SSLCheck: true, SSLCertRemainingLifetimeCheck: 7 }
  }
}

resource healthAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'alert-health-${suffix}'
  location: 'global'
  tags: tags
  properties: {
    description: '/api/health failing from two locations: the app or its database is down.'
    severity: 0
    enabled: true
    scopes: [healthTest.id, insightsId]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria'
      webTestId: healthTest.id
      componentId: insightsId
      failedLocationCount: 2
    }
    actions: [{ actionGroupId: actionGroup.id }]
  }
}

output actionGroupId string = actionGroup.id
