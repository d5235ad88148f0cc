// The NewsAlerts Function App on Flex Consumption. Every setting the app reads is listed here, in one
// object, so the keys can be checked against the compiled template.
param name string
param location string
param tags object = {}
param planId string
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerName string
param applicationInsightsName string
param maximumInstanceCount int
param instanceMemoryMB int
param articlesContainerName string
param digestQueueName string
param digestSchedule string
param openAiEndpoint string
param openAiDeploymentName string
@description('reasoning_effort of the chat deployment, chosen with the model rather than guessed from its name; empty for a classic, non-reasoning model.')
param openAiReasoningEffort string
param emailFrom string
param smtpHost string
param smtpPort int
param smtpUserNameSecretUri string
param smtpPasswordSecretUri string
param unsubscribeSigningKeySecretUri string
@description('Empty outside a key rotation: the app then accepts only links signed with the current key.')
param previousUnsubscribeSigningKeySecretUri string

resource storageAccount 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  // azd finds the deployment target of service `api` (azure.yaml) by this tag.
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: planId
    httpsOnly: true
    // Key Vault references resolve with the user-assigned identity; without this App Service tries a system identity.
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageAccount.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  // Flex Consumption takes the worker runtime from functionAppConfig.runtime: FUNCTIONS_WORKER_RUNTIME is rejected.
  resource appSettings 'config' = {
    name: 'appsettings'
    properties: {
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId
      AzureWebJobsStorage__blobServiceUri: storageAccount.properties.primaryEndpoints.blob
      AzureWebJobsStorage__queueServiceUri: storageAccount.properties.primaryEndpoints.queue
      AzureWebJobsStorage__tableServiceUri: storageAccount.properties.primaryEndpoints.table
      // DefaultAzureCredential in the worker picks the user-assigned identity by this.
      AZURE_CLIENT_ID: identityClientId
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
      NewsAlerts__ArticlesContainer: articlesContainerName
      NewsAlerts__DigestQueue: digestQueueName
      NewsAlerts__DigestSchedule: digestSchedule
      OpenAI__Endpoint: openAiEndpoint
      OpenAI__Deployment: openAiDeploymentName
      OpenAI__ReasoningEffort: openAiReasoningEffort
      Email__From: emailFrom
      Email__Smtp__Host: smtpHost
      Email__Smtp__Port: string(smtpPort)
      Email__Smtp__UserName: '@Microsoft.KeyVault(SecretUri=${smtpUserNameSecretUri})'
      Email__Smtp__Password: '@Microsoft.KeyVault(SecretUri=${smtpPasswordSecretUri})'
      Digests__UnsubscribeSigningKey: '@Microsoft.KeyVault(SecretUri=${unsubscribeSigningKeySecretUri})'
      Digests__PublicBaseUrl: 'https://${site.properties.defaultHostName}'
      // Only during a rotation: it refers to a secret that exists only then.
      ...(empty(previousUnsubscribeSigningKeySecretUri)
        ? {}
        : { Digests__PreviousUnsubscribeSigningKey: '@Microsoft.KeyVault(SecretUri=${previousUnsubscribeSigningKeySecretUri})' })
    }
  }
}

output name string = site.name
output uri string = 'https://${site.properties.defaultHostName}'
