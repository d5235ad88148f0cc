#!/usr/bin/env pwsh
# azd postdeploy hook (Windows twin of postdeploy.sh): subscribes the Function App's Event Grid blob
# trigger (ProcessArticle) to BlobCreated events of the articles container. Bicep cannot do this: the
# webhook URL carries the host's blobs_extension system key, which exists only after deployment.
#
# Idempotent: `event-subscription create` is a create-or-update (PUT) of a fixed name, so rerunning it
# refreshes the endpoint (and key) instead of adding a second subscription.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$functionName = 'ProcessArticle'
$subscriptionName = 'articles-blob-created'
# The key appears once the host has loaded the blob extension; allow a cold start after deployment
# (override both for a slower start).
$keyAttempts = if ($env:POSTDEPLOY_KEY_ATTEMPTS) { [int]$env:POSTDEPLOY_KEY_ATTEMPTS } else { 30 }
$keyDelaySeconds = if ($env:POSTDEPLOY_KEY_DELAY_SECONDS) { [int]$env:POSTDEPLOY_KEY_DELAY_SECONDS } else { 10 }

function Fail([string]$message) {
    Write-Error "postdeploy: $message" -ErrorAction Continue
    exit 1
}

if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
    Fail 'the Azure CLI (az) is required: https://aka.ms/azure-cli'
}

foreach ($name in 'AZURE_SUBSCRIPTION_ID', 'RESOURCE_GROUP', 'AZURE_FUNCTION_APP_NAME', 'SERVICE_API_URI',
    'EVENT_GRID_SYSTEM_TOPIC_NAME', 'ARTICLES_CONTAINER_NAME') {
    if (-not [Environment]::GetEnvironmentVariable($name)) {
        Fail "$name is not set; run this hook through azd (azd deploy / azd up) after provisioning."
    }
}

# azd and az keep separate sign-ins; fail early with the remedy rather than halfway through.
az account show --subscription $env:AZURE_SUBSCRIPTION_ID --output none 2>$null
if ($LASTEXITCODE -ne 0) {
    Fail "the Azure CLI is not signed in to subscription $($env:AZURE_SUBSCRIPTION_ID): run 'az login'."
}

Write-Host "postdeploy: waiting for the blobs_extension key of $($env:AZURE_FUNCTION_APP_NAME)..."
$workDir = New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) ([IO.Path]::GetRandomFileName()))
try {
    $errorFile = Join-Path $workDir 'error'
    $blobsKey = ''
    $lastError = ''
    for ($attempt = 1; $attempt -le $keyAttempts; $attempt++) {
        # A cold host answers with an error or without the key for a while: keep the error for the final message.
        $output = az functionapp keys list `
            --subscription $env:AZURE_SUBSCRIPTION_ID `
            --resource-group $env:RESOURCE_GROUP `
            --name $env:AZURE_FUNCTION_APP_NAME `
            --query 'systemKeys.blobs_extension' `
            --output tsv 2>$errorFile
        if ($LASTEXITCODE -eq 0 -and $output) {
            $blobsKey = "$output".Trim()
            break
        }
        $lastError = Get-Content -Raw $errorFile
        Start-Sleep -Seconds $keyDelaySeconds
    }
    if (-not $blobsKey) {
        Fail ("no blobs_extension key after $($keyAttempts * $keyDelaySeconds) s (last error: $lastError). " +
            "Is $functionName deployed with the Event Grid blob source, and did the host start? Check " +
            "'az functionapp function list -g $($env:RESOURCE_GROUP) -n $($env:AZURE_FUNCTION_APP_NAME)' and the Application Insights traces.")
    }

    # The az CLI reads an argument from a file when it starts with @. Passed inline, the URL's '&' would split
    # the command in cmd.exe (az is az.cmd on Windows), and the key would show in the process list.
    $endpointFile = Join-Path $workDir 'endpoint'
    $endpoint = "$($env:SERVICE_API_URI.TrimEnd('/'))/runtime/webhooks/blobs?functionName=Host.Functions.$functionName&code=$blobsKey"
    Set-Content -Path $endpointFile -Value $endpoint -NoNewline

    Write-Host "postdeploy: subscribing $functionName to BlobCreated in container '$($env:ARTICLES_CONTAINER_NAME)'..."
    # Event Grid validates the webhook on creation: this fails (and so does the hook) if the function is not listening.
    az eventgrid system-topic event-subscription create `
        --subscription $env:AZURE_SUBSCRIPTION_ID `
        --resource-group $env:RESOURCE_GROUP `
        --system-topic-name $env:EVENT_GRID_SYSTEM_TOPIC_NAME `
        --name $subscriptionName `
        --endpoint-type webhook `
        --endpoint "@$endpointFile" `
        --included-event-types Microsoft.Storage.BlobCreated `
        --subject-begins-with "/blobServices/default/containers/$($env:ARTICLES_CONTAINER_NAME)/" `
        --output none
    if ($LASTEXITCODE -ne 0) {
        Fail "creating event subscription '$subscriptionName' failed (see the error above)."
    }
}
finally {
    Remove-Item -Recurse -Force $workDir
}

Write-Host "postdeploy: event subscription '$subscriptionName' is in place."
