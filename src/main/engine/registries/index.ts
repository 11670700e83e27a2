/** Registries: where large payloads live, in the Python library's layout (spec §4). */

export { FileBackend } from './file-backend';
export { detectImageFormat } from './formats';
export { GcsBackend } from './gcs-backend';
export {
  DEFAULT_REGISTRY_GENERATION,
  GENERATION_LAYOUTS,
  type GenerationSetting,
  REGISTRY_GENERATIONS,
  type RegistryGeneration,
} from './generations';
export { assertValidKey, LEGACY_VERSION, metaFileName, WRITE_VERSION } from './keys';
export { type GenerationChoice, LayoutRegistry, REGISTRY_METADATA_JSON } from './layout';
export { MATERIALIZERS } from './materializers';
export { clearRegistryCache, openRegistry, type ParsedRegistryUri, parseRegistryUri } from './open-registry';
export type {
  LoadedPayload,
  ObjectBackend,
  PayloadInput,
  Registry,
  RegistryImage,
  RegistryNdArray,
  RegistryObjectInfo,
  RegistryOptions,
  UndecodablePayload,
} from './registry';
export { DEFAULT_MULTIPART_THRESHOLD, S3Backend } from './s3-backend';
