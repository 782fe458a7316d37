/**
 * KMIP tag numbers and the names our trees use for them: every tag of KMIP 1.0 to 2.1. Names are
 * the spellings our operation codecs already read and write (Cosmian's JSON TTLV names), else the
 * specification name without spaces or punctuation. A number with no name is written `0x` and six
 * uppercase hex digits, and that text reads back as the same number.
 * @module
 */

/** [tag number, name] for every named tag, by version; numbers and names are each unique. */
export const TAG_ENTRIES: readonly (readonly [number, string])[] = [
  // KMIP 1.0
  [0x420001, 'ActivationDate'], [0x420002, 'ApplicationData'], [0x420003, 'ApplicationNamespace'],
  [0x420004, 'ApplicationSpecificInformation'], [0x420005, 'ArchiveDate'],
  [0x420006, 'AsynchronousCorrelationValue'], [0x420007, 'AsynchronousIndicator'], [0x420008, 'Attribute'],
  [0x420009, 'AttributeIndex'], [0x42000A, 'AttributeName'], [0x42000B, 'AttributeValue'],
  [0x42000C, 'Authentication'], [0x42000D, 'BatchCount'], [0x42000E, 'BatchErrorContinuationOption'],
  [0x42000F, 'BatchItem'], [0x420010, 'BatchOrderOption'], [0x420011, 'BlockCipherMode'],
  [0x420012, 'CancellationResult'], [0x420013, 'Certificate'], [0x420014, 'CertificateIdentifier'],
  [0x420015, 'CertificateIssuer'], [0x420016, 'CertificateIssuerAlternativeName'],
  [0x420017, 'CertificateIssuerDistinguishedName'], [0x420018, 'CertificateRequest'],
  [0x420019, 'CertificateRequestType'], [0x42001A, 'CertificateSubject'],
  [0x42001B, 'CertificateSubjectAlternativeName'], [0x42001C, 'CertificateSubjectDistinguishedName'],
  [0x42001D, 'CertificateType'], [0x42001E, 'CertificateValue'], [0x42001F, 'CommonTemplateAttribute'],
  [0x420020, 'CompromiseDate'], [0x420021, 'CompromiseOccurrenceDate'], [0x420022, 'ContactInformation'],
  [0x420023, 'Credential'], [0x420024, 'CredentialType'], [0x420025, 'CredentialValue'],
  [0x420026, 'CriticalityIndicator'], [0x420027, 'CrtCoefficient'], [0x420028, 'CryptographicAlgorithm'],
  [0x420029, 'CryptographicDomainParameters'], [0x42002A, 'CryptographicLength'],
  [0x42002B, 'CryptographicParameters'], [0x42002C, 'CryptographicUsageMask'], [0x42002D, 'CustomAttribute'],
  [0x42002E, 'D'], [0x42002F, 'DeactivationDate'], [0x420030, 'DerivationData'], [0x420031, 'DerivationMethod'],
  [0x420032, 'DerivationParameters'], [0x420033, 'DestroyDate'], [0x420034, 'Digest'], [0x420035, 'DigestValue'],
  [0x420036, 'EncryptionKeyInformation'], [0x420037, 'G'], [0x420038, 'HashingAlgorithm'], [0x420039, 'InitialDate'],
  [0x42003A, 'InitializationVector'], [0x42003B, 'Issuer'], [0x42003C, 'IterationCount'],
  [0x42003D, 'IvCounterNonce'], [0x42003E, 'J'], [0x42003F, 'Key'], [0x420040, 'KeyBlock'],
  [0x420041, 'KeyCompressionType'], [0x420042, 'KeyFormatType'], [0x420043, 'KeyMaterial'],
  [0x420044, 'KeyPartIdentifier'], [0x420045, 'KeyValue'], [0x420046, 'KeyWrappingData'],
  [0x420047, 'KeyWrappingSpecification'], [0x420048, 'LastChangeDate'], [0x420049, 'LeaseTime'], [0x42004A, 'Link'],
  [0x42004B, 'LinkType'], [0x42004C, 'LinkedObjectIdentifier'], [0x42004D, 'MACSignature'],
  [0x42004E, 'MACSignatureKeyInformation'], [0x42004F, 'MaximumItems'], [0x420050, 'MaximumResponseSize'],
  [0x420051, 'MessageExtension'], [0x420052, 'Modulus'], [0x420053, 'Name'], [0x420054, 'NameType'],
  [0x420055, 'NameValue'], [0x420056, 'ObjectGroup'], [0x420057, 'ObjectType'], [0x420058, 'Offset'],
  [0x420059, 'OpaqueDataType'], [0x42005A, 'OpaqueDataValue'], [0x42005B, 'OpaqueObject'], [0x42005C, 'Operation'],
  [0x42005D, 'OperationPolicyName'], [0x42005E, 'P'], [0x42005F, 'PaddingMethod'], [0x420060, 'PrimeExponentP'],
  [0x420061, 'PrimeExponentQ'], [0x420062, 'PrimeFieldSize'], [0x420063, 'PrivateExponent'],
  [0x420064, 'PrivateKey'], [0x420065, 'PrivateKeyTemplateAttribute'], [0x420066, 'PrivateKeyUniqueIdentifier'],
  [0x420067, 'ProcessStartDate'], [0x420068, 'ProtectStopDate'], [0x420069, 'ProtocolVersion'],
  [0x42006A, 'ProtocolVersionMajor'], [0x42006B, 'ProtocolVersionMinor'], [0x42006C, 'PublicExponent'],
  [0x42006D, 'PublicKey'], [0x42006E, 'PublicKeyTemplateAttribute'], [0x42006F, 'PublicKeyUniqueIdentifier'],
  [0x420070, 'PutFunction'], [0x420071, 'Q'], [0x420072, 'QString'], [0x420073, 'QLength'],
  [0x420074, 'QueryFunction'], [0x420075, 'RecommendedCurve'], [0x420076, 'ReplacedUniqueIdentifier'],
  [0x420077, 'RequestHeader'], [0x420078, 'RequestMessage'], [0x420079, 'RequestPayload'],
  [0x42007A, 'ResponseHeader'], [0x42007B, 'ResponseMessage'], [0x42007C, 'ResponsePayload'],
  [0x42007D, 'ResultMessage'], [0x42007E, 'ResultReason'], [0x42007F, 'ResultStatus'],
  [0x420080, 'RevocationMessage'], [0x420081, 'RevocationReason'], [0x420082, 'RevocationReasonCode'],
  [0x420083, 'KeyRoleType'], [0x420084, 'Salt'], [0x420085, 'SecretData'], [0x420086, 'SecretDataType'],
  [0x420087, 'SerialNumber'], [0x420088, 'ServerInformation'], [0x420089, 'SplitKey'], [0x42008A, 'SplitKeyMethod'],
  [0x42008B, 'SplitKeyParts'], [0x42008C, 'SplitKeyThreshold'], [0x42008D, 'State'], [0x42008E, 'StorageStatusMask'],
  [0x42008F, 'SymmetricKey'], [0x420090, 'Template'], [0x420091, 'TemplateAttribute'], [0x420092, 'TimeStamp'],
  [0x420093, 'UniqueBatchItemId'], [0x420094, 'UniqueIdentifier'], [0x420095, 'UsageLimits'],
  [0x420096, 'UsageLimitsCount'], [0x420097, 'UsageLimitsTotal'], [0x420098, 'UsageLimitsUnit'],
  [0x420099, 'Username'], [0x42009A, 'ValidityDate'], [0x42009B, 'ValidityIndicator'], [0x42009C, 'VendorExtension'],
  [0x42009D, 'VendorIdentification'], [0x42009E, 'WrappingMethod'], [0x42009F, 'X'], [0x4200A0, 'Y'],
  [0x4200A1, 'Password'],
  // KMIP 1.1
  [0x4200A2, 'DeviceIdentifier'], [0x4200A3, 'EncodingOption'], [0x4200A4, 'ExtensionInformation'],
  [0x4200A5, 'ExtensionName'], [0x4200A6, 'ExtensionTag'], [0x4200A7, 'ExtensionType'], [0x4200A8, 'Fresh'],
  [0x4200A9, 'MachineIdentifier'], [0x4200AA, 'MediaIdentifier'], [0x4200AB, 'NetworkIdentifier'],
  [0x4200AC, 'ObjectGroupMember'], [0x4200AD, 'CertificateLength'], [0x4200AE, 'DigitalSignatureAlgorithm'],
  [0x4200AF, 'CertificateSerialNumber'], [0x4200B0, 'DeviceSerialNumber'], [0x4200B1, 'IssuerAlternativeName'],
  [0x4200B2, 'IssuerDistinguishedName'], [0x4200B3, 'SubjectAlternativeName'],
  [0x4200B4, 'SubjectDistinguishedName'], [0x4200B5, 'X509CertificateIdentifier'],
  [0x4200B6, 'X509CertificateIssuer'], [0x4200B7, 'X509CertificateSubject'],
  // KMIP 1.2
  [0x4200B8, 'KeyValueLocation'], [0x4200B9, 'KeyValueLocationValue'], [0x4200BA, 'KeyValueLocationType'],
  [0x4200BB, 'KeyValuePresent'], [0x4200BC, 'OriginalCreationDate'], [0x4200BD, 'PGPKey'],
  [0x4200BE, 'PGPKeyVersion'], [0x4200BF, 'AlternativeName'], [0x4200C0, 'AlternativeNameValue'],
  [0x4200C1, 'AlternativeNameType'], [0x4200C2, 'Data'], [0x4200C3, 'SignatureData'], [0x4200C4, 'DataLength'],
  [0x4200C5, 'RandomIV'], [0x4200C6, 'MACData'], [0x4200C7, 'AttestationType'], [0x4200C8, 'Nonce'],
  [0x4200C9, 'NonceID'], [0x4200CA, 'NonceValue'], [0x4200CB, 'AttestationMeasurement'],
  [0x4200CC, 'AttestationAssertion'], [0x4200CD, 'IvLength'], [0x4200CE, 'TagLength'],
  [0x4200CF, 'FixedFieldLength'], [0x4200D0, 'CounterLength'], [0x4200D1, 'InitialCounterValue'],
  [0x4200D2, 'InvocationFieldLength'], [0x4200D3, 'AttestationCapableIndicator'],
  // KMIP 1.3
  [0x4200D4, 'OffsetItems'], [0x4200D5, 'LocatedItems'], [0x4200D6, 'CorrelationValue'], [0x4200D7, 'InitIndicator'],
  [0x4200D8, 'FinalIndicator'], [0x4200D9, 'RNGParameters'], [0x4200DA, 'RNGAlgorithm'], [0x4200DB, 'DRBGAlgorithm'],
  [0x4200DC, 'FIPS186Variation'], [0x4200DD, 'PredictionResistance'], [0x4200DE, 'RandomNumberGenerator'],
  [0x4200DF, 'ValidationInformation'], [0x4200E0, 'ValidationAuthorityType'],
  [0x4200E1, 'ValidationAuthorityCountry'], [0x4200E2, 'ValidationAuthorityURI'],
  [0x4200E3, 'ValidationVersionMajor'], [0x4200E4, 'ValidationVersionMinor'], [0x4200E5, 'ValidationType'],
  [0x4200E6, 'ValidationLevel'], [0x4200E7, 'ValidationCertificateIdentifier'],
  [0x4200E8, 'ValidationCertificateURI'], [0x4200E9, 'ValidationVendorURI'], [0x4200EA, 'ValidationProfile'],
  [0x4200EB, 'ProfileInformation'], [0x4200EC, 'ProfileName'], [0x4200ED, 'ServerURI'], [0x4200EE, 'ServerPort'],
  [0x4200EF, 'StreamingCapability'], [0x4200F0, 'AsynchronousCapability'], [0x4200F1, 'AttestationCapability'],
  [0x4200F2, 'UnwrapMode'], [0x4200F3, 'DestroyAction'], [0x4200F4, 'ShreddingAlgorithm'], [0x4200F5, 'RNGMode'],
  [0x4200F6, 'ClientRegistrationMethod'], [0x4200F7, 'CapabilityInformation'],
  // KMIP 1.4
  [0x4200F8, 'KeyWrapType'], [0x4200F9, 'BatchUndoCapability'], [0x4200FA, 'BatchContinueCapability'],
  [0x4200FB, 'PKCS12FriendlyName'], [0x4200FC, 'Description'], [0x4200FD, 'Comment'],
  [0x4200FE, 'AuthenticatedEncryptionAdditionalData'], [0x4200FF, 'AuthenticatedEncryptionTag'],
  [0x420100, 'SaltLength'], [0x420101, 'MaskGenerator'], [0x420102, 'MaskGeneratorHashingAlgorithm'],
  [0x420103, 'PSource'], [0x420104, 'TrailerField'], [0x420105, 'ClientCorrelationValue'],
  [0x420106, 'ServerCorrelationValue'], [0x420107, 'DigestedData'], [0x420108, 'CertificateSubjectCN'],
  [0x420109, 'CertificateSubjectO'], [0x42010A, 'CertificateSubjectOU'], [0x42010B, 'CertificateSubjectEmail'],
  [0x42010C, 'CertificateSubjectC'], [0x42010D, 'CertificateSubjectST'], [0x42010E, 'CertificateSubjectL'],
  [0x42010F, 'CertificateSubjectUID'], [0x420110, 'CertificateSubjectSerialNumber'],
  [0x420111, 'CertificateSubjectTitle'], [0x420112, 'CertificateSubjectDC'],
  [0x420113, 'CertificateSubjectDNQualifier'], [0x420114, 'CertificateIssuerCN'], [0x420115, 'CertificateIssuerO'],
  [0x420116, 'CertificateIssuerOU'], [0x420117, 'CertificateIssuerEmail'], [0x420118, 'CertificateIssuerC'],
  [0x420119, 'CertificateIssuerST'], [0x42011A, 'CertificateIssuerL'], [0x42011B, 'CertificateIssuerUID'],
  [0x42011C, 'CertificateIssuerSerialNumber'], [0x42011D, 'CertificateIssuerTitle'],
  [0x42011E, 'CertificateIssuerDC'], [0x42011F, 'CertificateIssuerDNQualifier'], [0x420120, 'Sensitive'],
  [0x420121, 'AlwaysSensitive'], [0x420122, 'Extractable'], [0x420123, 'NeverExtractable'],
  [0x420124, 'ReplaceExisting'],
  // KMIP 2.0 (0x420137 and 0x42013E-0x42013F are reserved)
  [0x420125, 'Attributes'], [0x420126, 'CommonAttributes'], [0x420127, 'PrivateKeyAttributes'],
  [0x420128, 'PublicKeyAttributes'], [0x420129, 'ExtensionEnumeration'], [0x42012A, 'ExtensionAttribute'],
  [0x42012B, 'ExtensionParentStructureTag'], [0x42012C, 'ExtensionDescription'], [0x42012D, 'ServerName'],
  [0x42012E, 'ServerSerialNumber'], [0x42012F, 'ServerVersion'], [0x420130, 'ServerLoad'], [0x420131, 'ProductName'],
  [0x420132, 'BuildLevel'], [0x420133, 'BuildDate'], [0x420134, 'ClusterInfo'],
  [0x420135, 'AlternateFailoverEndpoints'], [0x420136, 'ShortUniqueIdentifier'], [0x420138, 'Tag'],
  [0x420139, 'CertificateRequestUniqueIdentifier'], [0x42013A, 'NISTKeyType'], [0x42013B, 'AttributeReference'],
  [0x42013C, 'CurrentAttribute'], [0x42013D, 'NewAttribute'], [0x420140, 'CertificateRequestValue'],
  [0x420141, 'LogMessage'], [0x420142, 'ProfileVersion'], [0x420143, 'ProfileVersionMajor'],
  [0x420144, 'ProfileVersionMinor'], [0x420145, 'ProtectionLevel'], [0x420146, 'ProtectionPeriod'],
  [0x420147, 'QuantumSafe'], [0x420148, 'QuantumSafeCapability'], [0x420149, 'Ticket'], [0x42014A, 'TicketType'],
  [0x42014B, 'TicketValue'], [0x42014C, 'RequestCount'], [0x42014D, 'Rights'], [0x42014E, 'Objects'],
  [0x42014F, 'Operations'], [0x420150, 'Right'], [0x420151, 'EndpointRole'], [0x420152, 'DefaultsInformation'],
  [0x420153, 'ObjectDefaults'], [0x420154, 'Ephemeral'], [0x420155, 'ServerHashedPassword'],
  [0x420156, 'OneTimePassword'], [0x420157, 'HashedPassword'], [0x420158, 'AdjustmentType'],
  [0x420159, 'PKCS11Interface'], [0x42015A, 'PKCS11Function'], [0x42015B, 'PKCS11InputParameters'],
  [0x42015C, 'PKCS11OutputParameters'], [0x42015D, 'PKCS11ReturnCode'], [0x42015E, 'ProtectionStorageMask'],
  [0x42015F, 'ProtectionStorageMasks'], [0x420160, 'InteropFunction'], [0x420161, 'InteropIdentifier'],
  [0x420162, 'AdjustmentValue'], [0x420163, 'CommonProtectionStorageMasks'],
  [0x420164, 'PrivateProtectionStorageMasks'], [0x420165, 'PublicProtectionStorageMasks'],
  // KMIP 2.1
  [0x420166, 'ObjectGroups'], [0x420167, 'ObjectTypes'], [0x420168, 'Constraints'], [0x420169, 'Constraint'],
  [0x42016A, 'RotateInterval'], [0x42016B, 'RotateAutomatic'], [0x42016C, 'RotateOffset'], [0x42016D, 'RotateDate'],
  [0x42016E, 'RotateGeneration'], [0x42016F, 'RotateName'], [0x420170, 'RotateNameValue'],
  [0x420171, 'RotateNameType'], [0x420172, 'RotateLatest'], [0x420173, 'AsynchronousRequest'],
  [0x420174, 'SubmissionDate'], [0x420175, 'ProcessingStage'], [0x420176, 'AsynchronousCorrelationValues'],
];

/**
 * Other spellings our code also reads or writes for a tag, accepted when encoding: Cosmian and the
 * specification disagree on a few (CrtCoefficient / CRTCoefficient), and the JSON message header
 * says Timestamp. Decoding always yields the table's name.
 */
export const TAG_ALIASES: ReadonlyMap<string, number> = new Map([
  ['CRTCoefficient', 0x420027],
  ['IVCounterNonce', 0x42003d],
  ['MACOrSignatureKeyInformation', 0x42004e],
  ['Timestamp', 0x420092],
]);

const NAME_OF: ReadonlyMap<number, string> = new Map(TAG_ENTRIES);
const NUMBER_OF: ReadonlyMap<string, number> = new Map(TAG_ENTRIES.map(([n, name]) => [name, n]));
const HEX_TAG = /^0x[0-9A-Fa-f]{6}$/;

/** The name of a tag number: the table's, else `0x` and six uppercase hex digits. */
export function tagNameOf(tag: number): string {
  return NAME_OF.get(tag) ?? `0x${tag.toString(16).toUpperCase().padStart(6, '0')}`;
}

/** The number of a tag name (table name, alias or `0x` and six hex digits), or undefined. */
export function tagNumberOf(name: string): number | undefined {
  const known = NUMBER_OF.get(name) ?? TAG_ALIASES.get(name);
  if (known !== undefined) return known;
  return HEX_TAG.test(name) ? Number.parseInt(name.slice(2), 16) : undefined;
}
