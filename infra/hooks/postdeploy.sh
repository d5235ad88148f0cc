#!/usr/bin/env bash
# azd postdeploy hook: subscribes the Function App's Event Grid blob trigger (ProcessArticle) to
# BlobCreated events of the articles container. Bicep cannot do this: the webhook URL carries the
# host's blobs_extension system key, which exists only after the app has been deployed and started.
#
# Idempotent: `event-subscription create` is a create-or-update (PUT) of a fixed name, so rerunning it
# refreshes the endpoint (and key) instead of adding a second subscription.
set -euo pipefail

readonly function_name="ProcessArticle"
readonly subscription_name="articles-blob-created"
# The key appears once the host has loaded the blob extension; allow a cold start after deployment
# (override both for a slower start).
readonly key_attempts="${POSTDEPLOY_KEY_ATTEMPTS:-30}"
readonly key_delay_seconds="${POSTDEPLOY_KEY_DELAY_SECONDS:-10}"

fail() {
  echo "postdeploy: $*" >&2
  exit 1
}

command -v az >/dev/null 2>&1 || fail "the Azure CLI (az) is required: https://aka.ms/azure-cli"

for name in AZURE_SUBSCRIPTION_ID RESOURCE_GROUP AZURE_FUNCTION_APP_NAME SERVICE_API_URI \
  EVENT_GRID_SYSTEM_TOPIC_NAME ARTICLES_CONTAINER_NAME; do
  [[ -n "${!name:-}" ]] || fail "$name is not set; run this hook through azd (azd deploy / azd up) after provisioning."
done

# azd and az keep separate sign-ins; fail early with the remedy rather than halfway through.
az account show --subscription "$AZURE_SUBSCRIPTION_ID" --output none 2>/dev/null \
  || fail "the Azure CLI is not signed in to subscription $AZURE_SUBSCRIPTION_ID: run 'az login'."

echo "postdeploy: waiting for the blobs_extension key of $AZURE_FUNCTION_APP_NAME..."
blobs_key=""
last_error=""
work_dir="$(mktemp -d)"
trap 'rm -rf "$work_dir"' EXIT
error_file="$work_dir/error"
for ((attempt = 1; attempt <= key_attempts; attempt++)); do
  # A cold host answers with an error or without the key for a while: keep the error for the final message.
  if blobs_key="$(az functionapp keys list \
    --subscription "$AZURE_SUBSCRIPTION_ID" \
    --resource-group "$RESOURCE_GROUP" \
    --name "$AZURE_FUNCTION_APP_NAME" \
    --query "systemKeys.blobs_extension" \
    --output tsv 2>"$error_file")" && [[ -n "$blobs_key" ]]; then
    break
  fi
  last_error="$(<"$error_file")"
  blobs_key=""
  sleep "$key_delay_seconds"
done
[[ -n "$blobs_key" ]] || fail "no blobs_extension key after $((key_attempts * key_delay_seconds)) s${last_error:+ (last error: $last_error)}.
Is $function_name deployed with the Event Grid blob source, and did the host start? Check
'az functionapp function list -g $RESOURCE_GROUP -n $AZURE_FUNCTION_APP_NAME' and the Application Insights traces."

# The az CLI reads an argument from a file when it starts with @: the key stays out of the process
# list, in a file only we can read (mktemp -d makes the folder private).
endpoint_file="$work_dir/endpoint"
printf '%s' "${SERVICE_API_URI%/}/runtime/webhooks/blobs?functionName=Host.Functions.${function_name}&code=${blobs_key}" >"$endpoint_file"

echo "postdeploy: subscribing $function_name to BlobCreated in container '$ARTICLES_CONTAINER_NAME'..."
# Event Grid validates the webhook on creation: this fails (and so does the hook) if the function is not listening.
az eventgrid system-topic event-subscription create \
  --subscription "$AZURE_SUBSCRIPTION_ID" \
  --resource-group "$RESOURCE_GROUP" \
  --system-topic-name "$EVENT_GRID_SYSTEM_TOPIC_NAME" \
  --name "$subscription_name" \
  --endpoint-type webhook \
  --endpoint "@$endpoint_file" \
  --included-event-types Microsoft.Storage.BlobCreated \
  --subject-begins-with "/blobServices/default/containers/${ARTICLES_CONTAINER_NAME}/" \
  --output none

echo "postdeploy: event subscription '$subscription_name' is in place."
