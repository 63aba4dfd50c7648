#!/usr/bin/env bash
# Builds the Lambda deployment zip (docs/deploy-lambda.md): `recordsw` in release mode with the Swift
# standard library and Foundation linked statically, named `bootstrap` (the `provided.al2023`
# runtime starts it without arguments, which runs `recordsw lambda`), next to the resource bundles
# it reads (the API description, the SQL migrations, the demo world).
#
#   scripts/lambda-package.sh                 # this machine's architecture → .build/lambda/recordsw-<arch>.zip
#   ARCH=arm64 SWIFT_SDK=<id> scripts/lambda-package.sh
#
# arm64 (Graviton) from an x86_64 machine needs a Swift SDK for aarch64 Linux (`swift sdk install …`,
# then `swift sdk list` gives its id, e.g. a Static Linux SDK `<version>-RELEASE_static-linux-0.0.1`
# with the `aarch64-swift-linux-musl` target): this script passes it as `--swift-sdk` and refuses to
# guess. On an arm64 machine no SDK is needed.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT="${SWIFT:-swift}"
OUT="${OUT:-.build/lambda}"
host="$(uname -m)"
arch="${ARCH:-$host}"
case "$arch" in
    x86_64 | amd64) arch=x86_64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "lambda-package: unknown ARCH $arch (x86_64 or arm64)" >&2; exit 64 ;;
esac
case "$host" in aarch64 | arm64) host=arm64 ;; esac

args=(-c release --product recordsw)
if [[ "$arch" != "$host" ]]; then
    if [[ -z "${SWIFT_SDK:-}" ]]; then
        echo "lambda-package: building for $arch on $host needs a Swift SDK for that target." >&2
        echo "  Install one (see docs/deploy-lambda.md, 'arm64'), then: ARCH=$arch SWIFT_SDK=<id from 'swift sdk list'> $0" >&2
        exit 69
    fi
    # A Swift SDK's static Linux target links everything statically already.
    args+=(--swift-sdk "$SWIFT_SDK")
else
    args+=(--static-swift-stdlib)
fi
"$SWIFT" build "${args[@]}"
bin="$("$SWIFT" build "${args[@]}" --show-bin-path)"

stage="$OUT/$arch"
rm -rf "$stage"
mkdir -p "$stage"
cp "$bin/recordsw" "$stage/bootstrap"
strip "$stage/bootstrap" 2>/dev/null || true
# Bundle.module looks for `<package>_<target>.resources` next to the executable.
for bundle in "$bin"/*.resources; do
    [[ -d "$bundle" ]] && cp -R "$bundle" "$stage/"
done
zip_path="$(cd "$OUT" && pwd)/recordsw-$arch.zip"
rm -f "$zip_path"
(cd "$stage" && python3 - "$zip_path" <<'PY'
import os, sys, zipfile
# zip(1) is not everywhere; Python's zipfile keeps the executable bit (external attributes) Lambda needs.
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as archive:
    for root, _, files in os.walk("."):
        for name in sorted(files):
            path = os.path.join(root, name)
            info = zipfile.ZipInfo.from_file(path, os.path.relpath(path, "."))
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(path, "rb") as f:
                archive.writestr(info, f.read())
PY
)
echo "lambda-package: $zip_path ($(du -h "$zip_path" | cut -f1), bootstrap $(du -h "$stage/bootstrap" | cut -f1))"
if [[ "$arch" == "$host" ]] && command -v ldd >/dev/null; then
    # What the binary still loads from the system: provided.al2023 has glibc, libstdc++ and libcurl.
    echo "lambda-package: shared libraries the bootstrap loads:"
    ldd "$stage/bootstrap" | awk '{print "  " $1}'
fi
