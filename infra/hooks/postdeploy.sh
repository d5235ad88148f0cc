#!/usr/bin/env bash
# azd postdeploy hook: subscribes the Function App's Event Grid blob trigger (ProcessArticle) to
# BlobCreated events of the articles container. Bicep cannot do this: the webhook URL carries the
# host's blobs_extension system key, which exists only after the app has been deployed and started.
#
# Idempotent: azd runs it after every deploy. The subscription has a fixed name; once it exists, the
# hook updates its endpoint (and key) instead of creating it again.
set -euo pipefail

readonly function_name="ProcessArticle"
readonly subscription_name="articles-blob-created"
# The key appears once the host has loaded the blob extension; allow a cold start after deployment
# (override both for a slower start).
readonly key_attempts="${POSTDEPLOY_KEY_ATTEMPTS:-30}"
readonly key_delay_seconds="${POSTDEPLOY_KEY_DELAY_SECONDS:-10}"
# Event Grid gives the webhook little time to answer its validation request, less than a cold Flex
# instance may need to start: one request first wakes the app.
readonly warm_timeout_seconds="${POSTDEPLOY_WARM_TIMEOUT_SECONDS:-60}"
# The validation can still time out while the instance starts: retry, doubling the wait up to a minute.
readonly subscribe_attempts="${POSTDEPLOY_SUBSCRIBE_ATTEMPTS:-5}"
readonly subscribe_delay_seconds="${POSTDEPLOY_SUBSCRIBE_DELAY_SECONDS:-15}"
readonly subscribe_max_delay_seconds=60

fail() {
  echo "postdeploy: $*" >&2
  exit 1
}

# Its arguments as one line of shell words, quoted where needed, for a command the user can paste.
shell_words() {
  local words
  printf -v words ' %q' "$@"
  printf '%s' "${words# }"
}

command -v az >/dev/null 2>&1 || fail "the Azure CLI (az) is required: https://aka.ms/azure-cli"

for name in AZURE_SUBSCRIPTION_ID RESOURCE_GROUP AZURE_FUNCTION_APP_NAME SERVICE_API_URI \
  EVENT_GRID_SYSTEM_TOPIC_NAME ARTICLES_CONTAINER_NAME; do
  [[ -n "${!name:-}" ]] || fail "$name is not set; run this hook through azd (azd deploy / azd up) after provisioning."
done

# azd and az keep separate sign-ins; fail early with the remedy rather than halfway through.
az account show --subscription "$AZURE_SUBSCRIPTION_ID" --output none 2>/dev/null \
  || fail "the Azure CLI is not signed in to subscription $AZURE_SUBSCRIPTION_ID: run 'az login'."

key_command=(az functionapp keys list
  --subscription "$AZURE_SUBSCRIPTION_ID"
  --resource-group "$RESOURCE_GROUP"
  --name "$AZURE_FUNCTION_APP_NAME"
  --query systemKeys.blobs_extension
  --output tsv)

echo "postdeploy: waiting for the blobs_extension key of $AZURE_FUNCTION_APP_NAME..."
blobs_key=""
last_error=""
work_dir="$(mktemp -d)"
trap 'rm -rf "$work_dir"' EXIT
error_file="$work_dir/error"
for ((attempt = 1; attempt <= key_attempts; attempt++)); do
  # A cold host answers with an error or without the key for a while: keep the error for the final message.
  if blobs_key="$("${key_command[@]}" 2>"$error_file")" && [[ -n "$blobs_key" ]]; then
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
endpoint_without_key="${SERVICE_API_URI%/}/runtime/webhooks/blobs?functionName=Host.Functions.${function_name}&code="
endpoint_file="$work_dir/endpoint"
printf '%s' "$endpoint_without_key$blobs_key" >"$endpoint_file"

# Any route wakes the host. Unsubscribe is anonymous, and a GET without a token only renders a page.
warm_url="${SERVICE_API_URI%/}/api/unsubscribe"
echo "postdeploy: warming up $warm_url..."
# Without --fail, any HTTP answer (a 4xx too) succeeds: the host is up, which is all this is for.
if status="$(curl --silent --show-error --output /dev/null --write-out '%{http_code}' \
  --max-time "$warm_timeout_seconds" "$warm_url" 2>"$error_file")"; then
  echo "postdeploy: the app answered (HTTP $status)."
else
  echo "postdeploy: warning: no answer from $warm_url within $warm_timeout_seconds s ($(<"$error_file")); subscribing anyway." >&2
fi

topic_args=(--subscription "$AZURE_SUBSCRIPTION_ID"
  --resource-group "$RESOURCE_GROUP"
  --system-topic-name "$EVENT_GRID_SYSTEM_TOPIC_NAME"
  --name "$subscription_name")
filter_args=(--included-event-types Microsoft.Storage.BlobCreated
  --subject-begins-with "/blobServices/default/containers/${ARTICLES_CONTAINER_NAME}/")

action=create
subscribed=false
delay="$subscribe_delay_seconds"
for ((attempt = 1; attempt <= subscribe_attempts; attempt++)); do
  # Asked on every attempt, so a retry updates whatever an earlier attempt left. If show fails for another
  # reason (network, permissions), create is still right: it is a create-or-update (PUT) of the same name.
  if az eventgrid system-topic event-subscription show "${topic_args[@]}" --output none 2>/dev/null; then
    action=update
  else
    action=create
  fi
  echo "postdeploy: subscribing $function_name to BlobCreated in container '$ARTICLES_CONTAINER_NAME'" \
    "($action, attempt $attempt of $subscribe_attempts)..."
  # Event Grid validates the webhook on create and on update: this fails while the function is not listening.
  if az eventgrid system-topic event-subscription "$action" "${topic_args[@]}" \
    --endpoint-type webhook --endpoint "@$endpoint_file" "${filter_args[@]}" --output none 2>"$error_file"; then
    subscribed=true
    break
  fi
  last_error="$(<"$error_file")"
  # Masked in case the error quotes the webhook URL whole.
  last_error="${last_error//"$blobs_key"/<key>}"
  if ((attempt < subscribe_attempts)); then
    delay=$((delay < subscribe_max_delay_seconds ? delay : subscribe_max_delay_seconds))
    echo "postdeploy: attempt $attempt failed: $last_error" >&2
    echo "postdeploy: retrying in $delay s..." >&2
    sleep "$delay"
    delay=$((delay * 2))
  fi
done
# The printed commands fetch the key themselves rather than show it, and pass the endpoint through a file too.
$subscribed || fail "event subscription '$subscription_name' could not be ${action}d after $subscribe_attempts attempts; the last error:
$last_error
Check that $function_name is listed by 'az functionapp function list -g $RESOURCE_GROUP -n $AZURE_FUNCTION_APP_NAME', then subscribe it by hand:
  endpoint_file=\"\$(mktemp)\"
  printf '%s' \"$endpoint_without_key\$($(shell_words "${key_command[@]}"))\" >\"\$endpoint_file\"
  $(shell_words az eventgrid system-topic event-subscription "$action" "${topic_args[@]}" --endpoint-type webhook) --endpoint \"@\$endpoint_file\" $(shell_words "${filter_args[@]}" --output none)
  rm -f \"\$endpoint_file\""

echo "postdeploy: event subscription '$subscription_name' is in place."
