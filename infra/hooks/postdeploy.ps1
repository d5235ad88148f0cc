#!/usr/bin/env pwsh
# azd postdeploy hook (Windows twin of postdeploy.sh): subscribes the Function App's Event Grid blob
# trigger (ProcessArticle) to BlobCreated events of the articles container. Bicep cannot do this: the
# webhook URL carries the host's blobs_extension system key, which exists only after deployment.
#
# Idempotent: azd runs it after every deploy. The subscription has a fixed name; once it exists, the
# hook updates its endpoint (and key) instead of creating it again.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$functionName = 'ProcessArticle'
$subscriptionName = 'articles-blob-created'
# The key appears once the host has loaded the blob extension; allow a cold start after deployment
# (override both for a slower start).
$keyAttempts = if ($env:POSTDEPLOY_KEY_ATTEMPTS) { [int]$env:POSTDEPLOY_KEY_ATTEMPTS } else { 30 }
$keyDelaySeconds = if ($env:POSTDEPLOY_KEY_DELAY_SECONDS) { [int]$env:POSTDEPLOY_KEY_DELAY_SECONDS } else { 10 }
# Event Grid gives the webhook little time to answer its validation request, less than a cold Flex
# instance may need to start: one request first wakes the app.
$warmTimeoutSeconds = if ($env:POSTDEPLOY_WARM_TIMEOUT_SECONDS) { [int]$env:POSTDEPLOY_WARM_TIMEOUT_SECONDS } else { 60 }
# The validation can still time out while the instance starts: retry, doubling the wait up to a minute.
$subscribeAttempts = if ($env:POSTDEPLOY_SUBSCRIBE_ATTEMPTS) { [int]$env:POSTDEPLOY_SUBSCRIBE_ATTEMPTS } else { 5 }
$subscribeDelaySeconds = if ($env:POSTDEPLOY_SUBSCRIBE_DELAY_SECONDS) { [int]$env:POSTDEPLOY_SUBSCRIBE_DELAY_SECONDS } else { 15 }
$subscribeMaxDelaySeconds = 60

# Plain lines on stderr, as from postdeploy.sh: an error record would rewrap them, and the commands printed
# for a failed subscription must stay copy-pasteable.
function Fail([string]$message) {
    [Console]::Error.WriteLine("postdeploy: $message")
    exit 1
}

# Its arguments as one line of PowerShell words, quoted where needed, for a command the user can paste.
function Format-Words([string[]]$words) {
    ($words | ForEach-Object { if ($_ -match '^[\w+=:,./-]+$') { $_ } else { "'" + ($_ -replace "'", "''") + "'" } }) -join ' '
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

$keyArgs = @('functionapp', 'keys', 'list',
    '--subscription', $env:AZURE_SUBSCRIPTION_ID,
    '--resource-group', $env:RESOURCE_GROUP,
    '--name', $env:AZURE_FUNCTION_APP_NAME,
    '--query', 'systemKeys.blobs_extension',
    '--output', 'tsv')

Write-Host "postdeploy: waiting for the blobs_extension key of $($env:AZURE_FUNCTION_APP_NAME)..."
$workDir = New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) ([IO.Path]::GetRandomFileName()))
try {
    $errorFile = Join-Path $workDir 'error'
    $blobsKey = ''
    $lastError = ''
    for ($attempt = 1; $attempt -le $keyAttempts; $attempt++) {
        # A cold host answers with an error or without the key for a while: keep the error for the final message.
        $output = az @keyArgs 2>$errorFile
        if ($LASTEXITCODE -eq 0 -and $output) {
            $blobsKey = "$output".Trim()
            break
        }
        $lastError = "$(Get-Content -Raw $errorFile)".Trim()
        Start-Sleep -Seconds $keyDelaySeconds
    }
    if (-not $blobsKey) {
        Fail ("no blobs_extension key after $($keyAttempts * $keyDelaySeconds) s (last error: $lastError). " +
            "Is $functionName deployed with the Event Grid blob source, and did the host start? Check " +
            "'az functionapp function list -g $($env:RESOURCE_GROUP) -n $($env:AZURE_FUNCTION_APP_NAME)' and the Application Insights traces.")
    }

    # The az CLI reads an argument from a file when it starts with @. Passed inline, the URL's '&' would split
    # the command in cmd.exe (az is az.cmd on Windows), and the key would show in the process list.
    $endpointWithoutKey = "$($env:SERVICE_API_URI.TrimEnd('/'))/runtime/webhooks/blobs?functionName=Host.Functions.$functionName&code="
    $endpointFile = Join-Path $workDir 'endpoint'
    Set-Content -Path $endpointFile -Value "$endpointWithoutKey$blobsKey" -NoNewline

    # Any route wakes the host. Unsubscribe is anonymous, and a GET without a token only renders a page.
    $warmUrl = "$($env:SERVICE_API_URI.TrimEnd('/'))/api/unsubscribe"
    Write-Host "postdeploy: warming up $warmUrl..."
    # With -SkipHttpErrorCheck, any HTTP answer (a 4xx too) succeeds: the host is up, which is all this is for.
    try {
        $status = (Invoke-WebRequest -Uri $warmUrl -Method Get -TimeoutSec $warmTimeoutSeconds -SkipHttpErrorCheck).StatusCode
        Write-Host "postdeploy: the app answered (HTTP $status)."
    }
    catch {
        Write-Warning "postdeploy: no answer from $warmUrl within $warmTimeoutSeconds s ($($_.Exception.Message)); subscribing anyway."
    }

    $topicArgs = @('--subscription', $env:AZURE_SUBSCRIPTION_ID,
        '--resource-group', $env:RESOURCE_GROUP,
        '--system-topic-name', $env:EVENT_GRID_SYSTEM_TOPIC_NAME,
        '--name', $subscriptionName)
    $filterArgs = @('--included-event-types', 'Microsoft.Storage.BlobCreated',
        '--subject-begins-with', "/blobServices/default/containers/$($env:ARTICLES_CONTAINER_NAME)/")

    $action = 'create'
    $subscribed = $false
    $delay = $subscribeDelaySeconds
    for ($attempt = 1; $attempt -le $subscribeAttempts; $attempt++) {
        # Asked on every attempt, so a retry updates whatever an earlier attempt left. If show fails for another
        # reason (network, permissions), create is still right: it is a create-or-update (PUT) of the same name.
        az eventgrid system-topic event-subscription show @topicArgs --output none 2>$null
        $action = if ($LASTEXITCODE -eq 0) { 'update' } else { 'create' }
        Write-Host ("postdeploy: subscribing $functionName to BlobCreated in container '$($env:ARTICLES_CONTAINER_NAME)' " +
            "($action, attempt $attempt of $subscribeAttempts)...")
        # Event Grid validates the webhook on create and on update: this fails while the function is not listening.
        az eventgrid system-topic event-subscription $action @topicArgs `
            --endpoint-type webhook --endpoint "@$endpointFile" @filterArgs --output none 2>$errorFile
        if ($LASTEXITCODE -eq 0) {
            $subscribed = $true
            break
        }
        # Masked in case the error quotes the webhook URL whole.
        $lastError = "$(Get-Content -Raw $errorFile)".Trim().Replace($blobsKey, '<key>')
        if ($attempt -lt $subscribeAttempts) {
            $delay = [Math]::Min($delay, $subscribeMaxDelaySeconds)
            Write-Warning "postdeploy: attempt $attempt failed: $lastError"
            Write-Warning "postdeploy: retrying in $delay s..."
            Start-Sleep -Seconds $delay
            $delay = $delay * 2
        }
    }
    # The printed commands fetch the key themselves rather than show it, and pass the endpoint through a file too.
    if (-not $subscribed) {
        $subscribeWords = @('eventgrid', 'system-topic', 'event-subscription', $action) + $topicArgs + @('--endpoint-type', 'webhook')
        Fail (@(
                "event subscription '$subscriptionName' could not be $($action)d after $subscribeAttempts attempts; the last error:"
                $lastError
                "Check that $functionName is listed by 'az functionapp function list -g $($env:RESOURCE_GROUP) -n $($env:AZURE_FUNCTION_APP_NAME)', then subscribe it by hand:"
                '  $endpointFile = New-TemporaryFile'
                ('  Set-Content -NoNewline -Path $endpointFile -Value "{0}$(az {1})"' -f $endpointWithoutKey, (Format-Words $keyArgs))
                ('  az {0} --endpoint "@$($endpointFile.FullName)" {1}' -f (Format-Words $subscribeWords), (Format-Words ($filterArgs + @('--output', 'none'))))
                '  Remove-Item $endpointFile'
            ) -join [Environment]::NewLine)
    }
}
finally {
    Remove-Item -Recurse -Force $workDir
}

Write-Host "postdeploy: event subscription '$subscriptionName' is in place."
