#!/bin/bash
# tests/e2e/bookings_find.sh on schema variant 2 (text statuses).
FIND_VARIANT=2 exec bash "$(dirname "$0")/bookings_find.sh" "$@"
