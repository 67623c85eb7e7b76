#!/bin/bash
# The connection state machine against a real server (tests/fixture/pgfixture).
. "$(dirname "$0")/../lib.sh"
need_fixture "$@"
exec "$top_builddir/tests/integration/test_conn"
