/**
 * The shape a client fills in: a decoded request type with every field that may be undefined
 * made optional, so callers leave out what they do not use.
 * @module
 */

/** T with the properties that admit undefined made optional. */
export type Loose<T> = { readonly [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  readonly [K in keyof T as undefined extends T[K] ? K : never]?: T[K];
};
