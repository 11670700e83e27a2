/** Public entry of the datalake engine (spec §2). No Electron import anywhere below this folder. */

export {
  DatalakeError,
  DatumNotFoundError,
  InvalidInputError,
  PayloadTooLargeError,
  QueryValidationError,
  RegistryError,
  StoreUnavailableError,
} from '#shared/errors';
export type {
  QueryInput,
  QueryObject,
  QueryOptions,
  Row,
  Strategy,
  TransposedResult,
} from '#shared/query/types';
export { validateQuery } from '#shared/query/validate';
export {
  type AddOptions,
  Datalake,
  type GetOptions,
  type NewDatum,
  newDatumId,
  type OpenOptions,
  transpose,
} from './datalake';
export { IMAGE_HEADER_BYTES, type ImageHeader, readImageHeader } from './images/image-header';
export { encodePng, tinyPng } from './images/png-encode';
export { FilePayload, StreamPayload } from './payload';
export type { QueryStats, RowBatch } from './query/execute';
export type { ObjectDescription, PayloadKind, Verification } from './registries/describe';
export { decodeNpy } from './registries/formats';
export type {
  RegistryImage,
  RegistryNdArray,
  RegistryOptions,
  UndecodablePayload,
} from './registries/registry';
export type { TimestampMode } from './timestamps';
export type { Datum, DatumKeys } from './types';
