param name string
param location string
param tags object = {}
param deploymentName string
param modelName string
param modelVersion string
param skuName string
param capacity int

resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: name
  location: location
  tags: tags
  kind: 'OpenAI'
  sku: {
    name: 'S0'
  }
  properties: {
    // Entra ID authentication needs a custom subdomain; the endpoint becomes https://<name>.openai.azure.com/.
    customSubDomainName: name
    // No API keys: callers use the identity's Cognitive Services OpenAI User role.
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource chatDeployment 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
  parent: account
  name: deploymentName
  sku: {
    name: skuName
    capacity: capacity
  }
  properties: {
    model: {
      format: 'OpenAI'
      name: modelName
      version: modelVersion
    }
  }
}

output name string = account.name
output endpoint string = account.properties.endpoint
output deploymentName string = chatDeployment.name
