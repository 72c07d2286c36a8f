#!/bin/sh
# Differential testing against arm-linux-gnueabihf-gcc + qemu-arm with csmith programs.
#   scripts/cc-csmith.sh N [--seed S] [--keep DIR]
cd "$(dirname "$0")/.." && exec npx tsx scripts/cc-csmith.ts "$@"
