/**
 * Result Reason numbers, each sent only to clients whose version defines it. KMIP 1.0 defines
 * 0x01-0x11 and General Failure (0x100); 1.1 adds 0x12 (Encoding Option Error); 1.2 adds
 * 0x13-0x15 (Key Value Not Present, Attestation Required, Attestation Failed); 1.3 adds none;
 * 1.4 adds 0x16-0x18 (Sensitive, Not Extractable, Object Already Exists); 2.0 adds the rest.
 * A reason the client's version lacks is sent as the nearest one it has.
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

const GENERAL_FAILURE = 0x100;

/** The first version level (major * 10 + minor) that defines a Result Reason value. */
function definedSince(value: number): number {
  if (value === GENERAL_FAILURE || value <= 0x11) return 10;
  if (value === 0x12) return 11;
  if (value <= 0x15) return 12;
  if (value <= 0x18) return 14;
  return 20;
}

// A reason's stand-in for versions that lack it; every chain ends at a 1.0 reason.
const NEAREST: Readonly<Record<string, string>> = {
  Sensitive: 'Permission_Denied', Not_Extractable: 'Permission_Denied', Object_Already_Exists: 'Illegal_Operation',
  Invalid_Data_Type: 'Invalid_Field', Attribute_Not_Found: 'Invalid_Field', Attribute_Read_Only: 'Permission_Denied',
  Bad_Cryptographic_Parameters: 'Invalid_Field', Codec_Error: 'Invalid_Message', Illegal_Object_Type: 'Invalid_Field',
  Incompatible_Cryptographic_Usage_Mask: 'Permission_Denied', Invalid_Attribute_Value: 'Invalid_Field',
  Invalid_Object_Type: 'Invalid_Field', Missing_Initialization_Vector: 'Missing_Data', Server_Limit_Exceeded: 'General_Failure',
  Unsupported_Cryptographic_Parameters: 'Feature_Not_Supported', Wrong_Key_Lifecycle_State: 'Illegal_Operation',
};

/** The Result Reason value to send a client at `level` (major * 10 + minor); unknown names are General Failure. */
export function resultReasonNumber(reason: string, level: number): number {
  let name = reason;
  for (;;) {
    const value = NUMBERS[name];
    if (value === undefined) return GENERAL_FAILURE;
    if (definedSince(value) <= level) return value;
    const nearer = NEAREST[name];
    if (nearer === undefined) return GENERAL_FAILURE;
    name = nearer;
  }
}
