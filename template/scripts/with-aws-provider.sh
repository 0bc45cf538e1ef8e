#!/bin/sh
# Usage: scripts/with-aws-provider.sh <folder> <command...>
#
# Runs a Terraform command (validate, test) of <folder> against one AWS provider process
# started for it, instead of the one Terraform starts for every plan: `terraform test` starts
# the provider about twice per run, each start about a second of CPU to load its schema. The
# provider serves the command through Terraform's documented debug hand-over
# (TF_REATTACH_PROVIDERS) and stops when the command ends, or within a second of this script
# being killed. Where the provider is not installed in <folder> yet, or will not start, the
# command runs as usual.
set -u
folder=$1
shift
provider=$(find -L "$folder/.terraform/providers/registry.terraform.io/hashicorp/aws" \
	-type f -name 'terraform-provider-aws*' 2>/dev/null | head -n 1)
if [ -z "$provider" ] || [ -n "${TF_REATTACH_PROVIDERS:-}" ]; then
	exec "$@"
fi
log=$(mktemp)
# Its logs off: in debug mode the provider traces every call, megabytes per test run.
TF_LOG=off TF_LOG_PROVIDER=off TF_LOG_SDK=off TF_LOG_SDK_PROTO=off TF_LOG_SDK_FRAMEWORK=off \
	TF_LOG_SDK_MUX=off "$provider" -debug >"$log" 2>&1 </dev/null &
pid=$!
# A debug-mode provider runs until it is stopped: stop it if this script is killed outright.
script=$$
(while kill -0 "$script" 2>/dev/null; do sleep 1; done; kill "$pid" 2>/dev/null; rm -f "$log") \
	>/dev/null 2>&1 </dev/null &
watcher=$!
trap 'kill "$pid" "$watcher" 2>/dev/null; wait "$pid" 2>/dev/null; rm -f "$log"' EXIT
trap 'exit 130' INT TERM
reattach=""
tries=0
while [ -z "$reattach" ] && [ "$tries" -lt 600 ] && kill -0 "$pid" 2>/dev/null; do
	reattach=$(sed -n "s/^[[:space:]]*TF_REATTACH_PROVIDERS='\(.*\)'\$/\1/p" "$log")
	[ -n "$reattach" ] || { sleep 0.1; tries=$((tries + 1)); }
done
if [ -z "$reattach" ]; then
	echo "note: the AWS provider did not start in debug mode; Terraform starts its own" >&2
	"$@"
	exit $?
fi
TF_REATTACH_PROVIDERS=$reattach "$@"
exit $?
