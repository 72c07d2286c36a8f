#!/bin/sh
# gcc's c-torture execute tests through cc. Needs Debian's gcc-12-source
# (apt-get install gcc-12-source); unpacks the tests to /tmp, never into the repo.
#   scripts/cc-torture.sh [--verbose] [--filter REGEX] [--json OUT] [--resumable]
set -eu
T=/tmp/kmemlab-gcc-torture
SRC=$(ls /usr/src/gcc-12/gcc-12*.tar.xz 2>/dev/null | head -1 || true)
if [ ! -d "$T/execute" ]; then
	if [ -z "$SRC" ]; then
		echo "cc-torture: gcc-12-source not installed (apt-get install gcc-12-source), skipping" >&2
		exit 0
	fi
	mkdir -p "$T"
	tar -xJf "$SRC" -C "$T" --wildcards '*/gcc/testsuite/gcc.c-torture/execute/*'
	mv "$T"/gcc-*/gcc/testsuite/gcc.c-torture/execute "$T/execute"
	rm -rf "$T"/gcc-*
fi
cd "$(dirname "$0")/.."
exec npx tsx scripts/cc-torture.ts "$T/execute" "$@"
