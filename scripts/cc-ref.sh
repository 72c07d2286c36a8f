#!/bin/sh
# Reference output of a C program on the real toolchain: arm-linux-gnueabihf-gcc
# -static under qemu-arm (what the board runs). Used to create and check the
# expected .stdout files of tests/cc. Skips cleanly when the tools are absent.
#   scripts/cc-ref.sh FILE.c [ARGS...]   -> program's stdout; exit status passed through
set -u
if ! command -v arm-linux-gnueabihf-gcc >/dev/null || ! command -v qemu-arm >/dev/null; then
	echo "cc-ref: arm-linux-gnueabihf-gcc or qemu-arm not installed, skipping" >&2
	exit 77
fi
src=$1; shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Static when possible; a program that replaces malloc/free needs the dynamic libc (interposition).
if arm-linux-gnueabihf-gcc -std=gnu11 -O0 -w -static -I"$(dirname "$src")" -o "$tmp/a.out" "$src" -lm 2>/dev/null; then
	qemu-arm "$tmp/a.out" "$@"
else
	arm-linux-gnueabihf-gcc -std=gnu11 -O0 -w -I"$(dirname "$src")" -o "$tmp/a.out" "$src" -lm || exit 99
	qemu-arm -L /usr/arm-linux-gnueabihf "$tmp/a.out" "$@"
fi
