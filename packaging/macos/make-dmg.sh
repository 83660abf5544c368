#!/bin/sh
# Make packaging/dist/b24desk-<version>.dmg from the .app the spec built.
#
#   pyinstaller packaging/b24desk.spec        # -> dist/b24desk.app
#   packaging/macos/make-dmg.sh [path/to/b24desk.app]
#
# The version is read from the .app's Info.plist (the spec writes it from
# b24desk.__version__).  The disk image holds the app and a link to /Applications,
# so installing is a drag.  Signing and notarising are left to the release machine:
#   codesign --deep --force --options runtime --sign "Developer ID Application: …" b24desk.app
#   xcrun notarytool submit b24desk-<version>.dmg --keychain-profile … --wait
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
app=${1:-"$root/dist/b24desk.app"}
out_dir="$root/packaging/dist"

if [ ! -d "$app" ]; then
    echo "error: $app not found; run: pyinstaller packaging/b24desk.spec" >&2
    exit 1
fi
command -v hdiutil >/dev/null 2>&1 || { echo "error: hdiutil (macOS) is needed" >&2; exit 1; }

version=$(/usr/libexec/PlistBuddy -c "Print :CFBundleShortVersionString" "$app/Contents/Info.plist")
dmg="$out_dir/b24desk-$version.dmg"

staging=$(mktemp -d "${TMPDIR:-/tmp}/b24desk-dmg.XXXXXX")
trap 'rm -rf "$staging"' EXIT INT TERM
# ditto keeps the bundle's symlinks, extended attributes and signatures intact.
ditto "$app" "$staging/b24desk.app"
ln -s /Applications "$staging/Applications"

mkdir -p "$out_dir"
rm -f "$dmg"
hdiutil create \
    -volname "b24desk $version" \
    -srcfolder "$staging" \
    -fs HFS+ \
    -format UDZO \
    -imagekey zlib-level=9 \
    -ov \
    "$dmg"
hdiutil verify "$dmg"
echo "$dmg"
