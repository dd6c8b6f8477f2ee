#!/usr/bin/env bash
# Test-only GPU discovery: two GPUs that exist only as addresses, so that Spark's GPU scheduling
# can be tested on machines without CUDA.
echo '{"name": "gpu", "addresses": ["0", "1"]}'
