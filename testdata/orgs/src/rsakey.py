"""Write a deterministic RSA-2048 private key (PKCS#1 PEM) for the demo's
self-signed signing certificate, so that re-running make.sh signs the
contracts with the same key and yields the same bytes. It is a throwaway test
key derived from a public seed: never use it for anything real.

usage: rsakey.py SEED OUT.pem
"""
import base64
import random
import sys


def is_probable_prime(n, rng, rounds=40):
    if n < 2:
        return False
    for p in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for _ in range(rounds):
        a = rng.randrange(2, n - 1)
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def prime(bits, rng, e):
    while True:
        n = rng.getrandbits(bits) | (1 << (bits - 1)) | (1 << (bits - 2)) | 1
        if (n - 1) % e and is_probable_prime(n, rng):
            return n


def der_int(v):
    b = v.to_bytes((v.bit_length() + 8) // 8 or 1, "big")
    return b"\x02" + der_len(len(b)) + b


def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def main():
    seed, out = sys.argv[1], sys.argv[2]
    rng = random.Random(seed)
    e = 65537
    while True:
        p, q = prime(1024, rng, e), prime(1024, rng, e)
        if p != q and (p * q).bit_length() == 2048:
            break
    if p < q:
        p, q = q, p
    n, phi = p * q, (p - 1) * (q - 1)
    d = pow(e, -1, phi)
    body = b"".join(der_int(v) for v in (0, n, e, d, p, q, d % (p - 1), d % (q - 1), pow(q, -1, p)))
    der = b"\x30" + der_len(len(body)) + body
    b64 = base64.encodebytes(der).decode().replace("\n", "")
    with open(out, "w") as f:
        f.write("-----BEGIN RSA PRIVATE KEY-----\n")
        for i in range(0, len(b64), 64):
            f.write(b64[i:i + 64] + "\n")
        f.write("-----END RSA PRIVATE KEY-----\n")


main()
