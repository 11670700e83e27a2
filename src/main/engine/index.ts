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
  type CountByOptions,
  Datalake,
  type DatumFilter,
  type GetOptions,
  type NewDatum,
  newDatumId,
  type OpenOptions,
  transpose,
} from './datalake';
export type { DeleteResult } from './delete-data';
export { IMAGE_HEADER_BYTES, type ImageHeader, readImageHeader } from './images/image-header';
export { encodePng, tinyPng } from './images/png-encode';
export {
  type Ancestry,
  type ChildPage,
  type ChildPageOptions,
  type ChildTypeGroup,
  typeFilter,
} from './lineage';
export { FilePayload, StreamPayload } from './payload';
export type { QueryStats, RowBatch } from './query/execute';
export { classify, type ObjectDescription, type PayloadKind, type Verification } from './registries/describe';
export { decodeNpy } from './registries/formats';
export { hashFramingOf } from './registries/generations';
export { EitherHasher } from './registries/hash';
export { type LocalCopyAnswer, localCopies } from './registries/local-copy/copy-pool';
export type {
  RegistryImage,
  RegistryNdArray,
  RegistryObjectInfo,
  RegistryOptions,
  UndecodablePayload,
} from './registries/registry';
export { type ProbeResult, probeMongo } from './stores/mongo/probe';
export type { CountProgress, Group } from './stores/store';
export type { TimestampMode } from './timestamps';
export type { Datum, DatumKeys } from './types';
