#!/bin/sh
# Makes the cluster's TLS identity for Artery's tls-tcp transport with mutual authentication
# (qubitd.cluster.tls): one key pair every node presents (cluster.p12) and the certificate every node
# trusts (cluster-trust.p12). A node without them cannot join. Needs keytool (any JDK).
#   deploy/cluster-cert.sh DIR [PASSWORD]     (PASSWORD defaults to $QUBITD_CLUSTER_KEY_STORE_PASSWORD)
set -eu
dir=${1:?usage: deploy/cluster-cert.sh DIR [PASSWORD]}
pass=${2:-${QUBITD_CLUSTER_KEY_STORE_PASSWORD:?give a password or set QUBITD_CLUSTER_KEY_STORE_PASSWORD}}
mkdir -p "$dir"
keytool -genkeypair -alias node -keyalg EC -groupname secp256r1 -dname CN=qubitd-cluster -validity 825 \
  -storetype PKCS12 -keystore "$dir/cluster.p12" -storepass "$pass" -keypass "$pass"
keytool -exportcert -alias node -keystore "$dir/cluster.p12" -storepass "$pass" -file "$dir/cluster.crt"
keytool -importcert -noprompt -alias cluster -file "$dir/cluster.crt" -storetype PKCS12 \
  -keystore "$dir/cluster-trust.p12" -storepass "$pass"
rm "$dir/cluster.crt"
echo "wrote $dir/cluster.p12 and $dir/cluster-trust.p12"
