#!/bin/sh
# Generate configure and Makefile.in; generated files are never committed.
set -e
cd "$(dirname "$0")"
mkdir -p m4 build-aux
exec autoreconf -fi
