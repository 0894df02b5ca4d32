#!/usr/bin/env bash
# Runs the gateway on http://127.0.0.1:8080 in front of the bundled vLLM simulator on http://127.0.0.1:8000.
# Ctrl-C stops both. Edit appsettings.json while it runs: the gateway reloads it.
set -euo pipefail
cd "$(dirname "$0")/.."

# Only the two programs the demo runs (the whole solution would also build tests and benchmarks).
dotnet build src/Gateway -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet build src/Simulator -c Release --nologo -v quiet -clp:ErrorsOnly

dotnet src/Simulator/bin/Release/net10.0/Gateway.Simulator.dll --urls http://127.0.0.1:8000 &
simulator=$!
trap 'kill "$simulator" 2>/dev/null || true' EXIT

# Development: readable logs, and the repository's appsettings.json itself is watched for edits.
ASPNETCORE_ENVIRONMENT=Development dotnet src/Gateway/bin/Release/net10.0/Gateway.dll \
  --urls http://127.0.0.1:8080 \
  --config-file "$PWD/appsettings.json" \
  --ReverseProxy:Clusters:vllm:Destinations:primary:Address=http://127.0.0.1:8000/
