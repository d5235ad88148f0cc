param name string
param location string
param tags object = {}

@secure()
param smtpUserName string

@secure()
param smtpPassword string

@secure()
param unsubscribeSigningKey string

@secure()
@description('Empty: no rotation under way, so no secret.')
param previousUnsubscribeSigningKey string

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    // Access is granted with Azure roles (Key Vault Secrets User in rbac.bicep), never with access policies.
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource smtpUserNameSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'smtp-username'
  properties: {
    value: smtpUserName
  }
}

resource smtpPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'smtp-password'
  properties: {
    value: smtpPassword
  }
}

resource unsubscribeSigningKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'unsubscribe-signing-key'
  properties: {
    value: unsubscribeSigningKey
  }
}

// Only during a rotation: the app then also accepts the links the replaced key signed.
resource previousUnsubscribeSigningKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(previousUnsubscribeSigningKey)) {
  parent: vault
  name: 'unsubscribe-signing-key-previous'
  properties: {
    value: previousUnsubscribeSigningKey
  }
}

output name string = vault.name
// Versionless URIs: App Service resolves the latest version, so rotating a secret needs no redeploy.
output smtpUserNameSecretUri string = smtpUserNameSecret.properties.secretUri
// The URI only names the secret; reading it still takes Key Vault Secrets User.
#disable-next-line outputs-should-not-contain-secrets
output smtpPasswordSecretUri string = smtpPasswordSecret.properties.secretUri
output unsubscribeSigningKeySecretUri string = unsubscribeSigningKeySecret.properties.secretUri
// Empty when there is no previous key.
output previousUnsubscribeSigningKeySecretUri string = previousUnsubscribeSigningKeySecret.?properties.secretUri ?? ''
