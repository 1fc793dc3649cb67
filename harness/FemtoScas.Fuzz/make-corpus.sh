#!/usr/bin/env bash
# Rebuilds the copied and extracted part of the seed corpora (corpus/<target>/) from the
# project's own fixtures, test data and evidence. The generated part (EAP-AKA exchanges, SK
# bodies, card scripts, OCSP answers, packet records) comes from the explicit test
# FuzzCorpusMaker in FemtoScas.Harness.Tests. Needs openssl, tshark and editcap.
#   harness/FemtoScas.Fuzz/make-corpus.sh [EVIDENCE_DIR]   (default out/simfemto/evidence)
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"
ROOT=$(cd ../.. && pwd)
C=corpus
EVIDENCE=${1:-$ROOT/out/simfemto/evidence}
mkdir -p $C

# Certificates (never the keys): DER of every test-PKI certificate.
mkdir -p $C/x509-certificate $C/x509-crl
for f in "$ROOT"/fixtures/pki/*.crt.pem; do
  openssl x509 -in "$f" -outform der -out "$C/x509-certificate/$(basename "$f" .crt.pem).der"
done
cp "$ROOT/fixtures/pki/root-a.crl" $C/x509-crl/root-a.crl

# Lab files.
mkdir -p $C/dut-profile $C/operator-answers $C/catalogue $C/certificate-profile $C/ipsec-profile $C/tls-profile $C/pics-condition
for f in "$ROOT"/fixtures/duts/*.json; do
  case $(basename "$f") in operator-answers*) cp "$f" $C/operator-answers/ ;; *) cp "$f" $C/dut-profile/ ;; esac
done
cp "$ROOT"/harness/FemtoScas.Harness.Tests/TestData/fuzz-repro/dut-*.json $C/dut-profile/
for f in "$ROOT"/fixtures/requirements/*.json; do [ "$(basename "$f")" = pics.json ] || cp "$f" $C/catalogue/; done
cp "$ROOT/fixtures/crypto-profiles/ts33310-certificate.json" $C/certificate-profile/
cp "$ROOT/fixtures/crypto-profiles/ts33210-ipsec.json" $C/ipsec-profile/
cp "$ROOT/fixtures/crypto-profiles/ts33210-tls.json" $C/tls-profile/
# Report inputs: documentation-review answers and expected results (run-journal seeds are test-built journals, kept as they are).
mkdir -p $C/documentation-review $C/expected-results
cp "$ROOT/fixtures/documentation-review.template.json" $C/documentation-review/template.json
cp "$ROOT/fixtures/validation/simfemto.json" $C/expected-results/simfemto.json
# Every distinct PICS condition of the catalogue.
grep -ho '"pics": *"[^"]*"' "$ROOT"/fixtures/requirements/*.json | sed 's/"pics": *"//; s/"$//' | sort -u | awk 'NR <= 20' |
  { i=0; while IFS= read -r cond; do printf '%s' "$cond" > $C/pics-condition/catalogue-$i.txt; i=$((i+1)); done; }
printf '%s' '!(a || b) && (localGui || !a)' > $C/pics-condition/nested.txt

# Captures: the hostile-input repro frames, a test capture, the first frames of evidence captures.
mkdir -p $C/capture
cp "$ROOT"/harness/FemtoScas.Harness.Tests/TestData/fuzz-repro/*.pcap $C/capture/
cp "$ROOT/harness/FemtoScas.Harness.Tests/Capture/port-unreachable-after-ike-auth.pcap" $C/capture/
if [ -d "$EVIDENCE" ]; then
  tunnel=$(ls "$EVIDENCE"/NRF-BACKHAUL-TUNNEL-ONLY/*/backhaul-capture.pcap | head -1)
  eap=$(ls "$EVIDENCE"/NRF-HP-AUTH/*/backhaul-capture.pcap | head -1)
  recorded=$(ls "$EVIDENCE"/NRF-BACKHAUL-TUNNEL-ONLY/*/harness-self-recorded.pcapng | head -1)
  editcap -r "$tunnel" $C/capture/tunnel-first4.pcap 1-4
  editcap -r "$tunnel" $C/capture/tunnel-esp.pcap 11-14
  editcap -r "$recorded" $C/capture/recorded-first3.pcapng 1-3

  # IKE datagrams (UDP 4500 ones without their non-ESP marker, RFC 3948 2.2) and ESP packets.
  mkdir -p $C/ike-message $C/esp
  for cap in "$tunnel" "$eap" $(ls "$EVIDENCE"/NRF-SEGW-AUTH/*/backhaul-capture.pcap | head -1); do
    tshark -r "$cap" -Y isakmp -T fields -e udp.srcport -e udp.dstport -e udp.payload 2>/dev/null || true
  done | awk '!seen[$3]++' | awk 'NR <= 14' | { i=0; while read -r sport dport hex; do
      if [ "$sport" = 4500 ] || [ "$dport" = 4500 ]; then hex=${hex#00000000}; fi
      echo "$hex" | xxd -r -p > $C/ike-message/evidence-$i.bin; i=$((i+1)); done; }
  tshark -r "$tunnel" -Y esp -T fields -e udp.payload 2>/dev/null | awk 'NR <= 4' |
    { i=0; while read -r hex; do echo "$hex" | xxd -r -p > $C/esp/evidence-$i.bin; i=$((i+1)); done; }
fi

# TLS ClientHellos as openssl (an independent implementation) sends them: TLS 1.3 and 1.2.
mkdir -p $C/tls-client-hello
for v in tls1_3 tls1_2; do
  port=$((20000 + RANDOM % 20000))
  python3 - "$port" "$C/tls-client-hello/openssl-$v.bin" <<'PY' &
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1); s.settimeout(10)
c, _ = s.accept(); c.settimeout(2); data = b""
try:
    while len(data) < 65536:
        chunk = c.recv(65536)
        if not chunk: break
        data += chunk
except socket.timeout: pass
open(sys.argv[2], "wb").write(data)
PY
  for _ in $(seq 1 50); do ss -ltn | grep -q ":$port " && break; sleep 0.1; done
  timeout 4 openssl s_client -connect 127.0.0.1:$port -$v -servername segw.operator-a.test </dev/null >/dev/null 2>&1 || true
  wait
done
du -sh $C
