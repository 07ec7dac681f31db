// The discount service on Azure: a Linux function app running the custom handler, its storage, PostgreSQL
// Flexible Server, Application Insights on Log Analytics, and Key Vault for every secret (read by the app's
// managed identity through Key Vault references).
targetScope = 'resourceGroup'

@description('Environment name, part of every resource name.')
@allowed(['dev', 'test', 'prod'])
param environmentName string = 'dev'

@description('Where the alerts (infra/alerts.bicep) e-mail; empty creates them without receivers.')
param alertEmail string = ''

@description('Short name of the workload, part of every resource name.')
@minLength(3)
@maxLength(12)
param workloadName string = 'discounts'

param location string = resourceGroup().location

@description('Function app plan: EP1 (Elastic Premium, always-warm timers) or Y1 (Consumption).')
@allowed(['EP1', 'EP2', 'Y1'])
param planSku string = 'EP1'

@description('PostgreSQL administrator login.')
param postgresAdminLogin string = 'discountsadmin'

@secure()
@description('PostgreSQL administrator password.')
param postgresAdminPassword string

@secure()
@description('Stripe secret key (sk_live_... or sk_test_...).')
param stripeSecretKey string

@secure()
@description('Stripe webhook signing secret (whsec_...).')
param stripeWebhookSecret string

@description('OIDC authority that issues storefront and admin tokens.')
param authAuthority string

@description('Audience the tokens are issued for.')
param authAudience string = 'discounts-api'

@description('Storefront pages Stripe sends the customer back to; {PURCHASE_ID} is replaced.')
param checkoutSuccessUrl string
param checkoutCancelUrl string

@secure()
@description('CAPTCHA secret (Turnstile or hCaptcha); empty to flag medium risk for review only.')
param captchaSecret string = ''

@allowed(['', 'turnstile', 'hcaptcha'])
param captchaProvider string = ''

var suffix = '${workloadName}-${environmentName}'
var uniq = uniqueString(resourceGroup().id, workloadName, environmentName)
var tags = {
  workload: workloadName
  environment: environmentName
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${suffix}'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${suffix}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take('st${replace(workloadName, '-', '')}${uniq}', 24)
  location: location
  tags: tags
  sku: { name: 'Standard_LRS' }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    supportsHttpsTrafficOnly: true
  }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: 'psql-${suffix}-${uniq}'
  location: location
  tags: tags
  sku: {
    name: environmentName == 'prod' ? 'Standard_D2ds_v5' : 'Standard_B1ms'
    tier: environmentName == 'prod' ? 'GeneralPurpose' : 'Burstable'
  }
  properties: {
    version: '16'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    storage: { storageSizeGB: 32 }
    backup: {
      backupRetentionDays: environmentName == 'prod' ? 35 : 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: { mode: environmentName == 'prod' ? 'ZoneRedundant' : 'Disabled' }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: postgres
  name: 'discounts'
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

// Azure services (the function app's outbound addresses) may connect; use a VNet and private endpoint for prod.
resource postgresAzureAccess 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {
  parent: postgres
  name: 'AllowAzureServices'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: take('kv-${workloadName}-${uniq}', 24)
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 30
    enablePurgeProtection: true
  }
}

var connectionString = 'Host=${postgres.properties.fullyQualifiedDomainName};Port=5432;Database=${database.name};Username=${postgresAdminLogin};Password=${postgresAdminPassword};SSL Mode=VerifyFull'

resource secretConnection 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'postgres-connection-string'
  properties: { value: connectionString }
}

resource secretStripeKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'stripe-secret-key'
  properties: { value: stripeSecretKey }
}

resource secretStripeWebhook 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'stripe-webhook-secret'
  properties: { value: stripeWebhookSecret }
}

resource secretCaptcha 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'captcha-secret'
  properties: { value: empty(captchaSecret) ? 'unset' : captchaSecret }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'asp-${suffix}'
  location: location
  tags: tags
  kind: planSku == 'Y1' ? 'functionapp' : 'elastic'
  sku: {
    name: planSku
    tier: planSku == 'Y1' ? 'Dynamic' : 'ElasticPremium'
  }
  properties: {
    reserved: true // Linux
    maximumElasticWorkerCount: planSku == 'Y1' ? null : 10
  }
}

func kvRef(secretUri string) string => '@Microsoft.KeyVault(SecretUri=${secretUri})'

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: 'func-${suffix}-${uniq}'
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: 'SystemAssigned'
    siteConfig: {
      linuxFxVersion: '' // custom handler: the host runs bin/Discounts.Functions (host.json)
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      appSettings: [
        { name: 'FUNCTIONS_EXTENSION_VERSION', value: '~4' }
        { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'custom' }
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'ASPNETCORE_ENVIRONMENT', value: 'Production' }
        { name: 'ConnectionStrings__Discounts', value: kvRef(secretConnection.properties.secretUri) }
        { name: 'Stripe__SecretKey', value: kvRef(secretStripeKey.properties.secretUri) }
        { name: 'Stripe__WebhookSecret', value: kvRef(secretStripeWebhook.properties.secretUri) }
        { name: 'Auth__Authority', value: authAuthority }
        { name: 'Auth__Audience', value: authAudience }
        { name: 'Checkout__SuccessUrl', value: checkoutSuccessUrl }
        { name: 'Checkout__CancelUrl', value: checkoutCancelUrl }
        { name: 'Network__TrustedProxyHops', value: '1' }
        { name: 'Captcha__Provider', value: captchaProvider }
        { name: 'Captcha__Secret', value: empty(captchaSecret) ? '' : kvRef(secretCaptcha.properties.secretUri) }
        { name: 'Timers__ReleaseExpiredReservations', value: '0 */5 * * * *' }
        { name: 'Timers__ReconcileUsageCounts', value: '0 0 3 * * *' }
      ]
    }
  }
}

// The app's identity reads the vault's secrets and uses its storage account (identity-based AzureWebJobsStorage).
var roles = {
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

resource vaultAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, app.id, roles.keyVaultSecretsUser)
  properties: {
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

resource storageAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in [roles.storageBlobDataOwner, roles.storageQueueDataContributor, roles.storageTableDataContributor]: {
  scope: storage
  name: guid(storage.id, app.id, role)
  properties: {
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
  }
}]

module alerts 'alerts.bicep' = {
  name: 'alerts'
  params: {
    suffix: suffix
    location: location
    tags: tags
    insightsId: insights.id
    healthUrl: 'https://${app.properties.defaultHostName}/api/health'
    alertEmail: alertEmail
  }
}

output functionAppName string = app.name
output apiBaseUrl string = 'https://${app.properties.defaultHostName}/api'
output stripeWebhookUrl string = 'https://${app.properties.defaultHostName}/api/webhooks/stripe'
output healthUrl string = 'https://${app.properties.defaultHostName}/api/health'
output postgresHost string = postgres.properties.fullyQualifiedDomainName
output keyVaultName string = vault.name
