#!/usr/bin/env bash
# Static checks of the deploy files (no Docker engine, no cluster needed): YAML parses; compose
# files are schema-valid and consistent; Kubernetes manifests are schema-valid, strict, and
# consistent; the Grafana dashboard queries only metrics the gateway exports (deploy/metrics.txt);
# config keys in env vars and mounted appsettings.json copies exist in the root appsettings.json;
# Dockerfiles are multi-stage and non-root. Details: deploy/check/check.mjs.
set -euo pipefail
cd "$(dirname "$0")/check"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "deploy check: installing nodejs and npm (apt)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq nodejs npm >/dev/null
fi

# Pinned packages (package-lock.json); skipped when the installed tree matches the lock file.
if ! cmp -s package-lock.json node_modules/.package-lock.json 2>/dev/null \
   && ! node -e 'const a=require("./package-lock.json").packages,b=require("./node_modules/.package-lock.json").packages;for(const k of Object.keys(a))if(k&&(!b[k]||b[k].version!==a[k].version))process.exit(1)' 2>/dev/null; then
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null
fi

exec node check.mjs
