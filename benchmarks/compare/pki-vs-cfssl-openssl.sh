#!/usr/bin/env bash
# Times generating the "$20 cluster" PKI (1 master running etcd + control plane; workers node-1, node-2) on this
# machine, in one run, with three tools, and prints the ratios:
#   - K8sBare    : `K8sBare.Benchmarks pki-gen OUTDIR rsa|ecdsa` (ClusterPkiGenerator into a fresh PkiStore)
#   - cfssl      : `cfssl gencert` (+ cfssljson), one process per certificate, as the write-up's scripts do
#   - openssl CLI: `openssl req` + `openssl x509 -req`, one pair of processes per certificate
# The same set for all three: 3 CAs (kubernetes, etcd-ca, front-proxy-ca), 15 leaves with the catalogue's CNs, Os,
# usages and SANs, and the service-account key pair. Every output is checked with `openssl verify` (not timed).
#
# usage: benchmarks/compare/pki-vs-cfssl-openssl.sh [rsa] [ecdsa]     (default: both)
# env:   K8SBARE_BENCH_DLL=path/to/K8sBare.Benchmarks.dll  (skip the build and use this assembly)
#        WARM_RUNS=10  (in-process warm runs K8sBare reports in addition to the cold run)
set -euo pipefail
cd "$(dirname "$0")/../.."

algs=("$@"); [ ${#algs[@]} -eq 0 ] && algs=(rsa ecdsa)
for t in cfssl cfssljson openssl dotnet; do command -v "$t" >/dev/null || { echo "missing $t (apt-get install golang-cfssl openssl)" >&2; exit 1; }; done

if [ -z "${K8SBARE_BENCH_DLL:-}" ]; then
  dotnet build -c Release benchmarks/K8sBare.Benchmarks -v q -nologo >/dev/null
  K8SBARE_BENCH_DLL=benchmarks/K8sBare.Benchmarks/bin/Release/net10.0/K8sBare.Benchmarks.dll
fi
WARM_RUNS=${WARM_RUNS:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# timed CMD...: runs CMD, sets WALL (seconds) and CPU (user + sys seconds of the shell and its children)
TIMEFORMAT='%R %U %S'
timed() {
  local t
  t=$( { time "$@" >/dev/null 2>&1; } 2>&1 )
  read -r WALL u s <<< "$t"
  CPU=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.3f", u + s }')
}

# name | ca | CN | O | usage | SANs
LEAVES='apiserver|ca|kube-apiserver||server|master,k8s.example.com,kubernetes,kubernetes.default,kubernetes.default.svc,kubernetes.default.svc.cluster.local,10.0.0.10,203.0.113.10,127.0.0.1,10.32.0.1
apiserver-kubelet-client|ca|kube-apiserver-kubelet-client|system:masters|client|
apiserver-etcd-client|etcd-ca|kube-apiserver-etcd-client||client|
front-proxy-client|front-proxy-ca|front-proxy-client||client|
controller-manager|ca|system:kube-controller-manager||client|
scheduler|ca|system:kube-scheduler||client|
admin|ca|admin|system:masters|client|
etcd-server-master|etcd-ca|master||both|master,localhost,10.0.0.10,127.0.0.1,::1
etcd-peer-master|etcd-ca|master||both|master,localhost,10.0.0.10,127.0.0.1,::1
etcd-healthcheck-client|etcd-ca|kube-etcd-healthcheck-client||client|
kubelet-node-1|ca|system:node:node-1|system:nodes|both|node-1,10.0.0.11
kubelet-node-2|ca|system:node:node-2|system:nodes|both|node-2,10.0.0.12
kube-proxy|ca|system:kube-proxy|system:node-proxier|client|
coredns|ca|system:coredns||client|
flannel-etcd-client|etcd-ca|flanneld||client|'
CAS='ca|kubernetes
etcd-ca|etcd-ca
front-proxy-ca|front-proxy-ca'

run_cfssl() { # $1 = rsa|ecdsa, $2 = out dir
  local alg=$1 out=$2 key
  mkdir -p "$out"; cd "$out"
  if [ "$alg" = rsa ]; then key='{"algo":"rsa","size":2048}'; else key='{"algo":"ecdsa","size":256}'; fi
  cat > config.json <<'JSON'
{"signing":{"default":{"expiry":"8760h"},"profiles":{
 "server":{"expiry":"8760h","usages":["signing","key encipherment","server auth"]},
 "client":{"expiry":"8760h","usages":["signing","key encipherment","client auth"]},
 "both":{"expiry":"8760h","usages":["signing","key encipherment","server auth","client auth"]}}}}
JSON
  while IFS='|' read -r name cn; do
    echo "{\"CN\":\"$cn\",\"key\":$key,\"ca\":{\"expiry\":\"87600h\"}}" > "$name-csr.json"
    cfssl gencert -initca "$name-csr.json" 2>/dev/null | cfssljson -bare "$name"
  done <<< "$CAS"
  while IFS='|' read -r name ca cn o usage sans; do
    local names='[]'; [ -n "$o" ] && names="[{\"O\":\"$o\"}]"
    echo "{\"CN\":\"$cn\",\"key\":$key,\"names\":$names}" > "$name-csr.json"
    cfssl gencert -ca="$ca.pem" -ca-key="$ca-key.pem" -config=config.json -profile="$usage" ${sans:+-hostname="$sans"} \
      "$name-csr.json" 2>/dev/null | cfssljson -bare "$name"
  done <<< "$LEAVES"
  echo '{"CN":"service-accounts","key":'"$key"'}' > sa-csr.json
  cfssl genkey sa-csr.json 2>/dev/null | cfssljson -bare sa
  cd - >/dev/null
}

run_openssl() { # $1 = rsa|ecdsa, $2 = out dir
  local alg=$1 out=$2
  local newkey=(-newkey rsa:2048); [ "$alg" = ecdsa ] && newkey=(-newkey ec -pkeyopt ec_paramgen_curve:P-256)
  mkdir -p "$out"; cd "$out"
  while IFS='|' read -r name cn; do
    openssl req -x509 "${newkey[@]}" -nodes -keyout "$name-key.pem" -out "$name.pem" -subj "/CN=$cn" -days 3650 \
      -addext "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign" 2>/dev/null
  done <<< "$CAS"
  while IFS='|' read -r name ca cn o usage sans; do
    local subj="/CN=$cn"; [ -n "$o" ] && subj="/O=$o/CN=$cn"
    local eku=clientAuth; [ "$usage" = server ] && eku=serverAuth; [ "$usage" = both ] && eku=serverAuth,clientAuth
    {
      echo "basicConstraints=critical,CA:FALSE"
      echo "keyUsage=critical,digitalSignature,keyEncipherment"
      echo "extendedKeyUsage=$eku"
      if [ -n "$sans" ]; then
        echo "subjectAltName=$(echo "$sans" | tr ',' '\n' | awk '/^[0-9.]+$|:/ { printf "%sIP:%s", s, $0; s="," ; next } { printf "%sDNS:%s", s, $0; s="," }')"
      fi
    } > "$name.ext"
    openssl req -new "${newkey[@]}" -nodes -keyout "$name-key.pem" -out "$name.csr" -subj "$subj" 2>/dev/null
    openssl x509 -req -in "$name.csr" -CA "$ca.pem" -CAkey "$ca-key.pem" -days 365 -extfile "$name.ext" -out "$name.pem" 2>/dev/null
  done <<< "$LEAVES"
  if [ "$alg" = rsa ]; then openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out sa.key 2>/dev/null
  else openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out sa.key 2>/dev/null; fi
  openssl pkey -in sa.key -pubout -out sa.pub
  cd - >/dev/null
}

verify_dir() { # $1 = dir holding NAME.pem and CA.pem files
  local dir=$1 n=0
  while IFS='|' read -r name ca _; do
    openssl verify -CAfile "$dir/$ca.pem" "$dir/$name.pem" >/dev/null || { echo "verify failed: $dir/$name.pem" >&2; exit 1; }
    n=$((n + 1))
  done <<< "$LEAVES"
  echo "$n"
}

echo "machine: $(nproc) cores, $(awk '/model name/ { $1=$2=$3=""; print; exit }' /proc/cpuinfo | sed 's/^ *//'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "tools:   $(openssl version | cut -d' ' -f1-2), cfssl $(cfssl version | awk '/Version/ { print $2 }'), dotnet $(dotnet --version)"
printf '\n%-6s %-34s %9s %9s\n' alg tool wall-s cpu-s
results=()
for alg in "${algs[@]}"; do
  # K8sBare: whole process (runtime start + JIT + generation + writing the store), then in-process figures.
  timed dotnet "$K8SBARE_BENCH_DLL" pki-gen "$work/k8sbare-$alg" "$alg" 0
  k_proc=$WALL; k_cpu=$CPU
  inproc=$(dotnet "$K8SBARE_BENCH_DLL" pki-gen "$work/k8sbare-warm-$alg" "$alg" "$WARM_RUNS")
  k_cold=$(echo "$inproc" | sed -E 's/.*cold ([0-9.]+) ms.*/\1/' | awk '{ printf "%.3f", $1 / 1000 }')
  k_warm=$(echo "$inproc" | sed -E 's/.*warm median ([0-9.]+) ms.*/\1/' | awk '{ printf "%.3f", $1 / 1000 }')

  timed run_cfssl "$alg" "$work/cfssl-$alg"; c=$WALL; c_cpu=$CPU
  timed run_openssl "$alg" "$work/openssl-$alg"; o=$WALL; o_cpu=$CPU

  # Same leaves everywhere, all verified against their CA.
  sed -e 's/^etcd-\(server\|peer\)-master/etcd\/\1-master/' -e 's/^etcd-healthcheck-client/etcd\/healthcheck-client/' \
      -e 's/^kubelet-node-/kubelet\/node-/' <<< "$LEAVES" | sed -e 's/|etcd-ca|/|etcd\/ca|/' > "$work/leaves-k8sbare"
  while IFS='|' read -r name ca _; do
    openssl verify -CAfile "$work/k8sbare-$alg/$ca.crt" "$work/k8sbare-$alg/$name.crt" >/dev/null
  done < "$work/leaves-k8sbare"
  verify_dir "$work/cfssl-$alg" >/dev/null
  verify_dir "$work/openssl-$alg" >/dev/null

  printf '%-6s %-34s %9s %9s\n' "$alg" "k8sbare (process, cold)" "$k_proc" "$k_cpu" "$alg" "k8sbare (in-process, cold)" "$k_cold" "-" \
    "$alg" "k8sbare (in-process, warm median)" "$k_warm" "-" "$alg" "cfssl gencert" "$c" "$c_cpu" "$alg" "openssl CLI" "$o" "$o_cpu"
  results+=("$alg $k_proc $k_cold $k_warm $c $o $k_cpu $c_cpu $o_cpu")
done

echo
echo "ratios (other tool's time / K8sBare's time; > 1 means K8sBare is faster):"
for r in "${results[@]}"; do
  read -r alg kp kc kw c o kcpu ccpu ocpu <<< "$r"
  awk -v a="$alg" -v kp="$kp" -v kc="$kc" -v kw="$kw" -v c="$c" -v o="$o" -v kcpu="$kcpu" -v ccpu="$ccpu" -v ocpu="$ocpu" 'BEGIN {
    printf "  %-6s vs cfssl:       %6.1fx wall (process) %6.1fx (in-process cold) %7.1fx (warm) | cpu %5.1fx\n", a, c / kp, c / kc, c / kw, ccpu / kcpu
    printf "  %-6s vs openssl CLI: %6.1fx wall (process) %6.1fx (in-process cold) %7.1fx (warm) | cpu %5.1fx\n", a, o / kp, o / kc, o / kw, ocpu / kcpu }'
done
