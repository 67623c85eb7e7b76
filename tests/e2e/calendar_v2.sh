#!/bin/bash
# tests/e2e/calendar.sh on schema variant 2 (text statuses, masters, end_ts).
CAL_VARIANT=2 exec bash "$(dirname "$0")/calendar.sh" "$@"
