#!/bin/sh
# Regenerates the email fixtures: three throwaway key pairs (openssl), the
# messages and mbox (gen.py, signed with Debian's python3-dkim), and the
# reference DKIM verdicts (verify.py, dkimpy with keys.json as its "DNS").
#
# key1.pem, key2.pem (RSA) and key3.pem (Ed25519) are THROWAWAY TEST KEYS,
# committed on purpose so the fixtures can be re-signed; they protect
# nothing. key2's public half is deliberately NOT in keys.json (the "rotated
# key" case).
#
# Needs: openssl, /usr/bin/python3 with python3-dkim, python3-nacl (Ed25519) and
# python3-authres (ARC): apt-get install python3-dkim python3-nacl python3-authres.
set -eu
cd "$(dirname "$0")"
[ -f key1.pem ] || openssl genrsa -out key1.pem 2048
[ -f key2.pem ] || openssl genrsa -out key2.pem 2048
[ -f key3.pem ] || openssl genpkey -algorithm ed25519 -out key3.pem
chmod 644 key*.pem
/usr/bin/python3 gen.py
/usr/bin/python3 verify.py > verdicts.json
