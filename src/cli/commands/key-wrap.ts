/**
 * `kms sym keys wrap|unwrap`: wraps the key in a JSON TTLV key file with a key the server holds,
 * or unwraps it again. The server does the cryptography through Encrypt and Decrypt (RFC 5649
 * key wrap with an AES key, RSA-OAEP SHA-256 with an RSA key); the file's KeyBlock becomes a
 * wrapped block (KeyWrappingData naming the wrapping key, EncodingOption NoEncoding), which the
 * server's Import with `--unwrap` also reads.
 * @module
 */
import { flag, optString, positional, reqPositional, reqString } from '../args.js';
import { CliError, EXIT, usageError } from '../cli-error.js';
import { readInput, writeOutput } from '../files.js';
import { parametersOf } from '../../client/kms-requests.js';
import { decodeKeyValue, encodeKeyBlock, type KeyBlock, type KeyMaterial } from '../../kmip/key-block.js';
import { parseJsonTtlv } from '../../kmip/ttlv/json.js';
import { asStructure } from '../../kmip/ttlv/read.js';
import { bigintToBytes, ecPrivateKeyFromComponents, ecPublicKeyFromComponents, rsaPrivateKeyFromComponents, rsaPublicKeyFromComponents, type EcCurve } from '../../crypto/key-components.js';
import { FORCE_OPTION } from './crypto-options.js';
import { keyObjectJson, MAX_KEY_FILE, parseKeyObject, withKeyBlock, type KeyObjectFile } from './key-files.js';
import type { CommandSpec } from '../command.js';
import type { Kms } from '../../client/kms.js';
import type { ParametersInput } from '../../client/kms-inputs.js';
import type { KeyFormatType, RecommendedCurve } from '../../kmip/enums.js';

const CURVES: Partial<Record<RecommendedCurve, EcCurve>> = { P256: 'P-256', P384: 'P-384', P521: 'P-521', CURVE25519: 'X25519', CURVEED25519: 'Ed25519' };

function curveOf(c: RecommendedCurve): EcCurve {
  const curve = CURVES[c];
  if (curve === undefined) throw new CliError(EXIT.file, `keys on the curve ${c} cannot be wrapped here`);
  return curve;
}

/** The bytes a key is wrapped as (NoEncoding), and the format they are in. */
function payloadOf(m: KeyMaterial, format: KeyFormatType): { bytes: Uint8Array; format: KeyFormatType } {
  switch (m.kind) {
    case 'bytes':
      return { bytes: Uint8Array.from(m.bytes), format };
    case 'symmetric':
      return { bytes: Uint8Array.from(m.key), format: 'TransparentSymmetricKey' };
    // Transparent structures have no bytes: wrapped as PKCS#8 (private) or SubjectPublicKeyInfo.
    case 'rsa-private': {
      const { n, e, d, p, q, dp, dq, qi } = m.rsa;
      if (d === undefined || p === undefined || q === undefined || dp === undefined || dq === undefined || qi === undefined) {
        throw new CliError(EXIT.file, 'the RSA private key lacks CRT components');
      }
      return { bytes: rsaPrivateKeyFromComponents({ n, e, d, p, q, dp, dq, qi }).export({ format: 'der', type: 'pkcs8' }), format: 'PKCS8' };
    }
    case 'rsa-public':
      return { bytes: rsaPublicKeyFromComponents(m.rsa).export({ format: 'der', type: 'spki' }), format: 'PKCS8' };
    case 'ec-private': {
      const curve = curveOf(m.curve);
      const d = bigintToBytes(m.d, curve === 'X25519' || curve === 'Ed25519' ? 32 : undefined);
      try {
        return { bytes: ecPrivateKeyFromComponents(curve, d).export({ format: 'der', type: 'pkcs8' }), format: 'PKCS8' };
      } finally {
        d.fill(0);
      }
    }
    case 'ec-public':
      return { bytes: ecPublicKeyFromComponents(curveOf(m.curve), m.q).export({ format: 'der', type: 'spki' }), format: 'PKCS8' };
    case 'wrapped':
      throw new CliError(EXIT.file, 'the key is already wrapped');
  }
}

/** Which parameters make Encrypt and Decrypt wrap a key under the named server key. */
async function wrapParameters(kms: Kms, keyId: string): Promise<{ kind: 'aes' | 'rsa'; privateId: string | undefined }> {
  const { attributes: a } = await kms.getAttributes({ uniqueIdentifier: keyId });
  if (a.objectType === 'SymmetricKey' && a.cryptographicAlgorithm === 'AES') return { kind: 'aes', privateId: undefined };
  if ((a.objectType === 'PublicKey' || a.objectType === 'PrivateKey') && a.cryptographicAlgorithm === 'RSA') {
    const privateId = a.objectType === 'PublicKey' ? a.links?.find((l) => l.type === 'PrivateKeyLink')?.id : undefined;
    return { kind: 'rsa', privateId };
  }
  throw usageError(`keys are wrapped with an AES key or an RSA key, and ${keyId} is a ${a.cryptographicAlgorithm ?? ''} ${a.objectType ?? 'object'}`);
}

const AES_WRAP: ParametersInput = { blockCipherMode: 'NISTKeyWrap' };
const RSA_WRAP: ParametersInput = { paddingMethod: 'OAEP', hashingAlgorithm: 'SHA256' };

function readKeyFile(path: string): KeyObjectFile {
  return parseKeyObject(readInput(path, MAX_KEY_FILE).toString('utf8'), path);
}

function writeKeyFile(o: KeyObjectFile, block: ReturnType<typeof encodeKeyBlock>, out: string, overwrite: boolean): string {
  return writeOutput(out, Buffer.from(keyObjectJson(o.objectType, withKeyBlock(o.children, block))), overwrite);
}

const WRAP: CommandSpec = {
  path: ['sym', 'keys', 'wrap'],
  summary: 'wrap the key in a JSON TTLV key file with a key of the server (AES: RFC 5649; RSA: OAEP SHA-256)',
  positionals: [
    { name: 'FILE', required: true, description: 'a key file as `keys export` writes it' },
    { name: 'OUT', required: false, description: 'where to write the wrapped key (default: FILE, rewritten in place)' },
  ],
  options: {
    'wrap-key-id': { type: 'string', short: 'w', value: 'ID', description: 'the AES or RSA key of the server that wraps the key' },
    ...FORCE_OPTION,
  },
  examples: ['kms sym keys wrap --wrap-key-id 1d2c... key.json key.wrapped.json'],
  async run(ctx, args) {
    const path = reqPositional(args, 0, 'FILE');
    const out = positional(args, 1);
    const wrapKeyId = reqString(args, 'wrap-key-id');
    const o = readKeyFile(path);
    if (o.block.wrapping !== undefined) throw new CliError(EXIT.file, `${path}: the key is already wrapped`);
    const { kind } = await wrapParameters(ctx.kms(), wrapKeyId);
    const parameters = kind === 'aes' ? AES_WRAP : RSA_WRAP;
    const payload = payloadOf(o.block.material, o.block.keyFormatType);
    let wrapped;
    try {
      wrapped = await ctx.kms().encrypt({ uniqueIdentifier: wrapKeyId, data: payload.bytes, parameters });
    } finally {
      payload.bytes.fill(0);
    }
    const block = encodeKeyBlock({
      keyFormatType: payload.format,
      material: { kind: 'wrapped', bytes: wrapped.data },
      cryptographicAlgorithm: o.block.cryptographicAlgorithm,
      cryptographicLength: o.block.cryptographicLength,
      wrapping: {
        wrappingMethod: 'Encrypt',
        encryptionKey: { uniqueIdentifier: wrapped.uniqueIdentifier, parameters: parametersOf(parameters) },
        ivCounterNonce: undefined,
        encodingOption: 'NoEncoding',
      },
    });
    const where = writeKeyFile(o, block, out ?? path, out === undefined || flag(args, 'force'));
    return {
      text: `The key in ${path} was wrapped with ${wrapped.uniqueIdentifier} into ${where}`,
      json: { wrapping_key_id: wrapped.uniqueIdentifier, file: where },
    };
  },
};

/** The clear KeyBlock of unwrapped bytes, as the wrapping's encoding says they are laid out. */
function unwrappedBlock(block: KeyBlock, clear: Uint8Array): KeyBlock {
  const encoding = block.wrapping?.encodingOption ?? 'TTLVEncoding';
  if (encoding === 'NoEncoding') {
    const material: KeyMaterial = block.keyFormatType === 'TransparentSymmetricKey' ? { kind: 'symmetric', key: clear } : { kind: 'bytes', bytes: clear };
    return { ...block, material, wrapping: undefined };
  }
  let value;
  try {
    value = asStructure(parseJsonTtlv(Buffer.from(clear).toString('utf8')), 'unwrapped KeyValue');
  } catch {
    throw new CliError(EXIT.file, 'the unwrapped bytes are not a TTLV-encoded KeyValue');
  } finally {
    clear.fill(0);
  }
  const { material, attributes } = decodeKeyValue(block.keyFormatType, value);
  return { ...block, material, attributes, wrapping: undefined };
}

const GCM_NONCE = 12;
const GCM_TAG = 16;

const UNWRAP: CommandSpec = {
  path: ['sym', 'keys', 'unwrap'],
  summary: 'unwrap the key in a wrapped JSON TTLV key file with the server key its wrapping names',
  positionals: [
    { name: 'FILE', required: true, description: 'a wrapped key file' },
    { name: 'OUT', required: false, description: 'where to write the clear key (default: FILE, rewritten in place)' },
  ],
  options: {
    'unwrap-key-id': { type: 'string', short: 'k', value: 'ID', description: 'the server key that unwraps (default: the key the wrapping names, or its private key)' },
    ...FORCE_OPTION,
  },
  examples: ['kms sym keys unwrap key.wrapped.json key.json'],
  async run(ctx, args) {
    const path = reqPositional(args, 0, 'FILE');
    const out = positional(args, 1);
    const o = readKeyFile(path);
    const w = o.block.wrapping;
    if (w === undefined || o.block.material.kind !== 'wrapped') throw new CliError(EXIT.file, `${path}: the key is not wrapped`);
    const named = optString(args, 'unwrap-key-id') ?? w.encryptionKey?.uniqueIdentifier;
    if (named === undefined) throw usageError('the wrapping names no key; give --unwrap-key-id');
    const { kind, privateId } = await wrapParameters(ctx.kms(), named);
    const given = w.encryptionKey?.parameters;
    const parameters: ParametersInput = given ?? (kind === 'aes' ? AES_WRAP : RSA_WRAP);
    let data = o.block.material.bytes;
    let split = {};
    if (kind === 'aes' && given?.blockCipherMode === 'GCM') {
      // The server's AES-GCM wrapping is nonce || ciphertext || tag.
      if (data.length < GCM_NONCE + GCM_TAG) throw new CliError(EXIT.file, `${path}: the wrapped key is too short`);
      split = { nonce: data.subarray(0, GCM_NONCE), tag: data.subarray(data.length - GCM_TAG) };
      data = data.subarray(GCM_NONCE, data.length - GCM_TAG);
    }
    const r = await ctx.kms().decrypt({ uniqueIdentifier: privateId ?? named, data, parameters, ...split });
    const block = unwrappedBlock(o.block, r.data);
    const where = writeKeyFile(o, encodeKeyBlock({ ...block, attributes: block.attributes?.value }), out ?? path, out === undefined || flag(args, 'force'));
    return {
      text: `The key in ${path} was unwrapped with ${r.uniqueIdentifier} into ${where}`,
      json: { unwrapping_key_id: r.uniqueIdentifier, file: where },
    };
  },
};

/** wrap and unwrap. */
export const KEY_WRAP_COMMANDS: readonly CommandSpec[] = [WRAP, UNWRAP];
