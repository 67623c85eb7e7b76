#!/bin/bash
# tests/e2e/threads_ai.sh on schema variant 2 (text statuses).
THREADS_VARIANT=2 exec bash "$(dirname "$0")/threads_ai.sh" "$@"
