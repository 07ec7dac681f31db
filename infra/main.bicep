// The discount service on Azure: a Linux function app running the custom handler, its storage, PostgreSQL
// Flexible Server (reached through its built-in PgBouncer, privately from the app's virtual network), Application
// Insights on Log Analytics, and Key Vault for every secret (read by the app's managed identity through Key Vault
// references, each secret granted on its own). The app connects as a login role in the NOLOGIN group discounts_app
// (migration 0006: its tables' DML only); migrations connect directly as the schema's owner (docs/deployment.md).
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

@description('Function app plan: EP1 (Elastic Premium, always-warm timers) or Y1 (Consumption). Y1 cannot join a virtual network, so it is refused with private networking (always on in prod).')
@allowed(['EP1', 'EP2', 'Y1'])
param planSku string = 'EP1'

@description('PostgreSQL reachable only from the app\'s virtual network (private access, no public endpoint). Always on in prod; dev/test may turn it off for public access limited to the app\'s outbound addresses and postgresAllowedIpAddresses.')
param privateNetworking bool = true

@description('Address space of the virtual network (private networking): three /24 subnets are cut from its start (app, PostgreSQL, operations).')
param vnetAddressPrefix string = '10.40.0.0/16'

@description('Public access only (privateNetworking=false, not prod): IPv4 addresses of operators allowed to connect to PostgreSQL.')
param postgresAllowedIpAddresses array = []

@description('PostgreSQL compute tier. The built-in PgBouncer needs GeneralPurpose or MemoryOptimized: on Burstable the app connects directly (port 5432).')
@allowed(['Burstable', 'GeneralPurpose', 'MemoryOptimized'])
param postgresTier string = environmentName == 'prod' ? 'GeneralPurpose' : 'Burstable'

@description('PostgreSQL compute size, of the tier above.')
param postgresSkuName string = postgresTier == 'Burstable' ? 'Standard_B1ms' : (postgresTier == 'GeneralPurpose' ? 'Standard_D2ds_v5' : 'Standard_E2ds_v5')

@description('Server connections the built-in PgBouncer opens per user and database (pgbouncer.default_pool_size): the app\'s whole pool, whatever the number of instances. Few active backends do the most work per CPU (bench/README.md).')
@minValue(1)
@maxValue(4950)
param pgBouncerPoolSize int = 20

@description('PostgreSQL administrator login (password authentication): creates the roles once (docs/deployment.md), never used by the app.')
param postgresAdminLogin string = 'discountsadmin'

@secure()
@description('PostgreSQL administrator password.')
param postgresAdminPassword string

@description('Password authentication on the server, for the administrator and the migrating role. Entra ID authentication is always enabled.')
param postgresPasswordAuth bool = true

@description('Object id of the server\'s Microsoft Entra administrator (a user, group or service principal); empty sets none (set one before creating the app\'s Entra role).')
param postgresEntraAdminObjectId string = ''

@description('Display name of that Entra administrator (the user principal name for a user).')
param postgresEntraAdminName string = ''

@allowed(['User', 'Group', 'ServicePrincipal'])
param postgresEntraAdminType string = 'Group'

@description('How the app authenticates to PostgreSQL: entra (a token of its managed identity; the role is named after the app) or password (the login role appDatabaseUser).')
@allowed(['entra', 'password'])
param appDatabaseAuth string = 'entra'

@description('The app\'s login role with password authentication (a member of discounts_app, created once: docs/deployment.md).')
param appDatabaseUser string = 'discounts_runtime'

@secure()
@description('Password of appDatabaseUser; required with appDatabaseAuth=password.')
param appDatabasePassword string = ''

@description('The role that owns the schema and runs the migrations (direct connection, port 5432).')
param postgresMigratorLogin string = 'discounts_migrator'

@secure()
@description('Password of postgresMigratorLogin; when set, Key Vault gets postgres-migrations-connection-string (not readable by the app unless migrateOnStartup).')
param postgresMigratorPassword string = ''

@description('Migrate when the app starts, as postgresMigratorLogin (ConnectionStrings__DiscountsMigrations). Off by default: the deployment runs `migrate` from inside the virtual network, so the app never holds DDL credentials.')
param migrateOnStartup bool = false

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

@description('The admin console\'s client id at the identity provider (authorization code + PKCE; redirect URI https://<app>/console/signin-oidc). Empty: no console.')
param consoleClientId string = ''

@description('The console\'s client secret, for a confidential client registration; empty for a public client (PKCE alone).')
@secure()
param consoleClientSecret string = ''

@description('Proxies allowed to name the client in X-Forwarded-For (addresses and CIDR ranges, comma-separated): the Functions host on loopback, plus the range of whatever appends the client before it (docs/deployment.md "Client addresses").')
param trustedProxies string = '127.0.0.1, ::1'

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

var usePrivateNetworking = environmentName == 'prod' || privateNetworking
var checkedTier = environmentName == 'prod' && postgresTier == 'Burstable'
  ? fail('prod needs postgresTier GeneralPurpose or MemoryOptimized: Burstable has no built-in PgBouncer.')
  : postgresTier
var usePgBouncer = checkedTier != 'Burstable'
var runtimePort = usePgBouncer ? 6432 : 5432
var appName = 'func-${suffix}-${uniq}'
// The system-assigned identity's role is named after the app (pgaadauth_create_principal, docs/deployment.md).
var runtimeUser = appDatabaseAuth == 'entra'
  ? appName
  : (empty(appDatabasePassword) || !postgresPasswordAuth
      ? fail('appDatabaseAuth password needs appDatabasePassword and postgresPasswordAuth.')
      : appDatabaseUser)
var checkedPlanSku = usePrivateNetworking && planSku == 'Y1'
  ? fail('planSku Y1 (Consumption) cannot join a virtual network: use EP1 or EP2 with private networking (always on in prod).')
  : planSku
var migrationsStoredInVault = !empty(postgresMigratorPassword)
var checkedMigrateOnStartup = migrateOnStartup && (!migrationsStoredInVault || !postgresPasswordAuth)
  ? fail('migrateOnStartup needs postgresMigratorPassword and postgresPasswordAuth (the app migrates as postgresMigratorLogin).')
  : migrateOnStartup

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

// Private networking: the app joins snet-app (regional VNet integration), PostgreSQL lives in snet-postgres
// (delegated, private access: no public endpoint), and snet-ops is where the deployment runs `migrate` and the
// one-time SQL (a self-hosted pipeline agent or a jump host: docs/deployment.md).
var subnetNames = {
  app: 'snet-app'
  postgres: 'snet-postgres'
  ops: 'snet-ops'
}

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = if (usePrivateNetworking) {
  name: 'vnet-${suffix}'
  location: location
  tags: tags
  properties: {
    addressSpace: { addressPrefixes: [vnetAddressPrefix] }
    subnets: [
      {
        name: subnetNames.app
        properties: {
          addressPrefix: cidrSubnet(vnetAddressPrefix, 24, 1)
          delegations: [{ name: 'web', properties: { serviceName: 'Microsoft.Web/serverFarms' } }]
        }
      }
      {
        name: subnetNames.postgres
        properties: {
          addressPrefix: cidrSubnet(vnetAddressPrefix, 24, 2)
          delegations: [{ name: 'postgres', properties: { serviceName: 'Microsoft.DBforPostgreSQL/flexibleServers' } }]
        }
      }
      {
        name: subnetNames.ops
        properties: { addressPrefix: cidrSubnet(vnetAddressPrefix, 24, 3) }
      }
    ]
  }
}

// The server's private name resolves only inside the linked network (the zone must end in postgres.database.azure.com).
resource postgresDns 'Microsoft.Network/privateDnsZones@2024-06-01' = if (usePrivateNetworking) {
  name: '${suffix}.private.postgres.database.azure.com'
  location: 'global'
  tags: tags
}

resource postgresDnsLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = if (usePrivateNetworking) {
  parent: postgresDns
  name: 'link-${suffix}'
  location: 'global'
  tags: tags
  properties: {
    registrationEnabled: false
    virtualNetwork: { id: vnet.id }
  }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: 'psql-${suffix}-${uniq}'
  location: location
  tags: tags
  sku: {
    name: postgresSkuName
    tier: checkedTier
  }
  properties: {
    version: '16'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    authConfig: {
      activeDirectoryAuth: 'Enabled'
      passwordAuth: postgresPasswordAuth ? 'Enabled' : 'Disabled'
      tenantId: subscription().tenantId
    }
    network: usePrivateNetworking
      ? {
          delegatedSubnetResourceId: resourceId('Microsoft.Network/virtualNetworks/subnets', vnet.name, subnetNames.postgres)
          privateDnsZoneArmResourceId: postgresDns.id
          publicNetworkAccess: 'Disabled'
        }
      : { publicNetworkAccess: 'Enabled' }
    storage: { storageSizeGB: 32 }
    backup: {
      backupRetentionDays: environmentName == 'prod' ? 35 : 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: { mode: environmentName == 'prod' ? 'ZoneRedundant' : 'Disabled' }
  }
  dependsOn: [postgresDnsLink]
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: postgres
  name: 'discounts'
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

// The built-in PgBouncer (port 6432, same host), in transaction mode. No protocol-level prepared statements
// (max_prepared_statements 0): the app does not auto-prepare unless its connection string names Max Auto Prepare.
// Not available on Burstable. One change at a time: the server refuses concurrent ones.
var pgBouncerSettings = [
  { name: 'pgbouncer.enabled', value: 'true' }
  { name: 'pgbouncer.pool_mode', value: 'transaction' }
  { name: 'pgbouncer.default_pool_size', value: string(pgBouncerPoolSize) }
  { name: 'pgbouncer.max_prepared_statements', value: '0' }
]

@batchSize(1)
resource pgBouncer 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = [for setting in (usePgBouncer ? pgBouncerSettings : []): {
  parent: postgres
  name: setting.name
  properties: {
    value: setting.value
    source: 'user-override'
  }
  dependsOn: [database]
}]

resource postgresEntraAdmin 'Microsoft.DBforPostgreSQL/flexibleServers/administrators@2024-08-01' = if (!empty(postgresEntraAdminObjectId)) {
  parent: postgres
  name: empty(postgresEntraAdminObjectId) ? 'none' : postgresEntraAdminObjectId
  properties: {
    principalName: postgresEntraAdminName
    principalType: postgresEntraAdminType
    tenantId: subscription().tenantId
  }
  dependsOn: [database, pgBouncer]
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

// The app: through PgBouncer (6432) as its login role in discounts_app; with Entra the password is a token of the
// app's identity (Database__EntraAuthentication), so the string holds no secret. No Max Auto Prepare (see above).
var runtimeConnectionString = 'Host=${postgres.properties.fullyQualifiedDomainName};Port=${runtimePort};Database=${database.name};Username=${runtimeUser};${appDatabaseAuth == 'password' ? 'Password=${appDatabasePassword};' : ''}SSL Mode=VerifyFull'

// Migrations: directly (5432; DDL and a session-level advisory lock do not belong behind a transaction pooler).
var migrationsConnectionString = 'Host=${postgres.properties.fullyQualifiedDomainName};Port=5432;Database=${database.name};Username=${postgresMigratorLogin};Password=${postgresMigratorPassword};SSL Mode=VerifyFull'

resource secretConnection 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'postgres-connection-string'
  properties: { value: runtimeConnectionString }
}

resource secretMigrations 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (migrationsStoredInVault) {
  parent: vault
  name: 'postgres-migrations-connection-string'
  properties: { value: migrationsConnectionString }
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

resource secretConsole 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'console-client-secret'
  properties: { value: empty(consoleClientSecret) ? 'unset' : consoleClientSecret }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'asp-${suffix}'
  location: location
  tags: tags
  kind: checkedPlanSku == 'Y1' ? 'functionapp' : 'elastic'
  sku: {
    name: checkedPlanSku
    tier: checkedPlanSku == 'Y1' ? 'Dynamic' : 'ElasticPremium'
  }
  properties: {
    reserved: true // Linux
    maximumElasticWorkerCount: checkedPlanSku == 'Y1' ? null : 10
  }
}

func kvRef(secretUri string) string => '@Microsoft.KeyVault(SecretUri=${secretUri})'

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: 'SystemAssigned'
    virtualNetworkSubnetId: usePrivateNetworking ? resourceId('Microsoft.Network/virtualNetworks/subnets', vnet.name, subnetNames.app) : null
    siteConfig: {
      linuxFxVersion: '' // custom handler: the host runs bin/Discounts.Functions (host.json)
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      vnetRouteAllEnabled: usePrivateNetworking
      appSettings: concat([
        { name: 'FUNCTIONS_EXTENSION_VERSION', value: '~4' }
        { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'custom' }
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'ASPNETCORE_ENVIRONMENT', value: 'Production' }
        { name: 'ConnectionStrings__Discounts', value: kvRef(secretConnection.properties.secretUri) }
        { name: 'Database__EntraAuthentication', value: appDatabaseAuth == 'entra' ? 'true' : 'false' }
        { name: 'Database__MigrateOnStartup', value: checkedMigrateOnStartup ? 'true' : 'false' }
        { name: 'Stripe__SecretKey', value: kvRef(secretStripeKey.properties.secretUri) }
        { name: 'Stripe__WebhookSecret', value: kvRef(secretStripeWebhook.properties.secretUri) }
        { name: 'Auth__Authority', value: authAuthority }
        { name: 'Auth__Audience', value: authAudience }
        { name: 'Checkout__SuccessUrl', value: checkoutSuccessUrl }
        { name: 'Checkout__CancelUrl', value: checkoutCancelUrl }
        { name: 'Network__TrustedProxies', value: trustedProxies }
        { name: 'Console__SignIn', value: empty(consoleClientId) ? 'off' : 'oidc' }
        { name: 'Console__ClientId', value: consoleClientId }
        { name: 'Console__ClientSecret', value: empty(consoleClientSecret) ? '' : kvRef(secretConsole.properties.secretUri) }
        { name: 'Console__PublicOrigin', value: 'https://${appName}.azurewebsites.net' }
        { name: 'Captcha__Provider', value: captchaProvider }
        { name: 'Captcha__Secret', value: empty(captchaSecret) ? '' : kvRef(secretCaptcha.properties.secretUri) }
        { name: 'ReleaseExpiredReservationsSchedule', value: '0 */5 * * * *' }
        { name: 'ReconcileUsageCountsSchedule', value: '0 0 3 * * *' }
        { name: 'RollUpAnalyticsSchedule', value: '0 30 3 * * *' }
        { name: 'PurgeRateLimitsSchedule', value: '0 */15 * * * *' }
        { name: 'RunCodeGenerationsSchedule', value: '0 * * * * *' }
      ], checkedMigrateOnStartup ? [
        { name: 'ConnectionStrings__DiscountsMigrations', value: kvRef(secretMigrations!.properties.secretUri) }
      ] : [])
    }
  }
}

// Public access (dev/test only): the app's possible outbound addresses and the operators' own, one rule each.
module postgresFirewall 'postgres-firewall.bicep' = if (!usePrivateNetworking) {
  name: 'postgres-firewall'
  params: {
    serverName: postgres.name
    ipAddresses: union(postgresAllowedIpAddresses, split(app.properties.possibleOutboundIpAddresses, ','))
  }
  dependsOn: [pgBouncer, postgresEntraAdmin]
}

// The app's identity reads its own secrets, each granted on its own (not postgres-migrations-connection-string unless
// it migrates on start), and uses its storage account (identity-based AzureWebJobsStorage).
var roles = {
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

resource connectionAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: secretConnection
  name: guid(secretConnection.id, app.id, roles.keyVaultSecretsUser)
  properties: {
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

resource stripeKeyAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: secretStripeKey
  name: guid(secretStripeKey.id, app.id, roles.keyVaultSecretsUser)
  properties: {
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

resource stripeWebhookAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: secretStripeWebhook
  name: guid(secretStripeWebhook.id, app.id, roles.keyVaultSecretsUser)
  properties: {
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

resource captchaAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: secretCaptcha
  name: guid(secretCaptcha.id, app.id, roles.keyVaultSecretsUser)
  properties: {
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

resource consoleSecretAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: secretConsole
  name: guid(secretConsole.id, app.id, roles.keyVaultSecretsUser)
  properties: {
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

resource migrationsAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (checkedMigrateOnStartup) {
  scope: secretMigrations
  name: guid(secretMigrations.id, app.id, roles.keyVaultSecretsUser)
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
output consoleUrl string = 'https://${app.properties.defaultHostName}/console/'
output stripeWebhookUrl string = 'https://${app.properties.defaultHostName}/api/webhooks/stripe'
output healthUrl string = 'https://${app.properties.defaultHostName}/api/health'
output postgresHost string = postgres.properties.fullyQualifiedDomainName
@description('Port of the app\'s connection: 6432 (built-in PgBouncer), or 5432 on Burstable.')
output postgresPort int = runtimePort
@description('The login role to create for the app (docs/deployment.md, "Database roles").')
output postgresAppRole string = runtimeUser
output postgresPrivateAccess bool = usePrivateNetworking
@description('Where to run `migrate` and the one-time SQL with private access (a self-hosted agent or jump host).')
output opsSubnetId string = usePrivateNetworking ? resourceId('Microsoft.Network/virtualNetworks/subnets', vnet.name, subnetNames.ops) : ''
output keyVaultName string = vault.name
