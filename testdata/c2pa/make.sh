#!/bin/sh
# Regenerates the C2PA fixtures with real producers: ImageMagick 6.9.11
# (/usr/bin/convert) draws the pictures, ExifTool 12.57 writes a camera's
# EXIF, libfaketime sets the signing clock, c2pa-ts 0.9.4 (npm @trustnxt/c2pa-ts, TrustNXT's C2PA library;
# sign.mjs) signs them, OpenSSL makes the throw-away test signers. What
# formats/c2pa/fixtures_test.go asserts of each:
#
#   signed.jpg     a JPEG with EXIF (Make, Model, DateTimeOriginal), signed
#                  with Ed25519: c2pa.created, digitalCapture; valid, signer
#                  untrusted (trusted with test-ca.pem as the trust list)
#   ai.png         a PNG signed (Ed25519) as c2pa.created,
#                  trainedAlgorithmicMedia
#   edited.jpg     signed.jpg after ExifTool changed its Artist: the bytes
#                  no longer match the data hash
#   c2pa-ts.tsv    c2pa-ts's own verdict on each (verify.mjs)
#   der-ecdsa.jpg  the JPEG signed with ES256: c2pa-ts 0.9.4 writes the
#                  ECDSA signature DER-encoded, where COSE wants r|s, which
#                  c2pa-rs rejects (signingCredential.invalid) and so does
#                  docprov
#
# The test keys are made here (the CA's is thrown away); nothing should
# trust them.
# Run from this directory: sh make.sh (needs npm to install c2pa-ts once).
set -eu
cd "$(dirname "$0")"
CONVERT=/usr/bin/convert
ET="exiftool -q -overwrite_original"
export SOURCE_DATE_EPOCH=1700000000
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -d node_modules ] || npm install --no-audit --no-fund --ignore-scripts >/dev/null

# A test CA and two signers it issues, with the extensions the C2PA
# certificate profile asks for (c2pa-ts checks them), valid from
# 2024-01-01 (openssl under libfaketime) for a century.
openssl() { TZ=UTC faketime '2024-01-01 00:00:00' /usr/bin/openssl "$@"; }
if [ ! -f test-ca.pem ]; then
	openssl genpkey -algorithm ed25519 -out "$tmp/ca.key"
	openssl req -new -x509 -key "$tmp/ca.key" -days 36500 \
		-subj "/CN=docprov test CA/O=docprov fixtures" \
		-addext "basicConstraints=critical,CA:true" \
		-addext "keyUsage=critical,keyCertSign,cRLSign" \
		-addext "subjectKeyIdentifier=hash" -out test-ca.pem
	printf '%s\n' "basicConstraints=critical,CA:false" "keyUsage=critical,digitalSignature" \
		"extendedKeyUsage=emailProtection" "authorityKeyIdentifier=keyid" "subjectKeyIdentifier=hash" > "$tmp/leaf.ext"
	openssl genpkey -algorithm ed25519 -out test-signer.key
	openssl ecparam -name prime256v1 -genkey -noout -out "$tmp/ec.key"
	openssl pkcs8 -topk8 -nocrypt -in "$tmp/ec.key" -out test-signer-ec.key
	for k in test-signer test-signer-ec; do
		openssl req -new -key $k.key -subj "/CN=docprov $k/O=docprov fixtures" -out "$tmp/$k.csr"
		openssl x509 -req -in "$tmp/$k.csr" -CA test-ca.pem -CAkey "$tmp/ca.key" -CAcreateserial \
			-days 36500 -extfile "$tmp/leaf.ext" -out $k.pem
	done
	rm -f test-ca.srl
fi

$CONVERT -size 96x64 xc:white -fill red -draw "rectangle 8,8 56,40" \
	-fill blue -draw "circle 70,40 86,56" -quality 90 "$tmp/photo.jpg"
$ET -Make="Docprov" -Model="Fixture Cam 1" -DateTimeOriginal="2024:05:06 07:08:09" \
	-OffsetTimeOriginal="+02:00" "$tmp/photo.jpg"
# Signed, as a camera signs, seconds after the capture time its EXIF
# gives (07:08:09+02:00); libfaketime sets the clock c2pa-ts's time-stamp
# reads.
capture() { TZ=UTC faketime '2024-05-06 05:08:30' "$@"; }
capture node sign.mjs "$tmp/photo.jpg" signed.jpg \
	http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture "Fixture Cam 1 firmware" test-signer Ed25519
capture node sign.mjs "$tmp/photo.jpg" der-ecdsa.jpg \
	http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture "Fixture Cam 1 firmware" test-signer-ec ES256

$CONVERT -size 64x64 gradient:orange-purple "$tmp/ai.png"
node sign.mjs "$tmp/ai.png" ai.png \
	http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia "docprov fixture generator" test-signer Ed25519

cp signed.jpg edited.jpg
$ET -Artist="Someone Else" edited.jpg

# c2pa-ts's own verdict on each, for the test to compare with.
node verify.mjs signed.jpg ai.png edited.jpg der-ecdsa.jpg > c2pa-ts.tsv
rm -rf node_modules package-lock.json
