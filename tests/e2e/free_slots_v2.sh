#!/bin/bash
# tests/e2e/free_slots.sh on schema variant 2 (masters, end_ts, text statuses).
FREE_VARIANT=2 exec bash "$(dirname "$0")/free_slots.sh" "$@"
