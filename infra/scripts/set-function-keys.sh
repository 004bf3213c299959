#!/usr/bin/env bash
# Function keys for the operator endpoints: one key per operator and per function, never the host or master key.
#
#   infra/scripts/set-function-keys.sh -g <resource group> -n <function app> grant  <operator> [function ...]
#   infra/scripts/set-function-keys.sh -g <resource group> -n <function app> revoke <operator> [function ...]
#   infra/scripts/set-function-keys.sh -g <resource group> -n <function app> list
#
# grant creates the key named <operator> on each function (run again, it replaces that operator's keys) and prints
# "<function> <key>" lines: hand them over a secure channel, they are not stored anywhere else by this script.
# revoke deletes that operator's key from each function: their calls get 401 at once, and nobody else's key changes
# (a function where the operator had no key reports the CLI's error, and the script then exits 1).
# list prints the key names (never the values) of each function. Without function names, all the operator endpoints;
# name some to give an operator less, e.g. only ListBatches GetBatch GetCohortRun ListCohortRuns ListCohorts to watch without acting.
#
# Why not the host keys: a host function key (az functionapp keys list, functionKeys.default) opens every
# function-level function, and the master key the host admin API as well; revoking either revokes everyone. Why not
# Bicep: a function's keys (Microsoft.Web/sites/functions/keys) can only be set once the published code has created
# the function, after the first deployment, and who holds a key changes far more often than the infrastructure.
#
# Needs the Azure CLI, signed in with a role that may manage the app's keys (e.g. Website Contributor on the app).
set -euo pipefail

# The operator endpoints: the [Function] names of the HTTP triggers in src/Notifications.Functions with
# AuthorizationLevel.Function (tests/Notifications.Infra.Tests checks the names against the source).
OPERATOR_FUNCTIONS=(StartBatch ListBatches GetBatch CancelBatch ResumeBatch ListCohorts RunCohortForDate GetCohortRun ListCohortRuns GetCohortReadout)

usage() {
  sed -n '4,6p' "$0" | sed 's/^# *//' >&2
  exit 2
}

group=""
app=""
while getopts "g:n:" option; do
  case "$option" in
    g) group="$OPTARG" ;;
    n) app="$OPTARG" ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[ -n "$group" ] && [ -n "$app" ] && [ $# -ge 1 ] || usage
action="$1"
shift

operator=""
if [ "$action" = "grant" ] || [ "$action" = "revoke" ]; then
  [ $# -ge 1 ] || usage
  operator="$1"
  shift
  # One name per person or system, so that one can be revoked alone. "default" is the key the runtime creates on
  # each function; replacing or deleting it is not this script's business.
  if ! [[ "$operator" =~ ^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$ ]] || [ "$operator" = "default" ]; then
    echo "operator key name '$operator': use 1-64 letters, digits, '-' or '_' (not 'default')" >&2
    exit 2
  fi
elif [ "$action" != "list" ]; then
  usage
fi

functions=("$@")
if [ ${#functions[@]} -eq 0 ]; then
  functions=("${OPERATOR_FUNCTIONS[@]}")
fi
is_operator_function() {
  local known
  for known in "${OPERATOR_FUNCTIONS[@]}"; do
    [ "$known" = "$1" ] && return 0
  done
  return 1
}

for function in "${functions[@]}"; do
  # A loop, not printf | grep -q: grep -q exits at the first match, printf then dies of SIGPIPE, and pipefail turned
  # that into "not an operator endpoint" now and then.
  if ! is_operator_function "$function"; then
    echo "'$function' is not an operator endpoint (${OPERATOR_FUNCTIONS[*]})" >&2
    exit 2
  fi
done

failed=0
for function in "${functions[@]}"; do
  case "$action" in
    grant)
      # No --key-value: the platform generates the key. (Its value is in the output or in its "properties".)
      key=$(az functionapp function keys set -g "$group" -n "$app" --function-name "$function" --key-name "$operator" \
        --query "(properties || @).value" -o tsv)
      printf '%s\t%s\n' "$function" "$key"
      ;;
    revoke)
      # Go on with the other functions when one fails (typically: that operator had no key there), then fail.
      if az functionapp function keys delete -g "$group" -n "$app" --function-name "$function" --key-name "$operator" -o none; then
        printf '%s\trevoked\n' "$function"
      else
        printf '%s\tNOT revoked (see the error above)\n' "$function"
        failed=1
      fi
      ;;
    list)
      # Names only. The key dictionary is either the output itself or its "properties", depending on the CLI version.
      names=$(az functionapp function keys list -g "$group" -n "$app" --function-name "$function" \
        --query "keys(properties || @)" -o tsv)
      printf '%s\t%s\n' "$function" "$(echo "$names" | tr '\n' ' ' | sed 's/ *$//')"
      ;;
  esac
done
exit "$failed"
