targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; it names the resource group and seeds the unique suffix of every resource.')
param environmentName string

@minLength(1)
@description('Region for every resource. It must offer the Flex Consumption plan.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Region for the Azure OpenAI account; empty means the same as location. Set it when location lacks the chat model.')
param openAiLocation string = ''

@description('Object id of the person or CI principal running azd. azd always fills it (AZURE_PRINCIPAL_ID) with the signed-in principal, which gets data-plane roles unless grantDeployerDataAccess is false.')
param principalId string = ''

@description('Kind of principalId: ServicePrincipal when azd runs as one in CI.')
@allowed([
  'User'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('Grant principalId blob, queue and table data and OpenAI user roles, for the newsalerts CLI and az --auth-mode login. False creates no role assignment for the deployer (the app identity\'s roles do not change).')
param grantDeployerDataAccess bool = true

@description('Chat model deployed to Azure OpenAI for summaries; it also names the deployment. gpt-5.4-mini 2026-03-17 is GA and retires on 2027-03-18 (Foundry model retirement schedule).')
param chatModelName string = 'gpt-5.4-mini'

@description('Version of chatModelName. A retirement date belongs to a name and version pair: change both together.')
param chatModelVersion string = '2026-03-17'

@description('Deployment type of the chat model: GlobalStandard bills per token, with no reserved capacity.')
param chatDeploymentSku string = 'GlobalStandard'

@minValue(1)
@description('Deployment capacity in thousands of tokens per minute; reasoning tokens count against it too.')
param chatDeploymentCapacity int = 30

@allowed([
  ''
  'none'
  'minimal'
  'low'
  'medium'
  'high'
  'xhigh'
])
@description('reasoning_effort the app sends with each summary request (app setting OpenAI__ReasoningEffort). Empty for a classic, non-reasoning model such as gpt-4.1-mini; gpt-5.4-mini accepts none/low/medium/high/xhigh, gpt-5-mini minimal/low/medium/high.')
param chatReasoningEffort string = 'low'

@minValue(40)
@maxValue(1000)
@description('Upper bound of Flex Consumption scale-out, 40 to 1000 (Flex accepts no lower maximum): a cost and downstream-rate guard.')
param maximumInstanceCount int = 100

@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Six-field NCrontab schedule (UTC: Flex Consumption has no WEBSITE_TIME_ZONE) of the digest planner.')
param digestSchedule string = '0 0 * * * *'

@minLength(3)
@description('Sender address of digest emails.')
param emailFrom string

@minLength(1)
param smtpHost string

param smtpPort int = 587

@secure()
@minLength(1)
param smtpUserName string

@secure()
@minLength(1)
param smtpPassword string

// No default: one would be evaluated at every provision and replace the key, invalidating every link
// already mailed. azd generates the key once and keeps it in the environment's config
// (infra.parameters.unsubscribeSigningKey); UNSUBSCRIBE_SIGNING_KEY, when set, takes its place.
@secure()
@minLength(32)
@description('Key that signs unsubscribe links.')
@metadata({
  azd: {
    type: 'generate'
    config: {
      length: 64
      noSpecial: true
    }
  }
})
param unsubscribeSigningKey string

@secure()
@description('The key unsubscribeSigningKey replaced, while links it signed have not expired: the app accepts both. Empty outside a rotation: only the current key is accepted.')
param previousUnsubscribeSigningKey string = ''

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = 'func-api-${resourceToken}'
// Flex Consumption runs the package from this container; the name follows the azd samples.
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(toLower(uniqueString(functionAppName, resourceToken)), 7)}'
var articlesContainerName = 'articles'
var digestQueueName = 'digest-due'
// Every table the app uses, in one list: add a name here and the next deployment creates it.
var tableNames = [
  'Articles'
  'Subscribers'
  'DigestsDue'
  'Watchlists'
  'Matches'
  'Digests'
  'Summaries'
  'Stories'
  'StoryTerms'
]
var chatDeploymentName = chatModelName

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'core/identity/user-assigned-identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-api-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'core/monitor/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'core/storage/storage-account.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    containerNames: [
      articlesContainerName
      deploymentContainerName
    ]
    queueNames: [
      digestQueueName
    ]
    tableNames: tableNames
  }
}

module events 'core/events/storage-system-topic.bicep' = {
  name: 'events'
  scope: rg
  params: {
    name: 'evgt-${resourceToken}'
    location: location
    tags: tags
    storageAccountName: storage.outputs.name
  }
}

module openAi 'core/ai/openai.bicep' = {
  name: 'openai'
  scope: rg
  params: {
    name: 'oai-${resourceToken}'
    location: empty(openAiLocation) ? location : openAiLocation
    tags: tags
    deploymentName: chatDeploymentName
    modelName: chatModelName
    modelVersion: chatModelVersion
    skuName: chatDeploymentSku
    capacity: chatDeploymentCapacity
  }
}

module keyVault 'core/security/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: 'kv-${resourceToken}'
    location: location
    tags: tags
    smtpUserName: smtpUserName
    smtpPassword: smtpPassword
    unsubscribeSigningKey: unsubscribeSigningKey
    previousUnsubscribeSigningKey: previousUnsubscribeSigningKey
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    openAiAccountName: openAi.outputs.name
    keyVaultName: keyVault.outputs.name
    identityPrincipalId: identity.outputs.principalId
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
    grantDeployerDataAccess: grantDeployerDataAccess
  }
}

module plan 'core/host/flex-consumption-plan.bicep' = {
  name: 'plan'
  scope: rg
  params: {
    name: 'plan-${resourceToken}'
    location: location
    tags: tags
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    location: location
    tags: tags
    planId: plan.outputs.id
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    articlesContainerName: articlesContainerName
    digestQueueName: digestQueueName
    digestSchedule: digestSchedule
    openAiEndpoint: openAi.outputs.endpoint
    openAiDeploymentName: openAi.outputs.deploymentName
    openAiReasoningEffort: chatReasoningEffort
    emailFrom: emailFrom
    smtpHost: smtpHost
    smtpPort: smtpPort
    smtpUserNameSecretUri: keyVault.outputs.smtpUserNameSecretUri
    smtpPasswordSecretUri: keyVault.outputs.smtpPasswordSecretUri
    unsubscribeSigningKeySecretUri: keyVault.outputs.unsubscribeSigningKeySecretUri
    previousUnsubscribeSigningKeySecretUri: keyVault.outputs.previousUnsubscribeSigningKeySecretUri
  }
  // The host reads storage and Key Vault with the identity as soon as it starts: grant the roles first.
  dependsOn: [
    rbac
  ]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output STORAGE_QUEUE_ENDPOINT string = storage.outputs.queueEndpoint
output STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output ARTICLES_CONTAINER_NAME string = articlesContainerName
output DIGEST_QUEUE_NAME string = digestQueueName
output EVENT_GRID_SYSTEM_TOPIC_NAME string = events.outputs.name
output AZURE_OPENAI_ENDPOINT string = openAi.outputs.endpoint
output AZURE_OPENAI_DEPLOYMENT string = openAi.outputs.deploymentName
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
