#!/usr/bin/env python3
"""Independent check of a Fazhi inspection-certificate token (docs/inspection-certificate.md).

Uses Python's gmssl (an SM2/SM3 implementation unrelated to the platform's Rust code):

    pip install gmssl
    python3 tools/verify_cert.py TOKEN keys.json

keys.json is the public key set as served at /api/v1/inspection-certificates/keys.
Prints VALID-SIGNATURE and the payload, or FORGED and why; exit status 0 only for a good signature.
"""
import base64
import json
import sys

from gmssl import sm2


def b64url(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def main():
    token, keys_file = sys.argv[1], sys.argv[2]
    keys = json.load(open(keys_file, encoding="utf-8"))
    parts = token.split(".")
    if len(parts) != 4 or parts[0] != "FZ1":
        print("FORGED: not a FZ1 token")
        return 1
    kid, payload_b64, sig_b64 = parts[1], parts[2], parts[3]
    key = next((k for k in keys["keys"] if k["kid"] == kid), None)
    if key is None:
        print("FORGED: unknown kid", kid)
        return 1
    public = key["public_key"]
    if public.startswith("04") and len(public) == 130:
        public = public[2:]  # gmssl wants x || y
    sig = b64url(sig_b64)
    if len(sig) != 64:
        print("FORGED: signature is not 64 bytes")
        return 1
    signer = sm2.CryptSM2(private_key=None, public_key=public)
    signed = ".".join(parts[:3]).encode("ascii")
    # verify_with_sm3 computes Z with the default ID 1234567812345678 (GM/T 0009).
    if not signer.verify_with_sm3(sig.hex(), signed):
        print("FORGED: signature does not match")
        return 1
    print("VALID-SIGNATURE")
    print(json.dumps(json.loads(b64url(payload_b64)), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
