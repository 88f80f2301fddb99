#!/usr/bin/env bash
# Builds vgrid-agent_VERSION_amd64.deb or vgrid-coordinator_VERSION_amd64.deb with dpkg-deb (no
# network, no root: files are owned by root in the package via --root-owner-group).
#   build-deb.sh vgrid-agent|vgrid-coordinator PAYLOAD_DIR OUT_DIR [VERSION]
# PAYLOAD_DIR holds the executable (vgrid-agent, or vgrid for the coordinator) and anything that
# must sit beside it; installer/build.sh passes the self-contained single-file build.
set -euo pipefail
package="${1:?usage: build-deb.sh vgrid-agent|vgrid-coordinator PAYLOAD_DIR OUT_DIR [VERSION]}"
payload="${2:?payload directory missing}"
out="${3:?output directory missing}"
version="${4:-0.1.0}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/$package"
case "$package" in
  vgrid-agent) exe=vgrid-agent; conf=agent.conf; confdir=etc/vgrid-agent ;;
  vgrid-coordinator) exe=vgrid; conf=coordinator.conf; confdir=etc/vgrid-coordinator ;;
  *) echo "build-deb.sh: unknown package '$package' (vgrid-agent or vgrid-coordinator)" >&2; exit 2 ;;
esac
[ -x "$payload/$exe" ] || { echo "build-deb.sh: $payload/$exe is missing or not executable: build it first (installer/build.sh)" >&2; exit 2; }

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
chmod 0755 "$stage"
lib="$stage/usr/lib/$package"
install -d -m 0755 "$lib" "$stage/$confdir" "$stage/lib/systemd/system" "$stage/usr/share/doc/$package" "$stage/DEBIAN"
cp -R "$payload/." "$lib/"
# Normalise modes: dpkg-deb keeps them, lintian checks them.
find "$lib" -type d -exec chmod 0755 {} +
find "$lib" -type f -exec chmod 0644 {} +
chmod 0755 "$lib/$exe"
install -m 0644 "$src/$package.service" "$stage/lib/systemd/system/$package.service"
install -m 0644 "$src/$conf" "$stage/$confdir/$conf"
install -m 0644 "$src/copyright" "$stage/usr/share/doc/$package/copyright"
sed -e "s/@VERSION@/$version/" -e "s/@DATE@/$(LC_ALL=C date -R -u -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}")/" "$src/changelog" \
  | gzip -9n > "$stage/usr/share/doc/$package/changelog.gz"
chmod 0644 "$stage/usr/share/doc/$package/changelog.gz"
if [ "$package" = vgrid-agent ]; then
  install -d -m 0755 "$stage/usr/bin" "$stage/lib/systemd/system-generators"
  ln -s ../lib/vgrid-agent/vgrid-agent "$stage/usr/bin/vgrid-agent"
  install -m 0755 "$src/vgrid-agent-generator" "$stage/lib/systemd/system-generators/vgrid-agent-generator"
  install -d -m 0755 "$stage/usr/share/man/man1"
  gzip -9n < "$src/vgrid-agent.1" > "$stage/usr/share/man/man1/vgrid-agent.1.gz"
  chmod 0644 "$stage/usr/share/man/man1/vgrid-agent.1.gz"
else
  install -m 0755 "$src/vgrid-coordinator-start" "$lib/vgrid-coordinator-start"
fi
install -d -m 0755 "$stage/usr/share/lintian/overrides"
install -m 0644 "$src/lintian-overrides" "$stage/usr/share/lintian/overrides/$package"
for script in postinst prerm postrm; do
  install -m 0755 "$src/$script" "$stage/DEBIAN/$script"
done
install -m 0644 "$src/conffiles" "$stage/DEBIAN/conffiles"
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@SIZE@/$size/" "$src/control" > "$stage/DEBIAN/control"
chmod 0644 "$stage/DEBIAN/control"

mkdir -p "$out"
deb="$out/${package}_${version}_amd64.deb"
dpkg-deb --root-owner-group -Zgzip --build "$stage" "$deb" >/dev/null
echo "$deb"
