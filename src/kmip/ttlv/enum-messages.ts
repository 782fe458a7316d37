/**
 * KMIP enumeration values of the message-level tags (operations, results, queries, credentials),
 * by the names our code uses (OPERATIONS, RESULT_REASONS); values from KMIP 1.0-2.1.
 * @module
 */
import type { EnumSpec } from './enum-table.js';

/** Enumerations of the message-level tags, by tag name. */
export const MESSAGE_ENUMS: Readonly<Record<string, EnumSpec>> = {
  Operation: [
    'Create', 'CreateKeyPair', 'Register', 'ReKey', 'DeriveKey', 'Certify', 'ReCertify', 'Locate', 'Check', 'Get',
    'GetAttributes', 'GetAttributeList', 'AddAttribute', 'ModifyAttribute', 'DeleteAttribute', 'ObtainLease',
    'GetUsageAllocation', 'Activate', 'Revoke', 'Destroy', 'Archive', 'Recover', 'Validate', 'Query', 'Cancel', 'Poll',
    'Notify', 'Put', 'ReKeyKeyPair', 'DiscoverVersions', 'Encrypt', 'Decrypt', 'Sign', 'SignatureVerify', 'MAC',
    'MACVerify', 'RNGRetrieve', 'RNGSeed', 'Hash', 'CreateSplitKey', 'JoinSplitKey', 'Import', 'Export', 'Log', 'Login',
    'Logout', 'DelegatedLogin', 'AdjustAttribute', 'SetAttribute', 'SetEndpointRole', 'PKCS11', 'Interop', 'ReProvision',
    'SetDefaults', 'SetConstraints', 'GetConstraints', 'QueryAsynchronousRequests', 'Process', 'Ping',
  ],
  ResultStatus: [[0, 'Success'], 'OperationFailed', 'OperationPending', 'OperationUndone'],
  ResultReason: [
    'Item_Not_Found', 'Response_Too_Large', 'Authentication_Not_Successful', 'Invalid_Message', 'Operation_Not_Supported',
    'Missing_Data', 'Invalid_Field', 'Feature_Not_Supported', 'Operation_Canceled_By_Requester', 'Cryptographic_Failure',
    'Illegal_Operation', 'Permission_Denied', 'Object_Archived', 'Index_Out_Of_Bounds',
    'Application_Namespace_Not_Supported', 'Key_Format_Type_Not_Supported', 'Key_Compression_Type_Not_Supported',
    'Encoding_Option_Error', 'Key_Value_Not_Present', 'Attestation_Required', 'Attestation_Failed', 'Sensitive',
    'Not_Extractable', 'Object_Already_Exists', 'Invalid_Ticket', 'Usage_Limit_Exceeded', 'Numeric_Range',
    'Invalid_Data_Type', 'Read_Only_Attribute', 'Multi_Valued_Attribute', 'Unsupported_Attribute',
    'Attribute_Instance_Not_Found', 'Attribute_Not_Found', 'Attribute_Read_Only', 'Attribute_Single_Valued',
    'Bad_Cryptographic_Parameters', 'Bad_Password', 'Codec_Error', '', 'Illegal_Object_Type',
    'Incompatible_Cryptographic_Usage_Mask', 'Internal_Server_Error', 'Invalid_Asynchronous_Correlation_Value',
    'Invalid_Attribute', 'Invalid_Attribute_Value', 'Invalid_Correlation_Value', 'Invalid_CSR', 'Invalid_Object_Type', '',
    'Key_Wrap_Type_Not_Supported', '', 'Missing_Initialization_Vector', 'Non_Unique_Name_Attribute', 'Object_Destroyed',
    'Object_Not_Found', '', 'Not_Authorised', 'Server_Limit_Exceeded', 'Unknown_Enumeration', 'Unknown_Message_Extension',
    'Unknown_Tag', 'Unsupported_Cryptographic_Parameters', 'Unsupported_Protocol_Version', 'Wrapping_Object_Archived',
    'Wrapping_Object_Destroyed', 'Wrapping_Object_Not_Found', 'Wrong_Key_Lifecycle_State', 'Protection_Storage_Unavailable',
    'PKCS_11_Codec_Error', 'PKCS_11_Invalid_Function', 'PKCS_11_Invalid_Interface',
    'Private_Protection_Storage_Unavailable', 'Public_Protection_Storage_Unavailable',
    [0x4b, 'Constraint_Violation'], 'Duplicate_Process_Request',
    [0x100, 'General_Failure'],
  ],
  QueryFunction: [
    'QueryOperations', 'QueryObjects', 'QueryServerInformation', 'QueryApplicationNamespaces', 'QueryExtensionList',
    'QueryExtensionMap', 'QueryAttestationTypes', 'QueryRNGs', 'QueryValidations', 'QueryProfiles', 'QueryCapabilities',
    'QueryClientRegistrationMethods', 'QueryDefaultsInformation', 'QueryStorageProtectionMasks',
  ],
  CredentialType: ['UsernameAndPassword', 'Device', 'Attestation', 'OneTimePassword', 'HashedPassword', 'Ticket'],
  BatchErrorContinuationOption: ['Continue', 'Stop', 'Undo'],
  // KMIP 2.0 lets a Unique Identifier be an Enumeration naming an earlier result in the batch.
  UniqueIdentifier: [
    'IDPlaceholder', 'Certify', 'Create', 'CreateKeyPair', 'CreateKeyPairPrivateKey', 'CreateKeyPairPublicKey',
    'CreateSplitKey', 'DeriveKey', 'Import', 'JoinSplitKey', 'Locate', 'Register', 'ReKey', 'Recertify', 'ReKeyKeyPair',
    'ReKeyKeyPairPrivateKey', 'ReKeyKeyPairPublicKey',
  ],
  AsynchronousIndicator: ['Mandatory', 'Optional', 'Prohibited'],
  CancellationResult: ['Canceled', 'UnableToCancel', 'Completed', 'Failed', 'Unavailable'],
  PutFunction: ['New', 'Replace'],
  ClientRegistrationMethod: ['Unspecified', 'ServerPreGenerated', 'ServerOnDemand', 'ClientGenerated', 'ClientRegistered'],
  EndpointRole: ['Client', 'Server'],
  InteropFunction: ['Begin', 'End', 'Reset'],
  TicketType: ['Login'],
};
