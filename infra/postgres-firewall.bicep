// Firewall rules of a PostgreSQL Flexible Server with public access (main.bicep, dev/test with privateNetworking=false
// only): one rule per address, never the 0.0.0.0 "allow every Azure service" rule. A module so that the function app's
// outbound addresses, known only once the app exists, can be looped over.

@description('Name of the PostgreSQL Flexible Server (public access).')
param serverName string

@description('IPv4 addresses allowed to connect (the function app\'s possible outbound addresses and the operators\').')
param ipAddresses array

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' existing = {
  name: serverName
}

// One at a time: the server refuses concurrent changes.
@batchSize(1)
resource rules 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = [for ip in filter(ipAddresses, ip => !empty(trim(ip)) && trim(ip) != '0.0.0.0'): {
  parent: server
  name: 'allow-${replace(trim(ip), '.', '-')}'
  properties: {
    startIpAddress: trim(ip)
    endIpAddress: trim(ip)
  }
}]
