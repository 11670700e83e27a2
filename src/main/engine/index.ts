/** Public entry of the datalake engine (spec §2). No Electron import anywhere below this folder. */
export { Datalake, type OpenOptions, type AddOptions, type NewDatum, type GetOptions, transpose } from './datalake';
export { FilePayload, StreamPayload } from './payload';
export type { Datum } from './types';
export type { QueryStats, RowBatch } from './query/execute';
export type { TimestampMode } from './timestamps';
export type { RegistryOptions, RegistryImage, RegistryNdArray, UndecodablePayload } from './registries/registry';
export {
  DatalakeError,
  DatumNotFoundError,
  QueryValidationError,
  RegistryError,
  StoreUnavailableError,
  PayloadTooLargeError,
  InvalidInputError,
} from '../../shared/errors';
export { validateQuery } from '../../shared/query/validate';
export type { QueryInput, QueryObject, QueryOptions, Row, TransposedResult, Strategy } from '../../shared/query/types';
