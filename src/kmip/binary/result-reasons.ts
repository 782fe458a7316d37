/**
 * Result Reason numbers, with the KMIP 2.0 reasons mapped onto the nearest 1.x one for 1.x
 * clients (whose enumeration stops at 0x18 besides General Failure).
 * @module
 */

// The spec's values (KMIP 2.0 section 11), for the reasons this server emits.
const NUMBERS: Readonly<Record<string, number>> = {
  Item_Not_Found: 0x01, Response_Too_Large: 0x02, Authentication_Not_Successful: 0x03, Invalid_Message: 0x04,
  Operation_Not_Supported: 0x05, Missing_Data: 0x06, Invalid_Field: 0x07, Feature_Not_Supported: 0x08,
  Cryptographic_Failure: 0x0a, Illegal_Operation: 0x0b, Permission_Denied: 0x0c, Index_Out_Of_Bounds: 0x0e,
  Key_Format_Type_Not_Supported: 0x10, Sensitive: 0x16, Not_Extractable: 0x17, Object_Already_Exists: 0x18,
  Invalid_Data_Type: 0x1c, Attribute_Not_Found: 0x21, Attribute_Read_Only: 0x22, Bad_Cryptographic_Parameters: 0x24,
  Codec_Error: 0x26, Illegal_Object_Type: 0x28, Incompatible_Cryptographic_Usage_Mask: 0x29, Invalid_Attribute_Value: 0x2d,
  Invalid_Object_Type: 0x30, Missing_Initialization_Vector: 0x34, Server_Limit_Exceeded: 0x3a,
  Unsupported_Cryptographic_Parameters: 0x3e, Wrong_Key_Lifecycle_State: 0x43, General_Failure: 0x100,
};

// 2.0-only reasons as 1.x says them.
const FOR_V1: Readonly<Record<string, string>> = {
  Invalid_Data_Type: 'Invalid_Field', Attribute_Not_Found: 'Invalid_Field', Attribute_Read_Only: 'Permission_Denied',
  Bad_Cryptographic_Parameters: 'Invalid_Field', Codec_Error: 'Invalid_Message', Illegal_Object_Type: 'Invalid_Field',
  Incompatible_Cryptographic_Usage_Mask: 'Permission_Denied', Invalid_Attribute_Value: 'Invalid_Field',
  Invalid_Object_Type: 'Invalid_Field', Missing_Initialization_Vector: 'Missing_Data', Server_Limit_Exceeded: 'General_Failure',
  Unsupported_Cryptographic_Parameters: 'Feature_Not_Supported', Wrong_Key_Lifecycle_State: 'Illegal_Operation',
};

/** The Result Reason value to send a client at `level` (major * 10 + minor); unknown names are General Failure. */
export function resultReasonNumber(reason: string, level: number): number {
  const name = level < 20 ? (FOR_V1[reason] ?? reason) : reason;
  return NUMBERS[name] ?? NUMBERS['General_Failure'] ?? 0x100;
}
