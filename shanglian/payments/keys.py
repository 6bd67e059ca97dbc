"""RSA helpers shared by the adapters (PEM keys from settings or tests)."""

from __future__ import annotations

import base64

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa


def load_private(pem: str | bytes) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(pem.encode() if isinstance(pem, str) else pem, password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("an RSA private key is needed")
    return key


def load_public(pem: str | bytes) -> rsa.RSAPublicKey:
    data = pem.encode() if isinstance(pem, str) else pem
    if b"CERTIFICATE" in data:
        from cryptography import x509

        key = x509.load_pem_x509_certificate(data).public_key()
    else:
        key = serialization.load_pem_public_key(data)
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError("an RSA public key is needed")
    return key


def sha256_rsa_sign(private: rsa.RSAPrivateKey, message: str) -> str:
    """SHA256withRSA (PKCS#1 v1.5), base64 — WeChat Pay v3 and Alipay RSA2 alike."""
    return base64.b64encode(private.sign(message.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()


def sha256_rsa_verify(public: rsa.RSAPublicKey, message: str | bytes, signature_b64: str) -> bool:
    try:
        signature = base64.b64decode(signature_b64 or "", validate=True)
    except (ValueError, TypeError):
        return False
    try:
        public.verify(signature, message.encode() if isinstance(message, str) else message,
                      padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True


def rsa_oaep_encrypt(public: rsa.RSAPublicKey, text: str) -> str:
    """WeChat Pay v3 sensitive fields (names, ID numbers): RSAES-OAEP with SHA-1 / MGF1-SHA-1."""
    return base64.b64encode(public.encrypt(text.encode(), padding.OAEP(
        mgf=padding.MGF1(algorithm=hashes.SHA1()), algorithm=hashes.SHA1(), label=None))).decode()  # noqa: S303


def rsa_oaep_decrypt(private: rsa.RSAPrivateKey, text_b64: str) -> str:
    return private.decrypt(base64.b64decode(text_b64), padding.OAEP(
        mgf=padding.MGF1(algorithm=hashes.SHA1()), algorithm=hashes.SHA1(), label=None)).decode()  # noqa: S303


def new_test_key(bits: int = 2048) -> tuple[str, str]:
    """(private PEM, public PEM) — for tests and the demo only."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private, public
