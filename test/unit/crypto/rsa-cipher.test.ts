import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { constants, createHash, createHmac, createPrivateKey, generateKeyPairSync, publicEncrypt, randomBytes, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CipherError } from '../../../src/crypto/cipher-error.js';
import {
  rsaAesKeyUnwrap, rsaAesKeyWrap, rsaModulusBytes, rsaOaepDecrypt, rsaOaepEncrypt, rsaPkcs1Decrypt, rsaPkcs1Encrypt,
  type RsaHash,
} from '../../../src/crypto/rsa-cipher.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const HASHES: readonly RsaHash[] = ['sha1', 'sha256', 'sha384', 'sha512'];

function failsWith(code: CipherError['code'], fn: () => unknown): void {
  assert.throws(fn, (e: unknown) => e instanceof CipherError && e.code === code);
}

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const dir = mkdtempSync(join(tmpdir(), 'kms-rsa-cipher-'));
const PUB = join(dir, 'pub.pem');
const PRIV = join(dir, 'priv.pem');
writeFileSync(PUB, publicKey.export({ type: 'spki', format: 'pem' }));
writeFileSync(PRIV, privateKey.export({ type: 'pkcs8', format: 'pem' }));
after(() => { rmSync(dir, { recursive: true, force: true }); });

/** Runs openssl with an input file and returns the output file's bytes. */
function openssl(args: readonly string[], input: Uint8Array): Uint8Array {
  const inFile = join(dir, 'in.bin');
  const outFile = join(dir, 'out.bin');
  writeFileSync(inFile, input);
  execFileSync('openssl', [...args, '-in', inFile, '-out', outFile]);
  return new Uint8Array(readFileSync(outFile));
}

const oaepOpts = (hash: RsaHash): string[] =>
  ['-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', `rsa_oaep_md:${hash}`, '-pkeyopt', `rsa_mgf1_md:${hash}`];
const message = (n: number): Uint8Array => new Uint8Array(n).map((_, i) => (i * 31 + 7) & 0xff);

/** A raw RSA encryption of a hand-built encoded block, to exercise the unpadding directly. */
function rawEncrypt(em: Uint8Array, key: KeyObject = publicKey): Uint8Array {
  return new Uint8Array(publicEncrypt({ key, padding: constants.RSA_NO_PADDING }, em));
}
function pkcs1Block(separatorAt: number, first = 0x00, type = 0x02): Uint8Array {
  const em = new Uint8Array(256).fill(0x5a);
  em[0] = first;
  em[1] = type;
  if (separatorAt > 0) em[separatorAt] = 0x00;
  return em;
}

// Known answers for implicit rejection from OpenSSL's test suite
// (test/recipes/30-test_evp_data/evppkey_rsa_common.txt, "Test vectors for the Bleichenbacher workaround",
// which come from the draft's author's tlsfuzzer): OpenSSL 3.2+ returns exactly these bytes.
const KAT_2048 = createPrivateKey(`-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEAyMyDlxQJjaVsqiNkD5PciZfBY3KWj8Gwxt9RE8HJTosh5IrS
KX5lQZARtObY9ec7G3iyV0ADIdHva2AtTsjOjRQclJBetK0wZjmkkgZTS25/JgdC
Ppff/RM8iNchOZ3vvH6WzNy9fzquH+iScSv7SSmBfVEWZkQKH6y3ogj16hZZEK3Y
o/LUlyAjYMy2MgJPDQcWnBkY8xb3lLFDrvVOyHUipMApePlomYC/+/ZJwwfoGBm/
+IQJY41IvZS+FStZ/2SfoL1inQ/6GBPDq/S1a9PC6lRl3/oUWJKSqdiiStJr5+4F
EHQbY4LUPIPVv6QKRmE9BivkRVF9vK8MtOGnaQIDAQABAoIBABRVAQ4PLVh2Y6Zm
pv8czbvw7dgQBkbQKgI5IpCJksStOeVWWSlybvZQjDpxFY7wtv91HTnQdYC7LS8G
MhBELQYD/1DbvXs1/iybsZpHoa+FpMJJAeAsqLWLeRmyDt8yqs+/Ua20vEthubfp
aMqk1XD3DvGNgGMiiJPkfUOe/KeTJZvPLNEIo9hojN8HjnrHmZafIznSwfUiuWlo
RimpM7quwmgWJeq4T05W9ER+nYj7mhmc9xAj4OJXsURBszyE07xnyoAx0mEmGBA6
egpAhEJi912IkM1hblH5A1SI/W4Jnej/bWWk/xGCVIB8n1jS+7qLoVHcjGi+NJyX
eiBOBMECgYEA+PWta6gokxvqRZuKP23AQdI0gkCcJXHpY/MfdIYColY3GziD7UWe
z5cFJkWe3RbgVSL1pF2UdRsuwtrycsf4gWpSwA0YCAFxY02omdeXMiL1G5N2MFSG
lqn32MJKWUl8HvzUVc+5fuhtK200lyszL9owPwSZm062tcwLsz53Yd0CgYEAznou
O0mpC5YzChLcaCvfvfuujdbcA7YUeu+9V1dD8PbaTYYjUGG3Gv2crS00Al5WrIaw
93Q+s14ay8ojeJVCRGW3Bu0iF15XGMjHC2cD6o9rUQ+UW+SOWja7PDyRcytYnfwF
1y2AkDGURSvaITSGR+xylD8RqEbmL66+jrU2sP0CgYB2/hXxiuI5zfHfa0RcpLxr
uWjXiMIZM6T13NKAAz1nEgYswIpt8gTB+9C+RjB0Q+bdSmRWN1Qp1OA4yiVvrxyb
3pHGsXt2+BmV+RxIy768e/DjSUwINZ5OjNalh9e5bWIh/X4PtcVXXwgu5XdpeYBx
sru0oyI4FRtHMUu2VHkDEQKBgQCZiEiwVUmaEAnLx9KUs2sf/fICDm5zZAU+lN4a
AA3JNAWH9+JydvaM32CNdTtjN3sDtvQITSwCfEs4lgpiM7qe2XOLdvEOp1vkVgeL
9wH2fMaz8/3BhuZDNsdrNy6AkQ7ICwrcwj0C+5rhBIaigkgHW06n5W3fzziC5FFW
FHGikQKBgGQ790ZCn32DZnoGUwITR++/wF5jUfghqd67YODszeUAWtnp7DHlWPfp
LCkyjnRWnXzvfHTKvCs1XtQBoaCRS048uwZITlgZYFEWntFMqi76bqBE4FTSYUTM
FinFUBBVigThM/RLfCRNrCW/kTxXuJDuSfVIJZzWNAT+9oWdz5da
-----END RSA PRIVATE KEY-----
`);
const KAT_3072 = createPrivateKey(`-----BEGIN RSA PRIVATE KEY-----
MIIG5AIBAAKCAYEAr9ccqtXp9bjGw2cHCkfxnX5mrt4YpbJ0H7PE0zQ0VgaSotkJ
72iI7GAv9rk68ljudDA8MBr81O2+xDMR3cjdvwDdu+OG0zuNDiKxtEk23EiYcbhS
N7NM50etj9sMTk0dqnqt8HOFxchzLMt9Wkni5QyIPH16wQ7Wp02ayQ35EpkFoX1K
CHIQ/Hi20EseuWlILBGm7recUOWxbz8lT3VxUosvFxargW1uygcnveqYBZMpcw64
wzznHWHdSsOTtiVuB6wdEk8CANHD4FpMG8fx7S/IPlcZnP5ZCLEAh+J/vZfSwkIU
YZxxR8j778o5vCVnYqaCNTH34jTWjq56DZ+vEN0V6VI3gMfVrlgJStUlqQY7TDP5
XhAG2i6xLTdDaJSVwfICPkBzU8XrPkyhxIz/gaEJANFIIOuAGvTxpZbEuc6aUx/P
ilTZ/9ckJYtu7CAQjfb9/XbUrgO6fqWY3LDkooCElYcob01/JWzoXl61Z5sdrMH5
CVZJty5foHKusAN5AgMBAAECggGAJRfqyzr+9L/65gOY35lXpdKhVKgzaNjhWEKy
9Z7gn3kZe9LvHprdr4eG9rQSdEdAXjBCsh8vULeqc3cWgMO7y2wiWl1f9rVsRxwY
gqCjOwrxZaPtbCSdx3g+a8dYrDfmVy0z/jJQeO2VJlDy65YEkC75mlEaERnRPE/J
pDoXXc37+xoUAP4XCTtpzTzbiV9lQy6iGV+QURxzNrWKaF2s/y2vTF6S5WWxZlrm
DlErqplluAjV/xGc63zWksv5IAZ6+s2An2a+cG2iaBCseQ2xVslI5v5YG8mEkVf0
2kk/OmSwxuEZ4DGxB/hDbOKRYLRYuPnxCV/esZJjOE/1OHVXvE8QtANN6EFwO60s
HnacI4U+tjCjbRBh3UbipruvdDqX8LMsNvUMGjci3vOjlNkcLgeL8J15Xs3l5WuC
Avl0Am91/FbpoN1qiPLny3jvEpjMbGUgfKRb03GIgHtPzbHmDdjluFZI+376i2/d
RI85dBqNmAn+Fjrz3kW6wkpahByBAoHBAOSj2DDXPosxxoLidP/J/RKsMT0t0FE9
UFcNt+tHYv6hk+e7VAuUqUpd3XQqz3P13rnK4xvSOsVguyeU/WgmH4ID9XGSgpBP
Rh6s7izn4KAJeqfI26vTPxvyaZEqB4JxT6k7SerENus95zSn1v/f2MLBQ16EP8cJ
+QSOVCoZfEhUK+srherQ9eZKpj0OwBUrP4VhLdymv96r8xddWX1AVj4OBi2RywKI
gAgv6fjwkb292jFu6x6FjKRNKwKK6c3jqQKBwQDE4c0Oz0KYYV4feJun3iL9UJSv
StGsKVDuljA4WiBAmigMZTii/u0DFEjibiLWcJOnH53HTr0avA6c6D1nCwJ2qxyF
rHNN2L+cdMx/7L1zLR11+InvRgpIGbpeGwHeIzJVUYG3b6llRJMZimBvAMr9ipM1
bkVvIjt1G9W1ypeuKzm6d/t8F0yC7AIYZWDV4nvxiiY8whLZzGawHR2iZz8pfUwb
7URbTvxdsGE27Kq9gstU0PzEJpnU1goCJ7/gA1ECgcBA8w5B6ZM5xV0H5z6nPwDm
IgYmw/HucgV1hU8exfuoK8wxQvTACW4B0yJKkrK11T1899aGG7VYRn9D4j4OLO48
Z9V8esseJXbc1fEezovvymGOci984xiFXtqAQzk44+lmQJJh33VeZApe2eLocvVH
ddEmc1kOuJWFpszf3LeCcG69cnKrXsrLrZ8Frz//g3aa9B0sFi5hGeWHWJxISVN2
c1Nr9IN/57i/GqVTcztjdCAcdM7Tr8phDg7OvRlnxGkCgcEAuYhMFBuulyiSaTff
/3ZvJKYOJ45rPkEFGoD/2ercn+RlvyCYGcoAEjnIYVEGlWwrSH+b0NlbjVkQsD6O
to8CeE/RpgqX8hFCqC7NE/RFp8cpDyXy3j/zqnRMUyhCP1KNuScBBZs9V8gikxv6
ukBWCk3PYbeTySHKRBbB8vmCrMfhM96jaBIQsQO1CcZnVceDo1/bnsAIwaREVMxr
Q8LmG7QOx/Z0x1MMsUFoqzilwccC09/JgxMZPh+h+Nv6jiCxAoHBAOEqQgFAfSdR
ya60LLH55q803NRFMamuKiPbVJLzwiKfbjOiiopmQOS/LxxqIzeMXlYV4OsSvxTo
G7mcTOFRtU5hKCK+t8qeQQpa/dsMpiHllwArnRyBjIVgL5lFKRpHUGLsavU/T1IH
mtgaxZo32dXvcAh1+ndCHVBwbHTOF4conA+g+Usp4bZSSWn5nU4oIizvSVpG7SGe
0GngdxH9Usdqbvzcip1EKeHRTZrHIEYmB+x0LaRIB3dwZNidK3TkKw==
-----END RSA PRIVATE KEY-----
`);
const utf8Hex = (s: string): string => Buffer.from(s, 'utf8').toString('hex');

/** One known answer: a ciphertext and the plaintext (genuine or synthetic) it decrypts to, in hex. */
interface RejectionVector {
  readonly name: string;
  readonly key: 2048 | 3072;
  readonly ct: string;
  readonly pt: string;
}
const IMPLICIT_REJECTION_VECTORS: readonly RejectionVector[] = [
  { name: 'a genuine ciphertext', key: 2048, pt: utf8Hex('lorem ipsum dolor sit amet'), ct: '8bfe264e85d3bdeaa6b8851b8e3b956ee3d226fd3f69063a86880173a273d9f283b2eebdd1ed35f7e02d91c571981b6737d5320bd8396b0f3ad5b019daec1b0aab3cbbc026395f4fd14f13673f2dfc81f9b660ec26ac381e6db3299b4e460b43fab9955df2b3cfaa20e900e19c856238fd371899c2bf2ce8c868b76754e5db3b036533fd603746be13c10d4e3e6022ebc905d20c2a7f32b215a4cd53b3f44ca1c327d2c2b651145821c08396c89071f665349c25e44d2733cd9305985ceef6430c3cf57af5fa224089221218fa34737c79c446d28a94c41c96e4e92ac53fbcf384dea8419ea089f8784445a492c812eb0d409467f75afd7d4d1078886205a066' },
  { name: 'a genuine ciphertext whose synthetic message would be empty', key: 2048, pt: utf8Hex('lorem ipsum'), ct: 'b5e49308f6e9590014ffaffc5b8560755739dd501f1d4e9227a7d291408cf4b753f292322ff8bead613bf2caa181b221bc38caf6392deafb28eb21ad60930841ed02fd6225cc9c463409adbe7d8f32440212fbe3881c51375bb09565efb22e62b071472fb38676e5b4e23a0617db5d14d93519ac0007a30a9c822eb31c38b57fcb1be29608fcf1ca2abdcaf5d5752bbc2b5ac7dba5afcff4a5641da360dd01f7112539b1ed46cdb550a3b1006559b9fe1891030ec80f0727c42401ddd6cbb5e3c80f312df6ec89394c5a7118f573105e7ab00fe57833c126141b50a935224842addfb479f75160659ba28877b512bb9a93084ad8bec540f92640f63a11a010e0' },
  { name: 'a genuine ciphertext whose synthetic message would be 245 bytes', key: 2048, pt: utf8Hex('lorem ipsum'), ct: '1ea0b50ca65203d0a09280d39704b24fe6e47800189db5033f202761a78bafb270c5e25abd1f7ecc6e7abc4f26d1b0cd9b8c648d529416ee64ccbdd7aa72a771d0353262b543f0e436076f40a1095f5c7dfd10dcf0059ccb30e92dfa5e0156618215f1c3ff3aa997a9d999e506924f5289e3ac72e5e2086cc7b499d71583ed561028671155db4005bee01800a7cdbdae781dd32199b8914b5d4011dd6ff11cd26d46aad54934d293b0bc403dd211bf13b5a5c6836a5e769930f437ffd8634fb7371776f4bc88fa6c271d8aa6013df89ae6470154497c4ac861be2a1c65ebffec139bf7aaba3a81c7c5cdd84da9af5d3edfb957848074686b5837ecbcb6a41c50' },
  { name: 'an empty synthetic message', key: 2048, pt: '', ct: '20aaa8adbbc593a924ba1c5c7990b5c2242ae4b99d0fe636a19a4cf754edbcee774e472fe028160ed42634f8864900cb514006da642cae6ae8c7d087caebcfa6dad1551301e130344989a1d462d4164505f6393933450c67bc6d39d8f5160907cabc251b737925a1cf21e5c6aa5781b7769f6a2a583d97cce008c0f8b6add5f0b2bd80bee60237aa39bb20719fe75749f4bc4e42466ef5a861ae3a92395c7d858d430bfe38040f445ea93fa2958b503539800ffa5ce5f8cf51fa8171a91f36cb4f4575e8de6b4d3f096ee140b938fd2f50ee13f0d050222e2a72b0a3069ff3a6738e82c87090caa5aed4fcbe882c49646aa250b98f12f83c8d528113614a29e7' },
  { name: 'a maximum-length (k - 11) synthetic message', key: 2048, pt: '22d850137b9eebe092b24f602dc5bb7918c16bd89ddbf20467b119d205f9c2e4bd7d2592cf1e532106e0f33557565923c73a02d4f09c0c22bea89148183e60317f7028b3aa1f261f91c979393101d7e15f4067e63979b32751658ef769610fe97cf9cef3278b3117d384051c3b1d82c251c2305418c8f6840530e631aad63e70e20e025bcd8efb54c92ec6d3b106a2f8e64eeff7d38495b0fc50c97138af4b1c0a67a1c4e27b077b8439332edfa8608dfeae653cd6a628ac550395f7e74390e42c11682234870925eeaa1fa71b76cf1f2ee3bda69f6717033ff8b7c95c9799e7a3bea5e7e4a1c359772fb6b1c6e6c516661dfe30c3', ct: '48cceab10f39a4db32f60074feea473cbcdb7accf92e150417f76b44756b190e843e79ec12aa85083a21f5437e7bad0a60482e601198f9d86923239c8786ee728285afd0937f7dde12717f28389843d7375912b07b991f4fdb0190fced8ba665314367e8c5f9d2981d0f5128feeb46cb50fc237e64438a86df198dd0209364ae3a842d77532b66b7ef263b83b1541ed671b120dfd660462e2107a4ee7b964e734a7bd68d90dda61770658a3c242948532da32648687e0318286473f675b412d6468f013f14d760a358dfcad3cda2afeec5e268a37d250c37f722f468a70dfd92d7294c3c1ee1e7f8843b7d16f9f37ef35748c3ae93aa155cdcdfeb4e78567303' },
  { name: 'a length from the second-to-last PRF value', key: 2048, pt: '0f9b', ct: '1439e08c3f84c1a7fec74ce07614b20e01f6fa4e8c2a6cffdc3520d8889e5d9a950c6425798f85d4be38d300ea5695f13ecd4cb389d1ff5b82484b494d6280ab7fa78e645933981cb934cce8bfcd114cc0e6811eefa47aae20af638a1cd163d2d3366186d0a07df0c81f6c9f3171cf3561472e98a6006bf75ddb457bed036dcce199369de7d94ef2c68e8467ee0604eea2b3009479162a7891ba5c40cab17f49e1c438cb6eaea4f76ce23cce0e483ff0e96fa790ea15be67671814342d0a23f4a20262b6182e72f3a67cd289711503c85516a9ed225422f98b116f1ab080a80abd6f0216df88d8cfd67c139243be8dd78502a7aaf6bc99d7da71bcdf627e7354' },
  { name: 'a length from the third-to-last PRF value', key: 2048, pt: '4f02', ct: '1690ebcceece2ce024f382e467cf8510e74514120937978576caf684d4a02ad569e8d76cbe365a060e00779de2f0865ccf0d923de3b4783a4e2c74f422e2f326086c390b658ba47f31ab013aa80f468c71256e5fa5679b24e83cd82c3d1e05e398208155de2212993cd2b8bab6987cf4cc1293f19909219439d74127545e9ed8a706961b8ee2119f6bfacafbef91b75a789ba65b8b833bc6149cf49b5c4d2c6359f62808659ba6541e1cd24bf7f7410486b5103f6c0ea29334ea6f4975b17387474fe920710ea61568d7b7c0a7916acf21665ad5a31c4eabcde44f8fb6120d8457afa1f3c85d517cda364af620113ae5a3c52a048821731922737307f77a1081' },
  { name: 'a wrong first byte (0x01)', key: 2048, pt: 'a1f8c9255c35cfba403ccc', ct: '9b2ec9c0c917c98f1ad3d0119aec6be51ae3106e9af1914d48600ab6a2c0c0c8ae02a2dc3039906ff3aac904af32ec798fd65f3ad1afa2e69400e7c1de81f5728f3b3291f38263bc7a90a0563e43ce7a0d4ee9c0d8a716621ca5d3d081188769ce1b131af7d35b13dea99153579c86db31fe07d5a2c14d621b77854e48a8df41b5798563af489a291e417b6a334c63222627376118c02c53b6e86310f728734ffc86ef9d7c8bf56c0c841b24b82b59f51aee4526ba1c4268506d301e4ebc498c6aebb6fd5258c876bf900bac8ca4d309dd522f6a6343599a8bc3760f422c10c72d0ad527ce4af1874124ace3d99bb74db8d69d2528db22c3a37644640f95c05f' },
  { name: 'a wrong block type (0x01)', key: 2048, pt: 'e6d700309ca0ed62452254', ct: '782c2b59a21a511243820acedd567c136f6d3090c115232a82a5efb0b178285f55b5ec2d2bac96bf00d6592ea7cdc3341610c8fb07e527e5e2d20cfaf2c7f23e375431f45e998929a02f25fd95354c33838090bca838502259e92d86d568bc2cdb132fab2a399593ca60a015dc2bb1afcd64fef8a3834e17e5358d822980dc446e845b3ab4702b1ee41fe5db716d92348d5091c15d35a110555a35deb4650a5a1d2c98025d42d4544f8b32aa6a5e02dc02deaed9a7313b73b49b0d4772a3768b0ea0db5846ace6569cae677bf67fb0acf3c255dc01ec8400c963b6e49b1067728b4e563d7e1e1515664347b92ee64db7efb5452357a02fff7fcb7437abc2e579' },
  { name: 'a ciphertext with a leading zero byte', key: 2048, pt: 'ba27b1842e7c21c0e7ef6a', ct: '0096136621faf36d5290b16bd26295de27f895d1faa51c800dafce73d001d60796cd4e2ac3fa2162131d859cd9da5a0c8a42281d9a63e5f353971b72e36b5722e4ac444d77f892a5443deb3dca49fa732fe855727196e23c26eeac55eeced8267a209ebc0f92f4656d64a6c13f7f7ce544ebeb0f668fe3a6c0f189e4bcd5ea12b73cf63e0c8350ee130dd62f01e5c97a1e13f52fde96a9a1bc9936ce734fdd61f27b18216f1d6de87f49cf4f2ea821fb8efd1f92cdad529baf7e31aff9bff4074f2cad2b4243dd15a711adcf7de900851fbd6bcb53dac399d7c880531d06f25f7002e1aaf1722765865d2c2b902c7736acd27bc6cbd3e38b560e2eecf7d4b576' },
  { name: 'a block starting 00 00 02', key: 2048, pt: '3d4a054d9358209e9cbbb9', ct: '1786550ce8d8433052e01ecba8b76d3019f1355b212ac9d0f5191b023325a7e7714b7802f8e9a17c4cb3cd3a84041891471b10ca1fcfb5d041d34c82e6d0011cf4dc76b90e9c2e0743590579d55bcd7857057152c4a8040361343d1d22ba677d62b011407c652e234b1d663af25e2386251d7409190f19fc8ec3f9374fdf1254633874ce2ec2bff40ad0cb473f9761ec7b68da45a4bd5e33f5d7dac9b9a20821df9406b653f78a95a6c0ea0a4d57f867e4db22c17bf9a12c150f809a7b72b6db86c22a8732241ebf3c6a4f2cf82671d917aba8bc61052b40ccddd743a94ea9b538175106201971cca9d136d25081739aaf6cd18b2aecf9ad320ea3f89502f955' },
  { name: 'a zero in the first padding byte', key: 2048, pt: '1f037dd717b07d3e7f7359', ct: '179598823812d2c58a7eb50521150a48bcca8b4eb53414018b6bca19f4801456c5e36a940037ac516b0d6412ba44ec6b4f268a55ef1c5ffbf18a2f4e3522bb7b6ed89774b79bffa22f7d3102165565642de0d43a955e96a1f2e80e5430671d7266eb4f905dc8ff5e106dc5588e5b0289e49a4913940e392a97062616d2bda38155471b7d360cfb94681c702f60ed2d4de614ea72bf1c53160e63179f6c5b897b59492bee219108309f0b7b8cb2b136c346a5e98b8b4b8415fb1d713bae067911e3057f1c335b4b7e39101eafd5d28f0189037e4334f4fdb9038427b1d119a6702aa8233319cc97d496cc289ae8c956ddc84042659a2d43d6aa22f12b81ab884e' },
  { name: 'a zero in the eighth padding byte', key: 2048, pt: '63cb0bf65fc8255dd29e17', ct: 'a7a340675a82c30e22219a55bc07cdf36d47d01834c1834f917f18b517419ce9de2a96460e745024436470ed85e94297b283537d52189c406a3f533cb405cc6a9dba46b482ce98b6e3dd52d8fce2237425617e38c11fbc46b61897ef200d01e4f25f5f6c4c5b38cd0de38ba11908b86595a8036a08a42a3d05b79600a97ac18ba368a08d6cf6ccb624f6e8002afc75599fba4de3d4f3ba7d208391ebe8d21f8282b18e2c10869eb2702e68f9176b42b0ddc9d763f0c86ba0ff92c957aaeab76d9ab8da52ea297ec11d92d770146faa1b300e0f91ef969b53e7d2907ffc984e9a9c9d11fb7d6cba91972059b46506b035efec6575c46d7114a6b935864858445f' },
  { name: 'a missing separator', key: 2048, pt: '6f09a0b62699337c497b0b', ct: '3d1b97e7aa34eaf1f4fc171ceb11dcfffd9a46a5b6961205b10b302818c1fcc9f4ec78bf18ea0cee7e9fa5b16fb4c611463b368b3312ac11cf9c06b7cf72b54e284848a508d3f02328c62c2999d0fb60929f81783c7a256891bc2ff4d91df2af96a24fc5701a1823af939ce6dbdc510608e3d41eec172ad2d51b9fc61b4217c923cadcf5bac321355ef8be5e5f090cdc2bd0c697d9058247db3ad613fdce87d2955a6d1c948a5160f93da21f731d74137f5d1f53a1923adb513d2e6e1589d44cc079f4c6ddd471d38ac82d20d8b1d21f8d65f3b6907086809f4123e08d86fb38729585de026a485d8f0e703fd4772f6668febf67df947b82195fa3867e3a3065' },
  { name: 'a genuine ciphertext under a 3072-bit key', key: 3072, pt: utf8Hex('forty two'), ct: '6c60845a854b4571f678941ae35a2ac03f67c21e21146f9db1f2306be9f136453b86ad55647d4f7b5c9e62197aaff0c0e40a3b54c4cde14e774b1c5959b6c2a2302896ffae1f73b00b862a20ff4304fe06cea7ff30ecb3773ca9af27a0b54547350d7c07dfb0a39629c7e71e83fc5af9b2adbaf898e037f1de696a3f328cf45af7ec9aff7173854087fb8fbf34be981efbd8493f9438d1b2ba2a86af082662aa46ae9adfbec51e5f3d9550a4dd1dcb7c8969c9587a6edc82a8cabbc785c40d9fbd12064559fb769450ac3e47e87bc046148130d7eaa843e4b3ccef3675d0630500803cb7ffee3882378c1a404e850c3e20707bb745e42b13c18786c4976076ed9fa8fd0ff15e571bef02cbbe2f90c908ac3734a433b73e778d4d17fcc28f49185ebc6e8536a06d293202d94496453bfdf1c2c7833a3f99fa38ca8a81f42eaa529d603b890308a319c0ab63a35ff8ebac965f6278f5a7e5d622be5d5fe55f0ca3ec993d55430d2bf59c5d3e860e90c16d91a04596f6fdf60d89ed95d88c036dde' },
  { name: 'an empty synthetic message under a 3072-bit key', key: 3072, pt: '', ct: '5e956cd9652f4a2ece902931013e09662b6a9257ad1e987fb75f73a0606df2a4b04789770820c2e02322c4e826f767bd895734a01e20609c3be4517a7a2a589ea1cdc137beb73eb38dac781b52e863de9620f79f9b90fd5b953651fcbfef4a9f1cc07421d511a87dd6942caab6a5a0f4df473e62defb529a7de1509ab99c596e1dff1320402298d8be73a896cc86c38ae3f2f576e9ea70cc28ad575cb0f854f0be43186baa9c18e29c47c6ca77135db79c811231b7c1730955887d321fdc06568382b86643cf089b10e35ab23e827d2e5aa7b4e99ff2e914f302351819eb4d1693243b35f8bf1d42d08f8ec4acafa35f747a4a975a28643ec630d8e4fa5be59d81995660a14bb64c1fea5146d6b11f92da6a3956dd5cb5e0d747cf2ea23f81617769185336263d46ef4c144b754de62a6337342d6c85a95f19f015724546ee3fc4823eca603dbc1dc01c2d5ed50bd72d8e96df2dc048edde0081284068283fc5e73a6139851abf2f29977d0b3d160c883a42a37efba1be05c1a0b1741d7ddf59' },
  { name: 'a last PRF length one byte too long (3072-bit key, 9-bit mask)', key: 3072, pt: '56a3bea054e01338be9b7d7957539c', ct: '7db0390d75fcf9d4c59cf27b264190d856da9abd11e92334d0e5f71005cfed865a711dfa28b791188374b61916dbc11339bf14b06f5f3f68c206c5607380e13da3129bfb744157e1527dd6fdf6651248b028a496ae1b97702d44706043cdaa7a59c0f41367303f21f268968bf3bd2904db3ae5239b55f8b438d93d7db9d1666c071c0857e2ec37757463769c54e51f052b2a71b04c2869e9e7049a1037b8429206c99726f07289bac18363e7eb2a5b417f47c37a55090cda676517b3549c873f2fe95da9681752ec9864b069089a2ed2f340c8b04ee00079055a817a3355b46ac7dc00d17f4504ccfbcfcadb0c04cb6b22069e179385ae1eafabad5521bac2b8a8ee1dfff59a22eb3fdacfc87175d10d7894cfd869d056057dd9944b869c1784fcc27f731bc46171d39570fbffbadf082d33f6352ecf44aca8d9478e53f5a5b7c852b401e8f5f74da49da91e65bdc97765a9523b7a0885a6f8afe5759d58009fbfa837472a968e6ae92026a5e0202a395483095302d6c3985b5f5831c521a271' },
  { name: 'a maximum-length synthetic message under a 3072-bit key', key: 3072, pt: '7b036fcd6243900e4236c894e2462c17738acc87e01a76f4d95cb9a328d9acde81650283b8e8f60a217e3bdee835c7b222ad4c85d0acdb9a309bd2a754609a65dec50f3aa04c6d5891034566b9563d42668ede1f8992b17753a2132e28970584e255efc8b45a41c5dbd7567f014acec5fe6fdb6d484790360a913ebb9defcd74ff377f2a8ba46d2ed85f733c9a3da08eb57ecedfafda806778f03c66b2c5d2874cec1c291b2d49eb194c7b5d0dd2908ae90f4843268a2c45563092ade08acb6ab481a08176102fc803fbb2f8ad11b0e1531bd37df543498daf180b12017f4d4d426ca29b4161075534bfb914968088a9d13785d0adc0e2580d3548494b2a9e91605f2b27e6cc701c796f0de7c6f471f6ab6cb9272a1ed637ca32a60d117505d82af3c1336104afb537d01a8f70b510e1eebf4869cb976c419473795a66c7f5e6e20a8094b1bb603a74330c537c5c0698c31538bd2e138c1275a1bdf24c5fa8ab3b7b526324e7918a382d1363b3d463764222150e04', ct: '1715065322522dff85049800f6a29ab5f98c465020467414b2a44127fe9446da47fa18047900f99afe67c2df6f50160bb8e90bff296610fde632b3859d4d0d2e644f23835028c46cca01b84b88231d7e03154edec6627bcba23de76740d839851fa12d74c8f92e540c73fe837b91b7d699b311997d5f0f7864c486d499c3a79c111faaacbe4799597a25066c6200215c3d158f3817c1aa57f18bdaad0be1658da9da93f5cc6c3c4dd72788af57adbb6a0c26f42d32d95b8a4f95e8c6feb2f8a5d53b19a50a0b7cbc25e055ad03e5ace8f3f7db13e57759f67b65d143f08cca15992c6b2aae643390483de111c2988d4e76b42596266005103c8de6044fb7398eb3c28a864fa672de5fd8774510ff45e05969a11a4c7d3f343e331190d2dcf24fb9154ba904dc94af98afc5774a9617d0418fe6d13f8245c7d7626c176138dd698a23547c25f27c2b98ea4d8a45c7842b81888e4cc14e5b72e9cf91f56956c93dbf2e5f44a8282a7813157fc481ff1371a0f66b31797e81ebdb09a673d4db96d6' },
  { name: 'a 9-byte synthetic message under a 3072-bit key', key: 3072, pt: '257906ca6de8307728', ct: '5c8555f5cef627c15d37f85c7f5fd6e499264ea4b8e3f9112023aeb722eb38d8eac2be3751fd5a3785ab7f2d59fa3728e5be8c3de78a67464e30b21ee23b5484bb3cd06d0e1c6ad25649c8518165653eb80488bfb491b20c04897a6772f69292222fc5ef50b5cf9efc6d60426a449b6c489569d48c83488df629d695653d409ce49a795447fcec2c58a1a672e4a391401d428baaf781516e11e323d302fcf20f6eab2b2dbe53a48c987e407c4d7e1cb41131329138313d330204173a4f3ff06c6fadf970f0ed1005d0b27e35c3d11693e0429e272d583e57b2c58d24315c397856b34485dcb077665592b747f889d34febf2be8fce66c265fd9fc3575a6286a5ce88b4b413a08efc57a07a8f57a999605a837b0542695c0d189e678b53662ecf7c3d37d9dbeea585eebfaf79141118e06762c2381fe27ca6288edddc19fd67cd64f16b46e06d8a59ac530f22cd83cc0bc4e37feb52015cbb2283043ccf5e78a4eb7146827d7a466b66c8a4a4826c1bad68123a7f2d00fc1736525ff90c058f56' },
];

/** The draft's synthetic message written plainly (branches and all), as an independent check of the library's masked version. */
function referenceSynthetic(key: KeyObject, ct: Uint8Array): Uint8Array {
  const k = ct.length;
  const d = Buffer.from(key.export({ format: 'jwk' }).d ?? '', 'base64url');
  const dHash = createHash('sha256').update(Buffer.concat([Buffer.alloc(k - d.length), d])).digest();
  const kdk = createHmac('sha256', dHash).update(ct).digest();
  const prf = (label: string, n: number): Buffer => {
    const blocks: Buffer[] = [];
    for (let i = 0; blocks.length * 32 < n; i++) {
      blocks.push(createHmac('sha256', kdk).update(Buffer.concat([Buffer.from([i >> 8, i & 0xff]), Buffer.from(label), Buffer.from([(n * 8) >> 8, (n * 8) & 0xff])])).digest());
    }
    return Buffer.concat(blocks).subarray(0, n);
  };
  const maxSeparatorOffset = k - 10;
  const mask = 2 ** maxSeparatorOffset.toString(2).length - 1;
  const candidates = prf('length', 256);
  let length = 0;
  for (let i = 0; i < candidates.length; i += 2) {
    const c = candidates.readUInt16BE(i) & mask;
    if (c < maxSeparatorOffset) length = c;
  }
  return new Uint8Array(prf('message', k).subarray(k - length));
}

describe('RSA-OAEP', () => {
  for (const hash of HASHES) {
    it(`decrypts what openssl pkeyutl encrypted with OAEP/${hash}, and the reverse`, () => {
      const pt = message(40);
      const theirs = openssl(['pkeyutl', '-encrypt', '-pubin', '-inkey', PUB, ...oaepOpts(hash)], pt);
      assert.equal(hex(rsaOaepDecrypt(privateKey, hash, theirs)), hex(pt));
      const ours = rsaOaepEncrypt(publicKey, hash, pt);
      assert.equal(ours.length, 256);
      assert.equal(hex(openssl(['pkeyutl', '-decrypt', '-inkey', PRIV, ...oaepOpts(hash)], ours)), hex(pt));
    });
  }

  it('fails with the generic BAD_PADDING error for a wrong hash or altered ciphertext', () => {
    const ct = rsaOaepEncrypt(publicKey, 'sha256', message(16));
    assert.throws(() => rsaOaepDecrypt(privateKey, 'sha1', ct), (e: unknown) => e instanceof CipherError && e.code === 'BAD_PADDING' && e.message === 'decryption failed');
    const altered = Uint8Array.from(ct);
    altered[100] = (altered[100] ?? 0) ^ 0x04;
    failsWith('BAD_PADDING', () => rsaOaepDecrypt(privateKey, 'sha256', altered));
    failsWith('BAD_PADDING', () => rsaOaepDecrypt(privateKey, 'sha256', ct.subarray(1)));
  });

  it('refuses too much data and the wrong kind of key', () => {
    assert.equal(rsaOaepEncrypt(publicKey, 'sha512', message(256 - 2 * 64 - 2)).length, 256);
    failsWith('BAD_INPUT', () => rsaOaepEncrypt(publicKey, 'sha512', message(256 - 2 * 64 - 1)));
    failsWith('BAD_KEY_TYPE', () => rsaOaepEncrypt(privateKey, 'sha256', message(1)));
    failsWith('BAD_KEY_TYPE', () => rsaOaepDecrypt(publicKey, 'sha256', new Uint8Array(256)));
    failsWith('BAD_KEY_TYPE', () => rsaOaepEncrypt(ec.publicKey, 'sha256', message(1)));
  });
});

describe('RSA PKCS#1 v1.5 encryption', () => {
  it('decrypts what openssl pkeyutl encrypted, and the reverse', () => {
    for (const n of [1, 16, 48, 245]) {
      const pt = message(n);
      const theirs = openssl(['pkeyutl', '-encrypt', '-pubin', '-inkey', PUB, '-pkeyopt', 'rsa_padding_mode:pkcs1'], pt);
      assert.equal(hex(rsaPkcs1Decrypt(privateKey, theirs)), hex(pt), `length ${n}`);
      const ours = rsaPkcs1Encrypt(publicKey, pt);
      assert.equal(hex(openssl(['pkeyutl', '-decrypt', '-inkey', PRIV, '-pkeyopt', 'rsa_padding_mode:pkcs1'], ours)), hex(pt), `length ${n}`);
    }
  });

  it('accepts the shortest padding string and an empty message', () => {
    assert.equal(hex(rsaPkcs1Decrypt(privateKey, rawEncrypt(pkcs1Block(10)))), hex(new Uint8Array(245).fill(0x5a)));
    assert.equal(rsaPkcs1Decrypt(privateKey, rawEncrypt(pkcs1Block(255))).length, 0);
  });

  // These use the fixed known-answer key, so every synthetic message below is the same on every run.
  it('answers every malformed encoding that used to fail each unpadding check with the synthetic message, never an error', () => {
    const bad = [
      pkcs1Block(9), // padding string of 7 bytes
      pkcs1Block(2), // empty padding string
      pkcs1Block(0), // no separator at all
      pkcs1Block(20, 0x01), // wrong leading byte
      pkcs1Block(20, 0x00, 0x01), // block type 1 (a signature)
      pkcs1Block(20, 0x00, 0x00),
    ];
    const seen = new Set<string>();
    for (const em of bad) {
      const ct = rawEncrypt(em, KAT_2048);
      const out = rsaPkcs1Decrypt(KAT_2048, ct);
      assert.equal(hex(out), hex(referenceSynthetic(KAT_2048, ct)), 'the draft\'s synthetic message');
      assert.equal(hex(rsaPkcs1Decrypt(KAT_2048, ct)), hex(out), 'deterministic');
      assert.ok(out.length <= 256 - 11);
      assert.ok(!hex(em).endsWith(hex(out)) || out.length === 0, 'no part of the decrypted block leaks out');
      seen.add(hex(out));
    }
    assert.equal(seen.size, bad.length, 'each ciphertext has its own synthetic message');
  });

  it('turns a tampered or garbage ciphertext into a synthetic message: deterministic, per ciphertext, per key, at most k - 11 bytes', () => {
    const genuine = IMPLICIT_REJECTION_VECTORS[0];
    assert.ok(genuine !== undefined);
    const ct = Buffer.from(genuine.ct, 'hex');
    assert.equal(hex(rsaPkcs1Decrypt(KAT_2048, ct)), genuine.pt);
    const tampered = Uint8Array.from(ct);
    tampered[100] = (tampered[100] ?? 0) ^ 0x04;
    const a = rsaPkcs1Decrypt(KAT_2048, tampered);
    assert.notEqual(hex(a), genuine.pt);
    assert.ok(a.length > 0 && a.length <= 256 - 11, `length ${a.length}`);
    assert.equal(hex(rsaPkcs1Decrypt(KAT_2048, tampered)), hex(a));
    assert.equal(hex(a), hex(referenceSynthetic(KAT_2048, tampered)));
    const tampered2 = Uint8Array.from(ct);
    tampered2[101] = (tampered2[101] ?? 0) ^ 0x04;
    assert.notEqual(hex(rsaPkcs1Decrypt(KAT_2048, tampered2)), hex(a), 'another ciphertext, another message');

    // Below any 2048-bit modulus, so publicly valid under both keys. Two keys could both answer
    // some ciphertext with an empty message, so compare over several.
    const garbage = [0x11, 0x22, 0x33].map((b) => new Uint8Array(256).fill(b).fill(0, 0, 1));
    const mine = garbage.map((g) => hex(rsaPkcs1Decrypt(KAT_2048, g)));
    const theirs = garbage.map((g) => hex(rsaPkcs1Decrypt(otherKey.privateKey, g)));
    assert.deepEqual(theirs, garbage.map((g) => hex(referenceSynthetic(otherKey.privateKey, g))));
    assert.notDeepEqual(mine, theirs, 'another key, other messages');

    const lengths = new Set<number>();
    for (let i = 0; i < 24; i++) {
      const random = new Uint8Array(randomBytes(256));
      random[0] = 0x00;
      const out = rsaPkcs1Decrypt(privateKey, random);
      assert.ok(out.length <= 256 - 11, `length ${out.length}`);
      lengths.add(out.length);
    }
    assert.ok(lengths.size > 1, 'the synthetic length varies with the ciphertext');
  });

  it('still throws for what is publicly wrong: a ciphertext that is not modulus-sized or not below the modulus, and a public key', () => {
    assert.throws(() => rsaPkcs1Decrypt(privateKey, new Uint8Array(255)), (e: unknown) => e instanceof CipherError && e.code === 'BAD_PADDING' && e.message === 'decryption failed');
    failsWith('BAD_PADDING', () => rsaPkcs1Decrypt(privateKey, new Uint8Array(257)));
    failsWith('BAD_PADDING', () => rsaPkcs1Decrypt(privateKey, new Uint8Array(256).fill(0xff)));
    failsWith('BAD_KEY_TYPE', () => rsaPkcs1Decrypt(publicKey, new Uint8Array(256)));
    failsWith('BAD_KEY_TYPE', () => rsaPkcs1Decrypt(ec.privateKey, new Uint8Array(256)));
  });

  for (const v of IMPLICIT_REJECTION_VECTORS) {
    it(`matches OpenSSL 3.2's implicit rejection known answer: ${v.name}`, () => {
      const key = v.key === 2048 ? KAT_2048 : KAT_3072;
      assert.equal(hex(rsaPkcs1Decrypt(key, Buffer.from(v.ct, 'hex'))), v.pt);
    });
  }

  it('refuses a leading-zero-stripped ciphertext that OpenSSL would left-pad (a public length check)', () => {
    const stripped = IMPLICIT_REJECTION_VECTORS.find((v) => v.ct.startsWith('0096'));
    assert.ok(stripped !== undefined);
    failsWith('BAD_PADDING', () => rsaPkcs1Decrypt(KAT_2048, Buffer.from(stripped.ct.slice(2), 'hex')));
  });

  it('refuses data longer than the modulus allows', () => {
    failsWith('BAD_INPUT', () => rsaPkcs1Encrypt(publicKey, message(246)));
  });
});

describe('RSA-AES key wrap (CKM_RSA_AES_KEY_WRAP)', () => {
  for (const hash of HASHES) {
    it(`round-trips with OAEP/${hash}`, () => {
      const data = message(45);
      const wrapped = rsaAesKeyWrap(publicKey, hash, data);
      assert.equal(wrapped.length, 256 + 56);
      assert.equal(hex(rsaAesKeyUnwrap(privateKey, hash, wrapped)), hex(data));
    });
  }

  it('is an OAEP-encrypted 256-bit AES key followed by an RFC 5649 wrap under it', () => {
    const data = message(32);
    const wrapped = rsaAesKeyWrap(publicKey, 'sha256', data);
    const aesKey = openssl(['pkeyutl', '-decrypt', '-inkey', PRIV, ...oaepOpts('sha256')], wrapped.subarray(0, 256));
    assert.equal(aesKey.length, 32);
    const unwrapped = openssl(['enc', '-d', '-id-aes256-wrap-pad', '-K', hex(aesKey), '-iv', 'A65959A6'], wrapped.subarray(256));
    assert.equal(hex(unwrapped), hex(data));
  });

  it('unwraps a value assembled with openssl', () => {
    const aesKey = message(32).reverse();
    const data = message(20);
    const head = openssl(['pkeyutl', '-encrypt', '-pubin', '-inkey', PUB, ...oaepOpts('sha1')], aesKey);
    const tail = openssl(['enc', '-id-aes256-wrap-pad', '-K', hex(aesKey), '-iv', 'A65959A6'], data);
    assert.equal(hex(rsaAesKeyUnwrap(privateKey, 'sha1', Buffer.concat([head, tail]))), hex(data));
  });

  it('fails on an altered RSA part, an altered AES part or a short input', () => {
    const wrapped = rsaAesKeyWrap(publicKey, 'sha256', message(24));
    const rsaPart = Uint8Array.from(wrapped);
    rsaPart[3] = (rsaPart[3] ?? 0) ^ 1;
    failsWith('BAD_PADDING', () => rsaAesKeyUnwrap(privateKey, 'sha256', rsaPart));
    const aesPart = Uint8Array.from(wrapped);
    aesPart[260] = (aesPart[260] ?? 0) ^ 1;
    failsWith('AUTHENTICATION_FAILED', () => rsaAesKeyUnwrap(privateKey, 'sha256', aesPart));
    failsWith('BAD_INPUT', () => rsaAesKeyUnwrap(privateKey, 'sha256', wrapped.subarray(0, 256 + 8)));
  });
});

describe('rsaModulusBytes', () => {
  it('gives the modulus size in bytes and refuses non-RSA keys', () => {
    assert.equal(rsaModulusBytes(publicKey), 256);
    assert.equal(rsaModulusBytes(privateKey), 256);
    failsWith('BAD_KEY_TYPE', () => rsaModulusBytes(ec.publicKey));
  });
});
