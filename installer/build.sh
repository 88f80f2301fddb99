#!/usr/bin/env bash
# Builds what volunteers and servers install, offline (packages come from the configured NuGet
# feed's local cache; nothing is downloaded at run time):
#   out/linux-x64/vgrid-agent        self-contained single-file agent
#   out/linux-x64/vgrid              self-contained single-file vgrid CLI (runs the coordinator)
#   out/win-x64/vgrid-agent.exe      self-contained single-file agent for Windows
#   out/vgrid-agent_V_amd64.deb      Debian package of the agent (systemd service)
#   out/vgrid-coordinator_V_amd64.deb  Debian package of the coordinator
#   out/vgrid-agent-win-x64.zip      the Windows agent with install.ps1 / uninstall.ps1
#   out/vgrid-agent-portable.tar.gz  framework-dependent agent for other platforms (dotnet vgrid-agent.dll)
# each with a .sha256 file (sha256sum -c FILE.sha256 in out/ checks it).
#   installer/build.sh [--version V] [--skip-windows] [--skip-portable] [--no-lintian]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
out="$here/out"
version=0.1.0
windows=1; portable=1; lint=1
while [ $# -gt 0 ]; do
  case "$1" in
    --version) version="$2"; shift 2 ;;
    --skip-windows) windows=0; shift ;;
    --skip-portable) portable=0; shift ;;
    --no-lintian) lint=0; shift ;;
    *) echo "build.sh: unknown option '$1' (see the comment at the top of installer/build.sh)" >&2; exit 2 ;;
  esac
done
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
rm -rf "$out"
mkdir -p "$out"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT

# Single file + native libraries inside it (e_sqlite3 for the coordinator's SQLite, ../shared/STACK.md).
# The single-file analyzer is off: the code that needs a file path (ChildCommand, the demo's child
# processes) checks for an empty Assembly.Location and re-invokes the executable instead.
single=(-c Release --self-contained -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true
        -p:EnableSingleFileAnalyzer=false -p:DebugType=none --nologo -v quiet)
publish() { # project rid stage-name
  local started=$SECONDS
  dotnet publish "$repo/$1" -r "$2" "${single[@]}" -o "$stage/$3"
  echo "build.sh: published $1 for $2 in $((SECONDS - started)) s"
}
checksum() { (cd "$(dirname "$1")" && sha256sum "$(basename "$1")" > "$(basename "$1").sha256"); }

publish agent/VolunteerGrid.Agent linux-x64 agent-linux-x64
publish coordinator/VolunteerGrid.Cli linux-x64 vgrid-linux-x64
mkdir -p "$out/linux-x64"
install -m 0755 "$stage/agent-linux-x64/vgrid-agent" "$out/linux-x64/vgrid-agent"
install -m 0755 "$stage/vgrid-linux-x64/vgrid" "$out/linux-x64/vgrid"
checksum "$out/linux-x64/vgrid-agent"
checksum "$out/linux-x64/vgrid"

# The coordinator package carries the vgrid executable and anything published beside it (static files).
mkdir -p "$stage/coordinator-payload"
cp -R "$stage/vgrid-linux-x64/." "$stage/coordinator-payload/"
find "$stage/coordinator-payload" -name '*.pdb' -delete
mkdir -p "$stage/agent-payload"
cp "$out/linux-x64/vgrid-agent" "$stage/agent-payload/"
lint_pids=()
for package in vgrid-agent vgrid-coordinator; do
  payload="$stage/agent-payload"; [ "$package" = vgrid-agent ] || payload="$stage/coordinator-payload"
  deb=$("$here/debian/build-deb.sh" "$package" "$payload" "$out" "$version")
  checksum "$deb"
  if [ "$lint" = 1 ] && command -v lintian >/dev/null; then
    # In the background, beside the Windows build: lintian takes a while on 100 MB binaries.
    (lintian --tag-display-limit 0 "$deb" 2>&1 | grep -v "running with root privileges" > "$stage/lintian-$package.log" || true) &
    lint_pids+=($!)
  fi
done

if [ "$windows" = 1 ]; then
  publish agent/VolunteerGrid.Agent win-x64 agent-win-x64
  mkdir -p "$out/win-x64" "$stage/zip/vgrid-agent"
  install -m 0644 "$stage/agent-win-x64/vgrid-agent.exe" "$out/win-x64/vgrid-agent.exe"
  checksum "$out/win-x64/vgrid-agent.exe"
  cp "$out/win-x64/vgrid-agent.exe" "$here/windows/install.ps1" "$here/windows/uninstall.ps1" "$here/windows/README.txt" "$stage/zip/vgrid-agent/"
  (cd "$stage/zip" && python3 -m zipfile -c "$out/vgrid-agent-win-x64.zip" vgrid-agent)
  checksum "$out/vgrid-agent-win-x64.zip"
fi

if [ "$portable" = 1 ]; then
  # Framework-dependent (needs the .NET 10 runtime): osx-arm64 and linux-arm64 runtime packs are not
  # in the package feed here, so other platforms run this with 'dotnet vgrid-agent.dll'.
  dotnet publish "$repo/agent/VolunteerGrid.Agent" -c Release -p:UseAppHost=false -p:DebugType=none \
    --nologo -v quiet -o "$stage/portable/vgrid-agent"
  tar -C "$stage/portable" -czf "$out/vgrid-agent-portable.tar.gz" vgrid-agent
  checksum "$out/vgrid-agent-portable.tar.gz"
fi

lint_errors=0
for package in vgrid-agent vgrid-coordinator; do
  [ "${#lint_pids[@]}" -gt 0 ] || break
  log="$stage/lintian-$package.log"
  wait "${lint_pids[0]}"; lint_pids=("${lint_pids[@]:1}")
  # Errors fail the build; warnings and info are shown.
  if [ -s "$log" ]; then sed "s/^/build.sh: lintian: /" "$log"; else echo "build.sh: lintian: $package: clean"; fi
  if grep -q '^E: ' "$log"; then lint_errors=1; fi
done
[ "$lint_errors" = 0 ] || { echo "build.sh: lintian found errors in the packages (above)" >&2; exit 1; }

echo "build.sh: artifacts in $out"
(cd "$out" && find . -type f ! -name '*.sha256' -printf '%s\t%p\n' | sort -k2 \
  | awk -F'\t' '{ printf "build.sh: %8.1f MB  %s\n", $1 / 1048576, substr($2, 3) }')
