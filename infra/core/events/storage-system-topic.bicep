// The system topic only publishes the account's events. Its subscription to the Function App's blob
// webhook needs the blobs_extension key, which exists only once the app runs: infra/hooks/postdeploy.sh
// creates it after `azd deploy`.
param name string
param location string
param tags object = {}
param storageAccountName string

resource storageAccount 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    source: storageAccount.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output name string = systemTopic.name
