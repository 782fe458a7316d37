/**
 * The simple attributes of the typed attribute view, field name to KMIP tag, grouped by type.
 * @module
 */

/** The date attributes, by field name. */
export const DATE_FIELDS = {
  initialDate: 'InitialDate',
  activationDate: 'ActivationDate',
  deactivationDate: 'DeactivationDate',
  lastChangeDate: 'LastChangeDate',
  destroyDate: 'DestroyDate',
  compromiseDate: 'CompromiseDate',
  compromiseOccurrenceDate: 'CompromiseOccurrenceDate',
  archiveDate: 'ArchiveDate',
  processStartDate: 'ProcessStartDate',
  protectStopDate: 'ProtectStopDate',
  originalCreationDate: 'OriginalCreationDate',
} as const;

/** The Boolean attributes, by field name. */
export const FLAG_FIELDS = {
  sensitive: 'Sensitive',
  extractable: 'Extractable',
  alwaysSensitive: 'AlwaysSensitive',
  neverExtractable: 'NeverExtractable',
  fresh: 'Fresh',
} as const;

/** The single-valued TextString attributes, by field name. */
export const TEXT_FIELDS = {
  uniqueIdentifier: 'UniqueIdentifier',
  comment: 'Comment',
  description: 'Description',
  contactInformation: 'ContactInformation',
} as const;

/** The [field, tag] pairs of a table, typed. */
export function fieldEntries<T extends Readonly<Record<string, string>>>(table: T): [keyof T & string, T[keyof T]][] {
  return Object.entries(table) as [keyof T & string, T[keyof T]][];
}
