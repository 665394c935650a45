#!/usr/bin/env bash
# The `consumers` test: builds and runs three small consumers of vocfab, as users would build them.
#
#   (a) find_package/   CMake, find_package(vocfab) on a fresh install, linking vocfab::vocfab and
#                       vocfab::c
#   (b) subdirectory/   CMake, add_subdirectory(<vocfab source tree>), configured from scratch
#   (c) pkg-config      plain c++ / cc commands with `pkg-config --cflags --libs vocfab` / `vocfab-c`
#
# The build tree is installed to a temporary prefix, which is then moved elsewhere before anything
# uses it (the installed CMake package and .pc files must not depend on where they were installed).
# Each consumer validates data/sample.json (valid) and data/two_issues.json (two known issues) and
# its output is compared with the expected text. Registered with ctest by CMakeLists.txt here; to
# run it by hand:
#
#   BUILD_DIR=build/dev SOURCE_DIR=$PWD WORK_DIR=/tmp/consumers EXPECTED_VERSION=0.2.0 \
#     LIBDIR=lib bash tests/consumers/run.sh
#
# Optional: CMAKE, CC, CXX, GENERATOR (default: cmake, cc, c++, CMake's default generator).
set -euo pipefail

: "${BUILD_DIR:?the vocfab build tree to install}"
: "${SOURCE_DIR:?the vocfab source tree}"
: "${WORK_DIR:?a scratch folder (emptied first)}"
: "${EXPECTED_VERSION:?the project version}"
: "${LIBDIR:=lib}"
: "${CMAKE:=cmake}"
: "${CC:=cc}"
: "${CXX:=c++}"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD_DIR=$(cd "$BUILD_DIR" && pwd)
SOURCE_DIR=$(cd "$SOURCE_DIR" && pwd)

# Nothing from the caller's environment may steer the consumers' builds.
unset CMAKE_PREFIX_PATH CMAKE_BUILD_TYPE CMAKE_GENERATOR CFLAGS CXXFLAGS CPPFLAGS LDFLAGS \
      PKG_CONFIG_PATH PKG_CONFIG_LIBDIR PKG_CONFIG_SYSROOT_DIR LD_LIBRARY_PATH MAKEFLAGS
generator=()
if [[ -n ${GENERATOR:-} ]]; then generator=(-G "$GENERATOR"); fi

rm -rf "$WORK_DIR"
mkdir -p "$WORK_DIR"
WORK_DIR=$(cd "$WORK_DIR" && pwd)
log=$WORK_DIR/log

fail() {
  echo "consumers: FAILED: $*" >&2
  exit 1
}
step() {
  echo "consumers: [${SECONDS}s] $*"
}
# run LOGNAME COMMAND...: runs a build command, its output in $log/LOGNAME; shown on failure.
run() {
  local name=$1
  shift
  mkdir -p "$log"
  if ! "$@" >"$log/$name" 2>&1; then
    tail -n 60 "$log/$name" >&2
    fail "$name: $*"
  fi
}

sample=$SOURCE_DIR/data/sample.json
bad=$here/data/two_issues.json
[[ -f $sample ]] || fail "no $sample"
expected_cxx="cxx: $sample: 0 issues
cxx: $bad: 2 issues
cxx:   invalid_national_id trainees[0].national_id
cxx:   invalid_phone trainees[0].phone"
expected_c="c: library $EXPECTED_VERSION, header $EXPECTED_VERSION
c: $sample: valid=1, 0 issues
c: $bad: valid=0, 2 issues"

# check NAME EXPECTED PROGRAM: runs PROGRAM on the two files and compares its output.
check() {
  local name=$1 expected=$2 program=$3 output status=0
  mkdir -p "$log"
  output=$("$program" "$sample" "$bad" 2>"$log/stderr") || status=$?
  if ((status != 0)); then
    cat "$log/stderr" >&2
    fail "$name exited with status $status"
  fi
  if [[ $output != "$expected" ]]; then
    diff <(echo "$expected") <(echo "$output") >&2 || true
    fail "$name: unexpected output (- expected, + actual)"
  fi
  echo "consumers: $name: ok"
}
# uses_library PROGRAM DIR: PROGRAM loads libvocfab.so.0 from DIR (not from the build tree).
uses_library() {
  local resolved
  resolved=$(ldd "$1" | awk '$1 == "libvocfab.so.0" {print $3}')
  [[ -n $resolved && $(realpath "$resolved") == $(realpath "$2/libvocfab.so.0") ]] ||
    fail "$1 loads libvocfab.so.0 from '${resolved}', expected $2"
}

# --- install, then move the prefix ---------------------------------------------------------------
step "installing $BUILD_DIR"
run install "$CMAKE" --install "$BUILD_DIR" --prefix "$WORK_DIR/staging"
mv "$WORK_DIR/staging" "$WORK_DIR/prefix"
prefix=$WORK_DIR/prefix
for f in "$prefix/$LIBDIR/cmake/vocfab/vocfabConfig.cmake" "$prefix/$LIBDIR/pkgconfig/vocfab.pc" \
         "$prefix/$LIBDIR/pkgconfig/vocfab-c.pc" "$prefix/$LIBDIR/libvocfab-core.a" \
         "$prefix/$LIBDIR/libvocfab.so.0" "$prefix/include/vocfab/vocfab.h" \
         "$prefix/include/vocfab/io/json.h"; do
  [[ -f $f ]] || fail "the install has no ${f#"$prefix"/}"
done
if stale=$(grep -rlI -e "$WORK_DIR/staging" -e "$BUILD_DIR" "$prefix"); then
  fail "installed files name the install or build folder: $stale"
fi

# --- (a) find_package ----------------------------------------------------------------------------
step "(a) find_package(vocfab) against the install"
run a-configure "$CMAKE" -S "$here/find_package" -B "$WORK_DIR/a" "${generator[@]}" \
  -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
found=$(sed -n 's/^vocfab_DIR:PATH=//p' "$WORK_DIR/a/CMakeCache.txt")
[[ $found == "$prefix/$LIBDIR/cmake/vocfab" ]] || fail "(a) found vocfab in '$found'"
run a-build "$CMAKE" --build "$WORK_DIR/a" -j2
uses_library "$WORK_DIR/a/consumer_c" "$prefix/$LIBDIR"
check "(a) find_package C++" "$expected_cxx" "$WORK_DIR/a/consumer_cxx"
check "(a) find_package C" "$expected_c" "$WORK_DIR/a/consumer_c"

# --- (c) pkg-config ------------------------------------------------------------------------------
step "(c) pkg-config against the install"
export PKG_CONFIG_PATH=$prefix/$LIBDIR/pkgconfig
for package in vocfab vocfab-c; do
  run "c-validate-$package" pkg-config --validate "$package"
  pcdir=$(pkg-config --variable=pcfiledir "$package")
  [[ $pcdir == "$PKG_CONFIG_PATH" ]] || fail "(c) pkg-config found $package in '$pcdir'"
  libdir=$(pkg-config --variable=libdir "$package")
  [[ $(cd "$libdir" && pwd) == "$prefix/$LIBDIR" ]] || fail "(c) $package libdir '$libdir'"
done
mkdir -p "$WORK_DIR/c"
# shellcheck disable=SC2046  # pkg-config's output is a list of flags
run c-build-cxx "$CXX" -std=c++20 "$here/common/consumer.cc" -o "$WORK_DIR/c/consumer_cxx" \
  $(pkg-config --cflags --libs vocfab)
# shellcheck disable=SC2046
run c-build-c "$CC" "$here/common/consumer.c" -o "$WORK_DIR/c/consumer_c" \
  $(pkg-config --cflags --libs vocfab-c) "-Wl,-rpath,$(pkg-config --variable=libdir vocfab-c)"
uses_library "$WORK_DIR/c/consumer_c" "$prefix/$LIBDIR"
check "(c) pkg-config C++" "$expected_cxx" "$WORK_DIR/c/consumer_cxx"
check "(c) pkg-config C" "$expected_c" "$WORK_DIR/c/consumer_c"
unset PKG_CONFIG_PATH

# --- (b) add_subdirectory ------------------------------------------------------------------------
step "(b) add_subdirectory(vocfab), configured and built from scratch"
run b-configure "$CMAKE" -S "$here/subdirectory" -B "$WORK_DIR/b" "${generator[@]}" \
  -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" -DVOCFAB_SOURCE_DIR="$SOURCE_DIR"
run b-build "$CMAKE" --build "$WORK_DIR/b" -j2
uses_library "$WORK_DIR/b/consumer_c" "$WORK_DIR/b/vocfab/capi"
check "(b) add_subdirectory C++" "$expected_cxx" "$WORK_DIR/b/consumer_cxx"
check "(b) add_subdirectory C" "$expected_c" "$WORK_DIR/b/consumer_c"

step "all consumers built and ran"
