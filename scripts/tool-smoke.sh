#!/usr/bin/env bash
# The CLI as a .NET tool, as a user gets it: pack K8sBare.Cli into a folder, install it from that folder as a
# tool (into a throwaway tool path and NuGet package folder, so no earlier smoke run is reused), run `k8sbare render`, and check
# the $20 cluster's files are there. Exit non-zero naming the step that failed.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/k8sbare-tool.XXXXXX)
trap 'rm -rf "$work"' EXIT
dotnet pack "$repo/samples/K8sBare.Cli" -c Release -o "$work/feed" -p:PackageVersion=0.0.0-smoke >"$work/pack.log" 2>&1 \
  || { echo "tool-smoke: dotnet pack failed" >&2; tail -20 "$work/pack.log" >&2; exit 1; }
NUGET_PACKAGES="$work/nuget" dotnet tool install --tool-path "$work/tools" --add-source "$work/feed" --version 0.0.0-smoke K8sBare.Cli >"$work/install.log" 2>&1 \
  || { echo "tool-smoke: dotnet tool install failed" >&2; cat "$work/install.log" >&2; exit 1; }
(cd "$work" && ./tools/k8sbare render --out ./out >"$work/render.log" 2>&1) \
  || { echo "tool-smoke: k8sbare render failed" >&2; cat "$work/render.log" >&2; exit 1; }
for f in out/PLAN.md out/master/var/lib/kubernetes/ca.pem out/node-2/etc/init.d/kubelet out/admin.kubeconfig; do
  [ -s "$work/$f" ] || { echo "tool-smoke: k8sbare render did not write $f" >&2; exit 1; }
done
echo "tool-smoke: packed, installed as a tool and rendered $(find "$work/out" -type f | wc -l) files"
