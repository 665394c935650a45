#!/usr/bin/env bash
# Regenerates the committed ABI baseline of the C library, capi/abi/libvocfab.abi, deliberately.
#
# Do this only for an intended ABI change — never to make the abi.abidiff test pass by accident:
# adding functions needs no new baseline; changing or removing one breaks every program built
# against libvocfab.so.0 and needs a new major version (VF_VERSION_MAJOR, SONAME).
#
# Usage: scripts/update-abi-baseline.sh [build-dir]   (default: build/dev; must be a Debug or
#        RelWithDebInfo build, since abidw reads the types from debug info)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/dev}

if [[ ! -f $build/CMakeCache.txt ]]; then
  echo "update-abi-baseline: $build is not a configured build directory" >&2
  echo "  e.g. cmake --preset dev  (or pass the build directory)" >&2
  exit 2
fi
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt")
case $build_type in
  Debug|RelWithDebInfo) ;;
  *) echo "update-abi-baseline: $build is a '$build_type' build; use Debug or RelWithDebInfo" >&2
     exit 2 ;;
esac

cmake --build "$build" --target vocfab_c -j2
# The library of the version the build is configured for, not an older one left beside it.
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:[A-Z]*=//p' "$build/CMakeCache.txt")
library=$build/capi/libvocfab.so.$version
[[ -f $library ]] || library=""
if [[ -z $library ]]; then
  echo "update-abi-baseline: libvocfab.so not found under $build/capi" >&2
  exit 2
fi

baseline=capi/abi/libvocfab.abi
old=$(mktemp)
trap 'rm -f "$old"' EXIT
[[ -f $baseline ]] && cp "$baseline" "$old"

cmake -DMODE=update -DABIDW="$(command -v abidw)" -DLIBRARY="$library" \
      -DHEADERS_DIR="$PWD/capi/include/vocfab" -DBASELINE="$PWD/$baseline" -DSOURCE_DIR="$PWD" \
      -P tests/abi/abi_gate.cmake

if [[ -s $old ]]; then
  echo "--- abidiff old baseline -> new baseline (review before committing):"
  abidiff "$old" "$baseline" || true
fi
echo "update-abi-baseline: wrote $baseline from $library"
