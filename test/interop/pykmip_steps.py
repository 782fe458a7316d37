"""The steps of the PyKMIP interop run: one ProxyKmipClient operation (or round trip) each.

The results are checked for real: ciphertexts are decrypted locally with the key Get returned,
the MAC is recomputed with Python's hmac, signatures are verified with the public key Get
returned. Key material and plaintexts are reported through reveal() only, never in a detail.
"""

import hashlib
import hmac
import os

from cryptography.hazmat.primitives import hashes, padding as sympadding, serialization
from cryptography.hazmat.primitives.asymmetric import padding as asympadding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from kmip.core import enums
from kmip.pie import exceptions as pie_exceptions
from kmip.pie import objects as pie_objects

from pykmip_runner import StepFailed, StepRunner, check

AES_CBC = {
    "block_cipher_mode": enums.BlockCipherMode.CBC,
    "padding_method": enums.PaddingMethod.PKCS5,
    "cryptographic_algorithm": enums.CryptographicAlgorithm.AES,
}

RSA_PKCS1_SHA256 = {
    "padding_method": enums.PaddingMethod.PKCS1v15,
    "hashing_algorithm": enums.HashingAlgorithm.SHA_256,
    "cryptographic_algorithm": enums.CryptographicAlgorithm.RSA,
}


def aes_cbc_decrypt(key, iv, data):
    dec = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    padded = dec.update(data) + dec.finalize()
    unpad = sympadding.PKCS7(128).unpadder()
    return unpad.update(padded) + unpad.finalize()


def enum_name(value):
    return getattr(value, "name", str(value))


class ProxyClientSteps(StepRunner):
    """Every step, in the order steps() lists them; later steps use what earlier ones stored."""

    def __init__(self, open_client, wire_version):
        super().__init__(open_client)
        # The (major, minor) protocol version the client speaks.
        self.wire_version = wire_version

    def steps(self):
        return [
            ("DiscoverVersions", self.discover_versions),
            ("Query", self.query),
            ("Create", self.create),
            ("Get", self.get_aes),
            ("GetAttributes", self.get_attributes),
            ("GetAttributeList", self.get_attribute_list),
            ("Locate", self.locate),
            ("Activate", self.activate),
            ("EncryptDecrypt client IV", self.encrypt_client_iv),
            ("EncryptDecrypt server IV", self.encrypt_server_iv),
            ("Register", self.register),
            ("Get registered", self.get_registered),
            ("Activate HMAC key", self.activate_hmac),
            ("MAC", self.mac),
            ("CreateKeyPair", self.create_key_pair),
            ("Get public key", self.get_public),
            ("Get private key", self.get_private),
            ("Activate key pair", self.activate_pair),
            ("Sign", self.sign),
            ("SignatureVerify", self.signature_verify),
            ("Revoke", self.revoke),
            ("Destroy", self.destroy),
            ("Get missing", self.get_missing),
        ]

    def discover_versions(self):
        result = self.client.proxy.discover_versions()
        check(result.result_status.value == enums.ResultStatus.SUCCESS, "status {0}: {1}".format(
            enum_name(result.result_status.value), result.result_message))
        versions = [(v.major, v.minor) for v in (result.protocol_versions or [])]
        check(self.wire_version in versions, "{0} not among {1}".format(self.wire_version, versions))
        return "versions {0}".format(versions)

    def query(self):
        result = self.client.proxy.query(query_functions=[
            enums.QueryFunction.QUERY_OPERATIONS,
            enums.QueryFunction.QUERY_OBJECTS,
            enums.QueryFunction.QUERY_SERVER_INFORMATION,
        ])
        check(result.result_status.value == enums.ResultStatus.SUCCESS, "status {0}: {1}".format(
            enum_name(result.result_status.value), result.result_message))
        ops = [enum_name(o) for o in (result.operations or [])]
        for op in ("CREATE", "GET", "ENCRYPT", "SIGN", "MAC", "DISCOVER_VERSIONS", "QUERY"):
            check(op in ops, "operation {0} missing from {1}".format(op, ops))
        objs = [enum_name(o) for o in (result.object_types or [])]
        check("SYMMETRIC_KEY" in objs, "object type SYMMETRIC_KEY missing from {0}".format(objs))
        return "{0} operations, {1} object types, vendor {2!r}".format(len(ops), len(objs), result.vendor_identification)

    def create(self):
        name = "interop-aes-" + os.urandom(6).hex()
        uid = self.client.create(enums.CryptographicAlgorithm.AES, 256, name=name)
        check(isinstance(uid, str) and uid != "", "no unique identifier: {0!r}".format(uid))
        self.state["aes"] = uid
        self.state["aes_name"] = name
        return "uid {0}".format(uid)

    def get_aes(self):
        (uid,) = self.need("aes")
        key = self.client.get(uid)
        check(isinstance(key, pie_objects.SymmetricKey), "got {0}".format(type(key).__name__))
        check(key.cryptographic_algorithm == enums.CryptographicAlgorithm.AES, "algorithm {0}".format(
            enum_name(key.cryptographic_algorithm)))
        check(key.cryptographic_length == 256, "length {0}".format(key.cryptographic_length))
        self.reveal("aes-key", key.value)
        check(len(key.value) == 32, "key material of {0} bytes".format(len(key.value)))
        self.state["aes_key"] = bytes(key.value)
        return "AES-256, {0}".format(enum_name(key.key_format_type))

    def get_attributes(self):
        (uid,) = self.need("aes")
        names = ["Cryptographic Algorithm", "Cryptographic Length", "State", "Object Type"]
        got_uid, attrs = self.client.get_attributes(uid, names)
        check(got_uid == uid, "unique identifier {0!r}".format(got_uid))
        values = {a.attribute_name.value: a.attribute_value.value for a in attrs}
        check(values.get("Cryptographic Algorithm") == enums.CryptographicAlgorithm.AES,
              "Cryptographic Algorithm {0!r}".format(values.get("Cryptographic Algorithm")))
        check(values.get("Cryptographic Length") == 256, "Cryptographic Length {0!r}".format(values.get("Cryptographic Length")))
        check(values.get("State") == enums.State.PRE_ACTIVE, "State {0!r}".format(values.get("State")))
        check(values.get("Object Type") == enums.ObjectType.SYMMETRIC_KEY, "Object Type {0!r}".format(values.get("Object Type")))
        return "attributes {0}".format(sorted(values))

    def get_attribute_list(self):
        (uid,) = self.need("aes")
        names = self.client.get_attribute_list(uid)
        for n in ("Cryptographic Algorithm", "Cryptographic Length", "State", "Object Type", "Unique Identifier"):
            check(n in names, "{0!r} missing from {1}".format(n, names))
        return "{0} names".format(len(names))

    def locate(self):
        uid, name = self.need("aes", "aes_name")
        attr = self.client.attribute_factory.create_attribute(enums.AttributeType.NAME, name)
        found = self.client.locate(attributes=[attr])
        check(found == [uid], "located {0}, expected [{1}]".format(found, uid))
        return "found {0}".format(found)

    def activate(self):
        (uid,) = self.need("aes")
        self.client.activate(uid)
        _, attrs = self.client.get_attributes(uid, ["State"])
        state = {a.attribute_name.value: a.attribute_value.value for a in attrs}.get("State")
        check(state == enums.State.ACTIVE, "State after Activate {0!r}".format(state))
        return "Active"

    def local_key(self):
        """The key Get returned, or None when Get failed (the step then fails after the server checks)."""
        return self.state.get("aes_key")

    def encrypt_client_iv(self):
        (uid,) = self.need("aes")
        plaintext = b"PyKMIP interop, client IV: " + os.urandom(21)
        self.reveal("plaintext", plaintext)
        iv = os.urandom(16)
        data, server_iv = self.client.encrypt(plaintext, uid=uid, cryptographic_parameters=AES_CBC, iv_counter_nonce=iv)
        check(server_iv is None or bytes(server_iv) == iv, "server answered a different IV")
        check(len(data) == 64, "ciphertext of {0} bytes, expected 64".format(len(data)))
        back = self.client.decrypt(bytes(data), uid=uid, cryptographic_parameters=AES_CBC, iv_counter_nonce=iv)
        check(bytes(back) == plaintext, "server Decrypt does not give the plaintext")
        key = self.local_key()
        check(key is not None, "server round trip OK, but the local check needs the key from Get")
        check(aes_cbc_decrypt(key, iv, bytes(data)) == plaintext, "local AES-CBC decryption does not give the plaintext")
        return "encrypted, decrypted by the server and locally"

    def encrypt_server_iv(self):
        (uid,) = self.need("aes")
        plaintext = b"PyKMIP interop, server IV: " + os.urandom(9)
        self.reveal("plaintext", plaintext)
        params = dict(AES_CBC, random_iv=True)
        data, iv = self.client.encrypt(plaintext, uid=uid, cryptographic_parameters=params)
        check(iv is not None and len(iv) == 16, "no 16-byte IV in the answer: {0!r}".format(None if iv is None else len(iv)))
        back = self.client.decrypt(bytes(data), uid=uid, cryptographic_parameters=AES_CBC, iv_counter_nonce=bytes(iv))
        check(bytes(back) == plaintext, "server Decrypt does not give the plaintext")
        key = self.local_key()
        check(key is not None, "server round trip OK, but the local check needs the key from Get")
        check(aes_cbc_decrypt(key, bytes(iv), bytes(data)) == plaintext, "local AES-CBC decryption does not give the plaintext")
        return "server IV of 16 bytes; decrypted by the server and locally"

    def register(self):
        material = os.urandom(32)
        self.reveal("hmac-key", material)
        obj = pie_objects.SymmetricKey(
            enums.CryptographicAlgorithm.HMAC_SHA256, 256, material,
            masks=[enums.CryptographicUsageMask.MAC_GENERATE, enums.CryptographicUsageMask.MAC_VERIFY],
            name="interop-hmac-" + os.urandom(6).hex(),
        )
        uid = self.client.register(obj)
        check(isinstance(uid, str) and uid != "", "no unique identifier: {0!r}".format(uid))
        self.state["hmac"] = uid
        self.state["hmac_material"] = material
        return "uid {0}".format(uid)

    def get_registered(self):
        uid, material = self.need("hmac", "hmac_material")
        key = self.client.get(uid)
        check(isinstance(key, pie_objects.SymmetricKey), "got {0}".format(type(key).__name__))
        check(bytes(key.value) == material, "Get does not return the registered bytes")
        check(key.cryptographic_algorithm == enums.CryptographicAlgorithm.HMAC_SHA256, "algorithm {0}".format(
            enum_name(key.cryptographic_algorithm)))
        return "same 32 bytes back"

    def activate_hmac(self):
        (uid,) = self.need("hmac")
        self.client.activate(uid)
        return "Active"

    def mac(self):
        uid, material = self.need("hmac", "hmac_material")
        data = b"PyKMIP interop MAC input " + os.urandom(16)
        got_uid, mac = self.client.mac(data, uid=uid, algorithm=enums.CryptographicAlgorithm.HMAC_SHA256)
        check(got_uid == uid, "unique identifier {0!r}".format(got_uid))
        check(hmac.compare_digest(bytes(mac), hmac.new(material, data, hashlib.sha256).digest()), "MAC differs from the local HMAC-SHA256")
        return "equals the local HMAC-SHA256"

    def create_key_pair(self):
        suffix = os.urandom(6).hex()
        pub, priv = self.client.create_key_pair(
            enums.CryptographicAlgorithm.RSA, 2048,
            public_name="interop-rsa-pub-" + suffix,
            public_usage_mask=[enums.CryptographicUsageMask.VERIFY],
            private_name="interop-rsa-priv-" + suffix,
            private_usage_mask=[enums.CryptographicUsageMask.SIGN],
        )
        check(isinstance(pub, str) and pub != "" and isinstance(priv, str) and priv != "" and pub != priv,
              "identifiers {0!r} / {1!r}".format(pub, priv))
        self.state["rsa_pub"] = pub
        self.state["rsa_priv"] = priv
        return "public {0}, private {1}".format(pub, priv)

    def get_public(self):
        (uid,) = self.need("rsa_pub")
        key = self.client.get(uid)
        check(isinstance(key, pie_objects.PublicKey), "got {0}".format(type(key).__name__))
        fmt = key.key_format_type
        check(fmt in (enums.KeyFormatType.PKCS_1, enums.KeyFormatType.X_509), "public key format {0}".format(enum_name(fmt)))
        # cryptography reads both PKCS#1 RSAPublicKey and SubjectPublicKeyInfo DER.
        public = serialization.load_der_public_key(bytes(key.value))
        check(public.key_size == 2048, "modulus of {0} bits".format(public.key_size))
        self.state["rsa_public_key"] = public
        return "RSA-2048 public key, {0}".format(enum_name(fmt))

    def get_private(self):
        (uid,) = self.need("rsa_priv")
        key = self.client.get(uid)
        check(isinstance(key, pie_objects.PrivateKey), "got {0}".format(type(key).__name__))
        fmt = key.key_format_type
        check(fmt in (enums.KeyFormatType.PKCS_1, enums.KeyFormatType.PKCS_8), "private key format {0}".format(enum_name(fmt)))
        self.reveal("rsa-private-key", key.value)
        private = serialization.load_der_private_key(bytes(key.value), password=None)
        check(private.key_size == 2048, "modulus of {0} bits".format(private.key_size))
        public = self.state.get("rsa_public_key")
        check(public is not None, "private key read, but comparing it needs the public key from Get")
        check(private.public_key().public_numbers() == public.public_numbers(), "private key does not match the public key")
        return "RSA-2048 private key, {0}, matches the public key".format(enum_name(fmt))

    def activate_pair(self):
        pub, priv = self.need("rsa_pub", "rsa_priv")
        self.client.activate(priv)
        self.client.activate(pub)
        return "both Active"

    def sign(self):
        (uid,) = self.need("rsa_priv")
        data = b"PyKMIP interop signed message " + os.urandom(8)
        signature = bytes(self.client.sign(data, uid=uid, cryptographic_parameters=RSA_PKCS1_SHA256))
        check(len(signature) == 256, "signature of {0} bytes".format(len(signature)))
        self.state["signed"] = (data, signature)
        public = self.state.get("rsa_public_key")
        check(public is not None, "signed, but the local verification needs the public key from Get")
        # Raises InvalidSignature when the server signed something else.
        public.verify(signature, data, asympadding.PKCS1v15(), hashes.SHA256())
        return "RSA PKCS#1 v1.5 SHA-256, verified locally"

    def signature_verify(self):
        uid, (data, signature) = self.need("rsa_pub", "signed")
        valid = self.client.signature_verify(data, signature, uid=uid, cryptographic_parameters=RSA_PKCS1_SHA256)
        check(valid == enums.ValidityIndicator.VALID, "good signature judged {0}".format(enum_name(valid)))
        tampered = bytes([signature[0] ^ 0x01]) + signature[1:]
        invalid = self.client.signature_verify(data, tampered, uid=uid, cryptographic_parameters=RSA_PKCS1_SHA256)
        check(invalid == enums.ValidityIndicator.INVALID, "tampered signature judged {0}".format(enum_name(invalid)))
        return "VALID for the signature, INVALID for a tampered one"

    def revoke(self):
        (uid,) = self.need("aes")
        self.client.revoke(enums.RevocationReasonCode.CESSATION_OF_OPERATION, uid, revocation_message="interop test done")
        _, attrs = self.client.get_attributes(uid, ["State"])
        state = {a.attribute_name.value: a.attribute_value.value for a in attrs}.get("State")
        check(state == enums.State.DEACTIVATED, "State after Revoke {0!r}".format(state))
        self.state["aes_revoked"] = True
        return "Deactivated"

    def destroy(self):
        uid, _ = self.need("aes", "aes_revoked")
        self.client.destroy(uid)
        return "destroyed {0}".format(uid)

    def get_missing(self):
        missing = "interop-missing-" + os.urandom(8).hex()
        try:
            self.client.get(missing)
        except pie_exceptions.KmipOperationFailure as err:
            check(err.status == enums.ResultStatus.OPERATION_FAILED, "status {0}".format(enum_name(err.status)))
            check(err.reason == enums.ResultReason.ITEM_NOT_FOUND, "reason {0} ({1!r})".format(enum_name(err.reason), err.message))
            return "Operation Failed / Item Not Found"
        raise StepFailed("Get of a missing id succeeded")
