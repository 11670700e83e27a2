/** Registries: where large payloads live, in the Python library's layout (spec §4). */
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
export { LayoutRegistry, REGISTRY_METADATA_JSON } from './layout';
export { FileBackend } from './file-backend';
export { S3Backend, DEFAULT_MULTIPART_THRESHOLD } from './s3-backend';
export { GcsBackend } from './gcs-backend';
export { openRegistry, clearRegistryCache, parseRegistryUri, type ParsedRegistryUri } from './open-registry';
export { assertValidKey, metaFileName, WRITE_VERSION, LEGACY_VERSION } from './keys';
export { MATERIALIZERS } from './materializers';
export { detectImageFormat } from './formats';
