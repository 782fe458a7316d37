/**
 * The one error type KMIP code throws: a KMIP 2.1 result reason plus a message safe to show a client.
 * @module
 */

/** KMIP 2.1 result reasons, spelled with underscores as Cosmian's wire form does. */
export const RESULT_REASONS = [
  'Item_Not_Found',
  'Response_Too_Large',
  'Authentication_Not_Successful',
  'Invalid_Message',
  'Operation_Not_Supported',
  'Missing_Data',
  'Invalid_Field',
  'Feature_Not_Supported',
  'Cryptographic_Failure',
  'Permission_Denied',
  'Index_Out_Of_Bounds',
  'Key_Format_Type_Not_Supported',
  'Object_Already_Exists',
  'Invalid_Data_Type',
  'Attribute_Not_Found',
  'Attribute_Read_Only',
  'Bad_Cryptographic_Parameters',
  'Codec_Error',
  'Illegal_Object_Type',
  'Incompatible_Cryptographic_Usage_Mask',
  'Invalid_Attribute_Value',
  'Invalid_Object_Type',
  'Missing_Initialization_Vector',
  'Unsupported_Cryptographic_Parameters',
  'Wrong_Key_Lifecycle_State',
  'Server_Limit_Exceeded',
  'Sensitive',
  'Not_Extractable',
  'General_Failure',
] as const;

/** A KMIP result reason. */
export type ResultReason = (typeof RESULT_REASONS)[number];

const REASON_SET: ReadonlySet<string> = new Set(RESULT_REASONS);

/** True when a string names a result reason this server emits. */
export function isResultReason(value: string): value is ResultReason {
  return REASON_SET.has(value);
}

/**
 * Longest error message sent: messages name client values (tags, identifiers, formats), and a
 * client may send megabytes in one; whatever a message names, its answer stays short.
 */
export const MAX_ERROR_MESSAGE = 512;

/** The message cut to MAX_ERROR_MESSAGE characters. */
export function boundedMessage(message: string): string {
  return message.length <= MAX_ERROR_MESSAGE ? message : `${message.slice(0, MAX_ERROR_MESSAGE - 1)}…`;
}

/** A failure with a KMIP result reason; its message must never carry key material or secrets. */
export class KmipError extends Error {
  override readonly name = 'KmipError';
  constructor(
    readonly reason: ResultReason,
    message: string,
  ) {
    super(boundedMessage(message));
  }
}
