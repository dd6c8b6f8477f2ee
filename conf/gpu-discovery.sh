#!/usr/bin/env bash
# Spark GPU discovery script for slideseg executors (spark.executor.resource.gpu.discoveryScript):
# prints the addresses of this node's NVIDIA GPUs in the JSON Spark expects. Needs nvidia-smi.
set -euo pipefail
addresses=$(nvidia-smi --query-gpu=index --format=csv,noheader | sed 's/.*/"&"/' | paste -sd, -)
echo "{\"name\": \"gpu\", \"addresses\": [${addresses}]}"
