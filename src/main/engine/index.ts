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
  type OpenOptions,
  transpose,
} from './datalake';
export type { DeleteResult } from './delete-data';
export { tinyPng } from './images/png-encode';
export { FilePayload, StreamPayload } from './payload';
export type { QueryStats, RowBatch } from './query/execute';
export type {
  RegistryImage,
  RegistryNdArray,
  RegistryOptions,
  UndecodablePayload,
} from './registries/registry';
export { type ProbeResult, probeMongo } from './stores/mongo/probe';
export type { CountProgress, Group } from './stores/store';
export type { TimestampMode } from './timestamps';
export type { Datum } from './types';
